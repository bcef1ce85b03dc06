"""Operations on the record of a session: notes, decisions about cases (management oversight on
the case event log), agreed actions, both signatures, and dated addenda after signing."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from supervise import clock
from supervise.accounts.models import User
from supervise.audit.models import AuditEvent
from supervise.cases.models import Case
from supervise.core.errors import DomainError, IllegalTransition
from supervise.core.models import apply_changes
from supervise.events.operations import record_event
from supervise.extensions import db
from supervise.notifications.operations import notify
from supervise.supervision import queries
from supervise.supervision.access import MANAGER, PRACTITIONER
from supervise.supervision.models import (
    AgreedAction,
    CarriedAction,
    SessionAddendum,
    SessionCase,
    SessionStatus,
    SupervisionDecision,
)
from supervise.supervision.models import SupervisionSession as Session
from supervise.supervision.rules import (
    audit,
    before_change,
    path_for,
    require_held,
    require_role,
)
from supervise.templating import uk_date


def save_session_notes(session: Session, notes: str, *, by: User,
                       seen_version: int | str | None = None) -> dict[str, list]:
    """The session's general notes."""
    before_change(session, by)
    changes = apply_changes(session, {"notes": notes.strip()},
                            seen_version=_unless_mine(session, seen_version, by))
    if changes:
        session.void_signatures()
        db.session.flush()
        audit("update", session, by=by, changes=changes)
    return changes


def save_case_notes(entry: SessionCase, values: dict[str, Any], *, by: User,
                    seen_version: int | str | None = None) -> dict[str, list]:
    """Discussion notes on a case, and the agreed risk-management steps (``gwent:7.1``)."""
    before_change(entry.session, by)
    cleaned = {name: str(values.get(name) or "").strip() for name in ("notes", "risk_steps")}
    changes = apply_changes(entry, cleaned,
                            seen_version=_unless_mine(entry, seen_version, by))
    if changes:
        entry.session.void_signatures()
        db.session.flush()
        audit("update", entry, by=by, changes=changes)
    return changes


def _unless_mine(record: Any, seen_version: int | str | None, by: User) -> int | str | None:
    """Notes save as they are typed, so a save may carry the version from before the user's
    own previous save: only someone else's change since then is a conflict."""
    last = db.session.scalar(
        sa.select(AuditEvent.user_id)
        .where(AuditEvent.object_type == record.__tablename__,
               AuditEvent.object_id == record.id, AuditEvent.action == "update")
        .order_by(AuditEvent.id.desc()).limit(1))
    return None if last == by.id else seen_version


def record_decision(session: Session, case: Case, text: str, *,
                    by: User) -> SupervisionDecision:
    """A decision about a case: recorded on the case as management oversight."""
    require_role(session, by, MANAGER)
    require_held(session)
    if session.case_entry(case.id) is None:
        raise DomainError(_("That case is not being discussed in this session"))
    if not text.strip():
        raise DomainError(_("Enter the decision"), field="text")
    decision = SupervisionDecision(session_id=session.id, case_id=case.id, text=text.strip(),
                                   decided_by_id=by.id)
    db.session.add(decision)
    db.session.flush()
    event = record_event(
        case, "supervision_decision",
        _("Management oversight in supervision of %(practitioner)s by %(manager)s: %(text)s",
          practitioner=session.practitioner.name, manager=by.name, text=decision.text),
        by=by, source=decision)
    decision.event_id = event.id
    session.void_signatures()
    db.session.flush()
    audit("create", decision, by=by, changes={"text": [None, decision.text]})
    return decision


def add_action(session: Session, description: str, owner: User, due_on: date, *, by: User,
               case: Case | None = None) -> AgreedAction:
    """An action agreed in the session, with its owner and due date."""
    require_role(session, by)
    require_held(session)
    if owner.id not in {session.practitioner_id, session.manager_id, by.id}:
        raise DomainError(_("The owner is the practitioner or their line manager"),
                          field="owner_id")
    if not description.strip():
        raise DomainError(_("Enter the action"), field="description")
    if due_on < clock.today():
        raise DomainError(_("The due date must be today or in the future"), field="due_on")
    if case is not None and session.case_entry(case.id) is None:
        raise DomainError(_("Choose a case discussed in this session"), field="case_id")
    action = AgreedAction(session_id=session.id, description=description.strip(),
                          owner_id=owner.id, due_on=due_on, created_by_id=by.id,
                          case_id=case.id if case else None)
    db.session.add(action)
    session.void_signatures()
    db.session.flush()
    audit("create", action, by=by)
    if owner.id != by.id:
        notify([owner], "supervision_action",
               _("Action from supervision, due %(due)s: %(action)s", due=uk_date(due_on),
                 action=action.description),
               link=path_for("supervision.actions", session_id=session.id), sent_by=by)
    return action


