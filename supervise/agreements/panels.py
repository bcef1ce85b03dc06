"""Dashboard panels for written agreements (orders 40–44)."""

from __future__ import annotations

from typing import Any

from supervise.accounts.models import User
from supervise.agreements import queries
from supervise.dashboard.panels import panel, shown


@panel("agreements_waiting_approval", "agreements/_panel_waiting.html", order=40)
def waiting_for_approval(user: User) -> dict[str, Any] | None:
    """For line managers: agreements their team submitted, waiting for approval."""
    if not user.is_manager:
        return None
    return {"agreements": queries.waiting_for_approval(user, shown("agreements_waiting_approval"))}


@panel("agreements_past_review", "agreements/_panel_past_review.html", order=41)
def past_review(user: User) -> dict[str, Any] | None:
    """Agreements in force past their review date, on the user's (or their team's) cases."""
    return {"agreements": queries.past_review(user, shown("agreements_past_review"))}


@panel("agreements_returned", "agreements/_panel_returned.html", order=42)
def returned(user: User) -> dict[str, Any] | None:
    """The user's agreements returned with comments (shown only when there are some)."""
    agreements = queries.returned_to(user, shown("agreements_returned"))
    return {"agreements": agreements} if agreements else None
