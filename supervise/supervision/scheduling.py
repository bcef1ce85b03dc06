"""Operations: the cadence, scheduling, cancelling and re-arranging, starting a session, and the
practitioner's preparation (``gwent:6.2``: "Prioritise case supervisions regularly and if
cancelled they need to be re-arranged immediately"; ``gwent:7.1``: "The practitioner should
prepare for supervision")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

from supervise import clock
from supervise.accounts.models import User
from supervise.cases.models import Case
from supervise.core.errors import DomainError, NotAllowed
from supervise.core.models import apply_changes
from supervise.extensions import db
from supervise.notifications.operations import notify
from supervise.supervision import queries
from supervise.supervision.models import SessionCase, SupervisionCadence
from supervise.supervision.models import SupervisionSession as Session
from supervise.supervision.rules import audit, before_change, path_for, require_role
from supervise.templating import uk_datetime


def _require_line_manager(practitioner: User, by: User) -> None:
    if not by.line_manages(practitioner):
        raise NotAllowed(_("Only %(name)s's line manager can do that", name=practitioner.name))


def set_cadence(practitioner: User, every_weeks: int, starts_on: date, *, by: User,
                seen_version: int | str | None = None) -> SupervisionCadence:
    """How often the practitioner is supervised: every ``every_weeks`` weeks from ``starts_on``."""
    _require_line_manager(practitioner, by)
    if not 1 <= every_weeks <= 26:
        raise DomainError(_("Supervision must be every 1 to 26 weeks"), field="every_weeks")
    cadence = queries.cadence_for(practitioner.id)
    values: dict[str, Any] = {"every_weeks": every_weeks, "starts_on": starts_on,
                              "set_by_id": by.id}
    if cadence is None:
        cadence = SupervisionCadence(practitioner_id=practitioner.id, **values)
        db.session.add(cadence)
        db.session.flush()
        audit("create", cadence, by=by)
        return cadence
    changes = apply_changes(cadence, values, seen_version=seen_version)
    if changes:
        cadence.set_at = clock.now()
        db.session.flush()
        audit("update", cadence, by=by, changes=changes)
    return cadence


def schedule_session(practitioner: User, when: datetime, *, by: User) -> Session:
    """Book a session; it re-arranges every cancelled session still waiting for a new date."""
    _require_line_manager(practitioner, by)
    if when < clock.now():
        raise DomainError(_("Choose a date and time in the future"), field="day")
    session = Session(practitioner_id=practitioner.id, manager_id=by.id, scheduled_for=when,
                      created_by_id=by.id)
    db.session.add(session)
    db.session.flush()
    for cancelled in queries.waiting_to_be_rearranged(practitioner.id):
        cancelled.rearranged_as_id = session.id
        audit("rearrange", cancelled, by=by, changes={"rearranged_as_id": [None, session.id]})
    audit("create", session, by=by)
    notify([practitioner], "supervision_scheduled",
           _("Supervision with %(manager)s on %(when)s. Prepare the cases you want to discuss.",
             manager=by.name, when=uk_datetime(when)),
           link=path_for("supervision.show", session_id=session.id), sent_by=by)
    return session


def cancel_session(session: Session, reason: str, *, by: User) -> None:
    """Cancel with a reason; until it is re-arranged the manager sees it flagged."""
    require_role(session, by)
    if not reason.strip():
        raise DomainError(_("Enter why the session is cancelled"), field="reason")
    session.cancel(reason.strip(), by)
    db.session.flush()
    audit("cancel", session, by=by, changes={"status": ["scheduled", "cancelled"],
                                             "cancellation_reason": [None, reason.strip()]})
    other = session.manager if by.id == session.practitioner_id else session.practitioner
    notify([other], "supervision_cancelled",
           _("%(name)s cancelled supervision on %(when)s: %(reason)s. It must be re-arranged.",
             name=by.name, when=uk_datetime(session.scheduled_for), reason=reason.strip()),
           link=path_for("supervision.show", session_id=session.id), sent_by=by)


def start_session(session: Session, *, by: User) -> None:
    """The line manager starts the session: it is held from now."""
    require_role(session, by, "manager")
    session.start()
    if session.manager_id != by.id:
        session.manager_id = by.id
    db.session.flush()
    audit("start", session, by=by, changes={"status": ["scheduled", "held"]})


def mark_prepared(session: Session, *, by: User) -> None:
    """The practitioner has chosen their cases and answered what they want to bring."""
    before_change(session, by, "practitioner")
    session.prepared_at = clock.now()
    db.session.flush()
    audit("prepare", session, by=by)
    notify([session.manager], "supervision_prepared",
           _("%(name)s has prepared for supervision on %(when)s",
             name=by.name, when=uk_datetime(session.scheduled_for)),
           link=path_for("supervision.show", session_id=session.id), sent_by=by)


def choose_cases(session: Session, chosen: list[Case], *, by: User) -> None:
    """The cases to discuss. A case with anything recorded against it stays."""
    before_change(session, by)
    allowed = {c.id for c in queries.practitioner_cases(session.practitioner)}
    if any(case.id not in allowed for case in chosen):
        raise DomainError(_("Choose from the cases %(name)s works on",
                            name=session.practitioner.name), field="case_ids")
    chosen_ids = {case.id for case in chosen}
    for entry in list(session.cases):
        if entry.case_id not in chosen_ids:
            _remove_case(session, entry, by)
    for case in chosen:
        if session.case_entry(case.id) is None:
            entry = SessionCase(case_id=case.id, added_by_id=by.id)
            session.cases.append(entry)
            db.session.flush()
            audit("create", entry, by=by)
    if session.void_signatures():
        db.session.flush()


def _remove_case(session: Session, entry: SessionCase, by: User) -> None:
    if queries.has_record_for(session, entry.case_id) or entry.notes or entry.risk_steps:
        raise DomainError(_("%(family)s already has answers or notes recorded in this "
                            "session, so it stays on the list", family=entry.case.family_name),
                          field="case_ids")
    audit("delete", entry, by=by, changes={"case_id": [entry.case_id, None]})
    session.cases.remove(entry)
    db.session.delete(entry)
    db.session.flush()


def session_when(day: date, time_of_day: str) -> datetime:
    """A UK date and ``HH:MM`` time as the naive UTC the database stores."""
    hours, minutes = (int(part) for part in time_of_day.split(":"))
    return clock.from_uk(datetime(day.year, day.month, day.day, hours, minutes))

