"""An agreement's lifecycle: submitted → approved by a line manager who is not its author (or
returned with comments) → issued (document generated and frozen) → signed → reviewed, ended or
superseded by a new version. Every step is audited and written to the case event log."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask_babel import gettext as _

from supervise import clock
from supervise.accounts.models import User
from supervise.agreements.models import (
    Agreement,
    AgreementReview,
    AgreementSignature,
    AgreementState,
    ReviewOutcome,
)
from supervise.agreements.operations import describe, link_to, start_new_version
from supervise.audit.operations import record_audit
from supervise.core import uploads
from supervise.core.concurrency import check_version, lock
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.documents.library import active_template
from supervise.documents.operations import generate_document
from supervise.events.operations import record_event
from supervise.extensions import db
from supervise.notifications.operations import notify
from supervise.templating import uk_date

SCAN_TYPES = ("pdf", "png", "jpeg")


def _require(agreement: Agreement, *states: AgreementState) -> None:
    lock(agreement)  # of two steps at once, the second sees the first (never issued twice)
    if agreement.state not in states:
        raise IllegalTransition(_("This agreement is %(state)s, so that cannot be done now",
                                  state=agreement.state.label.lower()))


def _move(agreement: Agreement, state: AgreementState, by: User, **values: Any) -> None:
    changes = {"state": [agreement.state.value, state.value]}
    agreement.state = state
    for name, value in values.items():
        setattr(agreement, name, value)
    db.session.flush()
    record_audit("transition", agreement, changes=changes, user=by)


def submit(agreement: Agreement, *, by: User, seen_version: int | str | None = None) -> None:
    """Send a draft to the author's line manager for approval."""
    _require(agreement, AgreementState.DRAFT, AgreementState.RETURNED)
    check_version(agreement, seen_version)
    if not agreement.behaviours or not agreement.expectations:
        raise DomainError(_("Add at least one unacceptable behaviour and one expectation "
                            "before submitting the agreement"))
    if agreement.review_date is None:
        raise DomainError(_("Enter a review date before submitting the agreement"))
    managers = agreement.created_by.line_managers
    if not managers:
        raise DomainError(_("%(name)s has no line manager in Supervise to approve this. Ask "
                            "your administrator to set one.", name=agreement.created_by.name))
    _move(agreement, AgreementState.SUBMITTED, by, submitted_at=clock.now())
    record_event(agreement.case, "agreement", _("%(what)s submitted for approval",
                                                what=describe(agreement)), by=by,
                 source=agreement)
    notify(managers, "agreement_submitted",
           _("A written agreement for the %(family)s is waiting for your approval",
             family=agreement.case.family_name),
           link=link_to(agreement), case_id=agreement.case_id, sent_by=by)


def may_decide(agreement: Agreement, user: User) -> bool:
    """A line manager of the author, who is not the author, approves or returns."""
    return (user.is_manager and user.id != agreement.created_by_id
            and user.line_manages(agreement.created_by))


def _check_decider(agreement: Agreement, by: User) -> None:
    _require(agreement, AgreementState.SUBMITTED)
    if by.id == agreement.created_by_id:
        raise NotAllowed(_("You wrote this agreement, so you cannot approve it: a line "
                           "manager must."))
    if not may_decide(agreement, by):
        raise NotAllowed(_("Only a line manager of %(name)s can approve or return this "
                           "agreement", name=agreement.created_by.name))


def approve(agreement: Agreement, *, by: User, seen_version: int | str | None = None) -> None:
    """A line manager approves the agreement for issue — the version they read, no other."""
    _check_decider(agreement, by)
    check_version(agreement, seen_version)
    _move(agreement, AgreementState.APPROVED, by, decided_at=clock.now(), decided_by_id=by.id,
          return_comments="")
    record_event(agreement.case, "agreement", _("%(what)s approved by %(name)s",
                                                what=describe(agreement), name=by.name),
                 by=by, source=agreement)
    notify([agreement.created_by], "agreement_approved",
           _("Your written agreement for the %(family)s was approved: you can issue it now",
             family=agreement.case.family_name),
           link=link_to(agreement), case_id=agreement.case_id, sent_by=by)


