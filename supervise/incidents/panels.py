"""Dashboard panels for line managers: incidents waiting for review, and the spread of hostile
cases across the team."""

from __future__ import annotations

from typing import Any

from supervise.accounts.models import User
from supervise.dashboard.panels import panel, shown
from supervise.incidents.queries import Load, hostile_load, unreviewed_for_manager

# A practitioner carrying half as many hostile cases again as the team's average (and at least
# two) is flagged: "some workers carry a disproportionate number" (lancs:impact-on-workers…).
DISPROPORTIONATE = 1.5


@panel("incidents_unreviewed", "incidents/_panel_unreviewed.html", order=18)
def incidents_unreviewed(user: User) -> dict[str, Any] | None:
    """Incidents towards the manager's team that the manager has not reviewed yet."""
    if not user.is_manager:
        return None
    waiting = unreviewed_for_manager(user, shown("incidents_unreviewed"))
    return {"rows": waiting.rows, "total": waiting.total}


@panel("hostile_load", "incidents/_panel_load.html", order=85)
def hostile_case_load(user: User) -> dict[str, Any] | None:
    """Each practitioner's open cases with an active risk alert or an incident in 90 days."""
    if not user.is_manager:
        return None
    loads = hostile_load(user)
    if not loads:
        return None
    average = sum(load.hostile for load in loads) / len(loads)
    largest = max(load.hostile for load in loads) or 1
    bars = [{"load": load, "width": _bar_width(load.hostile, largest),
             "flagged": _disproportionate(load, average)} for load in loads]
    return {"bars": bars, "average": average}


def _bar_width(value: int, largest: int) -> int:
    """The bar's width class, in steps of 5% (our CSP allows no inline styles)."""
    return int(round(value / largest * 20)) * 5


def _disproportionate(load: Load, average: float) -> bool:
    return load.hostile >= 2 and load.hostile > average * DISPROPORTIONATE
