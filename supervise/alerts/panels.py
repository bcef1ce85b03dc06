"""Dashboard panel: risk alerts past their review date, for line managers (``gwent:7.1``)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from supervise import clock
from supervise.accounts.models import User
from supervise.alerts.queries import alerts_on_cases
from supervise.cases.access import visible_case_ids
from supervise.dashboard.panels import panel


@panel("alerts_past_review", "alerts/_panel_past_review.html", order=21)
def alerts_past_review(user: User) -> dict[str, Any] | None:
    """Alerts still in force whose review date has passed, on the cases the team holds."""
    if not user.is_manager:
        return None
    visible = visible_case_ids(user).subquery()
    rows, total = alerts_on_cases(sa.select(visible.c.case_id), past_review_on=clock.today())
    return {"rows": rows, "total": total}
