"""Who may see a case: its case team, and the line managers of anyone on it. Everyone else —
administrators included — gets 404 for the case and every URL under it.

Every route that takes a case id loads it through ``get_case_or_404`` (usually via the
``case_route`` decorator); records under a case load through ``get_in_case_or_404``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import abort, g, request
from flask_login import current_user, login_required

from supervise.accounts.models import User, team_managers
from supervise.audit.operations import record_audit
from supervise.auth.security_log import deny
from supervise.cases.models import Case, CaseTeamMember
from supervise.extensions import db

T = TypeVar("T")


def visible_case_ids(user: User) -> sa.Select:
    """Ids of the cases ``user`` may see, as a subquery."""
    on_team = sa.select(CaseTeamMember.case_id).where(CaseTeamMember.user_id == user.id)
    if not user.managed_teams:
        # Left out rather than left empty: PostgreSQL would plan for the cases of a whole
        # team it cannot know is missing, and scan every open case to join them.
        return on_team
    managed = (
        sa.select(CaseTeamMember.case_id)
        .join(User, User.id == CaseTeamMember.user_id)
        .join(team_managers, team_managers.c.team_id == User.team_id)
        .where(team_managers.c.user_id == user.id)
    )
    return sa.union(on_team, managed)


def on_visible_case(case_id: sa.ColumnElement[int], user: User) -> sa.ColumnElement[bool]:
    """A condition: ``case_id`` (a record's case) is one of the cases ``user`` may see."""
    return case_id.in_(sa.select(visible_case_ids(user).subquery().c.case_id))


def visible_cases(user: User) -> sa.ColumnElement[bool]:
    """A condition on ``Case``: the cases ``user`` may see, for reading cases themselves.

    On PostgreSQL, ``cases.id = ANY(ARRAY(…))`` rather than ``IN (…)``: PostgreSQL plans an
    ``IN`` as a join, and for a line manager's team (2,455 cases at 50,000) preferred reading
    every open case and hashing them (15,000 rows, 8–11 ms) to looking the 2,455 up by key
    (4 ms); of an array it cannot see the length of, it looks each one up. Only for ``cases``,
    whose key it looks up by: on a table it would scan instead, each row would be compared with
    every element of the array."""
    if db.session.get_bind().dialect.name == "postgresql":
        return Case.id == sa.any_(sa.func.array(visible_case_ids(user).scalar_subquery()))
    return on_visible_case(Case.id, user)


def can_view_case(user: User, case_id: int) -> bool:
    if not user.is_authenticated or not user.works_cases:
        return False
    visible = visible_case_ids(user).subquery()
    return bool(db.session.scalar(sa.select(sa.exists().where(visible.c.case_id == case_id))))


def get_case_or_404(case_id: int, *, audit: bool = True) -> Case:
    """Load a case the current user may see, or 404; record the view in the audit log."""
    if not current_user.is_authenticated or not current_user.works_cases:
        deny("case_not_visible")
        abort(404)
    case = db.session.scalar(
        sa.select(Case).where(Case.id == case_id, on_visible_case(Case.id, current_user))
    )
    if case is None:
        deny("case_not_visible")
        abort(404)
    g.case = case
    if audit and request.method == "GET":
        record_audit("view", case, case_id=case.id)
    return case


def get_in_case_or_404(model: type[T], case: Case, record_id: int) -> T:
    """A record that belongs to ``case`` (never one of another case reached by a swapped id)."""
    record = db.session.get(model, record_id)
    if record is None or record.case_id != case.id:  # type: ignore[attr-defined]
        deny("record_not_in_case")
        abort(404)
    return record


def case_route(view: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a view taking ``case_id``: it receives the loaded ``case`` instead."""

    @wraps(view)
    @login_required
    def wrapper(case_id: int, **kwargs: Any) -> Any:
        return view(get_case_or_404(case_id), **kwargs)

    return wrapper
