"""Session lifecycle: server-side revocation, idle and absolute timeouts.

The session cookie is signed and holds only the user id with its session version, and when the
session began and was last used. ``User.session_version`` is checked on every request, so
bumping it (sign-out, password change, deactivation) ends every session at once.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from supervise import clock
from supervise.accounts.models import User
from supervise.core.htmx import is_htmx
from supervise.extensions import db, login_manager


def start_session(user: User) -> None:
    """A fresh session for a user who has just proved who they are."""
    session.clear()
    login_user(user)
    stamp = clock.now().timestamp()
    session["login_at"] = stamp
    session["last_seen"] = stamp
    session.permanent = True


def end_session() -> None:
    logout_user()
    session.clear()


@login_manager.user_loader
def load_user(token: str) -> User | None:
    user_id, _, version = token.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def _expired() -> bool:
    now = clock.now().timestamp()
    login_at = session.get("login_at")
    last_seen = session.get("last_seen")
    if not isinstance(login_at, int | float) or not isinstance(last_seen, int | float):
        return True
    idle = current_app.config["SESSION_IDLE_TIMEOUT"].total_seconds()
    absolute = current_app.config["SESSION_ABSOLUTE_TIMEOUT"].total_seconds()
    return now - last_seen > idle or now - login_at > absolute


def _to_login(message: str) -> Response:
    target = url_for("auth.login", next=request.full_path if request.method == "GET" else None)
    if is_htmx():
        response = Response(status=401)
        response.headers["HX-Redirect"] = target
        return response
    flash(message, "info")
    return redirect(target)


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
        if _expired():
            end_session()
            return _to_login(_("You were signed out to keep the information safe. Sign in again."))
        session["last_seen"] = clock.now().timestamp()
        return None
