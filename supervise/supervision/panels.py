"""Dashboard panels: the practitioner's next supervision and actions due; the line manager's
supervision due, overdue, and cancelled but not re-arranged (``gwent:6.2``)."""

from __future__ import annotations

from typing import Any

from supervise.accounts.models import User
from supervise.dashboard.panels import panel
from supervise.supervision import queries
from supervise.supervision.status import mine_and_my_team


@panel("my_supervision", "supervision/_panel_mine.html", order=30)
def my_supervision(user: User) -> dict[str, Any] | None:
    """My next session, whether my supervision is overdue, and the actions I own."""
    actions = queries.open_actions_owned(user.id, limit=10)
    mine, _team = mine_and_my_team(user)
    if not (actions or mine.cadence or mine.next_session or user.line_managers):
        return None
    return {"status": mine, "actions": actions}


@panel("team_supervision", "supervision/_panel_team.html", order=31)
def team_supervision(user: User) -> dict[str, Any] | None:
    """For line managers: whose supervision needs attention now."""
    _mine, team = mine_and_my_team(user)
    if not team:
        return None
    return {"attention": [s for s in team if s.needs_attention], "total": len(team)}
