"""Reading visits: a case's visits, the overdue panel, today's visits, what waits for a manager,
and a practitioner's visit log. Every list loads in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from supervise import clock
from supervise.accounts.models import User
from supervise.accounts.queries import managed_user_ids
from supervise.cases.access import on_visible_case
from supervise.cases.models import Case
from supervise.core.paging import FirstRows
from supervise.extensions import db
from supervise.plans.models import ActionPlan, PlanStatus
from supervise.visits.models import (
    OverdueAlert,
    SafetyProfile,
    Visit,
    VisitEscalation,
    VisitStatus,
)


def _with_details(query: sa.Select) -> sa.Select:
    # Separate ``IN`` loads, not joins: PostgreSQL plans every statement for its values
    # (``database.POSTGRES_OPTIONS``), and planning a six-table outer join cost more (3.5 ms)
    # than running it; a list with no rows then costs one short statement. Only what the
    # lists show: the case's addresses are not among it (the plan holds the venue).
    return query.options(
        selectinload(Visit.case),
        selectinload(Visit.practitioner),
        selectinload(Visit.plan).selectinload(ActionPlan.joint_visitor),
        selectinload(Visit.escalations),
    )


def grace() -> timedelta:
    return timedelta(minutes=current_app.config["VISIT_OVERDUE_GRACE_MINUTES"])


@dataclass
class OverdueRow:
    visit: Visit
    level: str
    manages: bool  # the viewer line-manages the worker: may see their safety profile
    profile: SafetyProfile | None


def overdue_for(user: User, now: datetime | None = None) -> list[OverdueRow]:
    """Overdue visits the user made, joined, or whose worker they line-manage; red first."""
    now = now or clock.now()
    managed = managed_user_ids(user)
    joined = sa.select(ActionPlan.visit_id).where(ActionPlan.joint_visitor_id == user.id)
    query = _with_details(
        sa.select(Visit).where(
            Visit.status == VisitStatus.IN_PROGRESS, Visit.expected_return_at < now,
            sa.or_(Visit.practitioner_id == user.id, Visit.practitioner_id.in_(managed),
                   Visit.id.in_(joined)))
        .order_by(Visit.expected_return_at))
    visits = list(db.session.scalars(query).unique())
    managed_ids = {v.practitioner_id for v in visits if user.line_manages(v.practitioner)}
    profiles = _profiles(managed_ids)
    rows = [OverdueRow(v, v.overdue_level(grace(), now) or "amber",
                       v.practitioner_id in managed_ids, profiles.get(v.practitioner_id))
            for v in visits]
    return sorted(rows, key=lambda r: (r.visit.is_resolved, r.level != "red"))


def _profiles(user_ids: set[int]) -> dict[int, SafetyProfile]:
    if not user_ids:
        return {}
    return {p.user_id: p for p in db.session.scalars(
        sa.select(SafetyProfile).where(SafetyProfile.user_id.in_(user_ids)))}


def visits_for_case(case_id: int) -> list[Visit]:
    """Every visit on a case, the next or latest first."""
    query = _with_details(sa.select(Visit).join(ActionPlan, ActionPlan.visit_id == Visit.id)
                          .where(Visit.case_id == case_id)
                          .order_by(ActionPlan.planned_start.desc()))
    return list(db.session.scalars(query).unique())


def today_for(user: User) -> list[Visit]:
    """The user's visits planned for today (UK) or still in progress, with their state."""
    start = clock.from_uk(datetime.combine(clock.today(), datetime.min.time()))
    end = start + timedelta(days=1)
    # Four index lookups in one UNION — mine or joined, planned today or under way — rather
    # than every visit the user ever made or joined, filtered (bench/RESULTS.md).
    today = sa.and_(ActionPlan.planned_start >= start, ActionPlan.planned_start < end)
    under_way = Visit.status == VisitStatus.IN_PROGRESS
    mine = Visit.practitioner_id == user.id
    joined = ActionPlan.joint_visitor_id == user.id
    theirs = sa.union(
        *(sa.select(Visit.id).join(ActionPlan, ActionPlan.visit_id == Visit.id).where(who, when)
          for who in (mine, joined) for when in (today, under_way)))
    query = _with_details(
        sa.select(Visit).join(ActionPlan, ActionPlan.visit_id == Visit.id)
        .where(Visit.id.in_(theirs))
        .order_by(ActionPlan.planned_start))
    return list(db.session.scalars(query).unique())


