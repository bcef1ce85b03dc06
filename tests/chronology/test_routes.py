"""The chronology pages through the client: timeline, filters (GET and htmx), entries,
addenda and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
import time_machine

from supervise.audit.models import AuditEvent
from supervise.chronology.models import ChronologyAddendum
from supervise.events.models import CaseEvent
from tests.factories import make_case
from tests.incidents.factories import make_entry, make_incident

HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def in_november():
    """Every date typed below is in the past."""
    with time_machine.travel(datetime(2026, 11, 22, 12, 0, tzinfo=UTC), tick=False):
        yield


def _url(world, suffix=""):
    return f"/cases/{world.case.id}/chronology{suffix}"


def test_the_timeline_shows_generated_and_typed_in_entries_with_their_sources(
        client, world, login_as):
    incident = make_incident(world.case, world.users["practitioner"])
    make_entry(world.case, world.users["hv"], summary="Missed the 2-year review",
               reported_by="Northtown clinic")
    login_as("hv")
    page = client.get(_url(world)).text
    assert "Missed the 2-year review" in page and "Reported by Northtown clinic" in page
    assert f'href="/cases/{world.case.id}/incidents/{incident.id}">Incident record' in page
    assert "Add an addendum" in page
    assert "Patterns to notice" in page


def test_an_entry_names_the_children_it_concerns_and_those_seen(client, world, login_as):
    child = world.ids["person_id"]
    make_entry(world.case, world.users["hv"], category="child_seen", summary="Seen at clinic",
               child_ids=[child], seen_ids=[child], seen_alone_ids=[child])
    login_as("hv")
    page = " ".join(client.get(_url(world)).text.split())
    assert "Concerning: Zara Testfamily</p>" in page
    assert "Seen: Zara Testfamily (alone)</p>" in page


def test_filters_by_category_as_a_plain_get_form(client, world, login_as):
    make_entry(world.case, world.users["hv"], "school_absence", summary="Absent all week")
    make_entry(world.case, world.users["hv"], "injury", summary="Bruise on the arm")
    login_as("practitioner")
    page = client.get(_url(world), query_string={"category": "injury"}).text
    assert "Bruise on the arm" in page and "Absent all week" not in page
    assert "1 entry" in page


def test_filters_by_date_range_and_agency(client, world, login_as):
    make_entry(world.case, world.users["hv"], occurred_on=date(2026, 1, 10), summary="January")
    make_entry(world.case, world.users["practitioner"], occurred_on=date(2026, 3, 10),
               summary="March by the social worker")
    make_entry(world.case, world.users["hv"], occurred_on=date(2026, 3, 12), summary="March HV")
    login_as("practitioner")
    args = [("date_from", "1"), ("date_from", "3"), ("date_from", "2026"),
            ("date_to", "31"), ("date_to", "3"), ("date_to", "2026"),
            ("agency", str(world.users["hv"].agency_id))]
    page = client.get(_url(world) + "?" + "&".join(f"{k}={v}" for k, v in args)).text
    assert "March HV" in page
    assert "January" not in page and "March by the social worker" not in page


def test_htmx_filtering_returns_only_the_timeline(client, world, login_as):
    make_entry(world.case, world.users["hv"], "injury", summary="Bruise on the arm")
    login_as("practitioner")
    response = client.get(_url(world), query_string={"category": "injury"}, headers=HX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="chronology-results"')
    assert "Bruise on the arm" in response.text and "<html" not in response.text


def test_an_impossible_date_range_is_explained_not_shown(client, world, login_as):
    login_as("practitioner")
    args = "date_from=5&date_from=3&date_from=2026&date_to=1&date_to=3&date_to=2026"
    response = client.get(_url(world) + "?" + args)
    assert response.status_code == 422
    assert "must be the same as or after" in response.text
    fragment = client.get(_url(world) + "?" + args, headers=HX)
    assert fragment.status_code == 422 and "govuk-error-summary" in fragment.text


def test_a_long_chronology_is_paged(client, world, login_as, db):
    for n in range(105):
        make_entry(world.case, world.users["hv"], summary=f"Entry number {n:03d}")
    login_as("practitioner")
    first = client.get(_url(world)).text
    assert "Page 1 of 2" in first and 'rel="next"' in first
    second = client.get(_url(world), query_string={"page": "2"}).text
    assert "Page 2 of 2" in second and 'rel="prev"' in second


def test_the_csv_export_has_the_filtered_entries_with_their_sources(client, world, login_as, db):
    make_entry(world.case, world.users["hv"], "injury", summary="Bruise on the arm",
               reported_by="Nursery", child_ids=[world.ids["person_id"]])
    make_entry(world.case, world.users["hv"], "school_absence", summary="Absent")
    login_as("practitioner")
    response = client.get(_url(world, ".csv"), query_string={"category": "injury"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["What happened"] for r in rows] == ["Bruise on the arm"]
    assert rows[0]["Reported by"] == "Nursery"
    assert rows[0]["Children concerned"] == "Zara Testfamily"
    assert rows[0]["Source agency"] == "Test Health Visiting"
    export = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "export"))
    assert export.case_id == world.case.id and export.user_id == world.users["practitioner"].id


def test_the_csv_export_neutralises_spreadsheet_formulas(client, world, login_as):
    make_entry(world.case, world.users["hv"], summary='=HYPERLINK("http://evil.example")')
    login_as("practitioner")
    rows = list(csv.DictReader(io.StringIO(client.get(_url(world, ".csv")).text)))
    assert any(r["What happened"].startswith("'=HYPERLINK") for r in rows)


def test_adding_an_entry_through_the_form(client, world, login_as, db):
    zara = next(p for p in world.case.people if p.given_name == "Zara")
    login_as("hv")
    response = client.post(_url(world, "/new"), data={
        "occurred_on": ["3", "11", "2026"], "category": "child_seen",
        "summary": "Zara seen at nursery", "seen_alone_ids": [str(zara.id)]})
    assert response.status_code == 302
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.category == "child_seen"))
    assert event.summary == "Zara seen at nursery"


def test_an_entry_with_a_bad_date_keeps_what_was_typed(client, world, login_as, db):
    login_as("hv")
    response = client.post(_url(world, "/new"), data={
        "occurred_on": ["31", "2", "2026"], "category": "injury", "summary": "Bruise"})
    assert response.status_code == 422
    assert "real date" in response.text and 'value="Bruise"' in response.text
    assert db.session.scalar(sa.select(CaseEvent).where(CaseEvent.category == "injury")) is None


def test_adding_an_addendum_through_the_form(client, world, login_as, db):
    event = make_entry(world.case, world.users["hv"])
    login_as("practitioner")
    assert client.get(_url(world, f"/{event.id}/addendum")).status_code == 200
    response = client.post(_url(world, f"/{event.id}/addendum"), data={"text": "Correction"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(ChronologyAddendum.text)) == "Correction"
    assert "Correction" in client.get(_url(world)).text


def test_a_generated_entry_sends_you_back_with_the_reason(client, world, login_as, db):
    incident = make_incident(world.case, world.users["practitioner"])
    event_id = db.session.scalar(sa.select(CaseEvent.id).where(
        CaseEvent.source_type == "incidents", CaseEvent.source_id == incident.id))
    login_as("practitioner")
    response = client.post(_url(world, f"/{event_id}/addendum"), data={"text": "Correction"},
                           follow_redirects=True)
    assert "correct that record instead" in response.text
    assert db.session.scalar(sa.select(ChronologyAddendum)) is None


def test_an_entry_of_another_case_is_not_found(client, world, login_as, db):
    other = make_case(world.users["practitioner"])
    event = make_entry(other, world.users["practitioner"])
    login_as("practitioner")
    assert client.get(_url(world, f"/{event.id}/addendum")).status_code == 404


def test_the_case_page_shows_the_patterns(client, world, login_as):
    for _ in range(2):
        make_entry(world.case, world.users["hv"], "cancelled_appointment")
    login_as("hv")
    page = client.get(f"/cases/{world.case.id}").text
    assert "Patterns to notice" in page and "does just enough to keep practitioners away" in page
    assert "No record of being seen alone" in page
