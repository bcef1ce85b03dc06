"""The patterns on a case, counted against a clock the test controls."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from supervise.cases.models import PersonKind
from supervise.chronology.patterns import case_patterns
from supervise.events.operations import record_event
from tests.factories import make_person
from tests.incidents.factories import make_entry

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _on(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)


def test_missed_and_cancelled_appointments_count_only_in_the_last_90_days(world, db, frozen):
    by = world.users["hv"]
    make_entry(world.case, by, "missed_appointment", _on(10))
    make_entry(world.case, by, "cancelled_appointment", _on(89))
    make_entry(world.case, by, "missed_appointment", _on(91))
    record_event(world.case, "no_access_visit", "No answer at the door", by=by,
                 occurred_at=datetime(2026, 11, 1, 15))
    patterns = case_patterns(world.case)
    assert patterns.count("missed_appointment") == 1
    assert patterns.count("cancelled_appointment") == 1
    assert patterns.missed == 3 and patterns.repeated_missed


def test_an_old_appointment_drops_out_of_the_count_as_time_passes(world, db, frozen):
    make_entry(world.case, world.users["hv"], "missed_appointment", _on(85))
    make_entry(world.case, world.users["hv"], "missed_appointment", _on(5))
    assert case_patterns(world.case).missed == 2
    frozen.move_to(NOW + timedelta(days=6))
    patterns = case_patterns(world.case)
    assert patterns.missed == 1 and not patterns.repeated_missed


def test_one_missed_appointment_is_not_yet_a_pattern(world, db, frozen):
    make_entry(world.case, world.users["hv"], "missed_appointment", _on(3))
    patterns = case_patterns(world.case)
    assert patterns.missed == 1 and not patterns.repeated_missed


def test_school_absence_and_health_non_engagement_are_counted(world, db, frozen):
    make_entry(world.case, world.users["hv"], "school_absence", _on(20))
    make_entry(world.case, world.users["hv"], "health_non_engagement", _on(40))
    make_entry(world.case, world.users["hv"], "health_non_engagement", _on(120))
    patterns = case_patterns(world.case)
    assert patterns.isolation == 2
    assert patterns.count("school_absence") == 1


def test_breaches_in_the_last_90_days_are_counted(world, db, frozen):
    for day in (2, 60, 100):
        record_event(world.case, "breach", "Breach of clause 2", by=world.users["practitioner"],
                     occurred_at=datetime.combine(_on(day), datetime.min.time()))
    assert case_patterns(world.case).breaches == 2


def test_days_since_each_child_was_last_seen_and_seen_alone(world, db, frozen):
    zara = next(p for p in world.case.people if p.given_name == "Zara")
    sam = make_person(world.case, world.users["practitioner"], given_name="Sam")
    make_entry(world.case, world.users["hv"], "child_seen", _on(40), seen_alone_ids=[zara.id])
    make_entry(world.case, world.users["hv"], "child_seen", _on(12), seen_ids=[zara.id])
    patterns = case_patterns(world.case)
    by_name = {c.person.given_name: c for c in patterns.children}
    assert by_name["Zara"].days_since_seen == 12
    assert by_name["Zara"].days_since_seen_alone == 40
    assert by_name["Sam"].seen is None and by_name["Sam"].days_since_seen is None
    assert [c.person for c in patterns.children_not_seen] == [sam]
    assert [c.person for c in patterns.children_never_seen_alone] == [sam]


def test_a_child_not_seen_for_more_than_28_days_is_flagged(world, db, frozen):
    zara = next(p for p in world.case.people if p.given_name == "Zara")
    make_entry(world.case, world.users["hv"], "child_seen", _on(28), seen_alone_ids=[zara.id])
    assert case_patterns(world.case).children_not_seen == []
    frozen.move_to(NOW + timedelta(days=1))
    assert [c.person for c in case_patterns(world.case).children_not_seen] == [zara]


def test_unborn_children_and_adults_are_not_in_the_sightings(world, db, frozen):
    make_person(world.case, world.users["practitioner"], PersonKind.UNBORN, given_name="Baby")
    names = [c.person.given_name for c in case_patterns(world.case).children]
    assert names == ["Zara"]


def test_the_limit_for_not_seen_is_configurable(world, db, frozen, app):
    zara = next(p for p in world.case.people if p.given_name == "Zara")
    make_entry(world.case, world.users["hv"], "child_seen", _on(10), seen_alone_ids=[zara.id])
    app.config["CHILD_NOT_SEEN_DAYS"] = 7
    try:
        assert case_patterns(world.case).children_not_seen[0].person == zara
    finally:
        del app.config["CHILD_NOT_SEEN_DAYS"]


def test_warnings_count_the_patterns_showing(world, db, frozen):
    zara = next(p for p in world.case.people if p.given_name == "Zara")
    make_entry(world.case, world.users["hv"], "child_seen", _on(1), seen_alone_ids=[zara.id])
    assert case_patterns(world.case).warnings == 0
    make_entry(world.case, world.users["hv"], "school_absence", _on(1))
    assert case_patterns(world.case).warnings == 1
