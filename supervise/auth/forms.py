"""Sign-in, password, two-step verification and "confirm it's you" forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField

from supervise.core import forms as f


class LoginForm(f.AppForm):
    email = f.email(_l("Email address"))
    password = f.password(_l("Password"))
    next = HiddenField()


class ChangePasswordForm(f.AppForm):
    current_password = f.password(_l("Current password"))
    new_password = f.password(
        _l("New password"),
        hint=_l("At least 12 characters. A few unrelated words make a strong password. Any "
                "characters are fine, and it can be as long as you like."),
    )
    confirm_password = f.password(_l("Confirm new password"))


class SignInCodeForm(f.AppForm):
    """The second step of signing in: a code from the app, or a recovery code."""

    code = f.text(_l("Code"), required=True, max_length=40,
                  message=_l("Enter the code from your authenticator app"),
                  hint=_l("The 6-digit code your authenticator app shows now. If you do not "
                          "have your phone, enter one of your recovery codes."))


class SetUpCodeForm(f.AppForm):
    """Proves the app was set up with the secret just shown."""

    code = f.text(_l("Code from the app"), required=True, max_length=20,
                  message=_l("Enter the 6-digit code your authenticator app shows"),
                  hint=_l("6 digits, for example 123456"))


class ReauthForm(f.AppForm):
    password = f.password(_l("Password"))
    code = f.text(_l("Code"), max_length=40,
                  hint=_l("The 6-digit code your authenticator app shows now, or a recovery "
                          "code."))
    next = HiddenField()
