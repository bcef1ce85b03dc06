"""Typed-in chronology entries, the children they record as seen, and the addendum rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from supervise.cases.models import PersonKind
from supervise.chronology import operations
from supervise.chronology.models import ChronologyAddendum, ManualEntry
from supervise.chronology.queries import with_details
from supervise.core.errors import DomainError, IllegalTransition
from supervise.events.models import CaseEvent, ChildSighting
from supervise.events.queries import last_sightings
from tests.factories import make_case, make_person
from tests.incidents.factories import make_entry, make_incident

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _child(world, name="Zara"):
    return next(p for p in world.case.people if p.given_name == name)


def test_a_typed_in_entry_is_dated_sourced_and_has_its_details(world, db):
    event = make_entry(world.case, world.users["hv"], "hospital", date(2026, 10, 3),
                       summary="Admitted overnight with a head injury",
                       details="Mother said he fell off the sofa.",
                       reported_by="Northtown General, paediatric ward",
                       child_ids=[_child(world).id])
    assert event.category == "hospital" and event.occurred_at == datetime(2026, 10, 3, 12)
    assert event.source_agency_id == world.users["hv"].agency_id
    assert event.reported_by == "Northtown General, paediatric ward"
    assert not event.is_generated
    entry = with_details([event])[0]
    assert entry.is_manual and entry.manual.details == "Mother said he fell off the sofa."
    assert entry.manual.child_ids == [_child(world).id]


def test_children_seen_are_recorded_as_sightings_linked_to_the_entry(world, db):
    sam = make_person(world.case, world.users["practitioner"], given_name="Sam")
    event = make_entry(world.case, world.users["hv"], "child_seen", date(2026, 11, 2),
                       seen_ids=[sam.id], seen_alone_ids=[_child(world).id])
    seen = last_sightings(world.case.id)
    assert seen[_child(world).id] == {"seen": event.occurred_at, "seen_alone": event.occurred_at}
    assert seen[sam.id] == {"seen": event.occurred_at, "seen_alone": None}
    sightings = db.session.scalars(sa.select(ChildSighting)).all()
    assert {(s.source_type, s.source_id) for s in sightings} == {("case_events", event.id)}


def test_an_unborn_child_cannot_be_seen(world, db):
    unborn = make_person(world.case, world.users["practitioner"], PersonKind.UNBORN,
                         given_name="Baby")
    with pytest.raises(DomainError) as refused:
        make_entry(world.case, world.users["hv"], "child_seen", seen_ids=[unborn.id])
    assert refused.value.field == "seen_ids"


def test_a_child_of_another_family_is_refused(world, db):
    other = make_case(world.users["practitioner"])
    stranger = make_person(other, world.users["practitioner"])
    with pytest.raises(DomainError):
        make_entry(world.case, world.users["hv"], "child_seen", seen_alone_ids=[stranger.id])


@pytest.mark.parametrize("category", ["incident", "breach", "risk_alert", "visit", "invented"])
def test_only_the_typed_in_categories_can_be_typed_in(world, db, category):
    with pytest.raises(DomainError) as refused:
        make_entry(world.case, world.users["hv"], category)
    assert refused.value.field == "category"


def test_an_entry_in_the_future_is_refused(world, db):
    with pytest.raises(DomainError) as refused:
        make_entry(world.case, world.users["hv"], occurred_on=date.today() + timedelta(days=2))
    assert refused.value.field == "occurred_on"


def test_an_addendum_is_dated_signed_and_leaves_the_entry_unchanged(world, db):
    with time_machine.travel(NOW, tick=False):
        event = make_entry(world.case, world.users["hv"], summary="Missed the clinic")
    with time_machine.travel(NOW + timedelta(days=2), tick=False):
        addendum = operations.add_addendum(world.case, event, "It was the dentist, not the "
                                           "clinic.", by=world.users["practitioner"])
    assert addendum.recorded_at == datetime(2026, 11, 22, 10, 0)
    assert addendum.recorded_by_id == world.users["practitioner"].id
    assert addendum.source_agency_id == world.users["practitioner"].agency_id
    db.session.expire_all()
    assert db.session.get(CaseEvent, event.id).summary == "Missed the clinic"
    assert [a.text for a in with_details([event])[0].addenda] == [
        "It was the dentist, not the clinic."]


def test_addenda_accumulate_in_the_order_they_were_written(world, db):
    event = make_entry(world.case, world.users["hv"])
    for text in ("First correction", "Second correction"):
        operations.add_addendum(world.case, event, text, by=world.users["hv"])
    assert [a.text for a in with_details([event])[0].addenda] == ["First correction",
                                                                  "Second correction"]


def test_a_generated_entry_takes_no_addendum(world, db):
    incident = make_incident(world.case, world.users["practitioner"])
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.source_id == incident.id,
                                                         CaseEvent.source_type == "incidents"))
    with pytest.raises(IllegalTransition):
        operations.add_addendum(world.case, event, "Correction", by=world.users["hv"])
    assert not db.session.scalars(sa.select(ChronologyAddendum)).all()


def test_an_event_the_foundation_wrote_without_a_source_takes_no_addendum(world, db):
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.category == "case_opened"))
    with pytest.raises(IllegalTransition):
        operations.add_addendum(world.case, event, "Correction", by=world.users["hv"])


def test_an_addendum_needs_text(world, db):
    event = make_entry(world.case, world.users["hv"])
    with pytest.raises(DomainError) as refused:
        operations.add_addendum(world.case, event, "", by=world.users["hv"])
    assert refused.value.field == "text"


def test_an_addendum_through_another_case_is_refused(world, db):
    event = make_entry(world.case, world.users["hv"])
    other = make_case(world.users["hv"])
    with pytest.raises(DomainError):
        operations.add_addendum(other, event, "Correction", by=world.users["hv"])


def test_each_typed_in_entry_has_one_details_row(world, db):
    make_entry(world.case, world.users["hv"])
    make_entry(world.case, world.users["hv"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ManualEntry)) == 2


def test_an_entry_can_concern_an_unborn_child(world, db):
    unborn = make_person(world.case, world.users["practitioner"], PersonKind.UNBORN,
                         given_name="Baby")
    event = make_entry(world.case, world.users["hv"], "hospital", child_ids=[unborn.id],
                       summary="Mother admitted with reduced movements")
    assert with_details([event])[0].manual.child_ids == [unborn.id]


def test_an_adult_is_not_a_child_the_entry_concerns(world, db):
    adult = next(p for p in world.case.people if p.kind is PersonKind.ADULT)
    with pytest.raises(DomainError) as refused:
        make_entry(world.case, world.users["hv"], child_ids=[adult.id])
    assert refused.value.field == "child_ids"
