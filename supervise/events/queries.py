"""Reading the case event log."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from supervise.events.models import CaseEvent, ChildSighting
from supervise.extensions import db


def latest_events(case_id: int, limit: int = 10) -> list[CaseEvent]:
    """The most recent events on a case, newest first."""
    query = (
        sa.select(CaseEvent)
        .where(CaseEvent.case_id == case_id)
        .options(selectinload(CaseEvent.recorded_by), selectinload(CaseEvent.source_agency))
        .order_by(CaseEvent.occurred_at.desc(), CaseEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


def last_sightings(case_id: int) -> dict[int, dict[str, datetime | None]]:
    """For each child of a case who has been seen: when last seen, and when last seen alone."""
    rows = db.session.execute(
        sa.select(
            ChildSighting.person_id,
            sa.func.max(ChildSighting.seen_at),
            sa.func.max(sa.case((ChildSighting.seen_alone, ChildSighting.seen_at))),
        ).where(ChildSighting.case_id == case_id).group_by(ChildSighting.person_id))
    return {person_id: {"seen": seen, "seen_alone": alone} for person_id, seen, alone in rows}
