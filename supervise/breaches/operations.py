"""Recording breaches of signed agreements, their follow-ups, and escalation when they repeat.

Each breach gets a follow-up due date (``BREACH_FOLLOW_UP_WORKING_DAYS`` working days from when
it was recorded). When ``BREACH_ESCALATION_THRESHOLD`` breaches of one agreement (any of its
versions) not yet escalated fall within ``BREACH_ESCALATION_WINDOW_DAYS``, an escalation is
raised for a line manager to decide on (``gwent:2.4``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from supervise import clock, guidance
from supervise.accounts.models import User
from supervise.agreements.models import Agreement, AgreementClause, AgreementState
from supervise.agreements.operations import describe, path_for
from supervise.audit.operations import record_audit
from supervise.breaches.models import Breach, BreachEscalation, BreachFollowUp
from supervise.core.concurrency import StaleRecord, check_version, lock
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.core.models import apply_changes
from supervise.events.operations import record_event
from supervise.extensions import db
from supervise.notifications.operations import notify
from supervise.templating import uk_date

FOLLOW_UP_FIELDS = ("action_taken", "manager_advice_sought", "manager_advice",
                    "legal_advice_sought", "legal_advice", "outcome")


def follow_up_due(recorded_on: date) -> date:
    """When a breach recorded on ``recorded_on`` must have its follow-up."""
    return clock.add_working_days(recorded_on,
                                  current_app.config["BREACH_FOLLOW_UP_WORKING_DAYS"])


def _midday(day: date) -> datetime:
    return clock.from_uk(datetime.combine(day, time(12)))


def _people_to_tell(agreement: Agreement) -> list[User]:
    author = agreement.created_by
    return [author, *author.line_managers]


def record_breach(agreement: Agreement, clause: AgreementClause, values: dict[str, Any], *,
                  by: User) -> Breach:
    """Record a breach of one clause of a signed agreement; it is open until followed up."""
    lock(agreement)  # breaches counted for escalation one at a time, never twice or never
    if agreement.state is not AgreementState.SIGNED:
        raise IllegalTransition(_("Breaches can be recorded only against a signed agreement"))
    if clause.agreement_id != agreement.id:
        raise DomainError(_("Select a term of this agreement"), field="clause_id")
    occurred_on = values["occurred_on"]
    if occurred_on < agreement.signature.signed_on or occurred_on > clock.today():
        raise DomainError(_("The date must be between the day the agreement was signed and "
                            "today"), field="occurred_on")
    breach = Breach(case_id=agreement.case_id, agreement_id=agreement.id, clause_id=clause.id,
                    recorded_at=clock.now(), recorded_by_id=by.id,
                    follow_up_due=follow_up_due(clock.today()), **values)
    db.session.add(breach)
    db.session.flush()
    record_audit("create", breach, user=by)
    record_event(agreement.case, "breach",
                 _("Breach of %(what)s, %(clause)s: %(happened)s",
                   what=describe(agreement).lower(), clause=clause.reference,
                   happened=breach.what_happened), by=by, source=breach,
                 occurred_at=_midday(occurred_on), reported_by=breach.reported_by)
    notify(_people_to_tell(agreement), "breach_recorded",
           _("A breach of the written agreement for the %(family)s was recorded: follow it up "
             "by %(day)s", family=agreement.case.family_name,
             day=uk_date(breach.follow_up_due)),
           link=path_for("agreements.breaches.show", case_id=breach.case_id,
                         breach_id=breach.id),
           case_id=agreement.case_id, sent_by=by)
    _escalate_if_repeated(agreement, by)
    return breach


def _escalate_if_repeated(agreement: Agreement, by: User) -> BreachEscalation | None:
    config = current_app.config
    threshold = config["BREACH_ESCALATION_THRESHOLD"]
    window = config["BREACH_ESCALATION_WINDOW_DAYS"]
    since = clock.today() - timedelta(days=window)
    pending = list(db.session.scalars(
        sa.select(Breach).join(Agreement, Agreement.id == Breach.agreement_id)
        .where(Agreement.lineage_id == agreement.lineage_id, Breach.escalation_id.is_(None),
               Breach.occurred_on >= since)))
    if len(pending) < threshold:
        return None
    escalation = BreachEscalation(case_id=agreement.case_id, agreement_id=agreement.id,
                                  raised_at=clock.now(), threshold=threshold,
                                  window_days=window)
    db.session.add(escalation)
    db.session.flush()
    for breach in pending:
        breach.escalation = escalation
    db.session.flush()
    record_audit("create", escalation, user=by)
    record_event(agreement.case, "breach",
                 _("%(count)d breaches of the written agreement within %(days)d days: "
                   "escalated to the line manager for a decision", count=len(pending),
                   days=window), by=by, source=escalation)
    notify(_people_to_tell(agreement), "breach_escalation",
           _("Repeated breaches of the written agreement for the %(family)s need a decision: "
             "review the agreement or seek legal advice", family=agreement.case.family_name),
           link=path_for("agreements.breaches.escalation", case_id=escalation.case_id,
                         escalation_id=escalation.id),
           case_id=agreement.case_id, sent_by=by)
    return escalation


def _check_follow_up(values: dict[str, Any]) -> None:
    for kind, label in (("manager", _("Enter the advice your line manager gave")),
                        ("legal", _("Enter the legal advice given"))):
        if values.get(f"{kind}_advice_sought") and not values.get(f"{kind}_advice"):
            raise DomainError(label, field=f"{kind}_advice")


def save_follow_up(breach: Breach, values: dict[str, Any], *, by: User,
                   seen_version: int | str | None) -> BreachFollowUp:
    """Record the follow-up, or change it. ``seen_version`` is "0" when the user started from an
    empty form: a follow-up someone else saved meanwhile is shown to them, never overwritten."""
    lock(breach)  # two people following up at once: the second sees the first's follow-up
    existing = breach.follow_up
    if existing is None:
        return record_follow_up(breach, values, by=by)
    if str(seen_version) == "0":
        raise StaleRecord(existing)
    update_follow_up(existing, values, by=by, seen_version=seen_version)
    return existing


def record_follow_up(breach: Breach, values: dict[str, Any], *, by: User) -> BreachFollowUp:
    """Record the action taken on a breach, the advice sought and the outcome: it closes."""
    if breach.follow_up is not None:
        raise IllegalTransition(_("A follow-up is already recorded for this breach: change it "
                                  "instead"))
    _check_follow_up(values)
    follow_up = BreachFollowUp(breach=breach, case_id=breach.case_id,
                               recorded_at=clock.now(), recorded_by_id=by.id, **values)
    db.session.add(follow_up)
    db.session.flush()
    record_audit("create", follow_up, user=by)
    advice = [label for sought, label in ((follow_up.manager_advice_sought, _("line manager")),
                                          (follow_up.legal_advice_sought, _("legal")))
              if sought]
    record_event(breach.case, "breach",
                 _("Breach of %(clause)s followed up (advice: %(advice)s): %(action)s",
                   clause=breach.clause.reference, advice=", ".join(advice) or _("none"),
                   action=follow_up.action_taken), by=by, source=follow_up)
    return follow_up


def update_follow_up(follow_up: BreachFollowUp, values: dict[str, Any], *, by: User,
                     seen_version: int | str | None = None) -> dict[str, list]:
    """Change a recorded follow-up (for example when legal advice arrives)."""
    _check_follow_up(values)
    changes = apply_changes(follow_up, values, seen_version=seen_version)
    if changes:
        db.session.flush()
        record_audit("update", follow_up, changes=changes, user=by)
    return changes


def decide_escalation(escalation: BreachEscalation, decisions: list[str], notes: str, *,
                      by: User, seen_version: int | str | None = None) -> None:
    """A line manager records what will be done about repeated breaches."""
    lock(escalation)
    check_version(escalation, seen_version)
    if escalation.is_decided:
        raise IllegalTransition(_("The decision on these breaches is already recorded"))
    if not by.is_manager:
        raise NotAllowed(_("Only a line manager can record the decision on repeated breaches"))
    options = guidance.load("breach_escalation")
    chosen = [options.get(item) for item in decisions]
    if not decisions or None in chosen:
        raise DomainError(_("Select what will be done"), field="decisions")
    if any(item.extra.get("needs_reason") for item in chosen) and not notes:
        raise DomainError(_("Say why there will be no further escalation"),
                          field="decision_notes")
    escalation.decisions, escalation.decisions_version = decisions, options.version
    escalation.decision_notes = notes
    escalation.decided_at, escalation.decided_by_id = clock.now(), by.id
    db.session.flush()
    record_audit("decide", escalation, user=by, changes={"decisions": [None, decisions]})
    record_event(escalation.case, "breach",
                 _("Decision on repeated breaches by %(name)s: %(decisions)s", name=by.name,
                   decisions="; ".join(item.label for item in chosen)), by=by,
                 source=escalation)
