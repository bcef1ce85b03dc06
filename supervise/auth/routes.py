"""Signing in (password, then the code from the app), signing out, and "confirm it's you".

The account pages (``account_routes``) and two-step verification set-up (``mfa_routes``) add
their views to the same blueprint.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from supervise.auth import operations
from supervise.auth.blueprint import bp
from supervise.auth.forms import LoginForm, ReauthForm, SignInCodeForm
from supervise.core.errors import DomainError
from supervise.core.views import form_error
from supervise.extensions import db, limiter
from supervise.security import CLEAR_SITE_DATA
from supervise.sessions import (
    begin_second_step,
    current_session,
    end_session,
    mark_authenticated_now,
    pending_key,
    pending_user,
    start_session,
)

__all__ = ["bp", "safe_next"]


def _failed_attempt(response: Response) -> bool:
    """Only attempts that did not get through count towards the per-account limits."""
    return response.status_code != 302


def _account_key() -> str:
    return "login-account:" + (request.form.get("email") or "").strip().lower()[:254]


def _reauth_key() -> str:
    return f"reauth-account:{current_user.id if current_user.is_authenticated else ''}"


def safe_next(target: str | None) -> str:
    """Only ever redirect to a path on this site."""
    if not target:
        return url_for("dashboard.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("dashboard.index")
    if "\\" in target or any(ord(c) < 32 for c in target):
        return url_for("dashboard.index")
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    methods=["POST"],
    key_func=_account_key,
    deduct_when=_failed_attempt,
)
def login():
    """Sign in, step one: email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            user = operations.authenticate(form.email.data, form.password.data)
        except DomainError as error:
            db.session.commit()  # keep the refusal in the audit log
            form.form_errors.append(error.message)
            return render_template("auth/login.html", form=form), 422
        if user is not None and user.mfa_enabled:
            operations.password_accepted(user)
            begin_second_step(user, safe_next(form.next.data))
            return redirect(url_for("auth.verify"))
        if user is not None:
            start_session(user)
            operations.record_sign_in(user)
            return redirect(safe_next(form.next.data))
        # Keep the failed-attempt audit row even though the response is not a success.
        db.session.commit()
        form.form_errors.append(_("Enter a correct email address and password"))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 422


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_PER_IP"], methods=["POST"])
@limiter.limit(lambda: current_app.config["MFA_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=pending_key, deduct_when=_failed_attempt)
def verify():
    """Sign in, step two: the code from the authenticator app (or a recovery code)."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    pending = pending_user()
    if pending is None:
        flash(_("Sign in again: it has been more than 5 minutes, or something changed."), "info")
        return redirect(url_for("auth.login"))
    user, next_url = pending
    form = SignInCodeForm()
    if form.validate_on_submit():
        method = operations.verify_second_factor(user, form.code.data)
        if method is not None:
            start_session(user, mfa_verified=True)
            operations.record_sign_in(user, method=method)
            _warn_about_recovery_codes(method)
            return redirect(safe_next(next_url))
        db.session.commit()  # the failure stays in the audit log
        form.code.errors.append(_("The code is not right, or it has been used already"))
    status = 200 if request.method == "GET" else 422
    return render_template("auth/verify.html", form=form), status


def _warn_about_recovery_codes(method: str) -> None:
    if method != "recovery_code":
        return
    from supervise.auth.mfa import unused_recovery_codes

    left = len(unused_recovery_codes(current_user))
    flash(_("You signed in with a recovery code. You have %(n)d left: create new ones from "
            "‘Two-step verification’ on your account page.", n=left), "info")


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out of this browser; the browser is told to clear this site's data."""
    operations.sign_out(current_user, current_session())
    end_session()
    return signed_out_response()


def signed_out_response() -> Response:
    response = redirect(url_for("auth.signed_out"))
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response


@bp.route("/signed-out")
def signed_out():
    """Confirmation that the session has ended."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    return render_template("auth/signed_out.html")


@bp.route("/account/confirm", methods=["GET", "POST"])
@login_required
@limiter.limit(lambda: current_app.config["REAUTH_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_reauth_key, deduct_when=_failed_attempt)
def reauth():
    """Confirm it's you (password, and code when on) before a sensitive action."""
    form = ReauthForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    valid = form.validate_on_submit()
    if valid and current_user.mfa_enabled and not (form.code.data or "").strip():
        form.code.errors = [_("Enter the code from your authenticator app")]
        valid = False
    if not valid:
        return render_template("auth/reauth.html", form=form), 422 if form.errors else 200
    try:
        operations.reauthenticate(current_user, form.password.data, form.code.data or "")
    except DomainError as error:
        db.session.commit()  # keep the failed attempt in the audit log
        return form_error(form, error, "auth/reauth.html")
    mark_authenticated_now()
    return redirect(safe_next(form.next.data))


# The other views on this blueprint.
from supervise.auth import account_routes, commands, mfa_routes  # noqa: E402, F401
