"""Raising, reviewing and removing risk alerts.

Raising or removing one tells every member of the case team, in every agency
(``lancs:ensuring-effective-multi-agency-working``: "alert them to the nature of the risks").
Nothing is ever deleted: a removed alert keeps its reason, and every review is kept.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from supervise import clock, guidance
from supervise.accounts.models import User
from supervise.alerts.models import AlertLevel, RiskAlert, RiskAlertReview
from supervise.audit.operations import record_audit
from supervise.cases.models import Case
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.core.models import apply_changes
from supervise.events.operations import record_event
from supervise.extensions import db
from supervise.notifications.operations import notify
from supervise.templating import uk_date

REVIEW_FIELDS = ("level", "behaviours", "precautions")
# An alert an incident proposes is reviewed six weeks on unless the practitioner changes it.
PROPOSED_REVIEW_AFTER = timedelta(weeks=6)


def raise_alert(case: Case, values: dict[str, Any], *, by: User,
                incident: Any = None) -> RiskAlert:
    """Raise an alert on the case and tell the whole case team, in every agency."""
    alert = RiskAlert(case_id=case.id, raised_by_id=by.id, raised_at=clock.now(),
                      incident_id=incident.id if incident is not None else None, **values)
    _check(alert)
    _check_review_date(alert.review_date, "review_date")
    db.session.add(alert)
    db.session.flush()
    record_audit("create", alert, user=by)
    record_event(case, "risk_alert", _summary(_("Risk alert raised"), alert), by=by,
                 source=alert)
    _tell_case_team(case, alert, by, _("%(name)s raised a %(level)s alert on %(case)s",
                                       name=by.name, level=alert.level.label.lower(),
                                       case=case.family_name))
    return alert


def review_alert(alert: RiskAlert, case: Case, values: dict[str, Any], *, notes: str,
                 next_review_date: date | None, by: User,
                 seen_version: int | str | None = None) -> RiskAlertReview:
    """Review an alert: keep or change its level, behaviours and precautions; set the next
    review date. The review, and what it changed, is kept."""
    if not alert.is_active:
        raise IllegalTransition(_("This alert has been removed; raise a new one if needed"))
    if not notes:
        raise DomainError(_("Enter what the review found"), field="notes")
    _check_review_date(next_review_date, "next_review_date")
    previous = alert.review_date
    changes = apply_changes(alert, {**values, "review_date": next_review_date},
                            seen_version=seen_version)
    _check(alert)
    review = RiskAlertReview(alert=alert, reviewed_by_id=by.id, reviewed_at=clock.now(),
                             notes=notes, previous_review_date=previous,
                             next_review_date=next_review_date,
                             changes={k: v for k, v in changes.items() if k in REVIEW_FIELDS}
                             or None)
    db.session.add(review)
    db.session.flush()
    record_audit("review", alert, user=by, changes=changes or None)
    if review.changes:
        record_event(case, "risk_alert", _summary(_("Risk alert changed at review"), alert),
                     by=by, source=alert)
    return review


def remove_alert(alert: RiskAlert, case: Case, reason: str, *, by: User,
                 seen_version: int | str | None = None) -> None:
    """Remove an alert, with the reason; it stays in the case's alert history."""
    if not alert.is_active:
        raise IllegalTransition(_("This alert has already been removed"))
    if not may_remove(by, alert):
        raise NotAllowed(_("Only the person who raised this alert or a line manager can "
                           "remove it"))
    if not reason:
        raise DomainError(_("Enter why the alert is no longer needed"), field="removal_reason")
    apply_changes(alert, {}, seen_version=seen_version)
    alert.removed_at = clock.now()
    alert.removed_by_id = by.id
    alert.removal_reason = reason
    db.session.flush()
    record_audit("remove", alert, user=by, changes={"removal_reason": [None, reason]})
    record_event(case, "risk_alert",
                 _("Risk alert removed (%(level)s): %(reason)s", level=alert.level.label,
                   reason=reason), by=by, source=alert)
    _tell_case_team(case, alert, by, _("%(name)s removed a %(level)s alert on %(case)s",
                                       name=by.name, level=alert.level.label.lower(),
                                       case=case.family_name))


def may_remove(user: User, alert: RiskAlert) -> bool:
    """Whoever raised it, or a line manager: a practitioner cannot quietly drop a colleague's
    precautions (``gwent:3.1``: everyone "backs off")."""
    return user.id == alert.raised_by_id or user.is_manager


def proposal_from(incident: Any, *, today: date | None = None) -> dict[str, Any]:
    """The alert an incident proposes, pre-filled for the practitioner to check."""
    violent = incident.involves_violence
    precautions = ["joint-visits-only"]
    if violent:
        precautions.append("police-present")
    return {
        "level": AlertLevel.HIGH if violent else AlertLevel.MEDIUM,
        "behaviours": list(incident.behaviours),
        "precautions": precautions,
        "reason": _("Incident on %(date)s at %(place)s: %(what)s",
                    date=uk_date(incident.occurred_at), place=incident.location,
                    what=incident.what_happened)[:2000],
        "review_date": (today or clock.today()) + PROPOSED_REVIEW_AFTER,
    }


def _check(alert: RiskAlert) -> None:
    if not alert.reason:
        raise DomainError(_("Enter why colleagues must take care"), field="reason")
    unknown = set(alert.behaviours or []) - set(guidance.load("behaviours").ids)
    if unknown:
        raise DomainError(_("Choose behaviours from the list"), field="behaviours")
    if set(alert.precautions or []) - set(guidance.load("precautions").ids):
        raise DomainError(_("Choose precautions from the list"), field="precautions")
    if not alert.behaviours and not alert.precautions:
        raise DomainError(_("Select the behaviours seen or the precautions colleagues must "
                            "take"), field="behaviours")


def _check_review_date(review_date: date | None, field: str) -> None:
    if review_date is None:
        raise DomainError(_("Enter the date the alert will be reviewed"), field=field)
    if review_date <= clock.today():
        raise DomainError(_("The review date must be in the future"), field=field)


def _summary(prefix: str, alert: RiskAlert) -> str:
    what = "; ".join(alert.precaution_labels or alert.behaviour_labels)
    return f"{prefix} ({alert.level.label}): {what}. {alert.reason}"


def _tell_case_team(case: Case, alert: RiskAlert, by: User, message: str) -> None:
    """Every case-team member, from every agency, except whoever did it."""
    recipients = [member.user for member in case.team if member.user_id != by.id]
    notify(recipients, "risk_alert", message, case_id=case.id, sent_by=by,
           link=url_for("alerts.show", case_id=case.id, alert_id=alert.id,
                       _external=False))
