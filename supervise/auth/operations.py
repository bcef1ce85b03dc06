"""Authentication rules: who may sign in, and changing passwords."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from supervise import clock
from supervise.accounts.models import User
from supervise.audit.operations import record_audit
from supervise.auth.passwords import hash_password, password_problems, verify_password
from supervise.core.errors import DomainError
from supervise.extensions import db


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or ``None`` (never saying which was wrong)."""
    user = find_user_by_email(email)
    if not verify_password(user, password) or user is None:
        record_audit("sign_in_failed", object_type="users", user=user)
        return None
    if not user.active:
        record_audit("sign_in_refused_inactive", user, user=user)
        return None
    return user


def record_sign_in(user: User) -> None:
    """Remember when the user signed in, keeping the previous time to show them."""
    user.previous_login_at = user.last_login_at
    user.last_login_at = clock.now()
    record_audit("sign_in", user, user=user)


def sign_out(user: User) -> None:
    """End this and every other session of the user."""
    user.revoke_sessions()
    record_audit("sign_out", user, user=user)


def set_password(user: User, new_password: str, *, by: User) -> None:
    """Replace a password (policy-checked) and end every session minted with the old one."""
    problems = password_problems(new_password, user.email, user.name)
    if problems:
        raise DomainError(problems[0], field="new_password")
    user.password_hash = hash_password(new_password)
    user.revoke_sessions()
    record_audit("password_changed", user, user=by)


def change_own_password(user: User, current: str, new: str, confirm: str) -> None:
    """The signed-in user changes their password, proving they know the current one."""
    if not verify_password(user, current):
        raise DomainError(_("Your current password is not right"), field="current_password")
    if new != confirm:
        raise DomainError(_("The new passwords do not match"), field="confirm_password")
    set_password(user, new, by=user)
