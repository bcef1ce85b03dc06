"""Case pages through the client: search, create, edit, family, team, audit of views."""

from __future__ import annotations

from datetime import date, timedelta

from supervise import clock
from supervise.alerts.models import AlertLevel, RiskAlert
from supervise.audit.models import AuditEvent
from supervise.cases.models import Case, Person
from tests.factories import make_case


def test_case_list_shows_only_cases_the_user_may_see(client, world, login_as):
    make_case(world.users["outsider"], "Quince family")
    login_as("practitioner")
    page = client.get("/cases").text
    assert "Zebedee family" in page and "Quince family" not in page


def test_manager_sees_the_cases_of_the_people_they_manage(client, world, login_as):
    login_as("manager")
    assert "Zebedee family" in client.get("/cases").text
    login_as("manager2")
    assert "Zebedee family" not in client.get("/cases").text


def test_a_long_case_list_comes_a_page_at_a_time(client, world, login_as, monkeypatch):
    """Every case can be reached: the list says how many there are and links the pages,
    plain links that keep the search (and an out-of-range page shows the last)."""
    from supervise.cases import queries

    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    for name in ("Abbott family", "Yeats family"):
        make_case(world.users["practitioner"], name)
    login_as("practitioner")
    first = client.get("/cases").text
    assert "3 cases, showing 1 to 2" in first
    assert "Abbott family" in first and "Yeats family" in first and "Zebedee" not in first
    assert 'href="/cases?page=2&amp;q=&amp;status=open" rel="next"' in first
    last = client.get("/cases?page=2&q=&status=open").text
    assert "3 cases, showing 3 to 3" in last and "Zebedee family" in last
    assert 'rel="prev"' in last and 'rel="next"' not in last
    past_the_end = client.get("/cases?page=99").text
    assert "Zebedee family" in past_the_end and "3 cases, showing 3 to 3" in past_the_end
    assert "showing" not in client.get("/cases", query_string={"q": "zeb"}).text


def test_case_search_matches_names_references_and_postcodes(client, world, login_as):
    login_as("hv")
    for term in ["zebedee", world.case.reference, "Zara", "te11st", "TE1 1ST"]:
        assert "Zebedee family" in client.get("/cases", query_string={"q": term}).text, term
    assert "Zebedee family" not in client.get("/cases", query_string={"q": "nothing"}).text


def test_case_search_treats_wildcards_literally(client, world, login_as):
    login_as("practitioner")
    assert "Zebedee family" not in client.get("/cases", query_string={"q": "%"}).text


def test_active_search_returns_only_the_results_fragment(client, world, login_as):
    login_as("practitioner")
    response = client.get("/cases", query_string={"q": "zeb"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="case-results"')
    assert "<html" not in response.text


def test_viewing_a_case_is_audited(client, world, login_as, db):
    login_as("hv")
    client.get(f"/cases/{world.case.id}")
    client.get(f"/cases/{world.case.id}/family")
    views = db.session.query(AuditEvent).filter_by(action="view", case_id=world.case.id).all()
    assert [v.endpoint for v in views] == ["cases.show", "cases.family"]
    assert views[0].user_id == world.users["hv"].id and views[0].ip == "127.0.0.1"


def test_risk_alert_banner_is_on_every_page_of_the_case(client, world, login_as, db):
    db.session.add(RiskAlert(case_id=world.case.id, level=AlertLevel.HIGH,
                             behaviours=["animals-as-threat"], precautions=["joint-visits-only"],
                             reason="Dogs set loose in the hallway",
                             raised_by_id=world.users["practitioner"].id,
                             review_date=clock.today() + timedelta(days=30)))
    db.session.flush()
    login_as("hv")
    base = f"/cases/{world.case.id}"
    for path in ["", "/edit", "/family", "/team", "/team/add", "/people/new",
                 f"/people/{world.ids['person_id']}/edit", "/addresses/new",
                 f"/addresses/{world.ids['address_id']}/edit", "/relationships/new"]:
        page = client.get(base + path).text
        assert "app-risk-banner--high" in page, path
        assert "Joint visits only" in page and "Dogs set loose in the hallway" in page, path


def test_opening_a_case_from_the_form(client, world, login_as, db):
    login_as("outsider")
    response = client.post("/cases/new", data={
        "family_name": "Yellowhammer family", "language": "English", "document_language": "en",
        "my_role": "Allocated social worker"})
    assert response.status_code == 302
    case = db.session.query(Case).filter_by(family_name="Yellowhammer family").one()
    assert case.member_for(world.users["outsider"]).role == "Allocated social worker"


def test_a_bad_case_form_is_re_rendered_with_what_was_typed_and_nothing_saved(
        client, world, login_as, db):
    login_as("practitioner")
    before = db.session.query(Case).count()
    response = client.post("/cases/new", data={
        "family_name": "", "language": "English", "document_language": "xx",
        "interpreter_required": "y", "summary": "Typed <b>summary</b>", "my_role": "Lead"})
    assert response.status_code == 422
    assert "Enter the family name" in response.text
    assert "Enter the language the interpreter needs to speak" in response.text
    assert "Typed &lt;b&gt;summary&lt;/b&gt;" in response.text
    assert db.session.query(Case).count() == before


def test_editing_a_case(client, world, login_as):
    login_as("manager")
    response = client.post(f"/cases/{world.case.id}/edit", data={
        "family_name": "Zebedee-Smith family", "status": "open", "language": "Polish",
        "document_language": "en", "interpreter_required": "y",
        "interpreter_language": "Polish"})
    assert response.status_code == 302
    assert world.case.family_name == "Zebedee-Smith family"
    assert world.case.interpreter_required is True


def test_adding_an_unborn_child_with_its_expected_date(client, world, login_as, db):
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/people/new", data={
        "kind": "unborn", "given_name": "Baby", "expected_date": ["14", "2", "2027"],
        "in_household": "y"})
    assert response.status_code == 302
    baby = db.session.query(Person).filter_by(given_name="Baby").one()
    assert baby.expected_date == date(2027, 2, 14) and baby.date_of_birth is None
    assert "unborn, expected 14 February 2027" in client.get(f"/cases/{world.case.id}").text


