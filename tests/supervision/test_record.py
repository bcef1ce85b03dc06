"""The record: decisions on the case as management oversight, actions carried forward until
done, both signatures, read-only once signed, and dated addenda."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from supervise import clock
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.events.models import CaseEvent
from supervise.supervision import queries, record, scheduling
from supervise.supervision.models import SessionStatus
from tests.supervision.factories import answer, held_session, make_session, sign_by_both

NEXT_WEEK = timedelta(days=7)


def test_a_decision_is_recorded_on_the_case_as_management_oversight(world, db):
    session = held_session(world)
    decision = record.record_decision(session, world.case, "Joint visits only",
                                      by=world.users["manager"])
    event = db.session.get(CaseEvent, decision.event_id)
    assert event.category == "supervision_decision"
    assert event.case_id == world.case.id
    assert (event.source_type, event.source_id) == ("supervision_decisions", decision.id)
    assert "Management oversight" in event.summary and "Joint visits only" in event.summary
    assert event.recorded_by_id == world.users["manager"].id


def test_only_the_line_manager_records_decisions_and_only_during_the_session(world):
    with pytest.raises(NotAllowed):
        record.record_decision(held_session(world), world.case, "Mine",
                               by=world.users["practitioner"])
    scheduled = make_session(world.users["practitioner"], world.users["manager"],
                             cases=[world.case])
    with pytest.raises(IllegalTransition):
        record.record_decision(scheduled, world.case, "Too soon", by=world.users["manager"])


def _action(session, owner, by, description="Book a joint visit"):
    return record.add_action(session, description, owner, clock.today() + NEXT_WEEK, by=by)


def test_an_action_has_an_owner_and_a_due_date_in_the_future(world):
    session = held_session(world)
    manager = world.users["manager"]
    with pytest.raises(DomainError):
        record.add_action(session, "Late", manager, clock.today() - timedelta(days=1),
                          by=manager)
    with pytest.raises(DomainError):
        _action(session, world.users["hv"], manager)
    action = _action(session, world.users["practitioner"], manager)
    assert action.is_open and action.owner_id == world.users["practitioner"].id


def test_unfinished_actions_carry_into_the_next_session_automatically(world):
    practitioner, manager = world.users["practitioner"], world.users["manager"]
    first = held_session(world)
    open_one = _action(first, practitioner, manager, "Joint visit")
    done_one = _action(first, manager, manager, "Safety training")
    record.complete_action(done_one, by=manager)
    sign_by_both(first)

    second = make_session(practitioner, manager, when=clock.now() + timedelta(days=20))
    assert queries.carried_actions(second) == [(open_one, True)]

    scheduling.start_session(second, by=manager)
    record.complete_action(open_one, by=practitioner, in_session=second, note="Done with police")
    assert queries.carried_actions(second) == [(open_one, False)]
    sign_by_both(second)
    third = make_session(practitioner, manager, when=clock.now() + timedelta(days=40))
    assert queries.carried_actions(third) == []


def test_a_signed_record_keeps_what_was_still_open_when_it_was_signed(world):
    practitioner, manager = world.users["practitioner"], world.users["manager"]
    first = held_session(world)
    action = _action(first, practitioner, manager)
    sign_by_both(first)
    second = make_session(practitioner, manager, when=clock.now() + timedelta(days=20))
    scheduling.start_session(second, by=manager)
    sign_by_both(second)
    record.complete_action(action, by=practitioner)  # done later, outside any session
    assert queries.carried_actions(second) == [(action, True)]


def test_the_record_is_signed_by_both_then_read_only(world):
    session = held_session(world)
    record.sign(session, by=world.users["practitioner"])
    assert session.status is SessionStatus.HELD
    with pytest.raises(DomainError):
        record.sign(session, by=world.users["practitioner"])
    record.sign(session, by=world.users["manager"])
    assert session.status is SessionStatus.SIGNED and session.signed_at is not None
    with pytest.raises(IllegalTransition):
        record.save_session_notes(session, "Later thought", by=world.users["manager"])
    with pytest.raises(IllegalTransition):
        record.record_decision(session, world.case, "Later", by=world.users["manager"])


def test_a_scheduled_session_cannot_be_signed(world):
    session = make_session(world.users["practitioner"], world.users["manager"])
    with pytest.raises(IllegalTransition):
        record.sign(session, by=world.users["practitioner"])


def test_a_change_after_one_signature_clears_it(world):
    session = held_session(world)
    record.sign(session, by=world.users["manager"])
    answer(session, "child-door-closed", world.users["practitioner"], case=world.case,
           notes="Changed my mind")
    assert session.manager_signed_at is None


def test_later_additions_to_a_signed_record_are_dated_addenda(world):
    session = held_session(world)
    with pytest.raises(IllegalTransition):
        record.add_addendum(session, "Too early", by=world.users["manager"])
    sign_by_both(session)
    addendum = record.add_addendum(session, "Police confirmed the threat was reported",
                                   by=world.users["practitioner"])
    assert addendum.added_at is not None and addendum.added_by_id == world.users[
        "practitioner"].id
    assert session.addenda == [addendum]
    with pytest.raises(NotAllowed):
        record.add_addendum(session, "Not mine", by=world.users["hv"])


def test_both_are_told_about_each_others_signature(world, db):
    from supervise.notifications.models import Notification

    session = held_session(world)
    sign_by_both(session)
    kinds = db.session.scalars(sa.select(Notification.user_id).where(
        Notification.kind == "supervision_signed")).all()
    assert set(kinds) == {world.users["practitioner"].id, world.users["manager"].id}


def test_an_owner_marks_their_action_done_outside_a_session(world):
    session = held_session(world)
    action = _action(session, world.users["practitioner"], world.users["manager"])
    with pytest.raises(NotAllowed):
        record.complete_action(action, by=world.users["hv"])
    record.complete_action(action, by=world.users["practitioner"], note="Done")
    assert not action.is_open and action.completed_in_session_id is None
    with pytest.raises(IllegalTransition):
        record.complete_action(action, by=world.users["practitioner"])


def test_notes_typed_on_while_a_save_is_in_flight_never_conflict_with_your_own_save(world):
    session = held_session(world)
    entry = session.case_entry(world.case.id)
    practitioner = world.users["practitioner"]
    record.save_case_notes(entry, {"notes": "First"}, by=practitioner, seen_version="1")
    record.save_case_notes(entry, {"notes": "First and more"}, by=practitioner,
                           seen_version="1")  # sent before the first save's reply
    assert entry.notes == "First and more"
    from supervise.core.concurrency import StaleRecord

    with pytest.raises(StaleRecord):  # but someone else's save is never overwritten unseen
        record.save_case_notes(entry, {"notes": "Manager's"}, by=world.users["manager"],
                               seen_version="1")


def test_agreed_risk_steps_are_kept_for_the_action_plan_to_take_up(world):
    session = held_session(world)
    record.save_case_notes(session.case_entry(world.case.id), {"risk_steps": "Police present"},
                           by=world.users["manager"])
    assert [e.risk_steps for e in queries.agreed_risk_steps(world.case.id)] == ["Police present"]
