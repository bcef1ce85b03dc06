"""The template library and the documents generated from it."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervise import clock
from supervise.accounts.models import User
from supervise.extensions import db


class DocumentTemplate(db.Model):
    """A version of a DOCX template an administrator uploaded for one kind and variant.

    Without an active uploaded version, the template shipped with Supervise is used."""

    __tablename__ = "document_templates"
    __table_args__ = (
        sa.UniqueConstraint("kind", "variant", "version_number", name="kind_variant_version"),
        sa.Index("ix_document_templates_kind_variant", "kind", "variant"),
        # At most one version of a kind and variant is in use.
        sa.Index("uq_document_templates_active", "kind", "variant", unique=True,
                 sqlite_where=sa.text("active"), postgresql_where=sa.text("active")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    variant: Mapped[str] = mapped_column(sa.String(40))
    version_number: Mapped[int]
    path: Mapped[str] = mapped_column(sa.String(200))  # relative to DOCUMENT_STORE
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    uploaded_at: Mapped[datetime] = mapped_column(default=clock.now)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    active: Mapped[bool] = mapped_column(default=False)
    activated_at: Mapped[datetime | None]

    uploaded_by: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        return f"version {self.version_number}"


class GeneratedDocument(db.Model):
    """A document generated for a family: stored once, never regenerated, with its SHA-256 and
    the template it came from. A PDF rendition is made from the stored DOCX when first asked."""

    __tablename__ = "generated_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    variant: Mapped[str] = mapped_column(sa.String(40))
    template_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document_templates.id"))
    template_label: Mapped[str] = mapped_column(sa.String(60))  # "shipped" or "version 3"
    template_sha256: Mapped[str] = mapped_column(sa.String(64))
    path: Mapped[str] = mapped_column(sa.String(200))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int]
    pdf_path: Mapped[str | None] = mapped_column(sa.String(200))
    pdf_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    template: Mapped[DocumentTemplate | None] = relationship()
    created_by: Mapped[User | None] = relationship()
