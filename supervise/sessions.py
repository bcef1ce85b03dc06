"""Session lifecycle: server-side session records, revocation, idle and absolute timeouts, the
half-signed-in state between password and code, and accounts that must finish setting up.

The session cookie is signed and holds the user id with its session version, a random session
token, and when the session began and was last used. Each token has a ``UserSession`` row
(only its SHA-256 is stored): ending the row ends that one session — signing out, or the user
ending it from their account page — and a copied cookie stops working at once (ASVS 5.0
V7.4.1). ``User.session_version`` is the kill switch for every session of a user at once
(sign out everywhere, password change, deactivation, role change, two-step reset).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import (
    Flask,
    Response,
    current_app,
    flash,
    g,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from supervise import clock
from supervise.accounts.models import User
from supervise.auth.models import UserSession, token_digest
from supervise.auth.security_log import security_event
from supervise.core.htmx import is_htmx
from supervise.extensions import db, login_manager

# last_seen_at is written at most this often: enough for the idle timeout and the account page.
TOUCH_EVERY = timedelta(seconds=60)
PENDING = "mfa_pending"
# Reachable while an account must first set up two-step verification or change its password.
# Live panels send this header with their polls (templates/visits/_overdue_live.html); an htmx
# request to a polled endpoint counts as a poll even without it (a page loaded before a deploy).
POLL_HEADER = "Supervise-Poll"
POLLED_ENDPOINTS = {"visits.overdue"}
ALWAYS_ALLOWED = {"auth.logout", "auth.signed_out", "core.language", "core.healthz", "static"}


def start_session(user: User, *, mfa_verified: bool = False) -> UserSession:
    """A fresh session (new cookie, new token) for a user who has just proved who they are."""
    user = getattr(user, "_get_current_object", lambda: user)()  # never the current_user proxy
    _clear_session()
    token = secrets.token_urlsafe(32)
    now = clock.now()
    row = UserSession(token_hash=token_digest(token), user_id=user.id, created_at=now,
                      last_seen_at=now, authenticated_at=now, mfa_verified=mfa_verified,
                      ip=(request.remote_addr or "")[:45],
                      user_agent=(request.user_agent.string or "")[:200])
    db.session.add(row)
    _forget_old_sessions(user)
    db.session.flush()
    login_user(user)
    session["sid"] = token
    session["login_at"] = now.timestamp()
    session["last_seen"] = now.timestamp()
    session.permanent = True
    g.user_session = row
    return row


def current_session() -> UserSession | None:
    """The ``UserSession`` of this request's signed-in user."""
    if not current_user.is_authenticated:
        return None
    return g.get("user_session")


def end_session(reason: str = "signed_out") -> None:
    """End this session only: its row, the login and the cookie's contents."""
    row = current_session()
    if row is not None:
        row.end(reason)
    logout_user()
    _clear_session()


def _clear_session() -> None:
    """Empty the cookie, and forget the CSRF token Flask-WTF cached for this request: a page
    rendered after this must carry a token of the new session, not of the old one."""
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def open_sessions(user: User) -> list[UserSession]:
    """The user's sessions that could still be used, most recent first."""
    config = current_app.config
    now = clock.now()
    rows = db.session.scalars(
        sa.select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None),
               UserSession.created_at > now - config["SESSION_ABSOLUTE_TIMEOUT"],
               UserSession.last_seen_at > now - config["SESSION_IDLE_TIMEOUT"] - TOUCH_EVERY)
        .order_by(UserSession.last_seen_at.desc()))
    return list(rows)


def _forget_old_sessions(user: User) -> None:
    """Delete this user's session rows that ended (or lapsed) more than a month ago."""
    cutoff = clock.now() - timedelta(days=30)
    db.session.execute(sa.delete(UserSession).where(
        UserSession.user_id == user.id, UserSession.last_seen_at < cutoff))


# --- Re-authentication (supervise/auth/recent.py builds on these) ----------------------------


def mark_authenticated_now() -> None:
    row = current_session()
    if row is not None:
        row.authenticated_at = clock.now()


def seconds_since_authenticated() -> float | None:
    row = current_session()
    if row is None:
        return None
    return (clock.now() - row.authenticated_at).total_seconds()


# --- Between the password and the code ---------------------------------------------------------


