"""Child sightings: when each child was last seen, and last seen alone."""

from __future__ import annotations

from datetime import datetime

import pytest

from supervise.cases.models import PersonKind
from supervise.events.operations import record_sighting
from supervise.events.queries import last_sightings
from tests.factories import make_person


def test_last_seen_and_last_seen_alone_per_child(world):
    case, by = world.case, world.users["hv"]
    zara = next(p for p in case.people if p.given_name == "Zara")
    sib = make_person(case, world.users["practitioner"], given_name="Sam")
    record_sighting(zara, datetime(2026, 10, 1, 10), alone=True, by=by)
    record_sighting(zara, datetime(2026, 11, 1, 10), alone=False, by=by)
    record_sighting(sib, datetime(2026, 9, 1, 10), alone=False, by=by)
    seen = last_sightings(case.id)
    assert seen[zara.id] == {"seen": datetime(2026, 11, 1, 10),
                             "seen_alone": datetime(2026, 10, 1, 10)}
    assert seen[sib.id] == {"seen": datetime(2026, 9, 1, 10), "seen_alone": None}


def test_only_children_are_sighted(world):
    adult = next(p for p in world.case.people if p.kind is PersonKind.ADULT)
    with pytest.raises(ValueError):
        record_sighting(adult, datetime(2026, 11, 1), alone=False, by=world.users["hv"])
