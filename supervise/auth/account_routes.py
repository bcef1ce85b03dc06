"""The signed-in user's own account: details, password, and where they are signed in."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from supervise.auth import operations
from supervise.auth.blueprint import bp
from supervise.auth.forms import ChangePasswordForm
from supervise.auth.mfa import unused_recovery_codes
from supervise.auth.models import UserSession
from supervise.auth.recent import require_recent_auth
from supervise.auth.security_log import deny
from supervise.core.errors import DomainError
from supervise.core.forms import ButtonForm
from supervise.core.views import form_error, refuse
from supervise.extensions import db
from supervise.sessions import current_session, end_session, open_sessions, start_session


@bp.route("/account")
@login_required
def account():
    """Who you are, when you last signed in, two-step verification, and your sessions."""
    return render_template(
        "auth/account.html", sessions=open_sessions(current_user), this_session=current_session(),
        recovery_codes_left=len(unused_recovery_codes(current_user)), button=ButtonForm())


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change your password; every other session ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            operations.change_own_password(
                current_user,
                form.current_password.data,
                form.new_password.data,
                form.confirm_password.data,
            )
        except DomainError as error:
            return form_error(form, error, "auth/change_password.html")
        start_session(current_user, mfa_verified=current_user.mfa_enabled)
        flash(_("Your password has been changed. You have been signed out everywhere else."),
              "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form), 422 if form.errors else 200


def _own_session_or_404(user_session_id: int) -> UserSession:
    row = db.session.get(UserSession, user_session_id)
    if row is None or row.user_id != current_user.id or not row.is_open:
        deny("not_own_session")
        abort(404)
    return row


@bp.route("/account/sessions/<int:user_session_id>/end", methods=["POST"])
@login_required
@require_recent_auth("end_other_session", back=lambda **_: url_for("auth.account"))
def session_end(user_session_id: int):
    """End one of your other sessions, for example on a computer you no longer use."""
    row = _own_session_or_404(user_session_id)
    this = current_session()
    if this is not None and row.id == this.id:
        return refuse(DomainError(_("To end this session, sign out.")), url_for("auth.account"))
    operations.end_other_session(current_user, row)
    flash(_("That session has ended."), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/sessions/end-all", methods=["POST"])
@login_required
def sign_out_everywhere():
    """Sign out of every browser and device, this one included."""
    from supervise.auth.routes import signed_out_response

    operations.sign_out_everywhere(current_user)
    end_session("signed_out_everywhere")
    return signed_out_response()


_BROWSERS = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
             ("Chromium/", "Chromium"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux"))


@bp.app_template_filter("browser_name")
def browser_name(user_agent: str) -> str:
    """"Firefox on Windows" from a user-agent string; "Unknown browser" when unsure."""
    browser = next((name for token, name in _BROWSERS if token in (user_agent or "")), None)
    system = next((name for token, name in _SYSTEMS if token in (user_agent or "")), None)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or _("Unknown browser")
