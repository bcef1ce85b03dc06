"""Reading the chronology: a case's entries, filtered and paged, each with what it was typed in
with (details, children, addenda) or where it was generated from. A fixed number of queries
however long the chronology is."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from supervise import clock
from supervise.accounts.models import Agency
from supervise.chronology.models import ChronologyAddendum, ManualEntry
from supervise.chronology.sources import link_for
from supervise.core.paging import Paging, clamp
from supervise.events.models import CaseEvent, ChildSighting
from supervise.extensions import db

PAGE_SIZE = 100


@dataclass(frozen=True)
class Filters:
    """What the timeline shows: a category, a date range (inclusive, UK dates) and the agency
    that recorded it; newest or oldest first."""

    category: str = ""
    date_from: date | None = None
    date_to: date | None = None
    agency_id: int | None = None
    newest_first: bool = True

    def where(self, case_id: int) -> list[Any]:
        clauses: list[Any] = [CaseEvent.case_id == case_id]
        if self.category:
            clauses.append(CaseEvent.category == self.category)
        if self.date_from:
            clauses.append(CaseEvent.occurred_at >= _start_of(self.date_from))
        if self.date_to:
            clauses.append(CaseEvent.occurred_at < _start_of(self.date_to + timedelta(days=1)))
        if self.agency_id:
            clauses.append(CaseEvent.source_agency_id == self.agency_id)
        return clauses


def _start_of(day: date) -> datetime:
    """Midnight in the UK at the start of ``day``, as stored (naive UTC)."""
    return clock.from_uk(datetime.combine(day, time(0, 0)))


@dataclass
class Entry:
    """One line of the chronology."""

    event: CaseEvent
    manual: ManualEntry | None = None
    addenda: list[ChronologyAddendum] = field(default_factory=list)
    seen: list[ChildSighting] = field(default_factory=list)

    @property
    def is_manual(self) -> bool:
        """Typed in by hand (corrected by addenda) rather than generated from a record."""
        return self.manual is not None

    @property
    def source(self) -> tuple[str, str | None] | None:
        return link_for(self.event)


@dataclass(kw_only=True)
class Page(Paging):
    entries: list[Entry]


def timeline(case_id: int, filters: Filters, page: int = 1, size: int = PAGE_SIZE) -> Page:
    """One page of a case's chronology, filtered."""
    where = filters.where(case_id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(CaseEvent).where(*where))
    page = clamp(page, total or 0, size)
    events = _events(where, filters.newest_first, limit=size, offset=(page - 1) * size)
    return Page(entries=with_details(events), total=total or 0, number=page, size=size)


def all_entries(case_id: int, filters: Filters) -> list[Entry]:
    """Every entry the filters select, for an export."""
    return with_details(_events(filters.where(case_id), filters.newest_first))


def _events(where: list[Any], newest_first: bool, limit: int | None = None,
            offset: int = 0) -> list[CaseEvent]:
    order = (CaseEvent.occurred_at.desc(), CaseEvent.id.desc()) if newest_first \
        else (CaseEvent.occurred_at, CaseEvent.id)
    query = (sa.select(CaseEvent).where(*where)
             .options(selectinload(CaseEvent.recorded_by), selectinload(CaseEvent.source_agency))
             .order_by(*order).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def with_details(events: list[CaseEvent]) -> list[Entry]:
    """Each event with its typed-in details, addenda and the children seen: three queries."""
    ids = [event.id for event in events]
    if not ids:
        return []
    manual = {m.event_id: m for m in db.session.scalars(
        sa.select(ManualEntry).where(ManualEntry.event_id.in_(ids)))}
    addenda: dict[int, list[ChronologyAddendum]] = defaultdict(list)
    for addendum in db.session.scalars(
            sa.select(ChronologyAddendum).where(ChronologyAddendum.event_id.in_(ids))
            .options(selectinload(ChronologyAddendum.recorded_by),
                     selectinload(ChronologyAddendum.source_agency))
            .order_by(ChronologyAddendum.recorded_at, ChronologyAddendum.id)):
        addenda[addendum.event_id].append(addendum)
    seen: dict[int, list[ChildSighting]] = defaultdict(list)
    for sighting in db.session.scalars(
            sa.select(ChildSighting).where(ChildSighting.source_type == CaseEvent.__tablename__,
                                           ChildSighting.source_id.in_(ids))):
        seen[sighting.source_id].append(sighting)  # type: ignore[index]
    return [Entry(e, manual.get(e.id), addenda[e.id], seen[e.id]) for e in events]


def source_agencies(case_id: int) -> list[Agency]:
    """The agencies that have recorded something on this case, for the filter."""
    return list(db.session.scalars(
        sa.select(Agency).where(Agency.id.in_(
            sa.select(CaseEvent.source_agency_id).where(CaseEvent.case_id == case_id)))
        .order_by(Agency.name)))

