"""``flask --app wsgi auth demo-code``: the current code for the two-step demo account.

For trying the demo without an authenticator app. It refuses outside development mode and for
any account that is not a demo account.
"""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import current_app

from supervise.accounts.models import User
from supervise.auth import mfa
from supervise.auth.blueprint import bp
from supervise.extensions import db


@bp.cli.command("demo-code")
@click.argument("email", default="twostep@demo.test")
def demo_code(email: str) -> None:
    """Print the code a demo account's authenticator app would show now."""
    if current_app.config["ENV_NAME"] != "development" or not email.endswith("@demo.test"):
        raise click.ClickException("demo-code only works in development, for @demo.test accounts")
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None or not user.totp_secret:
        raise click.ClickException(f"{email} does not use two-step verification")
    click.echo(mfa.code_for(user.totp_secret))
