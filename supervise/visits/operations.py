"""A visit's lifecycle: approve (only on a signed-off plan), check in, check out, no access,
cancel; and the escalation steps of an overdue visit. Operations check the rules, flush, audit,
and write what matters to the child's story to the case event log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from supervise import clock, guidance
from supervise.accounts.models import User
from supervise.audit.operations import record_audit
from supervise.core.concurrency import check_version, lock
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.events.operations import record_event, record_sighting
from supervise.extensions import db
from supervise.notifications.operations import notify
from supervise.plans import rules
from supervise.plans.models import PlanStatus
from supervise.templating import uk_datetime, uk_time
from supervise.visits.links import path_for
from supervise.visits.models import Visit, VisitEscalation, VisitStatus

STEPS = "escalation_steps"
OBSERVATIONS = "visit_observations"


def _link(visit: Visit) -> str:
    return path_for("visits.show", case_id=visit.case_id, visit_id=visit.id)


def _require(visit: Visit, *states: VisitStatus) -> None:
    if visit.status not in states:
        raise IllegalTransition(_("This visit is %(state)s", state=visit.status.label.lower()))


def _check_practitioner(visit: Visit, by: User) -> None:
    if by.id != visit.practitioner_id:
        raise NotAllowed(_("Only %(name)s, who is making this visit, can do this",
                           name=visit.practitioner.name))


def _check_manager(visit: Visit, by: User) -> None:
    if not by.line_manages(visit.practitioner):
        raise NotAllowed(_("Only a line manager of %(name)s can do this",
                           name=visit.practitioner.name))


def approve(visit: Visit, *, by: User, seen_version: int | str | None) -> None:
    """Approve the visit — only while its action plan is signed off (``gwent:7.1``)."""
    _check_manager(visit, by)
    lock(visit)
    check_version(visit, seen_version)
    _require(visit, VisitStatus.PLANNED)
    plan = lock(visit.plan)  # a change to the plan at this moment voids its sign-off first
    signoff = plan.current_signoff
    if plan.status is not PlanStatus.SIGNED_OFF or signoff is None:
        raise IllegalTransition(_("A visit can be approved only while its action plan is "
                                  "signed off"))
    problems = rules.unmet_precautions(plan)
    if problems:
        raise DomainError(" ".join(problems))
    visit.approved_signoff_id = signoff.id
    visit.approval_in_force = True
    visit.approved_by_id = by.id
    visit.approved_at = clock.now()
    visit.status = VisitStatus.APPROVED
    db.session.flush()
    record_audit("approve", visit, user=by, changes={"sign_off": [None, signoff.id]})
    going = [visit.practitioner, *([plan.joint_visitor] if plan.joint_visitor else [])]
    notify(going, "visit_approved",
           _("%(name)s approved the visit on %(when)s", name=by.name,
             when=uk_datetime(plan.planned_start)),
           link=_link(visit), case_id=visit.case_id, sent_by=by)


def check_in(visit: Visit, expected_return: datetime, *, by: User,
             seen_version: int | str | None = None) -> None:
    """The practitioner is at the visit now and says when they will be back."""
    _check_practitioner(visit, by)
    lock(visit)
    check_version(visit, seen_version)
    _require(visit, VisitStatus.APPROVED)
    now = clock.now()
    if expected_return <= now:
        raise DomainError(_("The time you expect to be back must be later than now"),
                          field="expected_return")
    if (expected_return - now).total_seconds() > 12 * 3600:
        raise DomainError(_("A visit cannot last more than 12 hours: check the time"),
                          field="expected_return")
    visit.checked_in_at = now
    visit.expected_return_at = expected_return
    visit.status = VisitStatus.IN_PROGRESS
    db.session.flush()
    record_audit("check_in", visit, user=by,
                 changes={"expected_return_at": [None, expected_return.isoformat()]})


def check_out(visit: Visit, record: dict[str, Any], *, by: User,
              seen_version: int | str | None = None) -> None:
    """Back safely: record what the guidance asks, each child seen, and the event."""
    _check_practitioner(visit, by)
    lock(visit)
    check_version(visit, seen_version)
    _require(visit, VisitStatus.IN_PROGRESS)
    now = clock.now()
    for name in ("who_present", "children_seen", "observations", "not_assessed",
                 "what_was_done", "requirements"):
        setattr(visit, name, record[name])
    visit.observations_version = guidance.load(OBSERVATIONS).version
    was_overdue = visit.is_overdue(now)
    visit.checked_out_at = now
    visit.ended_by_id = by.id
    visit.status = VisitStatus.COMPLETED
    db.session.flush()
    _record_sightings(visit, record["children"], by)
    record_audit("check_out", visit, user=by)
    record_event(visit.case, "visit", _visit_summary(visit), by=by, source=visit,
                 occurred_at=visit.checked_in_at)
    if was_overdue or visit.escalations:
        notify(visit.practitioner.line_managers, "visit_back_safe",
               _("%(name)s has checked out of the overdue visit: back safely at %(time)s",
                 name=by.name, time=uk_time(now)),
               link=_link(visit), case_id=visit.case_id, sent_by=by)


def _record_sightings(visit: Visit, children: list[tuple[Any, bool, bool]], by: User) -> None:
    for person, seen, alone in children:
        if seen:
            record_sighting(person, visit.checked_in_at or clock.now(), alone=alone, by=by,
                            source=visit)


def _visit_summary(visit: Visit) -> str:
    plan = visit.plan
    seen = [c["name"] + (_(" (alone)") if c["alone"] else "")
            for c in visit.children_seen if c["seen"]]
    missed = [c["name"] for c in visit.children_seen if not c["seen"]]
    parts = [_("%(venue)s visit by %(name)s", venue=plan.venue_kind.label,
               name=visit.practitioner.name)]
    if seen:
        parts.append(_("seen: %(names)s", names=", ".join(seen)))
    if missed:
        parts.append(_("not seen: %(names)s", names=", ".join(missed)))
    return "; ".join(parts)


def record_no_access(visit: Visit, notes: str, *, by: User,
                     seen_version: int | str | None = None) -> None:
    """No answer at the door: recorded, never dropped — a missed contact on the case."""
    _check_practitioner(visit, by)
    lock(visit)
    check_version(visit, seen_version)
    _require(visit, VisitStatus.APPROVED, VisitStatus.IN_PROGRESS)
    visit.status = VisitStatus.NO_ACCESS
    visit.no_access_at = clock.now()
    visit.no_access_notes = notes
    visit.ended_by_id = by.id
    db.session.flush()
    record_audit("no_access", visit, user=by)
    record_event(visit.case, "no_access_visit",
                 _("No access: %(name)s could not get in (%(venue)s). %(notes)s",
                   name=by.name, venue=visit.plan.venue_address or visit.plan.venue_kind.label,
                   notes=notes), by=by, source=visit)


def cancel(visit: Visit, reason: str, by_family: bool, *, by: User,
           seen_version: int | str | None = None) -> None:
    """Call the visit off before it starts; the reason goes in the chronology."""
    if by.id != visit.practitioner_id and not by.line_manages(visit.practitioner):
        raise NotAllowed(_("Only the practitioner making the visit or their line manager can "
                           "cancel it"))
    lock(visit)
    check_version(visit, seen_version)
    _require(visit, VisitStatus.PLANNED, VisitStatus.APPROVED)
    visit.status = VisitStatus.CANCELLED
    visit.cancelled_at = clock.now()
    visit.cancel_reason = reason
    visit.cancelled_by_family = by_family
    visit.ended_by_id = by.id
    db.session.flush()
    record_audit("cancel", visit, user=by)
    who = _("by the family") if by_family else _("by %(name)s", name=by.name)
    record_event(visit.case, "cancelled_appointment",
                 _("Visit planned for %(when)s cancelled %(who)s: %(reason)s",
                   when=uk_datetime(visit.plan.planned_start), who=who, reason=reason),
                 by=by, source=visit)


def record_escalation(visit: Visit, step: str, notes: str, *, by: User) -> VisitEscalation:
    """A step a line manager took because the worker has not come back."""
    _check_manager(visit, by)
    lock(visit)  # racing a check-out: the step is refused once the worker is back
    if visit.status is VisitStatus.COMPLETED:
        raise IllegalTransition(_("%(name)s checked out at %(time)s and is back safely: no "
                                  "step is needed", name=visit.practitioner.name,
                                  time=uk_time(visit.checked_out_at)))
    _require(visit, VisitStatus.IN_PROGRESS)
    steps = guidance.load(STEPS)
    item = steps.get(step)
    if item is None:
        raise DomainError(_("Choose what you did"), field="step")
    if item.id == "other" and not notes:
        raise DomainError(_("Say what you did"), field="notes")
    if visit.is_resolved:
        raise IllegalTransition(_("This overdue visit is already resolved"))
    escalation = VisitEscalation(visit_id=visit.id, step=step, steps_version=steps.version,
                                 notes=notes, recorded_by_id=by.id, recorded_at=clock.now())
    visit.escalations.append(escalation)
    db.session.flush()
    record_audit("escalate", escalation, user=by, case_id=visit.case_id,
                 changes={"step": [None, step]})
    return escalation
