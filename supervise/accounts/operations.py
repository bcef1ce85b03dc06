"""Managing agencies, teams and users (administrators only; no case content here)."""

from __future__ import annotations

import secrets
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from supervise import clock
from supervise.accounts.models import Agency, Role, Team, User
from supervise.audit.operations import record_audit
from supervise.auth.passwords import hash_password, password_problems
from supervise.auth.security_log import security_event
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


def create_user(values: dict[str, Any], password: str, *, by: User | None,
                temporary: bool = False) -> User:
    """Create an account; the administrator passes on the first password securely. A
    ``temporary`` first password must be changed at first sign-in and expires unused."""
    values = {**values, "email": values["email"].strip().lower()}
    _unique_email(values["email"])
    problems = password_problems(password, values["email"], values["name"])
    if problems:
        raise DomainError(problems[0], field="password")
    user = User(password_hash=hash_password(password), password_changed_at=clock.now(),
                **values)
    if temporary:
        user.must_change_password = True
        user.temporary_password_expires_at = (
            clock.now() + current_app.config["TEMPORARY_PASSWORD_LIFETIME"])
    _check_user(user)
    db.session.add(user)
    db.session.flush()
    record_audit("create", user, user=by)
    security_event("account_created", user_id=by.id if by else None, target_user_id=user.id,
                   role=user.role)
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
        user.revoke_sessions("role_changed")
        before, after = changes["role"]
        security_event("role_changed", user_id=by.id, target_user_id=user.id,
                       from_role=before, to_role=after)
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
    user.revoke_sessions("deactivated")
    record_audit("deactivate", user, user=by)
    security_event("account_deactivated", user_id=by.id, target_user_id=user.id)


def reactivate_user(user: User, *, by: User) -> None:
    user.active = True
    record_audit("reactivate", user, user=by)
    security_event("account_reactivated", user_id=by.id, target_user_id=user.id)


# --- Sign-in help an administrator gives (after checking who is asking) ----------------------

_TEMPORARY_ALPHABET = "bcdfghjkmnpqrstvwxz23456789"  # no vowels: no words, no names


def temporary_password() -> str:
    """A random password to read out or pass on: 20 symbols, about 95 bits."""
    raw = "".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(20))
    return "-".join(raw[i:i + 5] for i in range(0, 20, 5))


def reset_password(user: User, *, by: User) -> str:
    """Give the user a temporary password (they must change it at next sign-in; it expires);
    their sessions end. Two-step verification stays on: a reset never bypasses it."""
    if user.id == by.id:
        raise DomainError(_("Change your own password from your account page"))
    from supervise.auth.operations import set_password

    password = temporary_password()
    while password_problems(password, user.email, user.name):
        password = temporary_password()
    set_password(user, password, by=by, temporary=True)
    return password


def reset_two_step(user: User, *, by: User) -> None:
    """Remove the user's authenticator app and recovery codes (lost phone); sessions end."""
    if user.id == by.id:
        raise DomainError(_("Manage your own two-step verification from your account page"))
    if not user.mfa_enabled and not user.totp_secret:
        raise DomainError(_("%(name)s has not set up two-step verification", name=user.name))
    from supervise.auth.operations import reset_mfa

    reset_mfa(user, by=by)


def end_sessions(user: User, *, by: User) -> None:
    """Sign the user out everywhere, at once."""
    user.revoke_sessions("ended_by_admin")
    record_audit("sessions_ended", user, user=by)
    security_event("sessions_revoked", user_id=by.id, target_user_id=user.id,
                   reason="ended_by_admin")
