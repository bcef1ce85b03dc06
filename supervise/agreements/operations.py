"""Drafting written agreements: the content, its clauses, and new versions of issued ones.

Each operation checks its rules, flushes, writes the audit log and, for what matters to the
child's story, the case event log. Only a draft (or one returned for changes) can be changed.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _

from supervise import clock, guidance
from supervise.accounts.models import User
from supervise.agreements.models import Agreement, AgreementClause, AgreementState, ClauseKind
from supervise.agreements.wording import default_wording
from supervise.audit.operations import record_audit
from supervise.cases.models import Case, Person, PersonKind
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.core.models import apply_changes
from supervise.events.operations import record_event
from supervise.extensions import db

DETAILS = ("grounds", "agency_commitments", "risk_assessment", "consequences", "contingency",
           "review_date", "contact_details")


def path_for(endpoint: str, **values: Any) -> str:
    """A page's path for a notification link (also outside a request, e.g. when seeding)."""
    context = nullcontext() if has_request_context() else current_app.test_request_context()
    with context:
        return url_for(endpoint, **values)


def link_to(agreement: Agreement) -> str:
    """The agreement's page, as a path."""
    return path_for("agreements.show", case_id=agreement.case_id, agreement_id=agreement.id)


def describe(agreement: Agreement) -> str:
    return _("Written agreement version %(number)d", number=agreement.version_number)


def check_editable(agreement: Agreement) -> None:
    if not agreement.is_editable:
        raise IllegalTransition(_("This agreement is %(state)s and can no longer be changed. "
                                  "To change an issued agreement, start a new version.",
                                  state=agreement.state.label.lower()))


def _check_parties(case: Case, parties: list[Person]) -> None:
    if not parties:
        raise DomainError(_("Select the family members this agreement is with"),
                          field="parties")
    if any(p.case_id != case.id or p.kind is not PersonKind.ADULT for p in parties):
        raise DomainError(_("Only adults in this family can be party to the agreement"),
                          field="parties")


def start_draft(case: Case, values: dict[str, Any], parties: list[Person], *,
                by: User) -> Agreement:
    """Start a new written agreement with the family members it binds."""
    if not by.works_cases:
        raise NotAllowed(_("Administrators cannot draft agreements"))
    _check_parties(case, parties)
    agreement = Agreement(case_id=case.id, created_by_id=by.id, state=AgreementState.DRAFT,
                          behaviours_version=guidance.load("behaviours").version,
                          **{**default_wording(case), **values})
    agreement.parties = list(parties)
    db.session.add(agreement)
    db.session.flush()
    agreement.lineage_id = agreement.id
    db.session.flush()
    record_audit("create", agreement, user=by)
    record_event(case, "agreement", _("%(what)s drafted", what=describe(agreement)), by=by,
                 source=agreement)
    return agreement


def update_details(agreement: Agreement, values: dict[str, Any], parties: list[Person], *,
                   by: User, seen_version: int | str | None = None) -> dict[str, list]:
    """Change a draft's content and the family members it is with."""
    check_editable(agreement)
    _check_parties(agreement.case, parties)
    changes = apply_changes(agreement, {k: values[k] for k in DETAILS if k in values},
                            seen_version=seen_version)
    before = sorted(p.id for p in agreement.parties)
    if before != sorted(p.id for p in parties):
        agreement.parties = list(parties)
        changes["parties"] = [before, sorted(p.id for p in parties)]
    if changes:
        agreement.updated_at = clock.now()
        db.session.flush()
        record_audit("update", agreement, changes=changes, user=by)
    return changes


def _next_position(agreement: Agreement) -> int:
    return max((c.position for c in agreement.clauses), default=0) + 1


def add_behaviours(agreement: Agreement, guidance_ids: list[str], written: list[str], *,
                   by: User) -> list[AgreementClause]:
    """Add unacceptable behaviours: from the guidance's list (by id) or written out."""
    check_editable(agreement)
    behaviours = guidance.load("behaviours")
    chosen = {c.guidance_id for c in agreement.behaviours if c.guidance_id}
    added = []
    for item_id in guidance_ids:
        item = behaviours.get(item_id)
        if item is None:
            raise DomainError(_("Select behaviours from the list shown"), field="behaviours")
        if item_id not in chosen:
            added.append(AgreementClause(kind=ClauseKind.BEHAVIOUR, guidance_id=item_id,
                                         text=item.label))
    added += [AgreementClause(kind=ClauseKind.BEHAVIOUR, text=text) for text in written if text]
    if not added:
        raise DomainError(_("Select a behaviour or describe one"), field="behaviours")
    return _add_clauses(agreement, added, by)


def add_expectation(agreement: Agreement, values: dict[str, Any], *,
                    by: User) -> AgreementClause:
    """Add something the family is expected to do: what, how we will know, by when."""
    check_editable(agreement)
    clause = AgreementClause(kind=ClauseKind.EXPECTATION, **values)
    return _add_clauses(agreement, [clause], by)[0]


def _add_clauses(agreement: Agreement, clauses: list[AgreementClause],
                 by: User) -> list[AgreementClause]:
    position = _next_position(agreement)
    for offset, clause in enumerate(clauses):
        clause.position = position + offset
        agreement.clauses.append(clause)
    db.session.flush()
    for clause in clauses:
        record_audit("create", clause, case_id=agreement.case_id, user=by)
    return clauses


def update_expectation(clause: AgreementClause, values: dict[str, Any], *, by: User,
                       seen_version: int | str | None = None) -> dict[str, list]:
    """Change one expectation of a draft."""
    check_editable(clause.agreement)
    changes = apply_changes(clause, values, seen_version=seen_version)
    if changes:
        db.session.flush()
        record_audit("update", clause, case_id=clause.agreement.case_id, changes=changes,
                     user=by)
    return changes


def remove_clause(clause: AgreementClause, *, by: User) -> None:
    """Take a behaviour or expectation out of a draft."""
    agreement = clause.agreement
    check_editable(agreement)
    record_audit("delete", clause, case_id=agreement.case_id, user=by,
                 changes={"text": [clause.text[:200], None]})
    agreement.clauses.remove(clause)
    db.session.flush()


def start_new_version(agreement: Agreement, *, by: User) -> Agreement:
    """Copy an issued agreement into a new draft; issuing it will supersede this one."""
    if not agreement.is_in_force:
        raise IllegalTransition(_("Only an issued or signed agreement can have a new version"))
    if agreement.successor is not None:
        raise IllegalTransition(_("Version %(number)d has already been started",
                                  number=agreement.successor.version_number))
    parties, clauses = list(agreement.parties), list(agreement.clauses)
    draft = Agreement(
        case_id=agreement.case_id, created_by_id=by.id, state=AgreementState.DRAFT,
        version_number=agreement.version_number + 1, lineage_id=agreement.lineage_id,
        behaviours_version=guidance.load("behaviours").version,
        **{name: getattr(agreement, name) for name in DETAILS})
    db.session.add(draft)
    draft.supersedes = agreement
    draft.parties = parties
    draft.clauses = [AgreementClause(kind=c.kind, position=c.position, text=c.text,
                                     guidance_id=c.guidance_id, how_measured=c.how_measured,
                                     due_by=c.due_by, child_focus=c.child_focus)
                     for c in clauses]
    db.session.flush()
    record_audit("create", draft, user=by, changes={"supersedes_id": [None, agreement.id]})
    record_event(agreement.case, "agreement",
                 _("%(what)s started, to replace version %(old)d", what=describe(draft),
                   old=agreement.version_number), by=by, source=draft)
    return draft
