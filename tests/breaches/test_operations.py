"""Breaches: only of a signed agreement's own terms, a follow-up due in working days, open until
followed up, flagged when overdue, and escalated when they repeat."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine

from supervise import clock
from supervise.breaches import operations
from supervise.breaches.models import BreachSource
from supervise.core.concurrency import StaleRecord
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.events.models import CaseEvent
from supervise.extensions import db
from supervise.notifications.models import Notification
from tests.agreements.factories import make_issued, make_signed

THURSDAY = datetime(2026, 11, 19, 10, 0)


def _breach(world, agreement, *, days_ago: int = 0, clause=None, by: str = "practitioner"):
    return operations.record_breach(agreement, clause or agreement.behaviours[0], {
        "occurred_on": clock.today() - timedelta(days=days_ago),
        "what_happened": "Swore at the health visitor on the doorstep",
        "source": BreachSource.OBSERVED, "reported_by": ""}, by=world.users[by])


def _follow_up(**values):
    return {"action_taken": "Met the family", "manager_advice_sought": False,
            "manager_advice": "", "legal_advice_sought": False, "legal_advice": "",
            "outcome": "Apologised", **values}


def test_a_breach_is_recorded_against_one_term_and_is_open(world):
    agreement = make_signed(world)
    breach = _breach(world, agreement)
    assert breach.is_open and breach.clause.reference == "Behaviour 1"
    event = db.session.query(CaseEvent).filter_by(source_type="breaches").one()
    assert event.category == "breach" and "Behaviour 1" in event.summary
    told = {n.user_id for n in db.session.query(Notification).filter_by(kind="breach_recorded")}
    assert told == {world.users["practitioner"].id, world.users["manager"].id}


def test_only_a_signed_agreement_can_be_breached(world):
    agreement = make_issued(world)
    with pytest.raises(IllegalTransition):
        _breach(world, agreement)


def test_the_term_must_belong_to_the_agreement(world):
    agreement = make_signed(world)
    other = make_signed(world)
    with pytest.raises(DomainError) as refused:
        _breach(world, agreement, clause=other.behaviours[0])
    assert refused.value.field == "clause_id"


def test_a_breach_cannot_predate_the_signature_or_be_in_the_future(world):
    agreement = make_signed(world)
    for days_ago in (1, -1):
        with pytest.raises(DomainError) as refused:
            _breach(world, agreement, days_ago=days_ago)
        assert refused.value.field == "occurred_on"


def test_the_follow_up_is_due_five_working_days_after_it_is_recorded(world):
    with time_machine.travel(THURSDAY, tick=False):
        breach = _breach(world, make_signed(world))
    assert breach.follow_up_due == date(2026, 11, 26)  # Thursday → the next Thursday


def test_the_working_days_allowed_for_a_follow_up_are_configurable(world, app):
    app.config["BREACH_FOLLOW_UP_WORKING_DAYS"] = 2
    try:
        with time_machine.travel(THURSDAY, tick=False):
            breach = _breach(world, make_signed(world))
    finally:
        app.config["BREACH_FOLLOW_UP_WORKING_DAYS"] = 5
    assert breach.follow_up_due == date(2026, 11, 23)  # Thursday → Monday


def test_an_open_breach_is_overdue_only_after_its_due_date(world):
    with time_machine.travel(THURSDAY, tick=False):
        breach = _breach(world, make_signed(world))
    with time_machine.travel(datetime(2026, 11, 26, 17), tick=False):
        assert not breach.is_overdue()
    with time_machine.travel(datetime(2026, 11, 27, 9), tick=False):
        assert breach.is_overdue()


def test_a_follow_up_closes_the_breach_and_is_in_the_event_log(world):
    breach = _breach(world, make_signed(world))
    operations.record_follow_up(breach, _follow_up(manager_advice_sought=True,
                                                    manager_advice="Joint visits only"),
                                by=world.users["practitioner"])
    assert not breach.is_open and not breach.is_overdue(clock.today() + timedelta(days=30))
    summaries = [e.summary for e in db.session.query(CaseEvent).filter_by(category="breach")]
    assert any("followed up (advice: line manager)" in s for s in summaries)


def test_advice_sought_must_say_what_it_was(world):
    breach = _breach(world, make_signed(world))
    with pytest.raises(DomainError) as refused:
        operations.record_follow_up(breach, _follow_up(legal_advice_sought=True),
                                    by=world.users["practitioner"])
    assert refused.value.field == "legal_advice"


def test_a_breach_has_one_follow_up_which_can_be_changed_without_losing_updates(world):
    breach = _breach(world, make_signed(world))
    follow_up = operations.record_follow_up(breach, _follow_up(), by=world.users["practitioner"])
    with pytest.raises(IllegalTransition):
        operations.record_follow_up(breach, _follow_up(), by=world.users["practitioner"])
    seen = follow_up.version
    operations.update_follow_up(follow_up, _follow_up(legal_advice_sought=True,
                                                      legal_advice="Apply for an order"),
                                by=world.users["manager"], seen_version=seen)
    with pytest.raises(StaleRecord):
        operations.update_follow_up(follow_up, _follow_up(outcome="Mine"),
                                    by=world.users["practitioner"], seen_version=seen)


def test_repeated_breaches_within_the_window_are_escalated(world):
    agreement = make_signed(world)
    first, second = _breach(world, agreement), _breach(world, agreement)
    assert first.escalation is None and second.escalation is None
    third = _breach(world, agreement)
    escalation = third.escalation
    assert escalation is not None and not escalation.is_decided
    assert {b.id for b in escalation.breaches} == {first.id, second.id, third.id}
    assert (escalation.threshold, escalation.window_days) == (3, 90)
    assert db.session.query(Notification).filter_by(kind="breach_escalation").count() == 2


def test_breaches_outside_the_window_do_not_count(world, app):
    with time_machine.travel(THURSDAY - timedelta(days=100), tick=False):
        agreement = make_signed(world)
        _breach(world, agreement)
        _breach(world, agreement)
    with time_machine.travel(THURSDAY, tick=False):
        assert _breach(world, agreement).escalation is None


def test_the_threshold_and_window_are_configurable(world, app):
    app.config["BREACH_ESCALATION_THRESHOLD"] = 2
    try:
        agreement = make_signed(world)
        _breach(world, agreement)
        assert _breach(world, agreement).escalation is not None
    finally:
        app.config["BREACH_ESCALATION_THRESHOLD"] = 3


def test_a_breach_already_escalated_is_not_counted_again(world):
    agreement = make_signed(world)
    for _ in range(3):
        _breach(world, agreement)
    assert _breach(world, agreement).escalation is None


def test_a_line_manager_records_the_decision(world):
    agreement = make_signed(world)
    escalation = [_breach(world, agreement) for _ in range(3)][-1].escalation
    with pytest.raises(NotAllowed):
        operations.decide_escalation(escalation, ["legal-advice"], "",
                                     by=world.users["practitioner"])
    operations.decide_escalation(escalation, ["review-agreement", "legal-advice"],
                                 "Legal meeting on Friday", by=world.users["manager"])
    assert escalation.is_decided and escalation.decisions_version
    assert escalation.decision_labels == ["Review the written agreement with the family now",
                                          "Seek legal advice"]
    with pytest.raises(IllegalTransition):
        operations.decide_escalation(escalation, ["legal-advice"], "", by=world.users["manager"])


def test_deciding_not_to_escalate_needs_a_reason(world):
    agreement = make_signed(world)
    escalation = [_breach(world, agreement) for _ in range(3)][-1].escalation
    with pytest.raises(DomainError) as refused:
        operations.decide_escalation(escalation, ["no-escalation"], "",
                                     by=world.users["manager"])
    assert refused.value.field == "decision_notes"
    with pytest.raises(DomainError):
        operations.decide_escalation(escalation, ["made-up"], "x", by=world.users["manager"])
