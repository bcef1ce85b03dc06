"""Managing agencies, teams and users (administrators only; no case content here)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from supervise.accounts.models import Agency, Role, Team, User
from supervise.audit.operations import record_audit
from supervise.auth.passwords import hash_password, password_problems
from supervise.core.errors import DomainError
from supervise.core.models import apply_changes
from supervise.extensions import db


def create_agency(values: dict[str, Any], *, by: User | None) -> Agency:
    _unique_agency_name(values["name"])
    agency = Agency(**values)
    db.session.add(agency)
    db.session.flush()
    record_audit("create", agency, user=by)
    return agency


def update_agency(agency: Agency, values: dict[str, Any], *, by: User) -> None:
    _unique_agency_name(values["name"], agency)
    changes = apply_changes(agency, values)
    if changes:
        db.session.flush()
        record_audit("update", agency, changes=changes, user=by)


def _unique_agency_name(name: str, agency: Agency | None = None) -> None:
    clash = db.session.scalar(sa.select(Agency).where(sa.func.lower(Agency.name) == name.lower()))
    if clash is not None and clash is not agency:
        raise DomainError(_("An agency called %(name)s already exists", name=name), field="name")


def create_team(values: dict[str, Any], managers: list[User], *, by: User | None) -> Team:
    team = Team(**values)
    _check_team(team)
    db.session.add(team)
    db.session.flush()
    set_team_managers(team, managers, by=by)
    record_audit("create", team, user=by)
    return team


def update_team(team: Team, values: dict[str, Any], managers: list[User], *, by: User) -> None:
    changes = apply_changes(team, values)
    _check_team(team)
    db.session.flush()
    set_team_managers(team, managers, by=by)
    if changes:
        record_audit("update", team, changes=changes, user=by)


def _check_team(team: Team) -> None:
    clash = db.session.scalar(sa.select(Team).where(
        Team.agency_id == team.agency_id, sa.func.lower(Team.name) == team.name.lower(),
        Team.id != (team.id or 0)))
    if clash is not None:
        raise DomainError(_("This agency already has a team called %(name)s", name=team.name),
                          field="name")


def set_team_managers(team: Team, managers: list[User], *, by: User | None) -> None:
    """Line managers of a team must be managers in the team's agency."""
    for manager in managers:
        if manager.role is not Role.MANAGER or manager.agency_id != team.agency_id:
            raise DomainError(
                _("%(name)s is not a line manager in this agency", name=manager.name),
                field="managers")
    before = sorted(m.id for m in team.managers)
    team.managers = list(managers)
    after = sorted(m.id for m in managers)
    if before != after:
        db.session.flush()
        record_audit("update", team, changes={"managers": [before, after]}, user=by)


def create_user(values: dict[str, Any], password: str, *, by: User | None) -> User:
    """Create an account; the administrator passes on the first password securely."""
    values = {**values, "email": values["email"].strip().lower()}
    _unique_email(values["email"])
    problems = password_problems(password, values["email"], values["name"])
    if problems:
        raise DomainError(problems[0], field="password")
    user = User(password_hash=hash_password(password), **values)
    _check_user(user)
    db.session.add(user)
    db.session.flush()
    record_audit("create", user, user=by)
    return user


def update_user(user: User, values: dict[str, Any], *, by: User) -> None:
    values = {**values, "email": values["email"].strip().lower()}
    _unique_email(values["email"], user)
    changes = apply_changes(user, values)
    _check_user(user)
    if not changes:
        return
    db.session.flush()
    if "role" in changes:
        # A changed role takes effect at once: the old sessions carried the old powers.
        user.revoke_sessions()
    record_audit("update", user, changes=changes, user=by)


def _unique_email(email: str, user: User | None = None) -> None:
    clash = db.session.scalar(sa.select(User).where(User.email == email))
    if clash is not None and clash is not user:
        raise DomainError(_("Another account already uses this email address"), field="email")


def _check_user(user: User) -> None:
    if user.team_id is not None:
        team = db.session.get(Team, user.team_id)
        if team is None or team.agency_id != user.agency_id:
            raise DomainError(_("Choose a team in the user's agency"), field="team_id")
    if user.role is not Role.MANAGER and user.managed_teams:
        names = ", ".join(t.name for t in user.managed_teams)
        raise DomainError(
            _("%(name)s manages %(teams)s: choose new managers for those teams first",
              name=user.name, teams=names), field="role")


def deactivate_user(user: User, *, by: User) -> None:
    """Stop an account signing in and end its sessions at once."""
    if user.id == by.id:
        raise DomainError(_("You cannot deactivate your own account"))
    user.active = False
    user.revoke_sessions()
    record_audit("deactivate", user, user=by)


def reactivate_user(user: User, *, by: User) -> None:
    user.active = True
    record_audit("reactivate", user, user=by)
