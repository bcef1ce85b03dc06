"""Dashboard panels for breaches (orders 15–17): overdue follow-ups, follow-ups due, and
repeated breaches waiting for a decision."""

from __future__ import annotations

from typing import Any

from supervise.accounts.models import User
from supervise.breaches import queries
from supervise.dashboard.panels import panel


@panel("breaches_overdue", "breaches/_panel_overdue.html", order=15)
def overdue(user: User) -> dict[str, Any] | None:
    """Open breaches past their follow-up due date, on the user's cases and their team's."""
    return {"breaches": queries.open_breaches(user).overdue}


@panel("breaches_due", "breaches/_panel_due.html", order=16)
def due(user: User) -> dict[str, Any] | None:
    """Open breaches whose follow-up is not yet due (shown only when there are some)."""
    breaches = queries.open_breaches(user).due
    return {"breaches": breaches} if breaches else None


@panel("breach_escalations", "breaches/_panel_escalations.html", order=17)
def escalations(user: User) -> dict[str, Any] | None:
    """Repeated breaches waiting for a line manager's decision (shown when there are some)."""
    waiting = queries.awaiting_decision(user)
    return {"escalations": waiting} if waiting else None
