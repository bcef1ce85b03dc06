"""Administration of the document template library: see which template each kind and variant
uses, download and preview templates with sample data, upload a new version (checked before it
can be used), and choose the version in use. Non-administrators get 404 here."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from supervise.admin.routes import admin_required
from supervise.core import uploads
from supervise.core.errors import DomainError
from supervise.core.forms import AppForm, ButtonForm
from supervise.core.forms import textarea as textarea_field
from supervise.core.views import form_error, refuse
from supervise.documents import library, operations, pdf
from supervise.documents.models import DocumentTemplate
from supervise.documents.registry import VARIANTS, DocumentKind, get_kind, kinds
from supervise.documents.rendering import render_bytes
from supervise.extensions import db

bp = Blueprint("documents", __name__, url_prefix="/admin/templates")


class TemplateUploadForm(AppForm):
    file = uploads.file_field(_l("Template file"), hint=_l("A Word document (.docx)"))
    notes = textarea_field(_l("What changed in this version?"), required=True, max_length=2000,
                           message=_l("Enter what changed in this version"))


def _kind_variant(kind_name: str, template_variant: str) -> DocumentKind:
    kind = get_kind(kind_name)
    if kind is None or template_variant not in kind.variants:
        abort(404)
    return kind


def _template(template_id: int) -> DocumentTemplate:
    template = db.session.get(DocumentTemplate, template_id)
    if template is None or get_kind(template.kind) is None:
        abort(404)
    return template


def _variant_url(kind: str, variant: str) -> str:
    return url_for("documents.variant", kind_name=kind, template_variant=variant)


@bp.route("")
@admin_required
def index():
    """Every kind of document, each variant, and the template it uses now."""
    rows = []
    for kind in kinds():
        active = library.active_versions(kind.name)
        rows.append((kind, [(VARIANTS[v], active.get(v), kind.shipped_path(v) is not None)
                            for v in kind.variants]))
    return render_template("documents/index.html", rows=rows)


@bp.route("/<kind_name>/<template_variant>")
@admin_required
def variant(kind_name: str, template_variant: str):
    """One kind and variant: the template in use, every uploaded version, the variables."""
    kind = _kind_variant(kind_name, template_variant)
    versions = list(db.session.scalars(
        db.select(DocumentTemplate).where(DocumentTemplate.kind == kind.name,
                                          DocumentTemplate.variant == template_variant)
        .order_by(DocumentTemplate.version_number.desc())))
    return render_template(
        "documents/variant.html", kind=kind, variant=VARIANTS[template_variant],
        versions=versions, shipped=kind.shipped_path(template_variant) is not None,
        active=next((v for v in versions if v.active), None), button=ButtonForm(),
        pdf_status=pdf.status())


@bp.route("/<kind_name>/<template_variant>/upload", methods=["GET", "POST"])
@admin_required
def upload(kind_name: str, template_variant: str):
    """Upload a new version: checked, then kept for preview before anyone uses it."""
    kind = _kind_variant(kind_name, template_variant)
    form = TemplateUploadForm()
    context = {"kind": kind, "variant": VARIANTS[template_variant], "problems": []}
    if not form.validate_on_submit():
        return render_template("documents/upload.html", form=form, **context), (
            422 if form.errors else 200)
    try:
        template = operations.upload_template(kind.name, template_variant, form.file.data,
                                              form.notes.data, by=current_user)
    except operations.TemplateRejected as error:
        context["problems"] = [str(problem) for problem in error.problems]
        return form_error(form, error, "documents/upload.html", **context)
    except DomainError as error:
        return form_error(form, error, "documents/upload.html", **context)
    flash(_("Version %(number)d checked and saved. Preview it with sample data, then choose "
            "to use it.", number=template.version_number), "success")
    return redirect(_variant_url(kind.name, template_variant))


@bp.route("/versions/<int:template_id>/activate", methods=["POST"])
@admin_required
def activate(template_id: int):
    """Use this version from now on."""
    template = _template(template_id)
    if ButtonForm().validate_on_submit():
        operations.activate(template, by=current_user)
        flash(_("Version %(number)d is now in use", number=template.version_number), "success")
    return redirect(_variant_url(template.kind, template.variant))


@bp.route("/<kind_name>/<template_variant>/use-shipped", methods=["POST"])
@admin_required
def use_shipped(kind_name: str, template_variant: str):
    """Go back to the template shipped with Supervise."""
    kind = _kind_variant(kind_name, template_variant)
    if ButtonForm().validate_on_submit():
        try:
            operations.use_shipped(kind.name, template_variant, by=current_user)
        except DomainError as error:
            return refuse(error, _variant_url(kind.name, template_variant))
        flash(_("The template shipped with Supervise is now in use"), "success")
    return redirect(_variant_url(kind.name, template_variant))


def _shipped(kind_name: str, template_variant: str) -> library.TemplateSource:
    kind = _kind_variant(kind_name, template_variant)
    if kind.shipped_path(template_variant) is None:
        abort(404)
    return library.shipped_template(kind, template_variant)


def _uploaded(template_id: int) -> library.TemplateSource:
    template = _template(template_id)
    data = uploads.read_stored(template.path, template.sha256)
    return library.TemplateSource(template.kind, template.variant, template.label,
                                  template.sha256, data, template.id)


def _name(source: library.TemplateSource, what: str, extension: str) -> str:
    label = source.label.replace(" ", "-")
    return f"{source.kind}-{source.variant}-{label}-{what}{extension}"


def _send(source: library.TemplateSource, what: str):
    """The template itself, or a preview filled in with the kind's sample data."""
    if what == "template":
        return uploads.send_bytes(source.data, "docx", _name(source, "template", ".docx"))
    sample = render_bytes(source.data, get_kind(source.kind).sample_context())
    if what == "preview-pdf":
        try:
            data = pdf.to_pdf(sample)
        except DomainError as error:
            return refuse(error, _variant_url(source.kind, source.variant))
        return uploads.send_bytes(data, "pdf", _name(source, "preview", ".pdf"))
    return uploads.send_bytes(sample, "docx", _name(source, "preview", ".docx"))


@bp.route("/<kind_name>/<template_variant>/shipped/template.docx")
@admin_required
def shipped_file(kind_name: str, template_variant: str):
    """Download the shipped template, to start a new version from it."""
    return _send(_shipped(kind_name, template_variant), "template")


@bp.route("/<kind_name>/<template_variant>/shipped/preview.docx")
@admin_required
def shipped_preview(kind_name: str, template_variant: str):
    """The shipped template filled in with sample data."""
    return _send(_shipped(kind_name, template_variant), "preview")


@bp.route("/<kind_name>/<template_variant>/shipped/preview.pdf")
@admin_required
def shipped_preview_pdf(kind_name: str, template_variant: str):
    """The shipped template filled in with sample data, as PDF."""
    return _send(_shipped(kind_name, template_variant), "preview-pdf")


@bp.route("/versions/<int:template_id>/template.docx")
@admin_required
def version_file(template_id: int):
    """Download an uploaded version of a template."""
    return _send(_uploaded(template_id), "template")


@bp.route("/versions/<int:template_id>/preview.docx")
@admin_required
def version_preview(template_id: int):
    """An uploaded version filled in with sample data."""
    return _send(_uploaded(template_id), "preview")


@bp.route("/versions/<int:template_id>/preview.pdf")
@admin_required
def version_preview_pdf(template_id: int):
    """An uploaded version filled in with sample data, as PDF."""
    return _send(_uploaded(template_id), "preview-pdf")
