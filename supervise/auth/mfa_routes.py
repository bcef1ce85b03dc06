"""Setting up two-step verification with an authenticator app, and managing it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from supervise.auth import mfa, operations
from supervise.auth.blueprint import bp
from supervise.auth.forms import SetUpCodeForm
from supervise.auth.recent import require_recent_auth
from supervise.core.errors import DomainError
from supervise.core.forms import ButtonForm
from supervise.core.views import form_error
from supervise.sessions import start_session

_BACK = {"back": lambda **_: url_for("auth.mfa_status")}


@bp.route("/account/two-step")
@login_required
def mfa_status():
    """Whether two-step verification is on, and what you can do about it."""
    return render_template("auth/mfa.html", button=ButtonForm(),
                           recovery_codes_left=len(mfa.unused_recovery_codes(current_user)),
                           required=current_app.config["REQUIRE_MFA"])


@bp.route("/account/two-step/set-up", methods=["GET", "POST"])
@login_required
def mfa_setup():
    """Scan the QR code (or type the key), then enter the code the app shows."""
    if current_user.mfa_enabled:
        return redirect(url_for("auth.mfa_status"))
    form = SetUpCodeForm()
    secret = operations.pending_secret(current_user)
    if form.validate_on_submit():
        try:
            codes = operations.confirm_mfa(current_user, form.code.data)
        except DomainError as error:
            return form_error(form, error, "auth/mfa_setup.html", **_setup_context(secret))
        start_session(current_user, mfa_verified=True)
        return render_template("auth/recovery_codes.html", codes=codes, first_time=True)
    status = 422 if form.errors else 200
    return render_template("auth/mfa_setup.html", form=form, **_setup_context(secret)), status


def _setup_context(secret: str) -> dict:
    return {"qr": mfa.qr_data_uri(mfa.provisioning_uri(current_user, secret)),
            "secret": mfa.grouped(secret), "issuer": current_app.config["MFA_ISSUER"]}


@bp.route("/account/two-step/recovery-codes", methods=["POST"])
@login_required
@require_recent_auth("mfa_recovery_codes", **_BACK)
def mfa_recovery_codes():
    """New recovery codes, shown once; the old ones stop working."""
    try:
        codes = operations.new_recovery_codes(current_user)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("auth.mfa_status"))
    return render_template("auth/recovery_codes.html", codes=codes, first_time=False)


@bp.route("/account/two-step/remove", methods=["POST"])
@login_required
@require_recent_auth("mfa_remove", **_BACK)
def mfa_remove():
    """Remove your authenticator app (a new phone); other sessions end."""
    operations.reset_mfa(current_user, by=current_user)
    start_session(current_user)
    if current_app.config["REQUIRE_MFA"]:
        flash(_("Your authenticator app was removed. Set up your new one now."), "success")
        return redirect(url_for("auth.mfa_setup"))
    flash(_("Two-step verification is off. You can set it up again at any time."), "success")
    return redirect(url_for("auth.mfa_status"))


@bp.app_template_global()
def mfa_required() -> bool:
    return bool(current_app.config["REQUIRE_MFA"])

