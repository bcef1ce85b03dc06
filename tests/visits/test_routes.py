"""Plans and visits through the browser's routes: forms, refusals, the live overdue panel,
safety details, escalation and the contact summary."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from supervise.audit.models import AuditEvent
from supervise.plans.models import PlanStatus
from supervise.visits.models import SafetyProfile, VisitStatus
from tests.conftest import PASSWORD
from tests.visits import factories as vf

pytestmark = pytest.mark.usefixtures("clock_at")


def _version(page: str) -> str:
    """The version a form or a POST button on the page carries."""
    return re.search(r'name="version"(?: type="hidden")? value="(\d+)"', page).group(1)


def _new_plan_form(**values) -> dict[str, object]:
    return {"planned_date": ["11", "3", "2027"], "planned_time": "10:30",
            "duration_minutes": "60", "venue_kind": "home",
            "venue_address": "1 Test Street", "purpose": "See Zara", "joint_visitor_id": "",
            "police_details": "", **values}


def test_planning_a_visit_through_the_form(world, login_as, client, db):
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/plans/new", data=_new_plan_form())
    assert response.status_code == 302
    from supervise.plans.models import ActionPlan

    plan = db.session.query(ActionPlan).one()
    assert plan.planned_start == datetime(2027, 3, 11, 10, 30)  # GMT: UK time is UTC
    assert plan.venue_kind.label == "The family's home"
    assert "The family&#39;s home" in client.get(response.location).text


@pytest.mark.parametrize(("field", "value", "message"), [
    ("planned_time", "25:00", "as a time of day"),
    ("planned_date", ["31", "2", "2027"], "real date"),
    ("duration_minutes", "0", "must be between"),
    ("purpose", "", "Enter why are we visiting"),
    ("joint_visitor_id", "999999", "from the options shown"),
])
def test_bad_plan_input_is_answered_with_the_form_and_a_message(world, login_as, client,
                                                                 field, value, message):
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/plans/new",
                           data=_new_plan_form(**{field: value}))
    assert response.status_code == 422
    assert message.lower() in response.text.lower()
    assert "1 Test Street" in response.text  # what was typed is kept


def test_a_date_in_the_past_is_refused(world, login_as, client):
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/plans/new",
                           data=_new_plan_form(planned_date=["9", "3", "2027"]))
    assert response.status_code == 422


def test_the_checklist_form_saves_answers_and_the_plan_can_be_submitted(world, login_as,
                                                                         client, db):
    plan = vf.make_plan(world, complete=False)
    from supervise.plans import operations

    operations.add_risk(plan, "Dogs", "Shut away", by=plan.author, seen_version=plan.version)
    login_as("practitioner")
    url = f"/cases/{world.case.id}/plans/{plan.id}/checklist"
    data = {f"answer_{item.replace('-', '_')}": "yes" for item in vf.all_answered()}
    data["version"] = _version(client.get(url).text)
    assert client.post(url, data=data).status_code == 302
    response = client.post(f"/cases/{world.case.id}/plans/{plan.id}/submit",
                           data={"version": str(plan.version)}, follow_redirects=True)
    assert "Plan sent to your line manager" in response.text
    assert plan.status is PlanStatus.SUBMITTED


def test_a_refused_submission_says_why(world, login_as, client):
    vf.raise_alert(world, "joint-visits-only")
    plan = vf.make_plan(world)
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/plans/{plan.id}/submit",
                           data={"version": str(plan.version)}, follow_redirects=True)
    assert "joint visits only" in response.text
    assert plan.status is PlanStatus.DRAFT


def test_the_plan_shows_the_active_alerts_and_unmet_precautions(world, login_as, client):
    vf.raise_alert(world, "joint-visits-only")
    plan = vf.make_plan(world)
    login_as("hv")
    page = client.get(f"/cases/{world.case.id}/plans/{plan.id}").text
    assert "app-risk-banner--high" in page
    assert 'id="unmet-precautions"' in page


def test_manager_signs_off_and_approves_through_the_routes(world, login_as, client):
    plan = vf.submitted(world)
    login_as("manager")
    base = f"/cases/{world.case.id}"
    client.post(f"{base}/plans/{plan.id}/sign-off", data={"version": str(plan.version)})
    assert plan.status is PlanStatus.SIGNED_OFF
    client.post(f"{base}/visits/{plan.visit_id}/approve",
                data={"version": str(plan.visit.version)})
    assert plan.visit.status is VisitStatus.APPROVED


def test_two_managers_approving_from_the_same_page_only_one_succeeds(world, login_as, client,
                                                                      app, db):
    from supervise.accounts import operations as accounts

    accounts.set_team_managers(world.teams["north"], [world.users["manager"],
                                                      world.users["manager2"]], by=None)
    plan = vf.signed_off(world)
    url = f"/cases/{world.case.id}/visits/{plan.visit_id}"
    other = app.test_client()
    other.post("/login", data={"email": world.users["manager2"].email, "password": PASSWORD})
    login_as("manager")
    seen = _version(client.get(url).text)
    assert _version(other.get(url).text) == seen
    assert client.post(url + "/approve", data={"version": seen}).status_code == 302
    second = other.post(url + "/approve", data={"version": seen}, follow_redirects=True)
    assert "Mo Manager saved changes to this record" in second.text
    assert plan.visit.approved_by_id == world.users["manager"].id


def test_editing_the_plan_after_approval_through_the_form_voids_the_approval(
        world, login_as, client):
    plan = vf.approved(world)
    login_as("practitioner")
    url = f"/cases/{world.case.id}/plans/{plan.id}/edit"
    page = client.get(url).text
    assert "voids the sign-off and the visit" in page
    data = _new_plan_form(duration_minutes="90", version=_version(page))
    assert client.post(url, data=data).status_code == 302
    assert plan.status is PlanStatus.DRAFT and plan.visit.status is VisitStatus.PLANNED
    response = client.post(f"/cases/{world.case.id}/visits/{plan.visit_id}/check-in",
                           data={"expected_return": "11:00", "version": str(
                               plan.visit.version)})
    assert response.status_code == 422
    assert "This visit is planned" in response.text


def test_check_in_and_check_out_through_the_forms(world, login_as, client, db):
    plan = vf.approved(world)
    login_as("practitioner")
    base = f"/cases/{world.case.id}/visits/{plan.visit_id}"
    assert client.post(base + "/check-in", data={"expected_return": "7:00am",
                                                 "version": str(plan.visit.version)}
                       ).status_code == 422  # before now
    assert client.post(base + "/check-in", data={"expected_return": "09:15",
                                                 "version": str(plan.visit.version)}
                       ).status_code == 302
    assert plan.visit.expected_return_at == datetime(2027, 3, 10, 9, 15)
    child = world.case.children[0]
    form = {"who_present": "Zoe, Zara", "what_was_done": "Looked round the house",
            f"child_{child.id}": "alone", "req_1_what": "GP appointment", "req_1_who": "Zoe",
            "req_1_by": ["20", "3", "2027"],
            "version": str(plan.visit.version)}
    for item in ("key_people_seen", "sleeping_arrangements", "food", "others_living",
                 "usual_practice", "relieved_to_leave"):
        form[f"obs_{item}"] = "yes"
    missing = client.post(base + "/check-out", data={**form, f"child_{child.id}": ""})
    assert missing.status_code == 422 and "Was Zara Testfamily seen" in missing.text
    assert client.post(base + "/check-out", data=form).status_code == 302
    assert plan.visit.status is VisitStatus.COMPLETED
    summary = client.get(base + "/summary").text
    assert "Why we came" in summary and "GP appointment" in summary
    assert "20 March 2027" in summary


def test_the_contact_summary_waits_for_check_out(world, login_as, client):
    plan = vf.approved(world)
    login_as("hv")
    response = client.get(f"/cases/{world.case.id}/visits/{plan.visit_id}/summary")
    assert response.status_code == 302


def test_the_overdue_panel_shows_a_late_visit_to_the_worker_and_their_manager(
        world, login_as, client, clock_at):
    plan = vf.in_progress(world, joint_visitor_id=world.users["hv"].id)
    db_profile = SafetyProfile(user_id=plan.author_id, mobile="07700 900123",
                               vehicle="Blue Fiat 500", registration="AB12 CDE",
                               emergency_contact_name="Sam", emergency_contact_phone="01632")
    from supervise.extensions import db

    db.session.add(db_profile)
    db.session.flush()
    login_as("manager")
    assert "No visits are overdue" in client.get("/").text
    clock_at.move_to(datetime(2027, 3, 10, 9, 45))
    login_as("manager")  # the idle session ended while time passed
    page = client.get("/").text
    assert 'hx-trigger="every 30s"' in page and "Overdue 45 min: act now" in page
    assert "AB12 CDE" in page and "07700 900123" in page and "1 Test Street" in page
    assert "Hana Visitor" in page  # who went
    fragment = client.get("/visits/overdue", headers={"HX-Request": "true"}).text
    assert "<html" not in fragment and "AB12 CDE" in fragment
    login_as("hv")  # the joint visitor sees it, but not the safety details
    page = client.get("/").text
    assert "Overdue 45 min" in page and "AB12 CDE" not in page
    login_as("practitioner")
    assert "Check out now" in client.get("/").text


def test_a_manager_of_another_team_does_not_see_the_overdue_visit(world, login_as, client,
                                                                    clock_at):
    vf.in_progress(world)
    clock_at.move_to(datetime(2027, 3, 10, 9, 45))
    login_as("manager2")
    assert "No visits are overdue" in client.get("/visits/overdue").text


def test_every_view_of_safety_details_is_audited(world, login_as, client, db, clock_at):
    plan = vf.in_progress(world)
    db.session.add(SafetyProfile(user_id=plan.author_id, mobile="07700 900123"))
    clock_at.move_to(datetime(2027, 3, 10, 9, 45))
    login_as("manager")
    before = db.session.query(AuditEvent).filter_by(object_type="safety_profiles").count()
    client.get("/")
    client.get(f"/team/{plan.author_id}/safety-details")
    client.get(f"/cases/{world.case.id}/visits/{plan.visit_id}/escalate")
    after = db.session.query(AuditEvent).filter_by(object_type="safety_profiles").count()
    assert after == before + 3


@pytest.mark.parametrize("who", ["practitioner", "hv", "outsider", "manager2", "admin"])
def test_safety_details_are_404_to_everyone_but_the_line_managers(world, login_as, client,
                                                                   who):
    login_as(who)
    assert client.get(f"/team/{world.users['practitioner'].id}/safety-details"
                      ).status_code == 404


def test_the_worker_keeps_their_own_safety_details(world, login_as, client, db):
    login_as("practitioner")
    page = client.get("/account/safety-details").text
    assert 'name="version" type="hidden" value=""' in page  # nothing saved yet
    response = client.post("/account/safety-details", data={
        "mobile": "07700 900123", "registration": "AB12 CDE", "version": ""})
    assert response.status_code == 302
    profile = db.session.get(SafetyProfile, world.users["practitioner"].id)
    assert profile.registration == "AB12 CDE"
    audit = db.session.query(AuditEvent).filter_by(object_type="safety_profiles",
                                                   action="update").one()
    assert "AB12" not in str(audit.changes)  # which fields, never the values


def test_the_manager_records_escalation_steps_until_resolved(world, login_as, client,
                                                             clock_at):
    plan = vf.in_progress(world)
    clock_at.move_to(datetime(2027, 3, 10, 9, 45))
    login_as("manager")
    url = f"/cases/{world.case.id}/visits/{plan.visit_id}/escalate"
    assert client.post(url, data={"step": "other"}).status_code == 422  # say what
    assert client.post(url, data={"step": "tried-worker", "notes": "Voicemail"}
                       ).status_code == 302
    assert client.post(url, data={"step": "resolved", "notes": "Rang in"}).status_code == 302
    assert "Resolved: worker safe" in client.get("/visits/overdue").text
    assert "Record this step" not in client.get(url).text


def test_no_access_and_cancel_through_the_forms(world, login_as, client):
    first, second = vf.approved(world), vf.approved(world)
    login_as("practitioner")
    base = f"/cases/{world.case.id}/visits"
    assert client.post(f"{base}/{first.visit_id}/no-access", data={
        "notes": "No answer", "version": str(first.visit.version)}).status_code == 302
    assert first.visit.status is VisitStatus.NO_ACCESS
    assert client.post(f"{base}/{second.visit_id}/cancel", data={
        "by_family": "", "reason": "x"}).status_code == 422
    assert client.post(f"{base}/{second.visit_id}/cancel", data={
        "by_family": "agency", "reason": "Court", "version": str(second.visit.version)}
    ).status_code == 302
    assert second.visit.status is VisitStatus.CANCELLED


def test_a_plan_of_another_case_is_404_through_this_case(world, login_as, client):
    from tests.factories import make_case

    other_case = make_case(world.users["practitioner"], "Other family")
    plan = vf.make_plan(world)
    login_as("practitioner")
    assert client.get(f"/cases/{other_case.id}/plans/{plan.id}").status_code == 404
    assert client.get(f"/cases/{other_case.id}/visits/{plan.visit_id}").status_code == 404


def test_pages_show_markup_not_escaped_tags_and_escape_what_people_type(world, login_as,
                                                                          client):
    from supervise.plans import operations as plans

    plan = vf.submitted(world, venue_address="<b>Flat 2</b>\nHigh Street")
    plans.return_for_changes(plan, "Line one\n<script>x</script>", by=world.users["manager"],
                             seen_version=plan.version)
    login_as("practitioner")
    for url in (f"/cases/{world.case.id}/plans/{plan.id}",
                f"/cases/{world.case.id}/visits/{plan.visit_id}"):
        page = client.get(url).text
        assert "&lt;p" not in page and "&lt;br" not in page and "&lt;strong" not in page
        assert "&lt;b&gt;Flat 2&lt;/b&gt;<br>High Street" in page
        assert "<script>x" not in page