def begin_second_step(user: User, next_url: str) -> None:
    """The password was right; nobody is signed in until the code is too."""
    _clear_session()
    session[PENDING] = {"uid": user.id, "ver": user.session_version,
                        "at": clock.now().timestamp(), "next": next_url[:500]}


def pending_user() -> tuple[User, str] | None:
    """The user half-way through signing in, with where they were going; ``None`` if stale."""
    pending: Any = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    user = db.session.get(User, pending.get("uid") or 0)
    age = clock.now().timestamp() - float(pending.get("at") or 0)
    limit = current_app.config["MFA_PENDING_TIMEOUT"].total_seconds()
    if (user is None or not user.active or not user.mfa_enabled or age > limit
            or user.session_version != pending.get("ver")):
        return None
    return user, str(pending.get("next") or "")


def pending_key() -> str:
    """Rate-limit key for the code step: the account being signed in to."""
    pending = session.get(PENDING)
    uid = pending.get("uid") if isinstance(pending, dict) else None
    return f"mfa-account:{uid}"


# --- Loading the user on each request ----------------------------------------------------------


@login_manager.user_loader
def load_user(token: str) -> User | None:
    user_id, _sep, version = token.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    row = _session_row(user)
    if row is None:
        return None
    g.user_session = row
    return user


def _session_row(user: User) -> UserSession | None:
    token = session.get("sid")
    if not isinstance(token, str) or not token:
        return None
    return db.session.scalar(sa.select(UserSession).where(
        UserSession.token_hash == token_digest(token), UserSession.user_id == user.id,
        UserSession.ended_at.is_(None)))


def is_background_poll() -> bool:
    """A panel refreshing itself (htmx ``every 30s``), not a person using the page: it must
    not keep an unattended screen signed in past the idle timeout."""
    return is_htmx() and (request.headers.get(POLL_HEADER) == "true"
                          or request.endpoint in POLLED_ENDPOINTS)


def _touch(row: UserSession) -> None:
    """The person did something: the idle timeout starts again."""
    now = clock.now()
    session["last_seen"] = now.timestamp()
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now


def _expired(row: UserSession) -> bool:
    now = clock.now()
    login_at = session.get("login_at")
    last_seen = session.get("last_seen")
    if not isinstance(login_at, int | float) or not isinstance(last_seen, int | float):
        return True
    idle = current_app.config["SESSION_IDLE_TIMEOUT"]
    absolute = current_app.config["SESSION_ABSOLUTE_TIMEOUT"]
    stamp = now.timestamp()
    return (stamp - last_seen > idle.total_seconds()
            or stamp - login_at > absolute.total_seconds()
            or now - row.last_seen_at > idle + TOUCH_EVERY
            or now - row.created_at > absolute)


def _to(endpoint: str, message: str | None, category: str = "info", **values: Any) -> Response:
    target = url_for(endpoint, **values)
    if is_htmx():
        response = Response(status=401 if endpoint == "auth.login" else 204)
        response.headers["HX-Redirect"] = target
        return response
    if message:
        flash(message, category)
    return redirect(target)


def _to_login(message: str) -> Response:
    return _to("auth.login", message,
               next=request.full_path if request.method == "GET" else None)


def _setup_required() -> Response | None:
    """Send an account that must set up two-step verification, then change its temporary
    password, to do that before anything else."""
    user = current_user
    if current_app.config["REQUIRE_MFA"] and not user.mfa_enabled:
        target, message = "auth.mfa_setup", _("Set up two-step verification to continue.")
    elif user.must_change_password:
        target, message = "auth.change_password", _("Choose a new password to continue.")
    else:
        return None
    if request.endpoint in ALWAYS_ALLOWED or request.endpoint == target:
        return None
    return _to(target, message)


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Sign in to continue.")
    login_manager.session_protection = "basic"

    @login_manager.unauthorized_handler
    def unauthorized() -> Response:
        return _to_login(_("Sign in to continue."))

    @app.before_request
    def enforce_session_limits() -> Response | None:
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        row = current_session()
        if row is None or _expired(row) or (current_user.mfa_enabled and not row.mfa_verified):
            security_event("session_expired", outcome="info")
            end_session("expired")
            return _to_login(_("You were signed out to keep the information safe. "
                               "Sign in again."))
        if not is_background_poll():
            _touch(row)
        return _setup_required()
