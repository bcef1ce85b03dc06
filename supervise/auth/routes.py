"""Sign in, sign out, and the signed-in user's own account."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from supervise.auth import operations
from supervise.auth.forms import ChangePasswordForm, LoginForm
from supervise.core.errors import DomainError
from supervise.core.views import form_error
from supervise.extensions import db, limiter
from supervise.sessions import end_session, start_session

bp = Blueprint("auth", __name__)


def _failed_attempt(response: Response) -> bool:
    """Only attempts that did not sign in count towards the per-account limit."""
    return response.status_code != 302


def _account_key() -> str:
    return "login-account:" + (request.form.get("email") or "").strip().lower()[:254]


def safe_next(target: str | None) -> str:
    """Only ever redirect to a path on this site."""
    if not target:
        return url_for("dashboard.index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
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
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is not None:
            start_session(user)
            operations.record_sign_in(user)
            return redirect(safe_next(form.next.data))
        # Keep the failed-attempt audit row even though the response is not a success.
        db.session.commit()
        form.form_errors.append(_("Enter a correct email address and password"))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 422


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out: this session and every other one the user has."""
    operations.sign_out(current_user)
    db.session.commit()
    end_session()
    flash(_("You have signed out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/account")
@login_required
def account():
    """The user's own account: who they are, and when they last signed in."""
    return render_template("auth/account.html")


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
        start_session(current_user)
        flash(_("Your password has been changed. You have been signed out everywhere else."),
              "success")
        return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form), 422 if form.errors else 200
