"""Reading risk alerts."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from supervise.alerts.models import AlertLevel, RiskAlert
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
