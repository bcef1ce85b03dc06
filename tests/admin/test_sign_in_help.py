"""Administrators' sign-in help: temporary passwords, two-step resets, ending sessions,
deactivation — each audited, each needing a recent "confirm it's you"."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine

from supervise import clock
from supervise.audit.models import AuditEvent
from supervise.auth import mfa
from tests.auth.helpers import enable_mfa
from tests.factories import PASSWORD

NEW_PASSWORD = "a long enough first password"


def _temporary_password(html: str) -> str:
    match = re.search(r'<code class="app-secret">([a-z0-9-]+)</code>', html)
    assert match, html[:500]
    return match.group(1)


def test_a_temporary_password_is_shown_once_and_must_be_changed_at_sign_in(app, world,
                                                                           login_as, db):
    outsider = world.users["outsider"]
    client = login_as("admin")
    response = client.post(f"/admin/users/{outsider.id}/password/reset")
    assert response.status_code == 200
    temporary = _temporary_password(response.text)
    assert len(temporary) == 23 and outsider.must_change_password
    assert db.session.query(AuditEvent).filter_by(action="password_reset",
                                                  object_id=outsider.id).count() == 1
    user = app.test_client()
    assert user.post("/login", data={"email": outsider.email, "password": PASSWORD}
                     ).status_code == 422  # the old one no longer works
    assert user.post("/login", data={"email": outsider.email, "password": temporary}
                     ).status_code == 302
    for url in ["/", "/cases", "/account"]:
        assert user.get(url).headers["Location"] == "/account/password"
    response = user.post("/account/password", data={
        "current_password": temporary, "new_password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert not outsider.must_change_password
    assert user.get("/cases").status_code == 200


def test_a_temporary_password_ends_the_accounts_sessions(app, world, login_as):
    outsider = world.users["outsider"]
    theirs = app.test_client()
    theirs.post("/login", data={"email": outsider.email, "password": PASSWORD})
    client = login_as("admin")
    client.post(f"/admin/users/{outsider.id}/password/reset")
    assert theirs.get("/cases").status_code == 302


def test_an_unused_temporary_password_expires_after_three_days(app, world, login_as):
    outsider = world.users["outsider"]
    client = login_as("admin")
    temporary = _temporary_password(
        client.post(f"/admin/users/{outsider.id}/password/reset").text)
    with time_machine.travel(clock.now() + timedelta(days=3, minutes=1), tick=False):
        response = app.test_client().post("/login", data={"email": outsider.email,
                                                          "password": temporary})
    assert response.status_code == 422
    assert "This temporary password has expired" in response.text


def test_a_password_reset_leaves_two_step_verification_on(app, world, login_as):
    outsider = world.users["outsider"]
    secret, _codes = enable_mfa(outsider)
    client = login_as("admin")
    temporary = _temporary_password(
        client.post(f"/admin/users/{outsider.id}/password/reset").text)
    user = app.test_client()
    response = user.post("/login", data={"email": outsider.email, "password": temporary})
    assert response.headers["Location"] == "/login/code"
    user.post("/login/code", data={"code": mfa.code_for(secret)})
    assert user.get("/cases").headers["Location"] == "/account/password"


def test_new_accounts_must_change_their_first_password(app, world, login_as):
    client = login_as("admin")
    north = world.teams["north"]
    client.post("/admin/users/new", data={
        "name": "Nia Newcomer", "email": "nia@example.test", "job_title": "Social worker",
        "role": "practitioner", "agency_id": str(north.agency_id), "team_id": str(north.id),
        "password": NEW_PASSWORD})
    newcomer = app.test_client()
    newcomer.post("/login", data={"email": "nia@example.test", "password": NEW_PASSWORD})
    assert newcomer.get("/").headers["Location"] == "/account/password"


def test_resetting_two_step_lets_them_set_it_up_again(app, world, login_as, db):
    outsider = world.users["outsider"]
    secret, _codes = enable_mfa(outsider)
    theirs = app.test_client()
    theirs.post("/login", data={"email": outsider.email, "password": PASSWORD})
    theirs.post("/login/code", data={"code": mfa.code_for(secret)})
    assert theirs.get("/cases").status_code == 200
    client = login_as("admin")
    response = client.post(f"/admin/users/{outsider.id}/two-step/reset")
    assert response.status_code == 302
    assert not outsider.mfa_enabled and outsider.totp_secret is None
    assert theirs.get("/cases").status_code == 302  # signed out at once
    assert db.session.query(AuditEvent).filter_by(
        action="mfa_reset", object_id=outsider.id, user_id=world.users["admin"].id).count() == 1


def test_resetting_two_step_needs_a_recent_confirmation(world, login_as):
    outsider = world.users["outsider"]
    enable_mfa(outsider)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client = login_as("admin")
        traveller.shift(timedelta(minutes=11))
        response = client.post(f"/admin/users/{outsider.id}/two-step/reset")
    assert response.headers["Location"] == (
        f"/account/confirm?next=/admin/users/{outsider.id}/edit")
    assert outsider.mfa_enabled


def test_an_administrator_cannot_reset_their_own_sign_in_from_administration(world,
                                                                             login_as):
    admin = world.users["admin"]
    client = login_as("admin")
    client.post(f"/admin/users/{admin.id}/password/reset")
    assert not admin.must_change_password
    assert "Change your own password from your account page" in client.get(
        f"/admin/users/{admin.id}/edit").text


def test_ending_an_accounts_sessions_signs_them_out_everywhere(app, world, login_as, db):
    outsider = world.users["outsider"]
    theirs = app.test_client()
    theirs.post("/login", data={"email": outsider.email, "password": PASSWORD})
    client = login_as("admin")
    assert client.post(f"/admin/users/{outsider.id}/sessions/end").status_code == 302
    assert theirs.get("/cases").status_code == 302
    assert db.session.query(AuditEvent).filter_by(action="sessions_ended").count() == 1


def test_deactivating_ends_the_accounts_sessions_at_once(app, world, login_as):
    outsider = world.users["outsider"]
    theirs = app.test_client()
    theirs.post("/login", data={"email": outsider.email, "password": PASSWORD})
    assert theirs.get("/cases").status_code == 200
    client = login_as("admin")
    client.post(f"/admin/users/{outsider.id}/deactivate")
    assert theirs.get("/cases").status_code == 302
    assert app.test_client().post("/login", data={"email": outsider.email,
                                                  "password": PASSWORD}).status_code == 422


def test_the_user_page_offers_the_sign_in_help(world, login_as):
    client = login_as("admin")
    page = client.get(f"/admin/users/{world.users['outsider'].id}/edit").text
    for text in ["Give a temporary password", "Sign out everywhere", "Not set up"]:
        assert text in page