def return_for_changes(agreement: Agreement, comments: str, *, by: User,
                       seen_version: int | str | None = None) -> None:
    """A line manager sends the agreement back with comments."""
    _check_decider(agreement, by)
    check_version(agreement, seen_version)
    if not comments.strip():
        raise DomainError(_("Enter your comments for the author"), field="comments")
    _move(agreement, AgreementState.RETURNED, by, decided_at=clock.now(), decided_by_id=by.id,
          return_comments=comments)
    record_event(agreement.case, "agreement", _("%(what)s returned with comments by %(name)s",
                                                what=describe(agreement), name=by.name),
                 by=by, source=agreement)
    notify([agreement.created_by], "agreement_returned",
           _("Your written agreement for the %(family)s was returned with comments",
             family=agreement.case.family_name),
           link=link_to(agreement), case_id=agreement.case_id, sent_by=by)


def withdraw(agreement: Agreement, *, by: User, seen_version: int | str | None = None) -> None:
    """The author takes a submitted or approved agreement back into draft (approval lapses)."""
    _require(agreement, AgreementState.SUBMITTED, AgreementState.APPROVED)
    check_version(agreement, seen_version)
    if by.id != agreement.created_by_id:
        raise NotAllowed(_("Only %(name)s, who wrote it, can take it back",
                           name=agreement.created_by.name))
    _move(agreement, AgreementState.DRAFT, by, decided_at=None, decided_by_id=None)
    record_event(agreement.case, "agreement", _("%(what)s taken back into draft",
                                                what=describe(agreement)), by=by,
                 source=agreement)


def issue(agreement: Agreement, variant: str, *, by: User) -> None:
    """Generate the document, store it with its SHA-256, and freeze this version."""
    from supervise.agreements.document import agreement_context

    _require(agreement, AgreementState.APPROVED)
    source = active_template("agreement", variant)
    now = clock.now()
    agreement.issued_at, agreement.issued_by_id = now, by.id
    context = agreement_context(agreement, variant)
    document = generate_document(source, context, case=agreement.case, by=by)
    _move(agreement, AgreementState.ISSUED, by, document_id=document.id,
          review_due=agreement.review_date)
    previous = agreement.supersedes
    if previous is not None and previous.is_in_force:
        _move(previous, AgreementState.SUPERSEDED, by, superseded_at=now)
        record_event(agreement.case, "agreement", _("%(what)s superseded by version %(new)d",
                                                    what=describe(previous),
                                                    new=agreement.version_number),
                     by=by, source=previous)
    record_event(agreement.case, "agreement", _issued_summary(agreement), by=by,
                 source=agreement)


def _issued_summary(agreement: Agreement) -> str:
    return _("%(what)s issued to %(parties)s: %(behaviours)d behaviours, %(expectations)d "
             "expectations; review by %(review)s", what=describe(agreement),
             parties=", ".join(p.full_name for p in agreement.parties),
             behaviours=len(agreement.behaviours), expectations=len(agreement.expectations),
             review=uk_date(agreement.review_date))


