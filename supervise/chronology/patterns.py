"""The patterns the guidance warns about, shown at the top of the chronology and on the case
page: two queries, however much the case holds.

- appointments missed or cancelled, and visits with no access, in the last 90 days: the parent
  who "does just enough to keep practitioners away"
  (``lancs:recognising-and-making-sense-of-lack-of-cooperation``);
- how long since each child was last seen, and last seen alone (``gwent:2.3``);
- school absence and health non-engagement (``lancs:isolation-of-a-child-or-young-person``);
- breaches of written agreements in the last 90 days (``gwent:2.4``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from supervise import clock
from supervise.cases.models import Case, PersonKind
from supervise.events.models import CaseEvent
from supervise.events.queries import last_sightings
from supervise.extensions import db

WINDOW = timedelta(days=90)
MISSED = ("missed_appointment", "cancelled_appointment", "no_access_visit")
ISOLATION = ("school_absence", "health_non_engagement")
BREACHES = ("breach",)
# Two missed or cancelled contacts in the window is already a pattern, not a one-off.
REPEATED_MISSED = 2
# A child not seen for longer than this is flagged; an agency may set CHILD_NOT_SEEN_DAYS.
NOT_SEEN_DAYS = 28


@dataclass(frozen=True)
class ChildSeen:
    """When a child was last seen, and last seen alone, in days before today."""

    person: Any
    seen: datetime | None
    seen_alone: datetime | None
    today: date

    @property
    def days_since_seen(self) -> int | None:
        return _days(self.seen, self.today)

    @property
    def days_since_seen_alone(self) -> int | None:
        return _days(self.seen_alone, self.today)

    def not_seen_for_too_long(self, limit: int) -> bool:
        return self.seen is None or (self.days_since_seen or 0) > limit


def _days(moment: datetime | None, today: date) -> int | None:
    return None if moment is None else (today - clock.to_uk(moment).date()).days


@dataclass(frozen=True)
class Patterns:
    counts: dict[str, int] = field(default_factory=dict)  # category → entries in the window
    children: list[ChildSeen] = field(default_factory=list)
    not_seen_limit: int = NOT_SEEN_DAYS

    def count(self, *categories: str) -> int:
        return sum(self.counts.get(c, 0) for c in categories)

    @property
    def missed(self) -> int:
        return self.count(*MISSED)

    @property
    def isolation(self) -> int:
        return self.count(*ISOLATION)

    @property
    def breaches(self) -> int:
        return self.count(*BREACHES)

    @property
    def repeated_missed(self) -> bool:
        return self.missed >= REPEATED_MISSED

    @property
    def children_not_seen(self) -> list[ChildSeen]:
        return [c for c in self.children if c.not_seen_for_too_long(self.not_seen_limit)]

    @property
    def children_never_seen_alone(self) -> list[ChildSeen]:
        return [c for c in self.children if c.seen_alone is None]

    @property
    def warnings(self) -> int:
        """How many of the patterns are showing, for a heading."""
        return sum([self.repeated_missed, bool(self.isolation), bool(self.breaches),
                    bool(self.children_not_seen), bool(self.children_never_seen_alone)])


def case_patterns(case: Case) -> Patterns:
    """The patterns on one case, as of now."""
    since = clock.now() - WINDOW
    counts = dict(db.session.execute(
        sa.select(CaseEvent.category, sa.func.count())
        .where(CaseEvent.case_id == case.id, CaseEvent.occurred_at >= since,
               CaseEvent.category.in_(MISSED + ISOLATION + BREACHES))
        .group_by(CaseEvent.category)).all())
    seen = last_sightings(case.id)
    today = clock.today()
    children = [ChildSeen(p, seen.get(p.id, {}).get("seen"), seen.get(p.id, {}).get("seen_alone"),
                          today)
                for p in case.people if p.kind is PersonKind.CHILD]
    limit = int(current_app.config.get("CHILD_NOT_SEEN_DAYS", NOT_SEEN_DAYS))
    return Patterns(counts={k: int(v) for k, v in counts.items()}, children=children,
                    not_seen_limit=limit)
