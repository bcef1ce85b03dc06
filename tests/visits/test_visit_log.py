"""A practitioner's visit log for file audits (``gwent:4.1``): what it shows, its dates, who may
see it, and the audit of each view. The clock stands at Wednesday 10 March 2027, 08:00."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from supervise.audit.models import AuditEvent
from supervise.visits import operations
from tests.visits import factories as vf
from tests.visits.conftest import START

pytestmark = pytest.mark.usefixtures("clock_at")


def _url(world, role="practitioner"):
    return f"/team/{world.users[role].id}/visits"


@pytest.fixture
def visits(world, clock_at):
    """An overdue and escalated visit, one with no access, one cancelled by the family, one
    months ahead; and one by the health visitor."""
    overdue = vf.in_progress(world)  # planned 11 March, expected back at 09:00 on the 10th
    no_access = vf.approved(world, start=datetime(2027, 3, 12, 10, 0))
    cancelled = vf.make_plan(world, start=datetime(2027, 3, 15, 10, 0))
    far = vf.make_plan(world, start=datetime(2027, 6, 1, 10, 0))
    theirs = vf.make_plan(world, by=world.users["hv"], start=datetime(2027, 3, 16, 10, 0))
    operations.record_no_access(no_access.visit, "No answer, curtains drawn",
                                by=no_access.author)
    operations.cancel(cancelled.visit, "Zara is ill", True, by=cancelled.author)
    clock_at.move_to(START + timedelta(hours=2))
    operations.record_escalation(overdue.visit, "tried-worker", "No answer",
                                 by=world.users["manager"])
    return {"overdue": overdue.visit, "no_access": no_access.visit,
            "cancelled": cancelled.visit, "far": far.visit, "theirs": theirs.visit}


def _rows(page: str) -> list[str]:
    return [chunk.split("</tr>")[0] for chunk in page.split('<tr class="govuk-table__row" '
                                                           'id="visit-')[1:]]


def test_the_line_manager_sees_each_visit_with_approval_check_in_and_outcome(
        client, world, login_as, visits):
    login_as("manager")
    page = client.get(_url(world)).text
    assert "Visit log of Pat Practitioner" in page
    overdue, no_access, cancelled = _rows(page)
    assert overdue.startswith(f'{visits["overdue"].id}"') and world.case.reference in overdue
    assert "The family&#39;s home" in overdue and "Mo Manager" in overdue
    assert "In 10 March 2027 at 8:00am" in overdue and "Expected back 9:00am" in overdue
    assert "Not checked out" in overdue and "Overdue" in overdue
    assert "Escalated:" in overdue and "(Mo Manager, 10 March 2027 at 10:00am)" in overdue
    assert "No access 10 March 2027 at 8:00am: No answer, curtains drawn" in no_access
    assert "Not approved" in cancelled and "by the family: Zara is ill" in cancelled
    assert "3 visits" in page


def test_a_worker_back_late_is_shown_as_late(client, world, login_as, clock_at):
    plan = vf.in_progress(world)
    clock_at.move_to(START + timedelta(minutes=95))
    operations.check_out(plan.visit, {
        "who_present": "Zoe", "not_assessed": "", "what_was_done": "Talked",
        "observations": {}, "requirements": [], "children": [], "children_seen": []},
        by=plan.author)
    assert plan.visit.minutes_late == 35
    login_as("manager")
    page = client.get(_url(world)).text
    assert "Back 35 minutes late" in page and "Out 10 March 2027 at 9:35am" in page


def test_the_dates_select_the_visits_planned_in_them(client, world, login_as, visits):
    login_as("manager")
    page = client.get(_url(world), query_string=[
        ("date_from", "1"), ("date_from", "6"), ("date_from", "2027"),
        ("date_to", "30"), ("date_to", "6"), ("date_to", "2027")]).text
    assert "Visits planned from 1 June 2027 to 30 June 2027" in page
    assert [row.split('"')[0] for row in _rows(page)] == [str(visits["far"].id)]


def test_dates_the_wrong_way_round_are_explained(client, world, login_as):
    login_as("practitioner")
    response = client.get(_url(world), query_string=[
        ("date_from", "2"), ("date_from", "3"), ("date_from", "2027"),
        ("date_to", "1"), ("date_to", "3"), ("date_to", "2027")])
    assert response.status_code == 422
    assert "must be the same as or after" in response.text


def test_the_practitioner_sees_their_own_log(client, world, login_as, visits):
    login_as("practitioner")
    page = client.get(_url(world)).text
    assert "Your visit log" in page and len(_rows(page)) == 3


@pytest.mark.parametrize(("viewer", "whose"), [
    ("hv", "practitioner"), ("outsider", "practitioner"), ("manager2", "practitioner"),
    ("admin", "practitioner"), ("manager", "hv"), ("practitioner", "manager")])
def test_anyone_else_gets_404(client, world, login_as, viewer, whose):
    login_as(viewer)
    assert client.get(_url(world, whose)).status_code == 404


def test_each_view_is_audited_on_the_log_and_on_each_case_shown(
        client, world, login_as, visits, db):
    login_as("manager")
    client.get(_url(world))
    manager = world.users["manager"].id
    events = list(db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.user_id == manager, AuditEvent.action == "view",
        AuditEvent.object_type.in_(["visit_logs", "visits"]))))
    log = next(e for e in events if e.object_type == "visit_logs")
    assert log.changes["worker"] == world.users["practitioner"].id
    assert [e.case_id for e in events if e.object_type == "visits"] == [world.case.id]


def test_the_manager_dashboard_links_to_each_practitioners_visit_log(client, world, login_as):
    login_as("manager")
    page = client.get("/").text
    assert f'href="/team/{world.users["practitioner"].id}/visits"' in page