def record_signature(agreement: Agreement, signed_on: date, signed_by: str, witnessed_by: str,
                     scan: Any, *, by: User) -> AgreementSignature:
    """Record who signed the issued agreement, when and who witnessed it; keep the scan."""
    _require(agreement, AgreementState.ISSUED)
    if signed_on < agreement.issued_at.date() or signed_on > clock.today():
        raise DomainError(_("The date signed must be between the date it was issued and "
                            "today"), field="signed_on")
    stored = _store_scan(scan) if scan is not None and getattr(scan, "filename", "") else None
    signature = AgreementSignature(
        agreement=agreement, case_id=agreement.case_id, signed_on=signed_on,
        signed_by=signed_by, witnessed_by=witnessed_by, recorded_at=clock.now(),
        recorded_by_id=by.id)
    if stored is not None:
        _keep_scan(signature, stored, by)
    db.session.add(signature)
    _move(agreement, AgreementState.SIGNED, by)
    record_audit("create", signature, user=by)
    witnessed = _(", witnessed by %(name)s", name=witnessed_by) if witnessed_by else ""
    record_event(agreement.case, "agreement",
                 _("%(what)s signed by %(names)s%(witnessed)s", what=describe(agreement),
                   names=signed_by, witnessed=witnessed), by=by, source=agreement,
                 occurred_at=clock.from_uk(datetime.combine(signed_on, time(12))))
    return signature


def _store_scan(scan: Any) -> uploads.StoredFile:
    """Check the scan by its content (PDF, PNG or JPEG) and store it under a random name."""
    return uploads.save_upload(scan, allowed=SCAN_TYPES, folder="uploads", field="scan")


def _keep_scan(signature: AgreementSignature, stored: uploads.StoredFile, by: User) -> None:
    signature.scan_path, signature.scan_sha256 = stored.path, stored.sha256
    signature.scan_type, signature.scan_size = stored.file_type, stored.size
    signature.scan_uploaded_at, signature.scan_uploaded_by_id = clock.now(), by.id


def attach_scan(agreement: Agreement, scan: Any, *, by: User) -> None:
    """Attach the scan of the signed copy to a signed agreement that has none yet."""
    signature = agreement.signature
    if signature is None:
        raise IllegalTransition(_("Record the signature first"))
    if signature.scan_path:
        raise IllegalTransition(_("A signed copy is already attached; it cannot be replaced"))
    _keep_scan(signature, _store_scan(scan), by)
    db.session.flush()
    record_audit("attach_scan", signature, user=by)
    record_event(agreement.case, "agreement", _("Signed copy of %(what)s attached",
                                                what=describe(agreement).lower()), by=by,
                 source=agreement)


def review(agreement: Agreement, outcome: ReviewOutcome, notes: str,
           next_review_date: date | None, *, by: User) -> AgreementReview:
    """Record a review: keep it until a new date, change it (a new version), or end it."""
    _require(agreement, AgreementState.ISSUED, AgreementState.SIGNED)
    needs_date = outcome is not ReviewOutcome.END
    if needs_date and (next_review_date is None or next_review_date <= clock.today()):
        raise DomainError(_("Enter the next review date, after today"), field="next_review_date")
    record = AgreementReview(agreement_id=agreement.id, case_id=agreement.case_id,
                             reviewed_on=clock.today(), outcome=outcome, notes=notes,
                             next_review_date=next_review_date, recorded_at=clock.now(),
                             recorded_by_id=by.id)
    db.session.add(record)
    if needs_date:
        agreement.review_due = next_review_date
    else:
        _move(agreement, AgreementState.ENDED, by, ended_at=clock.now())
    db.session.flush()
    record_audit("review", agreement, user=by, changes={"outcome": [None, outcome.value]})
    record_event(agreement.case, "agreement", _review_summary(agreement, record), by=by,
                 source=agreement)
    if outcome is ReviewOutcome.CHANGE and agreement.successor is None:
        start_new_version(agreement, by=by)
    return record


def _review_summary(agreement: Agreement, record: AgreementReview) -> str:
    if record.outcome is ReviewOutcome.CONTINUE:
        return _("%(what)s reviewed: continues until the next review on %(day)s",
                 what=describe(agreement), day=uk_date(record.next_review_date))
    if record.outcome is ReviewOutcome.END:
        return _("%(what)s reviewed and ended", what=describe(agreement))
    return _("%(what)s reviewed: to be changed in a new version by %(day)s",
             what=describe(agreement), day=uk_date(record.next_review_date))
