"""Breaches through the client: recording one, following it up, the decision on repeated
breaches, and the overdue ones on the dashboards of the practitioner and their manager."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import time_machine

from supervise import clock
from supervise.breaches import operations
from supervise.breaches.models import Breach, BreachSource
from supervise.extensions import db
from tests.agreements.factories import make_issued, make_signed


def _form(agreement, clause=None, **values) -> dict:
    day = clock.today()
    return {"clause_id": str((clause or agreement.behaviours[0]).id),
            "occurred_on": [str(day.day), str(day.month), str(day.year)],
            "what_happened": "Swore at the worker", "source": "observed", **values}


def _record(world, agreement, by="practitioner") -> Breach:
    return operations.record_breach(agreement, agreement.behaviours[0], {
        "occurred_on": clock.today(), "what_happened": "Shouted at the nursery staff",
        "source": BreachSource.AGENCY, "reported_by": "Little Oaks Nursery"},
        by=world.users[by])


def test_a_breach_is_recorded_from_the_agreement(world, login_as, client):
    agreement = make_signed(world)
    login_as("hv")
    url = f"/cases/{world.case.id}/agreements/{agreement.id}/breaches/new"
    page = client.get(url).text
    assert "Behaviour 1: Swearing" in page and "Expectation 1: Take Zara" in page
    response = client.post(url, data=_form(agreement))
    breach = db.session.scalar(sa.select(Breach))
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/agreements/breaches/{breach.id}")
    assert breach.recorded_by == world.users["hv"] and breach.clause.reference == "Behaviour 1"


def test_a_breach_form_with_errors_comes_back_and_saves_nothing(world, login_as, client):
    agreement = make_signed(world)
    login_as("practitioner")
    url = f"/cases/{world.case.id}/agreements/{agreement.id}/breaches/new"
    response = client.post(url, data=_form(agreement, what_happened="", clause_id="999999"))
    assert response.status_code == 422
    assert "Enter what happened" in response.text
    assert "from the options shown" in response.text
    assert db.session.scalar(sa.select(sa.func.count(Breach.id))) == 0


def test_an_unsigned_agreement_cannot_be_breached_from_the_page(world, login_as, client):
    agreement = make_issued(world)
    login_as("practitioner")
    response = client.get(f"/cases/{world.case.id}/agreements/{agreement.id}/breaches/new",
                          follow_redirects=True)
    assert "only against a signed agreement" in response.text


def test_the_follow_up_is_recorded_and_then_changed(world, login_as, client):
    breach = _record(world, make_signed(world))
    login_as("practitioner")
    url = f"/cases/{world.case.id}/agreements/breaches/{breach.id}/follow-up"
    response = client.post(url, data={"action_taken": "Visited", "legal_advice_sought": "y",
                                      "outcome": "Better"})
    assert response.status_code == 422 and "Enter the legal advice given" in response.text
    client.post(url, data={"action_taken": "Visited", "outcome": "Better"})
    assert not breach.is_open
    response = client.post(url, data={"action_taken": "Visited twice", "outcome": "Better",
                                      "version": str(breach.follow_up.version)})
    assert response.status_code == 302 and breach.follow_up.action_taken == "Visited twice"
    page = client.get(f"/cases/{world.case.id}/agreements/breaches/{breach.id}").text
    assert "Visited twice" in page and "Little Oaks Nursery" in page


def test_an_overdue_breach_is_on_the_dashboards_of_practitioner_and_manager(world, login_as,
                                                                          client):
    with time_machine.travel(datetime(2026, 11, 2, 10), tick=False):
        breach = _record(world, make_signed(world))
    with time_machine.travel(datetime(2026, 11, 20, 10), tick=False):
        for who, sees in (("practitioner", True), ("hv", True), ("manager", True),
                          ("outsider", False), ("manager2", False)):
            login_as(who)
            page = client.get("/").text
            link = f"/agreements/breaches/{breach.id}"
            assert (link in page) is sees, who
            if sees:
                assert "Breaches past their follow-up date" in page


def test_a_breach_not_yet_due_is_listed_as_due_not_overdue(world, login_as, client):
    breach = _record(world, make_signed(world))
    login_as("practitioner")
    page = client.get("/").text
    assert "Breach follow-ups due" in page and f"/agreements/breaches/{breach.id}" in page
    assert "No breach is past its follow-up date." in page


def test_a_manager_records_the_decision_on_repeated_breaches(world, login_as, client):
    agreement = make_signed(world)
    escalation = [_record(world, agreement) for _ in range(3)][-1].escalation
    url = f"/cases/{world.case.id}/agreements/escalations/{escalation.id}"
    login_as("practitioner")
    assert "Waiting for a line manager" in client.get(url).text
    assert client.post(url, data={"decisions": ["legal-advice"]}).status_code == 422
    login_as("manager")
    assert "Repeated breaches waiting for a decision" in client.get("/").text
    response = client.post(url, data={"decisions": ["legal-advice", "review-agreement"],
                                      "decision_notes": "Legal meeting booked",
                                      "version": str(escalation.version)})
    assert response.status_code == 302 and escalation.is_decided
    assert "Seek legal advice" in client.get(url).text


def test_a_breach_of_another_case_is_not_found_through_this_case(world, login_as, client):
    from tests.factories import make_case

    breach = _record(world, make_signed(world))
    other = make_case(world.users["practitioner"], "Another family")
    login_as("practitioner")
    assert client.get(f"/cases/{other.id}/agreements/breaches/{breach.id}").status_code == 404
    assert client.get(f"/cases/{other.id}/agreements/breaches/{breach.id}/follow-up"
                      ).status_code == 404


def test_the_tab_lists_breaches_with_their_follow_up_state(world, login_as, client):
    breach = _record(world, make_signed(world))
    login_as("practitioner")
    page = client.get(f"/cases/{world.case.id}/agreements").text
    assert f"/agreements/breaches/{breach.id}" in page and "Open" in page


def test_each_breach_panel_has_its_own_limit_and_a_followed_up_breach_is_on_neither(
        world, app, monkeypatch):
    """The two panels come from one query: many overdue breaches never crowd out the due ones,
    each half keeps due order, and a breach with a follow-up is on neither."""
    from supervise.breaches import queries

    monkeypatch.setattr(queries, "LIMIT", 2)
    with time_machine.travel(datetime(2026, 11, 2, 10), tick=False):
        agreement = make_signed(world)
        late = [_record(world, agreement) for _ in range(3)]
    with time_machine.travel(datetime(2026, 11, 20, 10), tick=False):
        soon = [_record(world, agreement) for _ in range(3)]
        operations.record_follow_up(late[0], {"action_taken": "Visited", "outcome": "Better"},
                                    by=world.users["practitioner"])
        with app.test_request_context("/"):
            shown = queries.open_breaches(world.users["practitioner"])
    assert [row.id for row in shown.overdue] == [b.id for b in late[1:]]
    assert [row.id for row in shown.due] == [b.id for b in soon[:2]]
    assert {row.reference for row in shown.overdue + shown.due} == {late[1].clause.reference}
    assert shown.overdue[0].family_name == world.case.family_name
