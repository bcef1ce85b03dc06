"""Whose supervision needs attention: due, overdue, or cancelled and not re-arranged
(``gwent:6.2``). A constant number of queries however many people a manager has."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from supervise import clock
from supervise.accounts.models import User
from supervise.core.request_cache import per_request
from supervise.extensions import db
from supervise.supervision.models import SessionStatus, SupervisionCadence, SupervisionSession
from supervise.supervision.queries import HELD

DUE_SOON_DAYS = 7


@dataclass
class SupervisionStatus:
    """Where one practitioner's supervision stands."""

    practitioner: User
    cadence: SupervisionCadence | None
    last_held: datetime | None
    next_session: SupervisionSession | None  # the next one booked, or one not yet signed
    waiting: list[SupervisionSession] = field(default_factory=list)
    today: date = field(default_factory=clock.today)

    @property
    def due_on(self) -> date | None:
        if self.cadence is None:
            return None
        return self.cadence.due_on(clock.to_uk(self.last_held).date() if self.last_held else None)

    @property
    def is_overdue(self) -> bool:
        """The last held session is older than the cadence allows."""
        due = self.due_on
        return due is not None and due < self.today

    @property
    def is_due_soon(self) -> bool:
        """Due within a week with nothing booked before then."""
        due = self.due_on
        if due is None or self.is_overdue or due > self.today + timedelta(days=DUE_SOON_DAYS):
            return False
        booked = self.next_session
        return booked is None or clock.to_uk(booked.scheduled_for).date() > due

    @property
    def needs_attention(self) -> bool:
        return self.is_overdue or self.is_due_soon or bool(self.waiting) or self.cadence is None


def statuses(practitioners: list[User]) -> list[SupervisionStatus]:
    """Each practitioner's supervision status, in a constant number of queries."""
    ids = [p.id for p in practitioners]
    if not ids:
        return []
    cadences = {c.practitioner_id: c for c in db.session.scalars(
        sa.select(SupervisionCadence).where(SupervisionCadence.practitioner_id.in_(ids)))}
    held = dict(db.session.execute(
        sa.select(SupervisionSession.practitioner_id, sa.func.max(SupervisionSession.held_at))
        .where(SupervisionSession.practitioner_id.in_(ids),
               SupervisionSession.status.in_(HELD))
        .group_by(SupervisionSession.practitioner_id)).all())
    upcoming: dict[int, SupervisionSession] = {}
    waiting: dict[int, list[SupervisionSession]] = defaultdict(list)
    for session in db.session.scalars(
            sa.select(SupervisionSession).where(
                SupervisionSession.practitioner_id.in_(ids),
                sa.or_(SupervisionSession.status.in_([SessionStatus.SCHEDULED,
                                                      SessionStatus.HELD]),
                       sa.and_(SupervisionSession.status == SessionStatus.CANCELLED,
                               SupervisionSession.rearranged_as_id.is_(None))))
            .order_by(SupervisionSession.scheduled_for)):
        if session.status is SessionStatus.CANCELLED:
            waiting[session.practitioner_id].append(session)
        else:
            upcoming.setdefault(session.practitioner_id, session)
    today = clock.today()
    return [SupervisionStatus(p, cadences.get(p.id), held.get(p.id), upcoming.get(p.id),
                              waiting.get(p.id, []), today) for p in practitioners]


@per_request
def mine_and_my_team(user: User) -> tuple[SupervisionStatus, list[SupervisionStatus]]:
    """``user``'s own supervision status and those of the people they supervise, read
    together (the dashboard shows both): three queries for the lot."""
    team = supervisees(user)
    everyone = statuses([user, *team])
    return everyone[0], everyone[1:]


def supervisees(manager: User) -> list[User]:
    """The active people in the teams ``manager`` line-manages, by name."""
    return [person for person in manager.managed_people if person.active and person.works_cases]