@dataclass(frozen=True)
class PlanToSignOff:
    """A submitted plan as the line manager's dashboard lists it."""

    id: int
    case_id: int
    case_reference: str
    author_name: str
    planned_start: datetime


@dataclass(frozen=True)
class WaitingForManager:
    """What waits for a line manager: plans to sign off (the first ``limit``, soonest visit
    first, and how many in all) and visits with a signed-off plan to approve."""

    plans: FirstRows[PlanToSignOff]
    visits: list[Visit]


def waiting_for_manager(user: User, limit: int | None = None) -> WaitingForManager:
    """Plans to sign off (the columns the list shows: a team can have dozens waiting), and
    visits with a signed-off plan to approve, of people ``user`` line-manages."""
    managed = managed_user_ids(user)
    rows = db.session.execute(
        sa.select(ActionPlan.id, ActionPlan.case_id, Case.reference, User.name,
                  ActionPlan.planned_start, sa.func.count().over())
        .join(User, User.id == ActionPlan.author_id).join(Case, Case.id == ActionPlan.case_id)
        .where(ActionPlan.status == PlanStatus.SUBMITTED, ActionPlan.author_id.in_(managed))
        .order_by(ActionPlan.planned_start, ActionPlan.id).limit(limit)).all()
    visits = list(db.session.scalars(_with_details(
        sa.select(Visit).join(ActionPlan, ActionPlan.visit_id == Visit.id)
        .where(Visit.status == VisitStatus.PLANNED, ActionPlan.status == PlanStatus.SIGNED_OFF,
               Visit.practitioner_id.in_(managed))
        .order_by(ActionPlan.planned_start))).unique())
    return WaitingForManager(FirstRows.counted(rows, PlanToSignOff), visits)


def my_open_plans(user: User) -> list[ActionPlan]:
    """The user's plans that need them: returned with comments, or drafts not yet submitted."""
    return list(db.session.scalars(
        sa.select(ActionPlan).join(Visit, Visit.id == ActionPlan.visit_id)
        .where(ActionPlan.author_id == user.id,
               ActionPlan.status.in_([PlanStatus.RETURNED, PlanStatus.DRAFT]),
               Visit.status == VisitStatus.PLANNED)
        .options(contains_eager(ActionPlan.visit).joinedload(Visit.case, innerjoin=True))
        .order_by(ActionPlan.status.desc(), ActionPlan.planned_start)
        .limit(50)).unique())


def visit_log(user_id: int, start: datetime, end: datetime, *,
              visible_to: User | None = None) -> list[Visit]:
    """A practitioner's visits planned between ``start`` and ``end`` (naive UTC), with their
    approval, check-in and check-out times, escalations and overdue alerts sent — for a
    manager auditing visit records (``gwent:4.1``: records of visits which did not take
    place). With ``visible_to``, only visits on cases that user may see."""
    query = _with_details(
        _visit_log_query(sa.select(Visit), user_id, start, end, visible_to)
        .options(joinedload(Visit.approved_by),
                 selectinload(Visit.escalations).joinedload(VisitEscalation.recorded_by))
        .order_by(ActionPlan.planned_start))
    return list(db.session.scalars(query).unique())


def visit_log_count(user_id: int, start: datetime, end: datetime) -> int:
    """How many visits the practitioner's log holds in the range, whoever may see them."""
    return db.session.scalar(
        _visit_log_query(sa.select(sa.func.count(Visit.id)), user_id, start, end, None)) or 0


def _visit_log_query(select: sa.Select, user_id: int, start: datetime, end: datetime,
                     visible_to: User | None) -> sa.Select:
    query = (select.join(ActionPlan, ActionPlan.visit_id == Visit.id)
             .where(Visit.practitioner_id == user_id, ActionPlan.planned_start >= start,
                    ActionPlan.planned_start < end))
    if visible_to is not None:
        query = query.where(on_visible_case(Visit.case_id, visible_to))
    return query


def overdue_alerts_sent(visit_ids: list[int]) -> dict[int, list[str]]:
    """The overdue alert levels sent for each visit (``amber``, ``red``), in one query."""
    sent: dict[int, list[str]] = {}
    if not visit_ids:
        return sent
    for visit_id, level in db.session.execute(
            sa.select(OverdueAlert.visit_id, OverdueAlert.level)
            .where(OverdueAlert.visit_id.in_(visit_ids)).order_by(OverdueAlert.sent_at)):
        sent.setdefault(visit_id, []).append(level)
    return sent
