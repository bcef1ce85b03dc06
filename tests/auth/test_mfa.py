"""Two-step verification: setting it up, signing in with a code or a recovery code, and the
rule that every account needs it when SUPERVISE_REQUIRE_MFA is on."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from supervise import clock
from supervise.audit.models import AuditEvent
from supervise.auth import mfa
from supervise.auth.models import RecoveryCode
from supervise.config import load_config
from supervise.extensions import db
from tests.auth.helpers import enable_mfa, password_step, secret_on_page, sign_in_with_code
from tests.factories import PASSWORD


@pytest.fixture
def mfa_required(app):
    app.config["REQUIRE_MFA"] = True
    yield
    app.config["REQUIRE_MFA"] = False


def test_production_requires_two_step_verification_by_default(monkeypatch):
    monkeypatch.delenv("SUPERVISE_REQUIRE_MFA", raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    assert load_config("production").REQUIRE_MFA is True
    assert load_config("development").REQUIRE_MFA is False
    assert load_config("test").REQUIRE_MFA is False


def test_the_environment_can_turn_the_rule_on_or_off(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("SUPERVISE_REQUIRE_MFA", "0")
    assert load_config("production").REQUIRE_MFA is False
    monkeypatch.setenv("SUPERVISE_REQUIRE_MFA", "1")
    assert load_config("development").REQUIRE_MFA is True


def test_setup_page_shows_a_qr_code_drawn_here_and_the_typed_key(world, login_as):
    client = login_as("practitioner")
    page = client.get("/account/two-step/set-up")
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.text  # drawn in-process, no third-party service
    assert "http://" not in page.text.split('src="data:image/svg+xml')[1][:200]
    secret = secret_on_page(page.text)
    assert len(secret) == 32
    assert 'alt="QR code for adding Supervise' in page.text
    assert "Time-based, 6 digits, every 30 seconds" in page.text
    # Reloading shows the same key, so a half-done setup is not broken by a refresh.
    assert secret_on_page(client.get("/account/two-step/set-up").text) == secret


def test_confirming_with_the_apps_code_turns_it_on_and_shows_recovery_codes_once(world,
                                                                                 login_as, db):
    client = login_as("practitioner")
    secret = secret_on_page(client.get("/account/two-step/set-up").text)
    response = client.post("/account/two-step/set-up", data={"code": mfa.code_for(secret)})
    assert response.status_code == 200
    assert "Your recovery codes" in response.text
    user = world.users["practitioner"]
    assert user.mfa_enabled
    stored = db.session.scalars(sa.select(RecoveryCode).where(RecoveryCode.user_id == user.id))
    hashes = [row.code_hash for row in stored]
    assert len(hashes) == 10 and all(h.startswith("$argon2id$") for h in hashes)
    assert client.get("/account").status_code == 200  # still signed in, now verified
    assert "recovery codes left" in client.get("/account").text
    assert "Your recovery codes" not in client.get("/account/two-step").text


def test_a_wrong_setup_code_is_refused_next_to_the_field(world, login_as):
    client = login_as("practitioner")
    client.get("/account/two-step/set-up")
    response = client.post("/account/two-step/set-up", data={"code": "000000"})
    assert response.status_code == 422
    assert "The code is not right" in response.text
    assert 'id="code-error"' in response.text
    assert not world.users["practitioner"].mfa_enabled


def test_sign_in_with_two_step_needs_the_code_before_anything_else(client, world):
    user = world.users["practitioner"]
    secret, _codes = enable_mfa(user)
    response = password_step(client, user)
    assert response.status_code == 302 and response.headers["Location"] == "/login/code"
    # Half-way through, the session is not signed in.
    assert client.get("/cases").status_code == 302
    assert "/login" in client.get("/cases").headers["Location"]
    response = client.post("/login/code", data={"code": mfa.code_for(secret)})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/cases").status_code == 200


def test_the_code_step_goes_where_the_user_was_going(client, world):
    user = world.users["practitioner"]
    secret, _codes = enable_mfa(user)
    client.post("/login", data={"email": user.email, "password": PASSWORD, "next": "/cases"})
    response = client.post("/login/code", data={"code": mfa.code_for(secret)})
    assert response.headers["Location"] == "/cases"


def test_a_wrong_code_is_refused_and_audited(client, world, db):
    user = world.users["practitioner"]
    enable_mfa(user)
    password_step(client, user)
    response = client.post("/login/code", data={"code": "123456"})
    assert response.status_code == 422
    assert "The code is not right" in response.text
    assert client.get("/cases").status_code == 302
    assert db.session.query(AuditEvent).filter_by(action="mfa_failed").count() == 1


def test_a_code_works_only_once(app, client, world):
    user = world.users["practitioner"]
    secret, _codes = enable_mfa(user)
    with time_machine.travel(clock.now(), tick=False):
        code = mfa.code_for(secret)
        password_step(client, user)
        assert client.post("/login/code", data={"code": code}).status_code == 302
        other = app.test_client()
        password_step(other, user)
        assert other.post("/login/code", data={"code": code}).status_code == 422


def test_codes_from_the_neighbouring_time_steps_are_accepted_but_not_older(client, world):
    user = world.users["practitioner"]
    secret, _codes = enable_mfa(user)
    with time_machine.travel(clock.now(), tick=False):
        stale = mfa.code_for(secret, -2)
        slightly_slow = mfa.code_for(secret, -1)
        password_step(client, user)
        assert client.post("/login/code", data={"code": stale}).status_code == 422
        assert client.post("/login/code", data={"code": slightly_slow}).status_code == 302


def test_a_recovery_code_signs_in_once(app, client, world):
    user = world.users["practitioner"]
    _secret, codes = enable_mfa(user)
    password_step(client, user)
    response = client.post("/login/code", data={"code": codes[0].upper().replace("-", " ")})
    assert response.status_code == 302
    assert "You signed in with a recovery code. You have 9 left" in client.get("/").text
    other = app.test_client()
    password_step(other, user)
    assert other.post("/login/code", data={"code": codes[0]}).status_code == 422


def test_the_half_signed_in_state_lapses_after_five_minutes(client, world):
    user = world.users["practitioner"]
    secret, _codes = enable_mfa(user)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        password_step(client, user)
        traveller.shift(timedelta(minutes=6))
        response = client.post("/login/code", data={"code": mfa.code_for(secret)})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/cases").status_code == 302


def test_the_code_step_is_rate_limited_per_account(app, client, world):
    user = world.users["practitioner"]
    secret, _codes = enable_mfa(user)
    app.config["MFA_LIMIT_PER_ACCOUNT"] = "3 per minute"
    try:
        password_step(client, user)
        statuses = [client.post("/login/code", data={"code": "000000"}).status_code
                    for _ in range(3)]
        assert statuses == [422, 422, 422]
        locked = client.post("/login/code", data={"code": mfa.code_for(secret)})
        assert locked.status_code == 429
        assert "Too many attempts" in locked.text
    finally:
        app.config["MFA_LIMIT_PER_ACCOUNT"] = "5 per minute;20 per hour"


def test_the_code_page_without_a_password_step_goes_back_to_sign_in(client, world):
    response = client.get("/login/code")
    assert response.status_code == 302 and response.headers["Location"] == "/login"


def test_when_required_a_new_account_is_sent_to_set_up_before_anything_else(
        world, login_as, mfa_required):
    client = login_as("practitioner")
    for url in ["/", "/cases", f"/cases/{world.case.id}", "/account", "/notifications"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"] == "/account/two-step/set-up"
    assert client.get("/account/two-step/set-up").status_code == 200
    # Signing out still works.
    assert client.post("/logout").status_code == 302


def test_when_required_htmx_requests_are_redirected_to_set_up(world, login_as, mfa_required):
    client = login_as("practitioner")
    response = client.get("/cases", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == "/account/two-step/set-up"


def test_when_required_setting_up_lets_the_user_in(world, login_as, mfa_required):
    client = login_as("practitioner")
    secret = secret_on_page(client.get("/account/two-step/set-up").text)
    client.post("/account/two-step/set-up", data={"code": mfa.code_for(secret)})
    assert client.get("/cases").status_code == 200


def test_turning_it_on_ends_the_other_password_only_sessions(app, world, login_as):
    other_device = app.test_client()
    password_step(other_device, world.users["practitioner"])
    assert other_device.get("/cases").status_code == 200
    client = login_as("practitioner")
    secret = secret_on_page(client.get("/account/two-step/set-up").text)
    client.post("/account/two-step/set-up", data={"code": mfa.code_for(secret)})
    assert other_device.get("/cases").status_code == 302
    assert client.get("/cases").status_code == 200


def test_new_recovery_codes_replace_the_old_ones(world, client):
    user = world.users["practitioner"]
    secret, old = enable_mfa(user)
    sign_in_with_code(client, user, secret)
    response = client.post("/account/two-step/recovery-codes")
    assert response.status_code == 200
    assert "This is the only time you will see these codes" in response.text
    assert not mfa.use_recovery_code(user, old[0])
    assert len(mfa.unused_recovery_codes(user)) == 10


def test_removing_the_app_when_required_goes_straight_to_set_up_again(world, client,
                                                                       mfa_required):
    user = world.users["practitioner"]
    secret, _codes = enable_mfa(user)
    sign_in_with_code(client, user, secret)
    response = client.post("/account/two-step/remove")
    assert response.headers["Location"] == "/account/two-step/set-up"
    assert not user.mfa_enabled
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id)) == 0
    assert client.get("/cases").headers["Location"] == "/account/two-step/set-up"


def test_turning_it_off_is_possible_only_where_it_is_not_required(world, client):
    user = world.users["practitioner"]
    secret, _codes = enable_mfa(user)
    sign_in_with_code(client, user, secret)
    page = client.get("/account/two-step").text
    assert "Turn off two-step verification" in page
    client.post("/account/two-step/remove")
    assert not user.mfa_enabled
    assert client.get("/cases").status_code == 200
