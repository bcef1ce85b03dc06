"""Re-authentication ("confirm it's you") before the most sensitive actions."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from flask_login import login_required

from supervise import clock, create_app
from supervise.accounts.models import Role
from supervise.auth import mfa
from supervise.auth.recent import require_recent_auth
from tests.auth.helpers import enable_mfa, sign_in_with_code
from tests.factories import PASSWORD
from tests.security.log_capture import events_named


def _role_change(client, user, role="manager"):
    return client.post(f"/admin/users/{user.id}/edit", data={
        "name": user.name, "email": user.email, "job_title": user.job_title, "role": role,
        "agency_id": str(user.agency_id), "team_id": str(user.team_id or "")})


def test_a_fresh_sign_in_counts_as_recent(world, login_as):
    client = login_as("admin")
    assert _role_change(client, world.users["outsider"]).status_code == 302
    assert world.users["outsider"].role is Role.MANAGER


def test_changing_a_role_after_ten_minutes_asks_to_confirm_first(world, login_as):
    outsider = world.users["outsider"]
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client = login_as("admin")
        traveller.shift(timedelta(minutes=11))
        response = _role_change(client, outsider)
        assert response.status_code == 302
        assert response.headers["Location"] == (
            f"/account/confirm?next=/admin/users/{outsider.id}/edit")
        assert outsider.role is Role.PRACTITIONER
        page = client.get(response.headers["Location"]).text
        assert "nothing has been changed yet" in page
        confirmed = client.post("/account/confirm", data={
            "password": PASSWORD, "next": f"/admin/users/{outsider.id}/edit"})
        assert confirmed.headers["Location"] == f"/admin/users/{outsider.id}/edit"
        assert _role_change(client, outsider).status_code == 302
    assert outsider.role is Role.MANAGER


def test_other_details_change_without_confirming(world, login_as):
    outsider = world.users["outsider"]
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client = login_as("admin")
        traveller.shift(timedelta(minutes=11))
        response = _role_change(client, outsider, role="practitioner")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users"


def test_confirming_needs_the_right_password(world, login_as):
    client = login_as("admin")
    response = client.post("/account/confirm", data={"password": "not it at all"})
    assert response.status_code == 422
    assert "Your password is not right" in response.text


def test_confirming_needs_the_code_when_two_step_is_on(world, client):
    user = world.users["admin"]
    secret, _codes = enable_mfa(user)
    with time_machine.travel(clock.now(), tick=False) as traveller:
        sign_in_with_code(client, user, secret)
        traveller.shift(timedelta(minutes=11))
        page = client.get("/account/confirm?next=/admin")
        assert 'name="code"' in page.text
        missing = client.post("/account/confirm", data={"password": PASSWORD, "next": "/admin"})
        assert missing.status_code == 422 and "Enter the code" in missing.text
        traveller.shift(timedelta(seconds=31))
        ok = client.post("/account/confirm", data={"password": PASSWORD, "next": "/admin",
                                                   "code": mfa.code_for(secret)})
    assert ok.status_code == 302 and ok.headers["Location"] == "/admin"


def test_confirming_is_rate_limited(app, world, login_as):
    client = login_as("admin")
    app.config["REAUTH_LIMIT_PER_ACCOUNT"] = "2 per minute"
    try:
        for _ in range(2):
            client.post("/account/confirm", data={"password": "wrong wrong wrong"})
        response = client.post("/account/confirm", data={"password": PASSWORD})
    finally:
        app.config["REAUTH_LIMIT_PER_ACCOUNT"] = "5 per minute;20 per hour"
    assert response.status_code == 429


def test_confirming_never_redirects_off_the_site(world, login_as):
    client = login_as("admin")
    response = client.post("/account/confirm", data={"password": PASSWORD,
                                                     "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


@pytest.fixture(scope="module")
def export_app(app):
    """A copy of the app with a GET route that uses the decorator, as case export will."""
    copy = create_app("test", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                      WTF_CSRF_ENABLED=False, SERVER_NAME="localhost")

    @copy.route("/cases/<int:case_id>/export-test")
    @login_required
    @require_recent_auth("case_export")
    def export_test(case_id: int):
        return f"exported {case_id}"

    yield copy
    from supervise.extensions import limiter

    limiter.init_app(app)  # the limiter is one object: give the suite's app its storage back


def test_a_get_behind_the_decorator_comes_back_to_itself_after_confirming(
        export_app, world, security_events):
    client = export_app.test_client()
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client.post("/login", data={"email": world.users["practitioner"].email,
                                    "password": PASSWORD})
        assert client.get("/cases/7/export-test").text == "exported 7"
        traveller.shift(timedelta(minutes=11))
        response = client.get("/cases/7/export-test?format=pdf")
        assert response.headers["Location"] == (
            "/account/confirm?next=/cases/7/export-test?format%3Dpdf")
        client.post("/account/confirm", data={"password": PASSWORD,
                                              "next": "/cases/7/export-test?format=pdf"})
        assert client.get("/cases/7/export-test?format=pdf").text == "exported 7"
    [first, second] = events_named(security_events, "sensitive_action")
    assert first["action"] == "case_export" and first["ids"] == {"case_id": 7}
    assert events_named(security_events, "reauth_required")[0]["action"] == "case_export"
