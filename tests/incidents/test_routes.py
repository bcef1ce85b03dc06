"""Incident and non-cooperation pages through the client."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
import time_machine

from supervise.incidents.forms import parse_time
from supervise.incidents.models import Incident, NonCooperationRecord
from supervise.notifications.models import Notification
from tests.incidents.factories import make_incident


@pytest.fixture(autouse=True)
def in_november():
    """The dates typed below are in the past, and UK time is UTC (no summer time)."""
    with time_machine.travel(datetime(2026, 11, 22, 12, 0, tzinfo=UTC), tick=False):
        yield


def _form(world, **overrides):
    data = {
        "worker_id": str(world.users["practitioner"].id),
        "occurred_on": ["20", "11", "2026"], "occurred_time": "2:30pm",
        "location": "The family home", "behaviours": ["animals-as-threat", "shouting"],
        "person_ids": [str(next(p.id for p in world.case.people if p.given_name == "Zoe"))],
        "what_happened": "Set the dogs on the hallway and shouted 'get out'.",
        "worker_response": "Left and rang my manager.", "impacts": ["fear"],
        "support": ["debrief-manager"],
    }
    data.update(overrides)
    return data


def test_recording_an_incident_goes_on_to_the_alert_it_proposes(client, world, login_as, db):
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/incidents/new", data=_form(world))
    incident = db.session.scalar(sa.select(Incident))
    assert response.status_code == 302
    assert response.headers["Location"] == \
        f"/cases/{world.case.id}/alerts/new?incident={incident.id}"
    assert incident.occurred_at.hour == 14  # 2:30pm in November is 14:30 UTC
    assert incident.person_ids == [next(p.id for p in world.case.people if p.given_name == "Zoe")]
    page = client.get(response.headers["Location"]).text
    assert "The line manager has been told" in page
    assert db.session.scalar(sa.select(Notification.user_id).where(
        Notification.kind == "incident")) == world.users["manager"].id


def test_the_form_asks_for_a_police_decision_when_there_was_violence(client, world, login_as, db):
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/incidents/new",
                           data=_form(world, behaviours=["physical-violence"]))
    assert response.status_code == 422
    assert "Select whether the police were informed" in response.text
    assert "Enter the reason for the decision about the police" in response.text
    assert "Left and rang my manager." in response.text
    assert db.session.scalar(sa.select(Incident)) is None
    response = client.post(f"/cases/{world.case.id}/incidents/new", data=_form(
        world, behaviours=["physical-violence"], police_decision="informed",
        police_reason="Assault on a worker", police_reference="AB123"))
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Incident)).police_reference == "AB123"


def test_the_form_explains_a_time_it_cannot_read(client, world, login_as, db):
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/incidents/new",
                           data=_form(world, occurred_time="teatime"))
    assert response.status_code == 422 and "Enter the time like 14:30" in response.text


def test_a_worker_who_is_not_on_the_case_team_is_not_an_option(client, world, login_as, db):
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/incidents/new",
                           data=_form(world, worker_id=str(world.users["outsider"].id)))
    assert response.status_code == 422
    assert db.session.scalar(sa.select(Incident)) is None


def test_times_are_read_as_people_write_them():
    assert parse_time("14:30").hour == 14 and parse_time("2:30pm").minute == 30
    assert parse_time("2pm").hour == 14 and parse_time("12am").hour == 0
    assert parse_time("9.05").minute == 5
    for bad in ("14", "25:00", "13pm", "noon"):
        try:
            parse_time(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


def test_the_manager_reviews_an_incident_through_the_form(client, world, login_as, db):
    incident = make_incident(world.case, world.users["practitioner"])
    login_as("manager")
    url = f"/cases/{world.case.id}/incidents/{incident.id}"
    assert "Review this incident" in client.get(url).text
    response = client.post(url + "/review", data={
        "version": incident.version, "review_cause": "Fear of removal",
        "review_decision": "Joint visits", "support": ["counselling"]})
    assert response.status_code == 302
    page = client.get(url).text
    assert "Fear of removal" in page and "Counselling or the agency" in page


def test_a_practitioner_is_told_why_they_cannot_review(client, world, login_as, db):
    incident = make_incident(world.case, world.users["practitioner"])
    login_as("hv")
    url = f"/cases/{world.case.id}/incidents/{incident.id}"
    assert "Review this incident" not in client.get(url).text
    response = client.post(url + "/review", data={"review_cause": "x", "review_decision": "y"},
                           follow_redirects=True)
    assert "Only a line manager of Pat Practitioner" in response.text
    assert not db.session.get(Incident, incident.id).is_reviewed


def test_the_incidents_tab_lists_incidents_and_non_cooperation(client, world, login_as, db):
    make_incident(world.case, world.users["practitioner"])
    login_as("hv")
    client.post(f"/cases/{world.case.id}/non-cooperation/new", data={
        "observed_on": ["1", "11", "2026"], "kind": "avoidance",
        "observed": "Not in for the third visit running", "reasons": ["privacy"]})
    record = db.session.scalar(sa.select(NonCooperationRecord))
    assert record.kind == "avoidance" and record.reasons == ["privacy"]
    page = client.get(f"/cases/{world.case.id}/incidents").text
    assert "Not reviewed" in page and "Not in for the third visit running" in page
    shown = client.get(f"/cases/{world.case.id}/non-cooperation/{record.id}").text
    assert "Do not want their privacy invaded" in shown


def test_non_cooperation_needs_a_type(client, world, login_as, db):
    login_as("hv")
    response = client.post(f"/cases/{world.case.id}/non-cooperation/new", data={
        "observed_on": ["1", "11", "2026"], "observed": "Something"})
    assert response.status_code == 422 and "Select the type of non-cooperation" in response.text


def test_the_guidance_lists_are_worded_in_welsh_when_the_interface_is(client, world, login_as):
    login_as("hv")
    client.post("/language", data={"lang": "cy", "next": "/"})
    page = client.get(f"/cases/{world.case.id}/incidents/new").text
    assert "Bygythiad i ladd" in page and "Ofn" in page
    page = client.get(f"/cases/{world.case.id}/non-cooperation/new").text
    assert "Cydymffurfio cudd" in page
