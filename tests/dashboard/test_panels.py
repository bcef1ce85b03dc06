"""The dashboard panels this issue adds, the layout of the page, and constant query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from supervise import clock
from supervise.accounts.models import User
from supervise.alerts.panels import alerts_past_review
from supervise.cases.models import Case
from supervise.dashboard.foundation_panels import alerts_on_my_cases, my_team
from supervise.incidents import operations as incidents
from supervise.incidents.panels import hostile_case_load, incidents_unreviewed
from supervise.notifications.panels import unread_notifications
from supervise.supervision.status import supervisees
from tests.factories import make_agency, make_case, make_user
from tests.incidents.factories import (
    make_alert,
    make_entry,
    make_incident,
    make_non_cooperation,
)
from tests.querycount import counting_queries

REVIEW = {"review_cause": "c", "review_decision": "d", "support": [], "support_notes": ""}


def test_a_manager_sees_the_unreviewed_incidents_of_their_team(world, db):
    incident = make_incident(world.case, world.users["practitioner"])
    data = incidents_unreviewed(world.users["manager"])
    assert data["total"] == 1 and data["rows"][0][0] == incident
    assert incidents_unreviewed(world.users["manager2"])["total"] == 0
    assert incidents_unreviewed(world.users["practitioner"]) is None


def test_a_reviewed_incident_leaves_the_panel(world, db):
    incident = make_incident(world.case, world.users["practitioner"])
    incidents.review_incident(incident, REVIEW, by=world.users["manager"])
    assert incidents_unreviewed(world.users["manager"])["total"] == 0


def test_alerts_past_review_are_flagged_to_the_manager(world, db):
    make_alert(world.case, world.users["practitioner"],
               review_date=clock.today() + timedelta(days=1))
    assert alerts_past_review(world.users["manager"])["total"] == 0
    assert alerts_past_review(world.users["practitioner"]) is None
    with time_machine.travel(clock.now() + timedelta(days=3), tick=False):
        assert alerts_past_review(world.users["manager"])["total"] == 1
        assert alerts_past_review(world.users["manager2"])["total"] == 0


def test_alerts_on_my_cases_puts_those_past_review_first(world, db):
    soon = make_alert(world.case, world.users["practitioner"],
                      review_date=clock.today() + timedelta(days=1))
    later = make_alert(world.case, world.users["practitioner"],
                       review_date=clock.today() + timedelta(days=20))
    with time_machine.travel(clock.now() + timedelta(days=3), tick=False):
        rows = alerts_on_my_cases(world.users["hv"])["rows"]
    assert [alert for alert, _ in rows] == [soon, later]


def test_unread_notifications_for_a_practitioner_always_and_a_manager_when_any(world, db):
    assert unread_notifications(world.users["practitioner"])["total"] == 1
    assert unread_notifications(world.users["hv"]) == {"notes": [], "total": 0}
    assert unread_notifications(world.users["manager"]) is None
    make_incident(world.case, world.users["practitioner"])
    assert unread_notifications(world.users["manager"])["total"] == 1


def test_the_load_chart_counts_each_practitioners_hostile_cases(world, db):
    north = world.teams["north"]
    colleague = make_user(world.agencies["childrens"], north, name="Cal Colleague")
    calm = make_case(colleague)
    hostile = make_case(world.users["practitioner"])
    make_alert(hostile, world.users["practitioner"])
    make_incident(world.case, world.users["practitioner"])
    loads = {bar["load"].user.name: bar for bar in
             hostile_case_load(world.users["manager"])["bars"]}
    assert set(loads) == {"Pat Practitioner", "Cal Colleague"}
    pat = loads["Pat Practitioner"]["load"]
    assert (pat.open_cases, pat.with_alert, pat.with_incident, pat.hostile) == (2, 1, 1, 2)
    assert loads["Pat Practitioner"]["width"] == 100
    assert loads["Cal Colleague"]["load"].hostile == 0 and loads["Cal Colleague"]["width"] == 0
    assert calm is not None and hostile_case_load(world.users["practitioner"]) is None


def test_the_load_chart_leaves_out_people_no_longer_active(world, db):
    gone = make_user(world.agencies["childrens"], world.teams["north"], name="Gil Gone")
    make_case(gone)
    gone.active = False
    loads = hostile_case_load(world.users["manager"])["bars"]
    assert [bar["load"].user.name for bar in loads] == ["Pat Practitioner"]
    assert "Gil Gone" not in {p.name for p in supervisees(world.users["manager"])}
    assert "Gil Gone" in {m.name for m in my_team(world.users["manager"])["members"]}


def test_an_old_incident_no_longer_counts_as_recent(world, db):
    make_incident(world.case, world.users["practitioner"],
                  occurred_at=clock.now() - timedelta(days=91))
    load = hostile_case_load(world.users["manager"])["bars"][0]["load"]
    assert load.with_incident == 0 and load.hostile == 0


def test_the_manager_dashboard_reads_in_bands_with_the_chart_in_numbers(client, world, login_as):
    make_incident(world.case, world.users["practitioner"])
    make_alert(world.case, world.users["practitioner"])
    login_as("manager")
    page = client.get("/").text
    for text in ("Needs your attention", "Your work", "Your team",
                 "Incidents waiting for your review", "Hostile cases across your team",
                 'class="app-bar-chart__value">1<'):
        assert text in page, text
    assert page.index("Incidents waiting") < page.index("Risk alerts on your cases") \
        < page.index("My cases") < page.index("Hostile cases across")


def test_the_practitioner_dashboard_has_no_team_band(client, world, login_as):
    login_as("practitioner")
    page = client.get("/").text
    assert "Needs your attention" in page and "Unread notifications" in page
    assert "Your team" not in page and "Incidents waiting" not in page


def _grow(db, world, n, ids):
    """More of everything the pages read — on the world's case, recorded by new people in new
    agencies (so nothing is already loaded), and on new cases of the same practitioner. The
    case team itself stays the same size: the case page lists it."""
    case = db.session.get(Case, world.ids["case_id"])
    practitioner, hv = (db.session.get(User, ids[k]) for k in ("practitioner", "hv"))
    for _ in range(n):
        # A different person for each kind of record, so no query loads another's recorder.
        alerter, recorder, observer, writer, worker = (make_user(make_agency())
                                                       for _ in range(5))
        other = make_case(practitioner, members=[worker])
        make_alert(other, practitioner)
        make_incident(other, worker, by=practitioner)
        make_alert(case, alerter)
        make_incident(case, hv, by=recorder)
        make_entry(case, writer, "child_seen", seen_alone_ids=[world.ids["person_id"]])
        make_non_cooperation(case, observer)
    db.session.flush()


@pytest.mark.parametrize(("role", "path"), [
    ("manager", "/"), ("practitioner", "/"), ("hv", "/cases/{case}"),
    ("hv", "/cases/{case}/chronology"), ("hv", "/cases/{case}/chronology.csv"),
    ("manager", "/cases/{case}/audit"), ("hv", "/cases/{case}/incidents"),
    ("hv", "/cases/{case}/alerts"), ("hv", "/cases/{case}/team")])
def test_query_counts_do_not_grow_with_the_data(client, world, login_as, db, role, path):
    url = path.format(case=world.case.id)
    ids = {key: user.id for key, user in world.users.items()}
    _grow(db, world, 2, ids)
    login_as(role)
    small = _measure(client, db, url)
    _grow(db, world, 6, ids)
    large = _measure(client, db, url)
    assert large.count == small.count, (small.count, large.count)


def _measure(client, db, url):
    """One request from an empty session, as every real request starts."""
    db.session.expunge_all()
    with counting_queries() as counter:
        assert client.get(url).status_code == 200
    return counter


def _panel(page: str, key: str) -> str:
    start = page.index(f'id="panel-{key}"')
    return page[start:page.index("</section>", start)]


def test_a_long_panel_lists_its_first_rows_and_links_to_itself_in_full(
        client, world, login_as, monkeypatch):
    from datetime import datetime

    from supervise.dashboard import panels
    from tests.visits import factories as vf

    monkeypatch.setattr(panels, "SHOWN", 2)
    plans = [vf.submitted(world, start=datetime(2027, 3, day, 10, 0)) for day in (12, 10, 11)]
    for _ in range(3):
        make_alert(world.case, world.users["practitioner"])
    login_as("manager")
    page = client.get("/").text
    waiting = _panel(page, "visit_approvals")
    assert waiting.count("Sign off") == 2
    assert "Showing the first 2 of 3 plans waiting for you to sign off." in waiting
    assert 'href="/?all=visit_approvals#panel-visit_approvals"' in waiting
    assert f'/plans/{plans[0].id}"' not in waiting  # the latest visit waits unlisted
    assert f'/plans/{plans[1].id}"' in waiting and f'/plans/{plans[2].id}"' in waiting
    assert "Showing the first 2 of 3 risk alerts on your cases." in _panel(
        page, "alerts_on_my_cases")

    page = client.get("/?all=visit_approvals").text
    waiting = _panel(page, "visit_approvals")
    assert waiting.count("Sign off") == 3 and "Showing the first" not in waiting
    # Only the panel asked for is shown in full.
    assert "Showing the first 2 of 3 risk alerts" in _panel(page, "alerts_on_my_cases")
    assert "Showing the first" not in _panel(client.get("/?all=alerts_on_my_cases").text,
                                            "alerts_on_my_cases")


def test_my_cases_lists_the_first_and_says_how_many(client, world, login_as, monkeypatch):
    from supervise.dashboard import panels

    monkeypatch.setattr(panels, "SHOWN", 1)
    make_case(world.users["practitioner"])
    login_as("practitioner")
    mine = _panel(client.get("/").text, "my_cases")
    assert mine.count('class="govuk-table__row"') == 2  # the heading and one case
    assert "Showing the first 1 of 2 open cases you are on the case team of." in mine
    full = _panel(client.get("/?all=my_cases").text, "my_cases")
    assert full.count('class="govuk-table__row"') == 3 and "Showing the first" not in full


def test_unreviewed_incidents_list_the_longest_waiting_and_link_to_all(
        client, world, login_as, monkeypatch):
    from supervise.dashboard import panels

    monkeypatch.setattr(panels, "SHOWN", 1)
    for _ in range(2):
        make_incident(world.case, world.users["practitioner"])
    login_as("manager")
    waiting = _panel(client.get("/").text, "incidents_unreviewed")
    assert "Showing the first 1 of 2 incidents waiting for your review." in waiting
    assert 'href="/?all=incidents_unreviewed#panel-incidents_unreviewed"' in waiting
    full = _panel(client.get("/?all=incidents_unreviewed").text, "incidents_unreviewed")
    assert full.count('class="govuk-table__row"') == 3 and "Showing the first" not in full
