"""Authentication rules: signing in (password, then code), passwords, two-step verification and
ending sessions. Operations flush only, write the audit log and a security event."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from supervise import clock
from supervise.accounts.models import User
from supervise.audit.operations import record_audit
from supervise.auth import mfa
from supervise.auth.models import UserSession
from supervise.auth.passwords import hash_password, password_problems, verify_password
from supervise.auth.security_log import account_hash, security_event
from supervise.core.errors import DomainError
from supervise.extensions import db


class TemporaryPasswordExpired(DomainError):
    """The right temporary password, but too late: an administrator must issue a new one."""


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or ``None`` (never saying which was wrong)."""
    user = find_user_by_email(email)
    if not verify_password(user, password) or user is None:
        record_audit("sign_in_failed", object_type="users", user=user)
        security_event("sign_in_failed", outcome="failure", user_id=user.id if user else None,
                       account=account_hash(email), reason="bad_credentials")
        return None
    if not user.active:
        record_audit("sign_in_refused_inactive", user, user=user)
        security_event("sign_in_failed", outcome="failure", user_id=user.id, reason="inactive")
        return None
    expires = user.temporary_password_expires_at
    if user.must_change_password and expires is not None and expires < clock.now():
        record_audit("sign_in_refused_expired", user, user=user)
        security_event("sign_in_failed", outcome="failure", user_id=user.id,
                       reason="temporary_password_expired")
        raise TemporaryPasswordExpired(_("This temporary password has expired. Ask your "
                                         "system administrator for a new one."))
    return user


def password_accepted(user: User) -> None:
    """Step one passed; the code is still to come."""
    security_event("sign_in_password_accepted", user_id=user.id, next_step="mfa")


def record_sign_in(user: User, *, method: str = "password") -> None:
    """Remember when the user signed in, keeping the previous time to show them."""
    user.previous_login_at = user.last_login_at
    user.last_login_at = clock.now()
    record_audit("sign_in", user, user=user, changes={"method": method})
    security_event("sign_in", outcome="success", user_id=user.id, factor=method,
                   mfa=user.mfa_enabled)


def verify_second_factor(user: User, code: str) -> str | None:
    """``"totp"`` or ``"recovery_code"`` when the code is right (each works once), else None."""
    typed = mfa.normalise_code(code)
    method = None
    if mfa.is_totp_shape(typed):
        method = "totp" if mfa.verify_totp(user, typed) else None
    elif mfa.use_recovery_code(user, typed):
        method = "recovery_code"
    if method is None:
        record_audit("mfa_failed", user, user=user)
        security_event("mfa_failed", outcome="failure", user_id=user.id)
        return None
    left = len(mfa.unused_recovery_codes(user))
    security_event("mfa_verified", outcome="success", user_id=user.id, factor=method,
                   recovery_codes_left=left)
    if method == "recovery_code":
        record_audit("mfa_recovery_code_used", user, user=user, changes={"left": left})
    return method


def reauthenticate(user: User, password: str, code: str) -> None:
    """"Confirm it's you": the password, and the code when two-step verification is on."""
    if not verify_password(user, password):
        _reauth_failed(user)
        raise DomainError(_("Your password is not right"), field="password")
    if user.mfa_enabled and verify_second_factor(user, code) is None:
        _reauth_failed(user)
        raise DomainError(_("The code is not right, or it has been used already"), field="code")
    record_audit("reauthenticated", user, user=user)
    security_event("reauthenticated", outcome="success", user_id=user.id)


def _reauth_failed(user: User) -> None:
    record_audit("reauth_failed", user, user=user)
    security_event("reauth_failed", outcome="failure", user_id=user.id)


# --- Sessions ----------------------------------------------------------------------------------


def sign_out(user: User, row: UserSession | None) -> None:
    """End this session; the user's other sessions carry on."""
    if row is not None:
        row.end("signed_out")
    record_audit("sign_out", user, user=user)
    security_event("sign_out", user_id=user.id)


