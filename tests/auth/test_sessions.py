"""Server-side sessions: signing out for good, seeing and ending sessions, Clear-Site-Data."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
import time_machine

from supervise import clock
from supervise.auth.models import UserSession
from supervise.extensions import db
from tests.factories import PASSWORD


def _sign_in(client, user):
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}
                       ).status_code == 302


def test_sign_out_clears_the_site_data_and_says_so(world, login_as):
    client = login_as("practitioner")
    response = client.post("/logout")
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert response.headers["Location"] == "/signed-out"
    page = client.get("/signed-out")
    assert page.status_code == 200 and "You have signed out" in page.text


def test_a_copied_session_cookie_stops_working_after_sign_out(app, world, login_as):
    client = login_as("practitioner")
    stolen = client.get_cookie("supervise").value
    thief = app.test_client()
    thief.set_cookie("supervise", stolen)
    assert thief.get("/cases").status_code == 200
    client.post("/logout")
    assert thief.get("/cases").status_code == 302


def test_the_database_holds_only_a_digest_of_the_session_token(world, login_as):
    client = login_as("practitioner")
    with client.session_transaction() as session:
        token = session["sid"]
    hashes = db.session.scalars(sa.select(UserSession.token_hash)).all()
    assert token not in hashes
    assert all(len(h) == 64 for h in hashes)


def test_the_account_page_lists_where_the_user_is_signed_in(app, world, login_as):
    phone = app.test_client()
    phone.get("/login")  # a different browser
    _sign_in(phone, world.users["practitioner"])
    client = login_as("practitioner")
    page = client.get("/account", headers={"User-Agent": "Mozilla/5.0 (Windows NT 10.0) "
                                                        "Firefox/140.0"}).text
    assert "Where you are signed in" in page
    assert "This browser" in page
    assert page.count("End session") == 1  # the phone; this browser is signed out instead
    assert "Sign out everywhere" in page


def test_ending_another_session_signs_that_browser_out(app, world, login_as):
    phone = app.test_client()
    _sign_in(phone, world.users["practitioner"])
    phone_row = db.session.scalar(sa.select(UserSession).order_by(UserSession.id.desc()))
    client = login_as("practitioner")
    response = client.post(f"/account/sessions/{phone_row.id}/end")
    assert response.status_code == 302
    assert phone.get("/cases").status_code == 302
    assert client.get("/cases").status_code == 200


def test_ending_another_session_needs_a_recent_sign_in(app, world, login_as):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        phone = app.test_client()
        _sign_in(phone, world.users["practitioner"])
        phone_row = db.session.scalar(sa.select(UserSession).order_by(UserSession.id.desc()))
        client = login_as("practitioner")
        traveller.shift(timedelta(minutes=11))
        response = client.post(f"/account/sessions/{phone_row.id}/end")
        assert response.headers["Location"].startswith("/account/confirm?next=/account")
        assert phone_row.ended_at is None
        client.post("/account/confirm", data={"password": PASSWORD, "next": "/account"})
        client.post(f"/account/sessions/{phone_row.id}/end")
        assert phone_row.ended_at is not None


def test_someone_elses_session_cannot_be_ended(app, world, login_as):
    other = app.test_client()
    _sign_in(other, world.users["manager"])
    row = db.session.scalar(sa.select(UserSession).where(
        UserSession.user_id == world.users["manager"].id))
    client = login_as("practitioner")
    assert client.post(f"/account/sessions/{row.id}/end").status_code == 404
    assert other.get("/cases").status_code == 200


def test_ending_this_session_from_the_list_is_refused(world, login_as):
    client = login_as("practitioner")
    row = db.session.scalar(sa.select(UserSession).order_by(UserSession.id.desc()))
    response = client.post(f"/account/sessions/{row.id}/end")
    assert response.status_code == 302
    assert "To end this session, sign out." in client.get("/account").text


def test_an_expired_session_row_is_refused_even_with_a_fresh_cookie(world, login_as):
    client = login_as("practitioner")
    row = db.session.scalar(sa.select(UserSession).order_by(UserSession.id.desc()))
    row.last_seen_at = clock.now() - timedelta(hours=1)
    db.session.flush()
    assert client.get("/cases").status_code == 302


def test_last_seen_is_written_at_most_once_a_minute(world, login_as):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client = login_as("practitioner")
        row = db.session.scalar(sa.select(UserSession).order_by(UserSession.id.desc()))
        started = row.last_seen_at
        traveller.shift(timedelta(seconds=30))
        client.get("/cases")
        assert row.last_seen_at == started
        traveller.shift(timedelta(seconds=31))
        client.get("/cases")
        assert row.last_seen_at > started


def test_signed_out_page_sends_a_signed_in_user_home(world, login_as):
    client = login_as("practitioner")
    assert client.get("/signed-out").headers["Location"] == "/"


def test_a_page_rendered_just_after_a_new_session_carries_a_working_csrf_token(app, world,
                                                                            login_as):
    """Turning two-step verification on starts a new session and shows the recovery codes in
    the same response: the forms on that page (sign out) must still be accepted."""
    import re

    from supervise.auth import mfa
    from tests.auth.helpers import secret_on_page

    client = login_as("practitioner")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.get("/account/two-step/set-up").text
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)[1]
        codes = client.post("/account/two-step/set-up", data={
            "code": mfa.code_for(secret_on_page(page)), "csrf_token": token})
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', codes.text)[1]
        response = client.post("/logout", data={"csrf_token": token})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 302 and response.headers["Location"] == "/signed-out"


POLL = {"HX-Request": "true", "Supervise-Poll": "true"}


def test_polling_the_overdue_panel_does_not_keep_an_idle_session_alive(world, login_as):
    """A manager's dashboard left open polls every 30 s; after 30 idle minutes it still ends."""
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client = login_as("manager")
        for _minute in range(31):
            traveller.shift(timedelta(seconds=60))
            response = client.get("/visits/overdue", headers=POLL)
            if response.status_code != 200:
                break
        assert response.status_code == 401  # htmx is sent to the sign-in page
        assert response.headers["HX-Redirect"].startswith("/login")
        assert client.get("/cases").status_code == 302


def test_a_poll_without_the_header_is_still_a_poll(world, login_as):
    """A page loaded before the header existed keeps polling the same endpoint."""
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client = login_as("manager")
        row = db.session.scalar(sa.select(UserSession).order_by(UserSession.id.desc()))
        started = row.last_seen_at
        traveller.shift(timedelta(minutes=5))
        assert client.get("/visits/overdue", headers={"HX-Request": "true"}).status_code == 200
        assert row.last_seen_at == started
        traveller.shift(timedelta(minutes=26))
        assert client.get("/cases").status_code == 302  # 31 minutes since the person acted


def test_a_person_opening_the_overdue_page_is_activity(world, login_as):
    with time_machine.travel(clock.now(), tick=False) as traveller:
        client = login_as("manager")
        traveller.shift(timedelta(minutes=20))
        assert client.get("/visits/overdue").status_code == 200  # a full page, by hand
        traveller.shift(timedelta(minutes=20))
        assert client.get("/cases").status_code == 200
