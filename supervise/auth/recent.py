"""Re-authentication before the most sensitive actions (ASVS 5.0 V7.5.1 and V7.5.3).

A session counts as recently authenticated for ``RECENT_AUTH_WINDOW`` (10 minutes) after the
user signed in or confirmed who they are with their password (and code, when two-step
verification is on). Apply the decorator below the access check, so that people who may not
see the record still get 404 rather than a prompt::

    @bp.route("/cases/<int:case_id>/export")
    @case_route
    @require_recent_auth("case_export")
    def export(case): ...

A GET comes back to the same URL after the prompt; a POST cannot be replayed, so it comes back
to ``back(**view_args)`` (default: the same path if it also answers GET, else the dashboard)
with a message asking the user to do it again. Every use is logged as a security event.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from flask import current_app, flash, make_response, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from supervise.auth.security_log import security_event
from supervise.core.htmx import go_to
from supervise.extensions import login_manager
from supervise.sessions import seconds_since_authenticated


def has_recent_auth(window: timedelta | None = None) -> bool:
    """True when this session proved who its user is within the window."""
    age = seconds_since_authenticated()
    limit = window or current_app.config["RECENT_AUTH_WINDOW"]
    return age is not None and age <= limit.total_seconds()


def reauth_redirect(next_url: str | None = None, *, action: str = ""):
    """Send the user to confirm who they are, then on to ``next_url``."""
    target = next_url or _same_page()
    security_event("reauth_required", action=action)
    if request.method == "GET":
        flash(_("Confirm it’s you to continue."), "info")
    else:
        flash(_("Confirm it’s you, then do that again: nothing has been changed yet."), "info")
    return go_to(url_for("auth.reauth", next=target))


def _same_page() -> str:
    if request.method == "GET":
        return request.full_path.rstrip("?")
    adapter = current_app.url_map.bind("localhost")
    if adapter.test(request.path, method="GET"):
        return request.path
    return url_for("dashboard.index")


def require_recent_auth(action: str, *, window: timedelta | None = None,
                        back: Callable[..., str] | None = None):
    """Decorate a view that needs a recent password (and code) before it runs."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not has_recent_auth(window):
                next_url = back(**(request.view_args or {})) if back else None
                return reauth_redirect(next_url, action=action)
            response = make_response(view(*args, **kwargs))
            security_event("sensitive_action", action=action,
                           outcome="success" if response.status_code < 400 else "failure",
                           status=response.status_code)
            return response

        return wrapper

    return decorate
