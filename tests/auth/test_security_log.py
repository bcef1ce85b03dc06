"""Security events: structured JSON with who, what, when and where — and nothing else."""

from __future__ import annotations

import json

from supervise.auth.security_log import REDACTED, security_event
from tests.factories import PASSWORD
from tests.security.log_capture import events_named


def test_a_failed_sign_in_is_logged_without_the_typed_email(client, world, security_events):
    client.post("/login", data={"email": "Practitioner@Example.test", "password": "wrong one!"})
    [event] = events_named(security_events, "sign_in_failed")
    assert event["outcome"] == "failure"
    assert event["user_id"] == world.users["practitioner"].id
    assert event["reason"] == "bad_credentials"
    assert len(event["account"]) == 16
    assert event["endpoint"] == "auth.login" and event["method"] == "POST"
    assert event["ip"] == "127.0.0.1" and event["request_id"]
    assert event["ts"].endswith("Z")
    assert "example.test" not in json.dumps(security_events).lower()


def test_the_same_typed_email_gives_the_same_account_digest(client, world, security_events):
    for email in ["nobody@example.test", " NOBODY@example.test"]:
        client.post("/login", data={"email": email, "password": "wrong one!"})
    first, second = events_named(security_events, "sign_in_failed")
    assert first["account"] == second["account"] and first["user_id"] is None


def test_a_sign_in_is_logged_with_the_factor_used(client, world, security_events):
    client.post("/login", data={"email": "practitioner@example.test", "password": PASSWORD})
    [event] = events_named(security_events, "sign_in")
    assert event == {**event, "outcome": "success", "factor": "password", "mfa": False,
                     "user_id": world.users["practitioner"].id}


def test_a_case_refused_by_policy_is_logged_as_access_denied(world, login_as,
                                                             security_events):
    client = login_as("outsider")
    assert client.get(f"/cases/{world.case.id}/family").status_code == 404
    [event] = events_named(security_events, "access_denied")
    assert event["reason"] == "case_not_visible"
    assert event["ids"] == {"case_id": world.case.id}
    assert event["user_id"] == world.users["outsider"].id
    assert event["outcome"] == "denied"


def test_a_record_of_another_case_is_logged_as_access_denied(world, login_as, security_events):
    client = login_as("practitioner")
    url = f"/cases/{world.case.id}/people/999999/edit"
    assert client.get(url).status_code == 404
    [event] = events_named(security_events, "access_denied")
    assert event["reason"] == "record_not_in_case"


def test_the_administration_guard_is_logged(world, login_as, security_events):
    client = login_as("manager")
    assert client.get("/admin/users").status_code == 404
    [event] = events_named(security_events, "access_denied")
    assert event["reason"] == "admin_only"


def test_a_csrf_failure_is_logged(app, world, login_as, security_events):
    client = login_as("practitioner")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post("/account/sessions/end-all", data={}).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    [event] = events_named(security_events, "csrf_failure")
    assert event["reason"] == "missing" and event["outcome"] == "denied"


def test_a_lockout_is_logged_with_its_scope(app, client, world, security_events):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per minute"
    try:
        for _ in range(3):
            client.post("/login", data={"email": "practitioner@example.test",
                                        "password": "wrong password!"})
    finally:
        app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "5 per minute;30 per hour"
    [event] = events_named(security_events, "rate_limited")
    assert event["scope"] == "account" and event["endpoint"] == "auth.login"


def test_free_text_can_never_reach_the_log(app, security_events):
    with app.test_request_context("/cases/7?q=Harper"):
        record = security_event("test_event", note="Ava Harper, 3 Larch Close",
                                case_reference="SUP-2026-0001", count=3, flag=True)
    assert record["note"] == REDACTED
    assert record["case_reference"] == REDACTED  # upper case is not a machine code
    assert record["count"] == 3 and record["flag"] is True
    assert "Harper" not in json.dumps(security_events)


def test_every_response_carries_a_request_id_and_a_good_one_is_kept(client, world):
    fresh = client.get("/login").headers["X-Request-ID"]
    assert len(fresh) == 16
    assert client.get("/login", headers={"X-Request-ID": "lb-1234abcd"}
                      ).headers["X-Request-ID"] == "lb-1234abcd"
    bad = client.get("/login", headers={"X-Request-ID": "<script>x</script>"})
    assert bad.headers["X-Request-ID"] != "<script>x</script>"


def test_role_changes_are_logged_from_and_to(world, login_as, security_events):
    client = login_as("admin")
    outsider = world.users["outsider"]
    client.post(f"/admin/users/{outsider.id}/edit", data={
        "name": outsider.name, "email": outsider.email, "job_title": "Team manager",
        "role": "manager", "agency_id": str(outsider.agency_id),
        "team_id": str(outsider.team_id)})
    [event] = events_named(security_events, "role_changed")
    assert (event["from_role"], event["to_role"]) == ("practitioner", "manager")
    assert event["target_user_id"] == outsider.id
    assert event["user_id"] == world.users["admin"].id
