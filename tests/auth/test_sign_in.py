"""Signing in and out, session revocation, timeouts and rate limits."""

from __future__ import annotations

from datetime import timedelta

import time_machine

from supervise import clock
from supervise.audit.models import AuditEvent
from supervise.auth.passwords import hash_password
from tests.factories import PASSWORD


def test_sign_in_with_correct_password_goes_to_dashboard(client, world):
    response = client.post("/login", data={"email": "practitioner@example.test",
                                           "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200


def test_sign_in_email_is_case_insensitive(client, world):
    response = client.post("/login", data={"email": "Practitioner@Example.TEST",
                                           "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client, world, db):
    response = client.post("/login", data={"email": "practitioner@example.test",
                                           "password": "not the password"})
    assert response.status_code == 422
    assert "Enter a correct email address and password" in response.text
    assert db.session.query(AuditEvent).filter_by(action="sign_in_failed").count() == 1


def test_unknown_email_gets_the_same_message(client, world):
    response = client.post("/login", data={"email": "nobody@example.test", "password": "x" * 12})
    assert response.status_code == 422
    assert "Enter a correct email address and password" in response.text


def test_empty_sign_in_form_shows_field_errors(client, world):
    response = client.post("/login", data={})
    assert response.status_code == 422
    assert "Enter an email address" in response.text
    assert "Enter a password" in response.text


def test_next_parameter_only_redirects_within_the_site(client, world):
    for target, expected in [("/cases", "/cases"), ("https://evil.example/", "/"),
                             ("//evil.example/", "/"), ("javascript:alert(1)", "/")]:
        response = client.post("/login", data={"email": "practitioner@example.test",
                                               "password": PASSWORD, "next": target})
        assert response.headers["Location"] == expected
        client.post("/logout")


def test_deactivated_user_cannot_sign_in(client, world, db):
    world.users["practitioner"].active = False
    db.session.flush()
    response = client.post("/login", data={"email": "practitioner@example.test",
                                           "password": PASSWORD})
    assert response.status_code == 422


def test_signing_in_starts_a_new_session(client, world):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/login", data={"email": "practitioner@example.test", "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session


def test_sign_out_ends_this_session_and_other_devices_stay_signed_in(app, world, login_as):
    other_device = app.test_client()
    other_device.post("/login", data={"email": "practitioner@example.test",
                                      "password": PASSWORD})
    client = login_as("practitioner")
    assert other_device.get("/cases").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get("/cases").status_code == 302
    assert other_device.get("/cases").status_code == 200


def test_sign_out_everywhere_ends_every_session_of_the_user(app, world, login_as):
    other_device = app.test_client()
    other_device.post("/login", data={"email": "practitioner@example.test",
                                      "password": PASSWORD})
    client = login_as("practitioner")
    response = client.post("/account/sessions/end-all")
    assert response.status_code == 302
    assert client.get("/cases").status_code == 302
    assert other_device.get("/cases").status_code == 302


def test_deactivating_a_user_ends_their_session_at_once(client, world, login_as, db):
    login_as("practitioner")
    assert client.get("/cases").status_code == 200
    world.users["practitioner"].active = False
    db.session.flush()
    assert client.get("/cases").status_code == 302


def test_password_change_revokes_sessions_elsewhere_but_keeps_this_one(app, world, login_as):
    other_device = app.test_client()
    other_device.post("/login", data={"email": "practitioner@example.test",
                                      "password": PASSWORD})
    client = login_as("practitioner")
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "a brand new long password",
        "confirm_password": "a brand new long password"})
    assert response.status_code == 302
    assert client.get("/cases").status_code == 200
    assert other_device.get("/cases").status_code == 302


def test_password_change_needs_the_current_password(world, login_as):
    client = login_as("practitioner")
    response = client.post("/account/password", data={
        "current_password": "wrong wrong wrong", "new_password": "a brand new long password",
        "confirm_password": "a brand new long password"})
    assert response.status_code == 422
    assert "Your current password is not right" in response.text


def test_new_password_must_be_at_least_twelve_characters(world, login_as):
    client = login_as("practitioner")
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "short", "confirm_password": "short"})
    assert response.status_code == 422
    assert "Password must be 12 characters or more" in response.text


def test_idle_session_expires_after_thirty_minutes(client, world, login_as):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        login_as("practitioner")
        traveller.shift(timedelta(minutes=29))
        assert client.get("/cases").status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get("/cases").status_code == 200
        traveller.shift(timedelta(minutes=31))
        response = client.get("/cases")
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_session_expires_after_twelve_hours_however_active(client, world, login_as):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        login_as("practitioner")
        for _ in range(24):
            traveller.shift(timedelta(minutes=29))
            assert client.get("/cases").status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get("/cases").status_code == 302


def test_expired_session_tells_htmx_to_go_to_sign_in(client, world, login_as):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        login_as("practitioner")
        traveller.shift(timedelta(minutes=31))
        response = client.get("/cases", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert "/login" in response.headers["HX-Redirect"]


def test_password_hash_is_argon2id_and_upgraded_when_parameters_change(app, client, world, db):
    user = world.users["practitioner"]
    assert user.password_hash.startswith("$argon2id$")
    app.config["ARGON2_TIME_COST"] = 2
    try:
        client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert "t=2" in user.password_hash
    finally:
        app.config["ARGON2_TIME_COST"] = 1


def test_old_hash_still_verifies_after_rehash(app, world, db):
    user = world.users["practitioner"]
    with app.test_request_context():
        user.password_hash = hash_password(PASSWORD)
    assert user.password_hash.startswith("$argon2id$")


def test_sign_in_is_rate_limited_per_account(app, client, world):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per minute"
    try:
        for _ in range(3):
            client.post("/login", data={"email": "practitioner@example.test",
                                        "password": "wrong password!"})
        response = client.post("/login", data={"email": "practitioner@example.test",
                                               "password": PASSWORD})
        assert response.status_code == 429
        other = client.post("/login", data={"email": "manager@example.test",
                                            "password": PASSWORD})
        assert other.status_code == 302
    finally:
        app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "5 per minute;30 per hour"


def test_sign_in_is_rate_limited_per_address(app, client, world):
    app.config["LOGIN_LIMIT_PER_IP"] = "4 per minute"
    try:
        statuses = [client.post("/login", data={"email": f"x{i}@example.test",
                                                "password": "wrong password!"}).status_code
                    for i in range(5)]
        assert statuses[:4] == [422] * 4
        assert statuses[4] == 429
        assert "Too many attempts" in client.post("/login", data={}).text
    finally:
        app.config["LOGIN_LIMIT_PER_IP"] = "20 per minute;200 per hour"


def test_successful_sign_ins_do_not_use_up_the_account_limit(app, client, world):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per minute"
    try:
        for _ in range(4):
            assert client.post("/login", data={"email": "practitioner@example.test",
                                               "password": PASSWORD}).status_code == 302
            client.post("/logout")
    finally:
        app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "5 per minute;30 per hour"


def test_account_page_shows_previous_sign_in(client, world, login_as):
    login_as("practitioner")
    client.post("/logout")
    login_as("practitioner")
    page = client.get("/account").text
    assert "Previous sign-in" in page
    assert "This is your first sign-in" not in page


def test_logout_is_post_only(client, world, login_as):
    login_as("practitioner")
    assert client.get("/logout").status_code == 405
    assert client.get("/cases").status_code == 200
