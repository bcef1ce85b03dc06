"""Generating documents for families, and changing the template library. Flush only; audited."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from jinja2 import TemplateError
from lxml.etree import XMLSyntaxError

from supervise import clock
from supervise.accounts.models import User
from supervise.audit.operations import record_audit
from supervise.core import uploads
from supervise.core.errors import DomainError, NotAllowed
from supervise.documents import pdf
from supervise.documents.library import TemplateSource, kind_or_error, render_source
from supervise.documents.models import DocumentTemplate, GeneratedDocument
from supervise.documents.validation import Problem, validate
from supervise.extensions import db


class DocumentFailed(DomainError):
    """The template could not be filled in with this record's data."""


class TemplateRejected(DomainError):
    """An uploaded template has problems; ``problems`` lists each one."""

    def __init__(self, problems: list[Problem]):
        super().__init__(_("The template cannot be used yet: fix the problems listed and "
                           "upload it again."), field="file")
        self.problems = problems


def generate_document(source: TemplateSource, context: dict[str, Any], *, case: Any,
                      by: User | None) -> GeneratedDocument:
    """Render ``context`` with ``source`` and store the result, frozen, with its SHA-256."""
    try:
        data = render_source(source, context)
    except (TemplateError, XMLSyntaxError) as error:
        raise DocumentFailed(_("The %(template)s template could not be filled in (%(detail)s). "
                               "Ask your administrator to check it.", template=source.label,
                               detail=str(error)[:200])) from error
    stored = uploads.store_bytes(data, "docx", "generated")
    document = GeneratedDocument(
        case_id=case.id, kind=source.kind, variant=source.variant,
        template_id=source.template_id, template_label=source.label,
        template_sha256=source.sha256, path=stored.path, sha256=stored.sha256,
        size=stored.size, created_at=clock.now(), created_by_id=by.id if by else None)
    db.session.add(document)
    db.session.flush()
    record_audit("generate", document, user=by)
    return document


def document_bytes(document: GeneratedDocument) -> bytes:
    """The stored DOCX, proven unchanged by its SHA-256."""
    return uploads.read_stored(document.path, document.sha256)


def document_pdf(document: GeneratedDocument, *, by: User | None) -> bytes:
    """The PDF of a generated document, converted from the stored DOCX once and kept."""
    if document.pdf_path and document.pdf_sha256:
        return uploads.read_stored(document.pdf_path, document.pdf_sha256)
    data = pdf.to_pdf(document_bytes(document))
    stored = uploads.store_bytes(data, "pdf", "generated")
    document.pdf_path, document.pdf_sha256 = stored.path, stored.sha256
    db.session.flush()
    record_audit("convert_pdf", document, user=by)
    return data


def _check_admin(by: User) -> None:
    if not by.is_admin:
        raise NotAllowed(_("Only an administrator can change document templates"))


def upload_template(kind_name: str, variant: str, file: Any, notes: str, *,
                    by: User) -> DocumentTemplate:
    """Check an uploaded template and keep it as the next version (not yet in use)."""
    _check_admin(by)
    kind = kind_or_error(kind_name)
    if variant not in kind.variants:
        raise DomainError(_("That language or format is not available for this document"))
    data, _type = uploads.read_upload(file, allowed=("docx",))
    problems = validate(kind, data)
    if problems:
        raise TemplateRejected(problems)
    stored = uploads.store_bytes(data, "docx", "templates")
    latest = db.session.scalar(sa.select(sa.func.max(DocumentTemplate.version_number)).where(
        DocumentTemplate.kind == kind_name, DocumentTemplate.variant == variant)) or 0
    template = DocumentTemplate(
        kind=kind_name, variant=variant, version_number=latest + 1, path=stored.path,
        sha256=stored.sha256, size=stored.size, notes=notes, uploaded_at=clock.now(),
        uploaded_by_id=by.id, active=False)
    db.session.add(template)
    db.session.flush()
    record_audit("upload", template, user=by)
    return template


def activate(template: DocumentTemplate, *, by: User) -> None:
    """Use this version from now on for its kind and variant."""
    _check_admin(by)
    _deactivate_all(template.kind, template.variant)
    template.active = True
    template.activated_at = clock.now()
    db.session.flush()
    record_audit("activate", template, user=by)


def use_shipped(kind_name: str, variant: str, *, by: User) -> None:
    """Go back to the template shipped with Supervise for this kind and variant."""
    _check_admin(by)
    kind = kind_or_error(kind_name)
    if kind.shipped_path(variant) is None:
        raise DomainError(_("Supervise ships no template in this language or format"))
    _deactivate_all(kind_name, variant)
    db.session.flush()
    record_audit("use_shipped", object_type="document_templates", user=by,
                 changes={"kind": [None, kind_name], "variant": [None, variant]})


def _deactivate_all(kind: str, variant: str) -> None:
    for row in db.session.scalars(sa.select(DocumentTemplate).where(
            DocumentTemplate.kind == kind, DocumentTemplate.variant == variant,
            DocumentTemplate.active.is_(True))):
        row.active = False
    db.session.flush()
