"""Helpers for the sign-in tests: turning two-step verification on for a user directly."""

from __future__ import annotations

import re

from supervise import clock
from supervise.auth import mfa
from supervise.extensions import db
from tests.factories import PASSWORD


def enable_mfa(user) -> tuple[str, list[str]]:
    """Give ``user`` an authenticator app and recovery codes; returns (secret, codes)."""
    user.totp_secret = mfa.new_secret()
    user.totp_enabled_at = clock.now()
    codes = mfa.replace_recovery_codes(user)
    db.session.flush()
    return user.totp_secret, codes


def password_step(client, user, password: str = PASSWORD):
    return client.post("/login", data={"email": user.email, "password": password})


def sign_in_with_code(client, user, secret: str):
    """Both steps; returns the response to the code step."""
    client.post("/logout")
    response = password_step(client, user)
    assert response.headers["Location"] == "/login/code", response.text[:300]
    return client.post("/login/code", data={"code": mfa.code_for(secret)})


def secret_on_page(html: str) -> str:
    """The typed key shown on the set-up page, without its spaces."""
    match = re.search(r'<code class="app-secret" id="mfa-key">([A-Z2-7 ]+)</code>', html)
    assert match, "no key on the page"
    return match.group(1).replace(" ", "")
