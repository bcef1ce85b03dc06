"""Reading incidents and non-cooperation: a case's records, the incidents waiting for a line
manager's review, and each practitioner's load of hostile cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from supervise import clock
from supervise.accounts.models import User
from supervise.accounts.queries import managed_user_ids
from supervise.alerts.models import RiskAlert
from supervise.cases.models import Case, CaseStatus, CaseTeamMember
from supervise.core.paging import FirstRows
from supervise.core.request_cache import per_request
from supervise.extensions import db
from supervise.incidents.models import Incident, NonCooperationRecord

# "Recent" incidents for the load chart: the same window the chronology's patterns use.
RECENT = timedelta(days=90)


def incidents_for_case(case_id: int) -> list[Incident]:
    """A case's incidents, the latest first."""
    return list(db.session.scalars(
        sa.select(Incident).where(Incident.case_id == case_id)
        .options(selectinload(Incident.worker).selectinload(User.agency),
                 selectinload(Incident.recorded_by), selectinload(Incident.reviewed_by))
        .order_by(Incident.occurred_at.desc(), Incident.id.desc())))


def non_cooperation_for_case(case_id: int) -> list[NonCooperationRecord]:
    """A case's non-cooperation records, the latest first."""
    return list(db.session.scalars(
        sa.select(NonCooperationRecord).where(NonCooperationRecord.case_id == case_id)
        .options(selectinload(NonCooperationRecord.recorded_by))
        .order_by(NonCooperationRecord.observed_on.desc(), NonCooperationRecord.id.desc())))


def unreviewed_for_manager(manager: User, limit: int | None = None
                           ) -> FirstRows[tuple[Incident, Case]]:
    """Incidents not yet reviewed, towards (or recorded by) someone ``manager`` line-manages,
    the longest waiting first; and how many there are. Constant queries."""
    team = managed_user_ids(manager)
    where = (Incident.reviewed_at.is_(None),
             sa.or_(Incident.worker_id.in_(team), Incident.recorded_by_id.in_(team)))
    rows = db.session.execute(
        sa.select(Incident, Case, sa.func.count().over())  # the total, before the limit
        .join(Case, Case.id == Incident.case_id).where(*where)
        .options(selectinload(Incident.worker))
        .order_by(Incident.recorded_at, Incident.id).limit(limit)).all()
    return FirstRows.counted(rows, lambda incident, case: (incident, case))


@dataclass(frozen=True)
class Load:
    """One practitioner's cases: open, with an active risk alert, with a recent incident, and
    hostile (either)."""

    user: User
    open_cases: int
    with_alert: int
    with_incident: int
    hostile: int


@per_request
def team_case_counts(manager: User) -> dict[int, tuple[int, int, int, int]]:
    """For each person ``manager`` line-manages who is on an open case: how many open cases,
    how many with an active risk alert, with an incident in the last 90 days, and with
    either. One query, shared by the load chart and the team table."""
    member = aliased(CaseTeamMember)
    # Each case's two flags worked out once, then summed per person. ``OFFSET 0`` keeps
    # PostgreSQL from folding the subquery into the sums, which would run each EXISTS again
    # for every sum it appears in (four subplans instead of two: 10 ms instead of 5 for a team
    # of nine at N = 50,000).
    flags = (
        sa.select(
            member.user_id.label("user_id"),
            sa.exists().where(RiskAlert.case_id == member.case_id,
                              RiskAlert.removed_at.is_(None)).label("alert"),
            sa.exists().where(Incident.case_id == member.case_id,
                              Incident.occurred_at >= clock.now() - RECENT).label("incident"))
        .join(Case, Case.id == member.case_id)
        .where(member.user_id.in_(managed_user_ids(manager)), Case.status == CaseStatus.OPEN)
        .offset(0).subquery())

    def count(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.sum(sa.case((condition, 1), else_=0))

    rows = db.session.execute(
        sa.select(flags.c.user_id, sa.func.count(), count(flags.c.alert),
                  count(flags.c.incident), count(sa.or_(flags.c.alert, flags.c.incident)))
        .group_by(flags.c.user_id)).all()
    return {row[0]: tuple(int(n or 0) for n in row[1:]) for row in rows}


def hostile_load(manager: User) -> list[Load]:
    """For each active person ``manager`` line-manages, their load of hostile cases
    (``lancs:impact-on-workers-of-hostility-and-violence``: "some workers carry a
    disproportionate number of threatening families"). The team as the dashboard's other
    panels read it (``User.managed_people``) and one query for the counts, however many cases."""
    people = [person for person in manager.managed_people if person.active]
    if not people:
        return []
    counts = team_case_counts(manager)
    return [Load(p, *counts.get(p.id, (0, 0, 0, 0))) for p in people]
