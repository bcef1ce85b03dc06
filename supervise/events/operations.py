"""Writing to the case event log. Every feature calls ``record_event``; nothing else inserts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from supervise import clock
from supervise.accounts.models import User
from supervise.events.categories import is_known
from supervise.events.models import CaseEvent, ChildSighting
from supervise.extensions import db


def record_event(
    case: Any,
    category: str,
    summary: str,
    *,
    by: User | None,
    occurred_at: datetime | None = None,
    source: Any = None,
    reported_by: str = "",
) -> CaseEvent:
    """Record that something happened on ``case``, linked to the record it came from."""
    if not is_known(category):
        raise ValueError(f"unknown case event category {category!r}")
    event = CaseEvent(
        case_id=case.id,
        category=category,
        summary=summary[:500],
        occurred_at=occurred_at or clock.now(),
        recorded_at=clock.now(),
        recorded_by_id=by.id if by else None,
        source_agency_id=by.agency_id if by else None,
        reported_by=reported_by,
        source_type=source.__tablename__ if source is not None else None,
        source_id=source.id if source is not None else None,
    )
    db.session.add(event)
    db.session.flush()
    return event


def record_sighting(person: Any, seen_at: datetime, *, alone: bool, by: User | None,
                    source: Any = None) -> ChildSighting:
    """Record that a child was seen, and whether they were seen alone."""
    if not person.is_child:
        raise ValueError("only a child's sightings are recorded")
    sighting = ChildSighting(
        case_id=person.case_id, person_id=person.id, seen_at=seen_at, seen_alone=alone,
        recorded_at=clock.now(), recorded_by_id=by.id if by else None,
        source_agency_id=by.agency_id if by else None,
        source_type=source.__tablename__ if source is not None else None,
        source_id=source.id if source is not None else None,
    )
    db.session.add(sighting)
    db.session.flush()
    return sighting
