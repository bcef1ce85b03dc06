"""Rules for the document template library (administrators only; everyone else gets 404)."""

import shutil

from tests.access.rules import admin_rule

# Previews as PDF need LibreOffice; without it the page goes back and says why.
PDF = admin_rule(get_status={} if shutil.which("soffice") else {"admin": 302})

RULES = {
    "documents.index": admin_rule(),
    "documents.variant": admin_rule(),
    "documents.upload": admin_rule(),
    "documents.activate": admin_rule(),
    "documents.use_shipped": admin_rule(),
    "documents.shipped_file": admin_rule(),
    "documents.shipped_preview": admin_rule(),
    "documents.shipped_preview_pdf": PDF,
    "documents.version_file": admin_rule(),
    "documents.version_preview": admin_rule(),
    "documents.version_preview_pdf": PDF,
}


def extend(world) -> None:
    """An uploaded version (stored directly: checking templates is tested in tests/documents)."""
    from supervise.core import uploads
    from supervise.documents.models import DocumentTemplate
    from supervise.extensions import db
    from tests.documents.helpers import agreement_template

    stored = uploads.store_bytes(_template(agreement_template), "docx", "templates")
    template = DocumentTemplate(kind="agreement", variant="en", version_number=1,
                                path=stored.path, sha256=stored.sha256, size=stored.size,
                                notes="Test version", uploaded_by_id=world.users["admin"].id)
    db.session.add(template)
    db.session.flush()
    world.ids.update(template_id=template.id, kind_name="agreement", template_variant="en")


_BYTES: dict[str, bytes] = {}


def _template(build) -> bytes:
    if "template" not in _BYTES:
        _BYTES["template"] = build()
    return _BYTES["template"]


# --- Forms the hostile-input sweep cannot find on the world's pages (tests/security/) --------


def _uploaded_version_in_use(world, client, login_as) -> str:
    """Going back to the shipped template is offered only while an uploaded version is in use."""
    from supervise.documents import operations
    from supervise.documents.models import DocumentTemplate
    from supervise.extensions import db

    template = db.session.get(DocumentTemplate, world.ids["template_id"])
    operations.activate(template, by=world.users["admin"])
    login_as("admin")
    return f"/admin/templates/{template.kind}/{template.variant}"


SWEEP_PREPARATIONS = {
    "documents.use_shipped": _uploaded_version_in_use,
}
