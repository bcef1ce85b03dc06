"""Recording incidents towards workers and their review; recording non-cooperation.

An incident tells the worker's line manager at once (``gwent:6.1``: "contact the Line Manager
immediately"), writes the chronology, and proposes a risk alert (``alerts.operations``). When
there was violence or a threat to kill, a decision about the police and its reason must be
recorded (``gwent:appendix-1``, ``gwent:6.2``) — here, in the form, and in the database.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from supervise import clock, guidance
from supervise.accounts.models import User
from supervise.audit.operations import record_audit
from supervise.cases.models import Case
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.core.models import apply_changes
from supervise.events.operations import record_event
from supervise.extensions import db
from supervise.incidents.models import Incident, NonCooperationRecord, needs_police_decision
from supervise.notifications.operations import notify
from supervise.templating import uk_date

_REQUIRED_TEXT = {
    "location": _l("Enter where the incident happened"),
    "what_happened": _l("Enter what was said and done"),
    "worker_response": _l("Enter what the worker said and did"),
}


def record_incident(case: Case, worker: User, values: dict[str, Any], *, by: User) -> Incident:
    """Record an incident towards ``worker``; their line managers are told straight away."""
    incident = Incident(case_id=case.id, worker_id=worker.id, recorded_by_id=by.id,
                        recorded_at=clock.now(), **values)
    _check_incident(case, worker, incident)
    incident.behaviours_version = guidance.load("behaviours").version
    incident.impacts_version = guidance.load("worker_impacts").version
    incident.support_version = guidance.load("worker_support").version
    incident.police_decision_required = needs_police_decision(incident.behaviours)
    db.session.add(incident)
    db.session.flush()
    record_audit("create", incident, user=by)
    record_event(case, "incident", incident_summary(incident, worker), by=by,
                 occurred_at=incident.occurred_at, source=incident)
    managers = _line_managers(worker, by)
    notify(managers, "incident",
           _("Incident towards %(worker)s on %(case)s: %(what)s", worker=worker.name,
             case=case.family_name, what="; ".join(incident.behaviour_labels)),
           link=url_for("incidents.show", case_id=case.id, incident_id=incident.id,
                        _external=False),
           case_id=case.id, sent_by=by)
    incident.managers_notified = [m.id for m in managers]
    db.session.flush()
    return incident


def _check_incident(case: Case, worker: User, incident: Incident) -> None:
    if case.member_for(worker) is None:
        raise DomainError(_("Choose someone on the case team"), field="worker_id")
    if incident.occurred_at is None or incident.occurred_at > clock.now():
        raise DomainError(_("The incident must have happened already"), field="occurred_on")
    for field, message in _REQUIRED_TEXT.items():
        if not getattr(incident, field):
            raise DomainError(str(message), field=field)
    _check_ids("behaviours", incident.behaviours, "behaviours")
    _check_ids("worker_impacts", incident.impacts, "impacts")
    _check_ids("worker_support", incident.support, "support")
    if not incident.behaviours and not incident.other_behaviour:
        raise DomainError(_("Select the behaviour, or describe it"), field="behaviours")
    _check_people(case, incident.person_ids)
    if not incident.person_ids and not incident.others_involved:
        raise DomainError(_("Select who said or did it, or describe them"), field="person_ids")
    _check_police(incident)


def _check_police(incident: Incident) -> None:
    if not needs_police_decision(incident.behaviours):
        return
    if incident.police_decision is None:
        raise DomainError(_("Select whether the police were informed: there was violence or "
                            "a threat to kill"), field="police_decision")
    if not incident.police_reason:
        raise DomainError(_("Enter the reason for the decision about the police"),
                          field="police_reason")


def _check_ids(list_name: str, ids: list[str] | None, field: str) -> None:
    if set(ids or []) - set(guidance.load(list_name).ids):
        raise DomainError(_("Choose from the options shown"), field=field)


def _check_people(case: Case, person_ids: list[int] | None) -> None:
    if set(person_ids or []) - {p.id for p in case.people}:
        raise DomainError(_("Choose people in this family"), field="person_ids")


def _line_managers(worker: User, recorder: User) -> list[User]:
    """The worker's line managers, and the recorder's when someone else recorded it."""
    managers = list(worker.line_managers)
    if recorder.id != worker.id:
        managers += [m for m in recorder.line_managers if m not in managers]
    return [m for m in managers if m.id != worker.id]


def incident_summary(incident: Incident, worker: User) -> str:
    """The chronology's line for an incident."""
    police = f" {incident.police_decision.label}." if incident.police_decision else ""
    return _("Incident towards %(worker)s (%(agency)s) at %(place)s: %(what)s.",
             worker=worker.name, agency=worker.agency.name, place=incident.location,
             what="; ".join(incident.behaviour_labels)) + police


def may_review(user: User, incident: Incident) -> bool:
    """A line manager of the worker, or of whoever recorded it — never the worker."""
    if user.id == incident.worker_id:
        return False
    return user.line_manages(incident.worker) or user.line_manages(incident.recorded_by)


def review_incident(incident: Incident, values: dict[str, Any], *, by: User,
                    seen_version: int | str | None = None) -> dict[str, list]:
    """The line manager's review: the cause, how the work will progress safely, support."""
    if incident.is_reviewed:
        raise IllegalTransition(_("This incident has already been reviewed"))
    if not may_review(by, incident):
        raise NotAllowed(_("Only a line manager of %(name)s can review this incident",
                           name=incident.worker.name))
    if not values.get("review_cause"):
        raise DomainError(_("Enter what may have caused the incident"), field="review_cause")
    if not values.get("review_decision"):
        raise DomainError(_("Enter how the work will progress safely"),
                          field="review_decision")
    _check_ids("worker_support", values.get("support"), "support")
    changes = apply_changes(incident, values, seen_version=seen_version)
    incident.reviewed_at = clock.now()
    incident.reviewed_by_id = by.id
    db.session.flush()
    record_audit("review", incident, user=by, changes=changes or None)
    notify([incident.worker, incident.recorded_by], "incident_reviewed",
           _("%(name)s reviewed the incident of %(date)s", name=by.name,
             date=uk_date(incident.occurred_at)),
           link=url_for("incidents.show", case_id=incident.case_id, incident_id=incident.id,
                        _external=False),
           case_id=incident.case_id, sent_by=by)
    return changes


def record_non_cooperation(case: Case, values: dict[str, Any], *,
                           by: User) -> NonCooperationRecord:
    """Record non-cooperation, typed, with the reasons considered; it joins the chronology."""
    record = NonCooperationRecord(case_id=case.id, recorded_by_id=by.id,
                                  recorded_at=clock.now(), **values)
    types = guidance.load("non_cooperation_types")
    if types.get(record.kind) is None:
        raise DomainError(_("Select the type of non-cooperation"), field="kind")
    if record.observed_on is None or record.observed_on > clock.today():
        raise DomainError(_("The date must be today or in the past"), field="observed_on")
    if not record.observed:
        raise DomainError(_("Enter what was seen or heard"), field="observed")
    _check_ids("non_cooperation_reasons", record.reasons, "reasons")
    _check_people(case, record.person_ids)
    record.kind_version = types.version
    record.reasons_version = guidance.load("non_cooperation_reasons").version
    db.session.add(record)
    db.session.flush()
    record_audit("create", record, user=by)
    record_event(case, "non_cooperation", f"{record.kind_label}: {record.observed}", by=by,
                 occurred_at=midday(record.observed_on), source=record)
    return record


def midday(day: date) -> datetime:
    """A date-only record's moment in the event log, as the case addresses do."""
    return datetime.combine(day, time(12, 0))
