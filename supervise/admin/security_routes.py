"""Sign-in help an administrator gives after checking who is asking: a temporary password,
removing a lost authenticator app, ending every session. Each needs a recent "confirm it's
you" from the administrator, is audited and logged as a security event."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from supervise.accounts import operations
from supervise.accounts.models import User
from supervise.admin.routes import _get_or_404, admin_required, bp
from supervise.auth.recent import require_recent_auth
from supervise.core.errors import DomainError
from supervise.core.views import refuse


def _back(user_id: int, **_: object) -> str:
    return url_for("admin.user_edit", user_id=user_id)


@bp.route("/users/<int:user_id>/password/reset", methods=["POST"])
@admin_required
@require_recent_auth("admin_password_reset", back=_back)
def user_password_reset(user_id: int):
    """Give the account a temporary password, shown once; it must be changed at sign-in."""
    user = _get_or_404(User, user_id)
    try:
        password = operations.reset_password(user, by=current_user)
    except DomainError as error:
        return refuse(error, _back(user.id))
    return render_template("admin/temporary_password.html", user=user, password=password)


@bp.route("/users/<int:user_id>/two-step/reset", methods=["POST"])
@admin_required
@require_recent_auth("admin_mfa_reset", back=_back)
def user_mfa_reset(user_id: int):
    """Remove the account's authenticator app and recovery codes (a lost phone)."""
    user = _get_or_404(User, user_id)
    try:
        operations.reset_two_step(user, by=current_user)
    except DomainError as error:
        return refuse(error, _back(user.id))
    flash(_("Two-step verification was reset for %(name)s. They will set it up again when "
            "they next sign in.", name=user.name), "success")
    return redirect(_back(user.id))


@bp.route("/users/<int:user_id>/sessions/end", methods=["POST"])
@admin_required
@require_recent_auth("admin_end_sessions", back=_back)
def user_sessions_end(user_id: int):
    """Sign the account out everywhere, at once."""
    user = _get_or_404(User, user_id)
    operations.end_sessions(user, by=current_user)
    flash(_("%(name)s has been signed out everywhere", name=user.name), "success")
    return redirect(_back(user.id))
