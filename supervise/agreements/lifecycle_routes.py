"""The lifecycle steps of an agreement, on the agreements blueprint: submit, withdraw, approve,
return, issue, download, sign, attach the signed copy, review, and start a new version."""

from __future__ import annotations

from flask import flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from supervise.agreements import lifecycle
from supervise.agreements.forms import IssueForm, ReturnForm, ReviewForm, ScanForm, SignForm
from supervise.agreements.models import Agreement, AgreementState
from supervise.agreements.operations import start_new_version
from supervise.agreements.routes import back_to, bp, load_agreement
from supervise.audit.operations import record_audit
from supervise.cases.access import case_route
from supervise.cases.models import Case
from supervise.core import uploads
from supervise.core.errors import DomainError
from supervise.core.forms import ButtonForm, VersionedForm, to_choices
from supervise.core.views import form_error, refuse
from supervise.documents import library
from supervise.documents.operations import document_bytes, document_pdf
from supervise.documents.registry import VARIANTS


def _step(agreement: Agreement, operation, message: str):
    """Run a button's lifecycle step; refused steps go back with the reason."""
    form = VersionedForm()
    if not form.validate_on_submit():
        return refuse(DomainError(_("Something was wrong with that request: try again")),
                      back_to(agreement))
    try:
        operation(agreement, by=current_user, seen_version=form.version.data)
    except DomainError as error:
        return refuse(error, back_to(agreement))
    flash(message, "success")
    return redirect(back_to(agreement))


def _wrong_state(agreement: Agreement, *states: AgreementState):
    """For a GET of a step that does not apply now: back to the agreement, saying why."""
    if agreement.state in states:
        return None
    flash(_("This agreement is %(state)s, so that cannot be done now",
            state=agreement.state.label.lower()), "error")
    return redirect(back_to(agreement))


@bp.route("/<int:agreement_id>/submit", methods=["POST"])
@case_route
def submit(case: Case, agreement_id: int):
    """Send the draft to the author's line manager for approval."""
    return _step(load_agreement(case, agreement_id), lifecycle.submit,
                 _("Sent to your line manager for approval"))


@bp.route("/<int:agreement_id>/withdraw", methods=["POST"])
@case_route
def withdraw(case: Case, agreement_id: int):
    """Take a submitted or approved agreement back into draft."""
    return _step(load_agreement(case, agreement_id), lifecycle.withdraw,
                 _("The agreement is a draft again"))


@bp.route("/<int:agreement_id>/approve", methods=["POST"])
@case_route
def approve(case: Case, agreement_id: int):
    """A line manager approves the agreement for issue."""
    return _step(load_agreement(case, agreement_id), lifecycle.approve,
                 _("Agreement approved: the practitioner can now issue it"))


@bp.route("/<int:agreement_id>/return", methods=["GET", "POST"])
@case_route
def return_for_changes(case: Case, agreement_id: int):
    """A line manager returns the agreement with comments."""
    agreement = load_agreement(case, agreement_id)
    if (redirected := _wrong_state(agreement, AgreementState.SUBMITTED)) is not None:
        return redirected
    form = ReturnForm(obj=agreement)
    if request.method == "GET":
        form.comments.data = ""
    if not form.validate_on_submit():
        return _page("agreements/return.html", form, case=case, agreement=agreement)
    try:
        lifecycle.return_for_changes(agreement, form.comments.data, by=current_user,
                                     seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "agreements/return.html", case=case, agreement=agreement)
    flash(_("Agreement returned to %(name)s with your comments",
            name=agreement.created_by.name), "success")
    return redirect(back_to(agreement))


def _page(template: str, form, **context):
    return render_template(template, form=form, **context), 422 if form.errors else 200


def _issue_form(case: Case) -> tuple[IssueForm, str]:
    form = IssueForm()
    available = library.available_variants("agreement")
    form.variant.choices = to_choices((code, VARIANTS[code].label) for code in available)
    default = library.variant_for_case("agreement", case)
    if request.method == "GET":
        form.variant.data = default
    return form, default


@bp.route("/<int:agreement_id>/issue", methods=["GET", "POST"])
@case_route
def issue(case: Case, agreement_id: int):
    """Generate the document in the family's language and format, and freeze this version."""
    agreement = load_agreement(case, agreement_id)
    if (redirected := _wrong_state(agreement, AgreementState.APPROVED)) is not None:
        return redirected
    form, default = _issue_form(case)
    context = {"case": case, "agreement": agreement, "default": VARIANTS[default]}
    if not form.validate_on_submit():
        return _page("agreements/issue.html", form, **context)
    try:
        lifecycle.issue(agreement, form.variant.data, by=current_user)
    except DomainError as error:
        return form_error(form, error, "agreements/issue.html", **context)
    flash(_("Agreement issued: download it, give it to the family and record their "
            "signature"), "success")
    return redirect(back_to(agreement))


def _not_issued(agreement: Agreement):
    flash(_("This agreement has not been issued yet, so there is no document"), "error")
    return redirect(back_to(agreement))


def _download_name(agreement: Agreement, extension: str) -> str:
    stem = uploads.filename_part(agreement.case.reference)
    return f"{stem}-written-agreement-v{agreement.version_number}{extension}"


