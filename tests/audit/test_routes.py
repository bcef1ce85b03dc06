"""The audit trail of a case, for a line manager of someone on its case team."""

from __future__ import annotations

from supervise.cases.operations import add_team_member
from tests.incidents.factories import make_entry


def _url(world):
    return f"/cases/{world.case.id}/audit"


def test_the_manager_sees_who_viewed_and_changed_the_case(client, world, login_as):
    make_entry(world.case, world.users["hv"])
    login_as("hv")
    client.get(f"/cases/{world.case.id}/family")
    login_as("manager")
    page = client.get(_url(world)).text
    assert "Hana Visitor" in page and "Viewed: Case record" in page
    assert "Page: cases.family" in page and "Created: Chronology entry" in page
    assert "127.0.0.1" in page


def test_the_trail_filters_by_person_and_action(client, world, login_as):
    login_as("hv")
    client.get(f"/cases/{world.case.id}")
    login_as("manager")
    page = client.get(_url(world), query_string={
        "person": str(world.users["hv"].id), "action": "view"}).text
    assert "Hana Visitor" in page and "Pat Practitioner" not in page.split("<tbody")[1]


def test_the_trail_updates_in_place_with_htmx(client, world, login_as):
    login_as("manager")
    response = client.get(_url(world), query_string={"action": "create"},
                          headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div id="audit-results"')


def test_the_trail_is_paged(client, world, login_as):
    login_as("hv")
    for _ in range(55):
        client.get(f"/cases/{world.case.id}")
    login_as("manager")
    page = client.get(_url(world)).text
    assert "Page 1 of 2" in page
    assert "Page 2 of 2" in client.get(_url(world), query_string={"page": "2"}).text


def test_a_manager_on_the_case_team_who_manages_nobody_on_it_cannot_audit(
        client, world, login_as):
    add_team_member(world.case, world.users["manager2"], "Consultant", "", False,
                    by=world.users["practitioner"])
    login_as("manager2")
    assert client.get(f"/cases/{world.case.id}").status_code == 200
    assert client.get(_url(world)).status_code == 404


def test_the_audit_link_is_shown_only_to_those_who_may_audit(client, world, login_as):
    login_as("manager")
    assert "Audit trail" in client.get(f"/cases/{world.case.id}/chronology").text
    login_as("practitioner")
    assert "Audit trail" not in client.get(f"/cases/{world.case.id}/chronology").text
