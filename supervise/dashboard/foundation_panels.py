"""Panels the foundation provides: my cases, alerts on them, my team."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from supervise.accounts.models import User
from supervise.alerts.queries import alerts_visible_to
from supervise.cases.models import Case, CaseStatus, CaseTeamMember
from supervise.core.paging import FirstRows
from supervise.dashboard.panels import panel, shown
from supervise.extensions import db
from supervise.incidents.queries import team_case_counts


@panel("my_cases", "dashboard/_my_cases.html", order=50)
def my_cases(user: User) -> dict[str, Any] | None:
    """Open cases the user is on the case team of, with their role (the columns the list
    shows), and how many in all."""
    rows = FirstRows.counted(db.session.execute(
        sa.select(Case.id, Case.family_name, Case.reference, CaseTeamMember.role,
                  sa.func.count().over())
        .join(CaseTeamMember, CaseTeamMember.case_id == Case.id)
        .where(CaseTeamMember.user_id == user.id, Case.status == CaseStatus.OPEN)
        .order_by(Case.family_name, Case.id)
        .limit(shown("my_cases"))
    ).all())
    return {"rows": rows}


@panel("alerts_on_my_cases", "dashboard/_alerts.html", order=20)
def alerts_on_my_cases(user: User) -> dict[str, Any] | None:
    """Active risk alerts on every case the user can see: past review first, then the most
    serious (``alerts.queries.alerts_visible_to``)."""
    alerts = alerts_visible_to(user, shown("alerts_on_my_cases"))
    return {"rows": alerts.rows, "total": alerts.total}


@panel("my_team", "dashboard/_my_team.html", order=90)
def my_team(user: User) -> dict[str, Any] | None:
    """For line managers: the people they manage and how many open cases each holds."""
    if not user.managed_teams:
        return None
    counts = {user_id: n[0] for user_id, n in team_case_counts(user).items()}
    return {"members": user.managed_people, "counts": counts}
