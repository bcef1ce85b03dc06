"""Dashboard panels: overdue visits (live, first), today's visits with check-in and out, what
waits for a line manager, and plans returned to their author."""

from __future__ import annotations

from typing import Any

from supervise.accounts.models import User
from supervise.dashboard.panels import panel, shown
from supervise.visits import queries


@panel("overdue_visits", "visits/_overdue_panel.html", order=1)
def overdue_visits(user: User) -> dict[str, Any] | None:
    """Always there for case workers, so the live panel can show a visit the moment it is late."""
    if not user.works_cases:
        return None
    from supervise.visits.monitoring import overdue_context

    return overdue_context()


@panel("visits_today", "visits/_today.html", order=5)
def visits_today(user: User) -> dict[str, Any] | None:
    visits = queries.today_for(user)
    return {"visits": visits} if visits else None


@panel("visit_approvals", "plans/_waiting.html", order=10)
def visit_approvals(user: User) -> dict[str, Any] | None:
    if not user.managed_teams:
        return None
    waiting = queries.waiting_for_manager(user, limit=shown("visit_approvals"))
    return {"plans": waiting.plans, "visits": waiting.visits}


@panel("my_plans", "plans/_mine.html", order=12)
def my_plans(user: User) -> dict[str, Any] | None:
    plans = queries.my_open_plans(user)
    return {"plans": plans} if plans else None
