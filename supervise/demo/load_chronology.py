"""Load-test chronologies (``supervise/demo/load.py``): the events every other record queued,
and entries typed in by hand — with their details, the children they concern, a few addenda and
the sightings of children they record."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from supervise.chronology.models import ChronologyAddendum, ManualEntry
from supervise.demo.load import Org, insert_ids, insert_rows
from supervise.demo.load_cases import Spec, event
from supervise.events.models import CaseEvent, ChildSighting

TYPED = (  # category, summary, reported by
    ("school_absence", "Absent from school all week; no explanation", "Larchfield Primary"),
    ("missed_appointment", "Missed the baby's weight check", "Health visiting"),
    ("health_non_engagement", "Did not attend the dental appointment", "Community dental"),
    ("disclosure", "Told a teacher that dad shouts at night", "Northtown Academy"),
    ("injury", "Bruise on the left forearm, explained as a fall", "Larchfield Primary"),
    ("hospital", "Attended A&E with a burn to the hand", "Northtown General"),
    ("child_seen", "Seen at the clinic with mother", "Health visiting"),
    ("other", "Neighbour reported shouting late at night", "Anonymous caller"),
)


def seed(org: Org, specs: list[Spec]) -> dict[str, int]:
    typed = _typed_entries(org, specs)
    generated = [row for spec in specs for row in spec.events]
    insert_rows(CaseEvent, generated)
    return {"case_events": len(generated) + typed}


def _typed_entries(org: Org, specs: list[Spec]) -> int:
    """Entries typed in by hand: the event, its details, addenda and sightings."""
    rows, owners, extras = [], [], []
    for spec in specs:
        for _ in range(spec.rng.randint(3, 12)):
            category, summary, reporter = spec.rng.choice(TYPED)
            by = spec.rng.choice(spec.team)[0]
            children = spec.rng.sample(spec.children, min(len(spec.children), 2))
            before = len(spec.events)
            event(org, spec, category, summary, spec.moment(), by, reported_by=reporter)
            rows.append(spec.events.pop(before))
            owners.append(spec)
            extras.append((children, spec.rng.random() < 0.1, spec.rng.random() < 0.3))
    ids = insert_ids(CaseEvent, rows)
    details, addenda, sightings = [], [], []
    for row, spec, extra, event_id in zip(rows, owners, extras, ids, strict=True):
        children, corrected, alone = extra
        details.append({"event_id": event_id, "case_id": spec.case_id,
                        "details": f"{row['summary']}. Discussed with the family.",
                        "child_ids": [pid for pid, _ in children]})
        if corrected:
            addenda.append(_addendum(row, event_id))
        if row["category"] == "child_seen":
            sightings.extend(_sightings(row, event_id, children, alone))
    insert_rows(ManualEntry, details)
    insert_rows(ChronologyAddendum, addenda)
    insert_rows(ChildSighting, sightings)
    return len(ids)


def _addendum(row: dict[str, Any], event_id: int) -> dict[str, Any]:
    return {"event_id": event_id, "case_id": row["case_id"],
            "text": "Correction: the date was the day before.",
            "recorded_at": row["recorded_at"] + timedelta(days=1),
            "recorded_by_id": row["recorded_by_id"], "source_agency_id": row["source_agency_id"]}


def _sightings(row: dict[str, Any], event_id: int, children: list[tuple[int, str]],
               alone: bool) -> list[dict[str, Any]]:
    return [{"case_id": row["case_id"], "person_id": person_id, "seen_at": row["occurred_at"],
             "seen_alone": alone, "recorded_at": row["recorded_at"],
             "recorded_by_id": row["recorded_by_id"],
             "source_agency_id": row["source_agency_id"], "source_type": "case_events",
             "source_id": event_id} for person_id, _ in children]
