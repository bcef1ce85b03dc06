"""Reading risk alerts."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from supervise import clock
from supervise.accounts.models import User
from supervise.alerts.models import AlertLevel, RiskAlert
from supervise.cases.access import on_visible_case
from supervise.cases.models import Case
from supervise.core.request_cache import per_request
from supervise.extensions import db

_LEVEL_ORDER = {AlertLevel.HIGH: 0, AlertLevel.MEDIUM: 1, AlertLevel.LOW: 2}


def active_alerts(case_id: int) -> list[RiskAlert]:
    """The alerts in force on a case, most serious first."""
    query = (
        sa.select(RiskAlert)
        .where(RiskAlert.case_id == case_id, RiskAlert.removed_at.is_(None))
        .options(selectinload(RiskAlert.raised_by))
        .order_by(RiskAlert.raised_at.desc(), RiskAlert.id.desc())
    )
    return sorted(db.session.scalars(query), key=lambda alert: _LEVEL_ORDER[alert.level])


def required_precautions(case_id: int) -> set[str]:
    """Every precaution any active alert on the case requires."""
    return {p for alert in active_alerts(case_id) for p in alert.precautions or []}


def alert_history(case_id: int) -> list[RiskAlert]:
    """Every alert the case has had, in force or removed, newest first."""
    query = (
        sa.select(RiskAlert)
        .where(RiskAlert.case_id == case_id)
        .options(selectinload(RiskAlert.raised_by), selectinload(RiskAlert.removed_by))
        .order_by(RiskAlert.raised_at.desc(), RiskAlert.id.desc())
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class AlertsOnCases:
    """Active alerts on the cases a user can see: the first few — those past review first,
    then the most serious, newest first — and how many there are in all."""

    rows: list[tuple[RiskAlert, Case]]
    total: int
    past_review_total: int

    @property
    def past_review_rows(self) -> list[tuple[RiskAlert, Case]]:
        """The rows past their review date: they come first, so these are the first of them."""
        today = clock.today()
        return [(alert, case) for alert, case in self.rows if alert.is_past_review(today)]


@per_request
def alerts_visible_to(user: User, limit: int | None = None) -> AlertsOnCases:
    """Active alerts on every case ``user`` can see (the first ``limit`` of them) — for the
    dashboard's alerts panel and, for a line manager, its past-review panel. Two queries,
    however many alerts."""
    today = clock.today()
    where = [on_visible_case(RiskAlert.case_id, user), RiskAlert.removed_at.is_(None)]
    past_review = RiskAlert.review_date < today
    level_order = sa.case(*[(RiskAlert.level == level, rank)
                            for level, rank in _LEVEL_ORDER.items()])
    # The totals ride along on every row (window counts, taken before the limit), so the
    # cases the user can see are worked out once.
    rows = db.session.execute(
        sa.select(RiskAlert, Case, sa.func.count().over(),
                  sa.func.count().filter(past_review).over())
        .join(Case, Case.id == RiskAlert.case_id)
        .where(*where)
        .order_by(sa.case((past_review, 0), else_=1), level_order,
                  RiskAlert.raised_at.desc(), RiskAlert.id.desc())
        .limit(limit)
    ).all()
    if not rows:
        return AlertsOnCases([], 0, 0)
    total, past_total = rows[0][2], rows[0][3]
    return AlertsOnCases([(alert, case) for alert, case, _, _ in rows], total, past_total)