def sign_out_everywhere(user: User) -> None:
    """End every session of the user, this one included."""
    user.revoke_sessions("signed_out_everywhere")
    record_audit("sign_out_everywhere", user, user=user)
    security_event("sessions_revoked", user_id=user.id, target_user_id=user.id,
                   reason="sign_out_everywhere")


def end_other_session(user: User, row: UserSession) -> None:
    """End one of the user's other sessions (a browser they no longer use, or do not know)."""
    row.end("ended_by_user")
    record_audit("session_ended", user, user=user, changes={"session": row.id})
    security_event("session_ended", user_id=user.id, user_session_id=row.id)


# --- Passwords ---------------------------------------------------------------------------------


def set_password(user: User, new_password: str, *, by: User, temporary: bool = False) -> None:
    """Replace a password (policy-checked) and end every session minted with the old one."""
    problems = password_problems(new_password, user.email, user.name)
    if problems:
        raise DomainError(problems[0], field="new_password")
    user.password_hash = hash_password(new_password)
    user.password_changed_at = clock.now()
    user.must_change_password = temporary
    user.temporary_password_expires_at = (
        clock.now() + current_app.config["TEMPORARY_PASSWORD_LIFETIME"] if temporary else None)
    user.revoke_sessions("password_changed")
    record_audit("password_reset" if temporary else "password_changed", user, user=by)
    security_event("password_reset" if temporary else "password_changed", user_id=by.id,
                   target_user_id=user.id)


def change_own_password(user: User, current: str, new: str, confirm: str) -> None:
    """The signed-in user changes their password, proving they know the current one."""
    if not verify_password(user, current):
        security_event("password_change_failed", outcome="failure", user_id=user.id)
        raise DomainError(_("Your current password is not right"), field="current_password")
    if new != confirm:
        raise DomainError(_("The new passwords do not match"), field="confirm_password")
    if new == current:
        raise DomainError(_("Choose a new password, not the one you use now"),
                          field="new_password")
    set_password(user, new, by=user)


# --- Two-step verification ----------------------------------------------------------------------


def pending_secret(user: User) -> str:
    """The secret being set up: kept until confirmed, so reloading the page shows the same one."""
    if user.mfa_enabled:
        raise DomainError(_("Two-step verification is already set up"))
    if not user.totp_secret:
        user.totp_secret = mfa.new_secret()
        user.totp_last_step = None
        record_audit("mfa_setup_started", user, user=user)
    return user.totp_secret


def confirm_mfa(user: User, code: str) -> list[str]:
    """The app shows the right code: two-step verification is on. Returns recovery codes."""
    secret = pending_secret(user)
    step = mfa.check_totp(secret, mfa.normalise_code(code), None)
    if step is None:
        security_event("mfa_enrol_failed", outcome="failure", user_id=user.id)
        raise DomainError(_("The code is not right. Check the time on your phone is set "
                            "automatically, then enter the code the app shows now"), field="code")
    user.totp_enabled_at = clock.now()
    user.totp_last_step = step
    codes = mfa.replace_recovery_codes(user)
    # Sessions that only knew the password stop; the caller starts a fresh, verified one.
    user.revoke_sessions("mfa_enabled")
    record_audit("mfa_enabled", user, user=user)
    security_event("mfa_enabled", outcome="success", user_id=user.id)
    return codes


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working)."""
    if not user.mfa_enabled:
        raise DomainError(_("Set up two-step verification first"))
    codes = mfa.replace_recovery_codes(user)
    record_audit("mfa_recovery_codes_replaced", user, user=user)
    security_event("mfa_recovery_codes_replaced", user_id=user.id)
    return codes


def reset_mfa(user: User, *, by: User) -> None:
    """Forget the user's app and codes (a new phone, or a lost one); their sessions end.

    Done by the user themselves, or by an administrator after checking who is asking."""
    mfa.clear(user)
    user.revoke_sessions("mfa_reset")
    record_audit("mfa_reset", user, user=by)
    security_event("mfa_reset", user_id=by.id, target_user_id=user.id,
                   by_admin=by.id != user.id)