def test_a_date_with_missing_parts_is_a_clear_error_not_a_crash(client, world, login_as):
    login_as("practitioner")
    url = f"/cases/{world.case.id}/people/new"
    for value in (["14", "2"], ["14"], ["", "2", "2027"], ["31", "2", "2020"], ["a", "b", "c"]):
        response = client.post(url, data={"kind": "child", "given_name": "Kid",
                                           "date_of_birth": value})
        assert response.status_code == 422, value
        assert "date" in response.text.lower()


def test_a_date_of_birth_cannot_be_in_the_future(client, world, login_as):
    login_as("practitioner")
    future = clock.today() + timedelta(days=10)
    response = client.post(f"/cases/{world.case.id}/people/new", data={
        "kind": "child", "given_name": "Kid",
        "date_of_birth": [str(future.day), str(future.month), str(future.year)]})
    assert response.status_code == 422
    assert "must be today or in the past" in response.text


def test_recording_a_move_from_the_address_form(client, world, login_as):
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/addresses/new", data={
        "line1": "5 Elm Walk", "town": "Newtown", "postcode": "nt5 5ew",
        "moved_in": ["1", "11", "2026"]})
    assert response.status_code == 302
    page = client.get(f"/cases/{world.case.id}/family").text
    assert "5 Elm Walk" in page and "1 November 2026" in page


def test_recording_a_relationship_from_the_form(client, world, login_as, db):
    login_as("practitioner")
    child, adult = world.case.children[0], world.case.adults[0]
    response = client.post(f"/cases/{world.case.id}/relationships/new", data={
        "person_id": str(child.id), "relation": "daughter", "related_person_id": str(adult.id)})
    assert response.status_code == 302
    assert "is daughter of" in client.get(f"/cases/{world.case.id}/family").text


def test_a_relationship_form_cannot_name_a_person_from_another_case(client, world, login_as):
    other = make_case(world.users["outsider"])
    from tests.factories import make_person

    stranger = make_person(other, world.users["outsider"], given_name="Stranger")
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/relationships/new", data={
        "person_id": str(stranger.id), "relation": "aunt",
        "related_person_id": str(world.case.children[0].id)})
    assert response.status_code == 422


def test_finding_and_adding_a_practitioner_from_another_team(client, world, login_as):
    login_as("practitioner")
    results = client.get(f"/cases/{world.case.id}/team/add", query_string={"q": "olu"}).text
    assert "Olu Outsider" in results
    outsider = world.users["outsider"]
    form = client.get(f"/cases/{world.case.id}/team/add", query_string={"user": outsider.id})
    assert "Add to case team" in form.text
    response = client.post(f"/cases/{world.case.id}/team/add", data={
        "user_id": str(outsider.id), "role": "School liaison", "tasks": "Attendance"})
    assert response.status_code == 302
    login_as("outsider")
    assert client.get(f"/cases/{world.case.id}").status_code == 200


def test_removing_a_team_member_in_place_with_htmx(client, world, login_as):
    login_as("practitioner")
    member_id = world.ids["member_id"]
    response = client.post(f"/cases/{world.case.id}/team/{member_id}/remove",
                           headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.text == ""
    login_as("hv")
    assert client.get(f"/cases/{world.case.id}").status_code == 404


def test_removing_the_last_member_is_refused_with_a_message(client, world, login_as):
    case = make_case(world.users["outsider"])
    login_as("outsider")
    response = client.post(f"/cases/{case.id}/team/{case.team[0].id}/remove",
                           follow_redirects=True)
    assert "A case must keep at least one person on its case team" in response.text


def test_a_record_of_another_case_is_404_even_through_a_visible_case(client, world, login_as):
    other = make_case(world.users["outsider"])
    login_as("practitioner")
    member = other.team[0]
    assert client.get(f"/cases/{world.case.id}/team/{member.id}/edit").status_code == 404
    assert client.post(f"/cases/{world.case.id}/team/{member.id}/remove").status_code == 404
