"""Reading risk alerts."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from supervise import clock
from supervise.alerts.models import AlertLevel, RiskAlert
from supervise.cases.models import Case
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


def alerts_on_cases(case_ids: sa.Select, *, past_review_on: date | None = None,
                    limit: int = 20) -> tuple[list[tuple[RiskAlert, Case]], int]:
    """Active alerts on the given cases (a subquery of ids), each with its case — those past
    review first — and how many there are in all. Three queries, however many alerts."""
    today = clock.today()
    where = [RiskAlert.case_id.in_(case_ids), RiskAlert.removed_at.is_(None)]
    if past_review_on is not None:
        where.append(RiskAlert.review_date < past_review_on)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(RiskAlert).where(*where))
    if not total:
        return [], 0
    level_order = sa.case(*[(RiskAlert.level == level, rank)
                            for level, rank in _LEVEL_ORDER.items()])
    rows = db.session.execute(
        sa.select(RiskAlert, Case)
        .join(Case, Case.id == RiskAlert.case_id)
        .where(*where)
        .options(selectinload(RiskAlert.raised_by))
        .order_by(sa.case((RiskAlert.review_date < today, 0), else_=1), level_order,
                  RiskAlert.raised_at.desc(), RiskAlert.id.desc())
        .limit(limit)
    ).all()
    return [(alert, case) for alert, case in rows], total
