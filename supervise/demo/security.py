"""Demo data for signing in safely: an account that uses two-step verification.

``twostep@demo.test`` (Tom Rees, social worker in Safeguarding North, on the Harper case team)
signs in with the demo password and then a code from an authenticator app. The key is printed
once by ``make run`` and kept in ``instance/demo-two-step.txt`` with ten recovery codes;
``flask --app wsgi auth demo-code`` prints the current code for anyone without a phone.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from supervise import clock
from supervise.accounts import operations as accounts
from supervise.accounts.models import Role, User
from supervise.auth import mfa
from supervise.auth.passwords import hash_password
from supervise.cases import operations as cases
from supervise.config import INSTANCE
from supervise.demo import DemoWorld
from supervise.extensions import db

EMAIL = "twostep@demo.test"
KEY_FILE = "demo-two-step.txt"


def seed(world: DemoWorld) -> None:
    """The two-step demo account, once; later runs only refresh its password."""
    user = db.session.scalar(sa.select(User).where(User.email == EMAIL))
    if user is not None:
        if current_app.config.get("DEMO_PASSWORD"):
            user.password_hash = hash_password(world.password)
        world.users["twostep"] = user
        return
    user = accounts.create_user(
        {"email": EMAIL, "name": "Tom Rees", "job_title": "Social worker",
         "role": Role.PRACTITIONER, "agency_id": world.agencies["childrens"].id,
         "team_id": world.teams["north"].id}, world.password, by=None)
    user.totp_secret = mfa.new_secret()
    user.totp_enabled_at = clock.now()
    codes = mfa.replace_recovery_codes(user)
    harper = world.cases.get("harper")
    if harper is not None:
        cases.add_team_member(harper, user, "Co-worker",
                              "Joint visits with the allocated social worker.", False,
                              by=world.users["practitioner"])
    world.users["twostep"] = user
    _tell(world, user.totp_secret, codes)


def _tell(world: DemoWorld, secret: str, codes: list[str]) -> None:
    """Print the key once; keep it (and the recovery codes) in instance/ for the demo only."""
    world.report.append(f"Two-step demo account {EMAIL}: authenticator key "
                        f"{mfa.grouped(secret)} (or: flask --app wsgi auth demo-code)")
    if current_app.config.get("DEMO_PASSWORD") or current_app.testing:
        return  # a chosen password means tests or CI: nothing is written to instance/
    INSTANCE.mkdir(parents=True, exist_ok=True)
    path = INSTANCE / KEY_FILE
    path.write_text(f"{EMAIL}\nkey: {secret}\nrecovery codes:\n" + "\n".join(codes) + "\n")
    path.chmod(0o600)
