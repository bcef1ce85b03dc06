"""Audit events. Rows are only ever inserted: triggers created by the first migration
(``migrations/versions/0001_foundation.py``) refuse UPDATE and DELETE."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervise import clock
from supervise.accounts.models import User
from supervise.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"
    __table_args__ = (
        sa.Index("ix_audit_events_case_at", "case_id", "at"),
        sa.Index("ix_audit_events_user_at", "user_id", "at"),
        sa.Index("ix_audit_events_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=clock.now)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(30))
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int | None]
    # Kept without a foreign key on purpose: the trail must outlive anything it describes.
    case_id: Mapped[int | None]
    endpoint: Mapped[str] = mapped_column(sa.String(80), default="")
    ip: Mapped[str] = mapped_column(sa.String(45), default="")
    changes: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    user: Mapped[User | None] = relationship()