def complete_action(action: AgreedAction, *, by: User, note: str = "",
                    in_session: Session | None = None) -> None:
    """Mark an action done — in a session reviewing it, or on its own."""
    if not action.is_open:
        raise IllegalTransition(_("That action is already done"))
    if in_session is not None:
        before_change(in_session, by)
        carried = {a.id for a, _open in queries.carried_actions(in_session)}
        if action.session_id != in_session.id and action.id not in carried:
            raise DomainError(_("That action is not reviewed in this session"))
    elif action.owner_id != by.id:
        require_role(action.session, by)
    action.completed_at = clock.now()
    action.completed_by_id = by.id
    action.completion_note = note.strip()
    action.completed_in_session_id = in_session.id if in_session else None
    if in_session is not None:
        in_session.void_signatures()
    db.session.flush()
    audit("complete", action, by=by, changes={"completion_note": [None, action.completion_note]})


def sign(session: Session, *, by: User) -> None:
    """Sign the record. Once both have signed it is read-only."""
    role = require_role(session, by)
    require_held(session)
    waiting = queries.unresolved_sharing(session)
    if waiting:
        raise DomainError(_("Before signing, share each “yes” to a sharing question or record "
                            "why it is not shared: %(n)d still waiting", n=len(waiting)))
    _put_signature(session, role, by)
    if session.practitioner_signed_at and session.manager_signed_at:
        _close_record(session)
    db.session.flush()
    audit("sign", session, by=by, changes={"signed_as": [None, role]})
    _tell_the_other(session, by)


def _put_signature(session: Session, role: str, by: User) -> None:
    if role == PRACTITIONER:
        if session.practitioner_signed_at:
            raise DomainError(_("You have already signed this record"))
        session.practitioner_signed_at = clock.now()
    else:
        if session.manager_signed_at:
            raise DomainError(_("The line manager has already signed this record"))
        session.manager_signed_at = clock.now()
        session.manager_signed_by_id = by.id


def _close_record(session: Session) -> None:
    """Signed by both: keep which earlier actions were reviewed and whether they were open."""
    for action, still_open in queries.carried_actions(session):
        db.session.add(CarriedAction(session_id=session.id, action_id=action.id,
                                     open_at_signing=still_open))
    session.status = SessionStatus.SIGNED
    session.signed_at = clock.now()


def _tell_the_other(session: Session, by: User) -> None:
    other = session.manager if by.id == session.practitioner_id else session.practitioner
    if session.status is SessionStatus.SIGNED:
        message = _("The supervision record of %(when)s is signed by both of you",
                    when=uk_date(session.held_at))
    else:
        message = _("%(name)s signed the supervision record of %(when)s: it needs your "
                    "signature", name=by.name, when=uk_date(session.held_at))
    notify([other], "supervision_signed", message,
           link=path_for("supervision.show", session_id=session.id), sent_by=by)


def add_addendum(session: Session, text: str, *, by: User) -> SessionAddendum:
    """A dated addition to a signed record."""
    require_role(session, by)
    if session.status is not SessionStatus.SIGNED:
        raise IllegalTransition(_("Addenda are for signed records: change the record itself"))
    if not text.strip():
        raise DomainError(_("Enter the addendum"), field="text")
    addendum = SessionAddendum(session_id=session.id, text=text.strip(), added_by_id=by.id)
    session.addenda.append(addendum)
    db.session.flush()
    audit("create", addendum, by=by, changes={"text": [None, addendum.text]})
    other = session.manager if by.id == session.practitioner_id else session.practitioner
    notify([other], "supervision_addendum",
           _("%(name)s added an addendum to the supervision record of %(when)s",
             name=by.name, when=uk_date(session.held_at)),
           link=path_for("supervision.show", session_id=session.id), sent_by=by)
    return addendum
