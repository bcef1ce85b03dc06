"""Reading the case event log."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from supervise.events.models import CaseEvent
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