@bp.route("/<int:agreement_id>/document.docx")
@case_route
def document(case: Case, agreement_id: int):
    """The issued document exactly as it was generated (checked against its SHA-256)."""
    agreement = load_agreement(case, agreement_id)
    if agreement.document is None:
        return _not_issued(agreement)
    try:
        data = document_bytes(agreement.document)
    except DomainError as error:
        return refuse(error, back_to(agreement))
    record_audit("download", agreement.document, user=current_user)
    return uploads.send_bytes(data, "docx", _download_name(agreement, ".docx"))


@bp.route("/<int:agreement_id>/document.pdf")
@case_route
def document_as_pdf(case: Case, agreement_id: int):
    """The issued document as a tagged PDF, when LibreOffice is installed."""
    agreement = load_agreement(case, agreement_id)
    if agreement.document is None:
        return _not_issued(agreement)
    try:
        data = document_pdf(agreement.document, by=current_user)
    except DomainError as error:
        return refuse(error, back_to(agreement))
    record_audit("download", agreement.document, user=current_user,
                 changes={"format": [None, "pdf"]})
    return uploads.send_bytes(data, "pdf", _download_name(agreement, ".pdf"))


@bp.route("/<int:agreement_id>/sign", methods=["GET", "POST"])
@case_route
def sign(case: Case, agreement_id: int):
    """Record who signed the agreement, when, and who witnessed it."""
    agreement = load_agreement(case, agreement_id)
    if (redirected := _wrong_state(agreement, AgreementState.ISSUED)) is not None:
        return redirected
    form = SignForm()
    if request.method == "GET":
        form.signed_by.data = ", ".join(p.full_name for p in agreement.parties)
    if not form.validate_on_submit():
        return _page("agreements/sign.html", form, case=case, agreement=agreement)
    try:
        lifecycle.record_signature(agreement, form.signed_on.data, form.signed_by.data,
                                   form.witnessed_by.data, form.scan.data, by=current_user)
    except DomainError as error:
        return form_error(form, error, "agreements/sign.html", case=case, agreement=agreement)
    flash(_("Signature recorded"), "success")
    return redirect(back_to(agreement))


@bp.route("/<int:agreement_id>/signed-copy/upload", methods=["GET", "POST"])
@case_route
def scan(case: Case, agreement_id: int):
    """Attach the scan of the signed copy."""
    agreement = load_agreement(case, agreement_id)
    if (redirected := _wrong_state(agreement, AgreementState.SIGNED, AgreementState.ENDED,
                                   AgreementState.SUPERSEDED)) is not None:
        return redirected
    form = ScanForm()
    if not form.validate_on_submit():
        return _page("agreements/scan.html", form, case=case, agreement=agreement)
    try:
        lifecycle.attach_scan(agreement, form.scan.data, by=current_user)
    except DomainError as error:
        return form_error(form, error, "agreements/scan.html", case=case, agreement=agreement)
    flash(_("Signed copy attached"), "success")
    return redirect(back_to(agreement))


@bp.route("/<int:agreement_id>/signed-copy")
@case_route
def signed_copy(case: Case, agreement_id: int):
    """Download the scan of the signed copy."""
    agreement = load_agreement(case, agreement_id)
    signature = agreement.signature
    if signature is None or not signature.scan_path:
        flash(_("No signed copy is attached to this agreement"), "error")
        return redirect(back_to(agreement))
    try:
        data = uploads.read_stored(signature.scan_path, signature.scan_sha256)
    except DomainError as error:
        return refuse(error, back_to(agreement))
    record_audit("download", signature, user=current_user)
    extension = uploads.FILE_TYPES[signature.scan_type].extension
    return uploads.send_bytes(data, signature.scan_type,
                              _download_name(agreement, f"-signed{extension}"))


@bp.route("/<int:agreement_id>/review", methods=["GET", "POST"])
@case_route
def review(case: Case, agreement_id: int):
    """Review the agreement: keep it, change it in a new version, or end it."""
    agreement = load_agreement(case, agreement_id)
    if (redirected := _wrong_state(agreement, AgreementState.ISSUED,
                                   AgreementState.SIGNED)) is not None:
        return redirected
    form = ReviewForm()
    if not form.validate_on_submit():
        return _page("agreements/review.html", form, case=case, agreement=agreement)
    try:
        lifecycle.review(agreement, form.outcome.data, form.notes.data,
                         form.next_review_date.data, by=current_user)
    except DomainError as error:
        return form_error(form, error, "agreements/review.html", case=case, agreement=agreement)
    flash(_("Review recorded"), "success")
    if agreement.successor is not None and agreement.successor.is_editable:
        return redirect(back_to(agreement.successor))
    return redirect(back_to(agreement))


@bp.route("/<int:agreement_id>/new-version", methods=["POST"])
@case_route
def new_version(case: Case, agreement_id: int):
    """Start a new version of an issued agreement; issuing it supersedes this one."""
    agreement = load_agreement(case, agreement_id)
    if not ButtonForm().validate_on_submit():
        return redirect(back_to(agreement))
    try:
        draft = start_new_version(agreement, by=current_user)
    except DomainError as error:
        return refuse(error, back_to(agreement))
    flash(_("Version %(number)d started as a draft", number=draft.version_number), "success")
    return redirect(back_to(draft))
