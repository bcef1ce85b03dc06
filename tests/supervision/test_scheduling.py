"""Cadence and overdue, scheduling, cancelling with a reason and re-arranging, starting, and the
practitioner's choice of cases."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from supervise import clock
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.notifications.models import Notification
from supervise.supervision import queries, scheduling
from supervise.supervision.models import SessionStatus
from supervise.supervision.status import statuses, supervisees
from tests.factories import make_case
from tests.supervision.factories import answer, held_session, make_session, sign_by_both

START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def _status(user):
    return statuses([user])[0]


def test_only_the_line_manager_sets_the_cadence(world):
    practitioner = world.users["practitioner"]
    with pytest.raises(NotAllowed):
        scheduling.set_cadence(practitioner, 4, clock.today(), by=world.users["manager2"])
    cadence = scheduling.set_cadence(practitioner, 4, clock.today(), by=world.users["manager"])
    assert cadence.every_weeks == 4
    scheduling.set_cadence(practitioner, 2, clock.today(), by=world.users["manager"])
    assert queries.cadence_for(practitioner.id).every_weeks == 2


def test_a_cadence_outside_one_to_twenty_six_weeks_is_refused(world):
    with pytest.raises(DomainError) as refused:
        scheduling.set_cadence(world.users["practitioner"], 30, clock.today(),
                               by=world.users["manager"])
    assert refused.value.field == "every_weeks"


def test_a_practitioner_is_overdue_once_their_last_held_session_is_older_than_the_cadence(world):
    practitioner, manager = world.users["practitioner"], world.users["manager"]
    with time_machine.travel(START, tick=False):
        scheduling.set_cadence(practitioner, 4, date(2027, 1, 1), by=manager)
        session = held_session(world)
        sign_by_both(session)
        assert not _status(practitioner).is_overdue
    with time_machine.travel(START + timedelta(weeks=4), tick=False):
        assert not _status(practitioner).is_overdue
        assert _status(practitioner).due_on == date(2027, 3, 29)
    with time_machine.travel(START + timedelta(weeks=4, days=1), tick=False):
        assert _status(practitioner).is_overdue


def test_without_a_held_session_the_cadence_counts_from_its_start(world):
    practitioner, manager = world.users["practitioner"], world.users["manager"]
    with time_machine.travel(START, tick=False):
        scheduling.set_cadence(practitioner, 2, date(2027, 2, 1), by=manager)
        assert _status(practitioner).is_overdue  # due 15 February, nothing held


def test_a_session_booked_in_time_means_nothing_is_due_soon(world):
    practitioner, manager = world.users["practitioner"], world.users["manager"]
    with time_machine.travel(START, tick=False):
        scheduling.set_cadence(practitioner, 1, date(2027, 2, 26), by=manager)
        assert _status(practitioner).is_due_soon
        make_session(practitioner, manager, when=clock.now() + timedelta(days=2))
        status = _status(practitioner)
        assert not status.is_due_soon and not status.needs_attention


def test_cancelling_needs_a_reason(world):
    session = make_session(world.users["practitioner"], world.users["manager"])
    with pytest.raises(DomainError):
        scheduling.cancel_session(session, "  ", by=world.users["manager"])
    assert session.status is SessionStatus.SCHEDULED


def test_a_cancelled_session_is_flagged_until_a_new_date_is_set(world, db):
    practitioner, manager = world.users["practitioner"], world.users["manager"]
    session = make_session(practitioner, manager)
    scheduling.cancel_session(session, "Manager off sick", by=practitioner)
    assert session.needs_rearranging
    assert _status(practitioner).waiting == [session]
    told = db.session.scalars(sa.select(Notification).where(
        Notification.user_id == manager.id, Notification.kind == "supervision_cancelled")).all()
    assert told and "Manager off sick" in told[0].message

    new = make_session(practitioner, manager, when=clock.now() + timedelta(days=3))
    assert session.rearranged_as_id == new.id
    assert not session.needs_rearranging
    assert _status(practitioner).waiting == []


def test_only_a_scheduled_session_can_be_cancelled_or_started(world):
    session = held_session(world)
    with pytest.raises(IllegalTransition):
        scheduling.cancel_session(session, "Too late", by=world.users["manager"])
    with pytest.raises(IllegalTransition):
        scheduling.start_session(session, by=world.users["manager"])


def test_only_the_line_manager_starts_a_session(world):
    session = make_session(world.users["practitioner"], world.users["manager"])
    with pytest.raises(NotAllowed):
        scheduling.start_session(session, by=world.users["practitioner"])
    scheduling.start_session(session, by=world.users["manager"])
    assert session.status is SessionStatus.HELD and session.held_at is not None


def test_a_session_cannot_be_booked_in_the_past_or_by_another_manager(world):
    practitioner = world.users["practitioner"]
    with pytest.raises(DomainError):
        scheduling.schedule_session(practitioner, clock.now() - timedelta(hours=1),
                                    by=world.users["manager"])
    with pytest.raises(NotAllowed):
        scheduling.schedule_session(practitioner, clock.now() + timedelta(days=1),
                                    by=world.users["manager2"])


def test_booking_tells_the_practitioner(world, db):
    make_session(world.users["practitioner"], world.users["manager"])
    kinds = db.session.scalars(sa.select(Notification.kind).where(
        Notification.user_id == world.users["practitioner"].id))
    assert "supervision_scheduled" in list(kinds)


def test_cases_to_discuss_are_the_practitioners_own_cases(world):
    practitioner, manager = world.users["practitioner"], world.users["manager"]
    session = make_session(practitioner, manager)
    elsewhere = make_case(world.users["outsider"], "Elsewhere family")
    with pytest.raises(DomainError):
        scheduling.choose_cases(session, [elsewhere], by=practitioner)
    scheduling.choose_cases(session, [world.case], by=practitioner)
    assert [e.case_id for e in session.cases] == [world.case.id]


def test_a_case_with_answers_stays_on_the_list(world):
    practitioner = world.users["practitioner"]
    session = make_session(practitioner, world.users["manager"], cases=[world.case])
    answer(session, "colluding-relieved-no-answer", practitioner, case=world.case, value="yes")
    with pytest.raises(DomainError, match="stays on the list"):
        scheduling.choose_cases(session, [], by=practitioner)


def test_a_case_with_nothing_recorded_can_be_taken_off_the_list(world):
    practitioner = world.users["practitioner"]
    session = make_session(practitioner, world.users["manager"], cases=[world.case])
    scheduling.choose_cases(session, [], by=practitioner)
    assert session.cases == []


def test_preparing_tells_the_manager(world, db):
    session = make_session(world.users["practitioner"], world.users["manager"])
    scheduling.mark_prepared(session, by=world.users["practitioner"])
    assert session.prepared_at is not None
    assert db.session.scalar(sa.select(Notification).where(
        Notification.user_id == world.users["manager"].id,
        Notification.kind == "supervision_prepared")) is not None
    with pytest.raises(NotAllowed):
        scheduling.mark_prepared(session, by=world.users["manager"])


def test_nobody_outside_the_supervision_may_change_it(world):
    session = make_session(world.users["practitioner"], world.users["manager"])
    for outsider in ("hv", "outsider", "manager2"):
        with pytest.raises(NotAllowed):
            scheduling.cancel_session(session, "Not mine", by=world.users[outsider])


def _statements_for_team_overview(db, manager) -> int:
    """How many SQL statements the team overview runs, from cold."""
    db.session.flush()
    db.session.expire_all()
    statements: list[str] = []

    def count(*args, **kwargs):
        statements.append(args[2])

    bind = db.session.get_bind()
    sa.event.listen(bind, "before_cursor_execute", count)
    try:
        statuses(supervisees(manager))
    finally:
        sa.event.remove(bind, "before_cursor_execute", count)
    return len(statements)


def test_the_team_overview_takes_the_same_number_of_queries_for_more_people(world, db):
    from tests.factories import make_user

    manager = world.users["manager"]
    before = _statements_for_team_overview(db, manager)
    for _ in range(3):
        make_user(world.agencies["childrens"], world.teams["north"])
    assert _statements_for_team_overview(db, manager) == before
