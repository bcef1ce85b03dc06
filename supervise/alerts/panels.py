"""Dashboard panel: risk alerts past their review date, for line managers (``gwent:7.1``)."""

from __future__ import annotations

from typing import Any

from supervise.accounts.models import User
from supervise.alerts.queries import alerts_visible_to
from supervise.dashboard.panels import panel, shown


@panel("alerts_past_review", "alerts/_panel_past_review.html", order=21)
def alerts_past_review(user: User) -> dict[str, Any] | None:
    """Alerts still in force whose review date has passed, on the cases the team holds."""
    if not user.is_manager:
        return None
    alerts = alerts_visible_to(user, shown("alerts_past_review"))
    return {"rows": alerts.past_review_rows, "total": alerts.past_review_total}
