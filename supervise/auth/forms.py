"""Sign-in and password forms."""

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
        hint=_l("At least 12 characters. A few unrelated words make a strong password."),
    )
    confirm_password = f.password(_l("Confirm new password"))
