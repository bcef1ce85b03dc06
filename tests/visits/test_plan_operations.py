"""Action plans: draft → submitted → signed off or returned; the precautions risk alerts require;
the checklist answered in full; a sign-off freezes what was signed; a change voids it."""

from __future__ import annotations

import pytest

from supervise.core.concurrency import StaleRecord
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.notifications.models import Notification
from supervise.plans import operations
from supervise.plans.models import PlanStatus, VenueKind
from supervise.visits.models import VisitStatus
from tests.visits import factories as vf

pytestmark = pytest.mark.usefixtures("clock_at")


def test_planning_a_visit_makes_a_planned_visit_and_a_draft_plan(world):
    plan = vf.make_plan(world, complete=False)
    assert plan.status is PlanStatus.DRAFT
    assert plan.visit.status is VisitStatus.PLANNED
    assert plan.visit.practitioner_id == world.users["practitioner"].id


def test_a_visit_cannot_be_planned_in_the_past(world, clock_at):
    from datetime import datetime

    with pytest.raises(DomainError) as error:
        vf.make_plan(world, complete=False, start=datetime(2027, 3, 9, 10, 0))
    assert error.value.field == "planned_date"


def test_you_cannot_be_your_own_joint_visitor(world):
    with pytest.raises(DomainError):
        vf.make_plan(world, complete=False, joint_visitor_id=world.users["practitioner"].id)


def test_submitting_needs_every_checklist_item_answered(world):
    plan = vf.make_plan(world, complete=False)
    operations.add_risk(plan, "Dogs", "Shut away", by=plan.author, seen_version=plan.version)
    with pytest.raises(DomainError, match="safety checklist"):
        operations.submit(plan, by=plan.author, seen_version=plan.version)
    answers = vf.all_answered()
    answers.pop("safety-training")
    operations.answer_checklist(plan, answers, by=plan.author, seen_version=plan.version)
    with pytest.raises(DomainError, match="safety checklist"):
        operations.submit(plan, by=plan.author, seen_version=plan.version)


def test_submitting_needs_at_least_one_risk(world):
    plan = vf.make_plan(world, complete=False)
    operations.answer_checklist(plan, vf.all_answered(), by=plan.author,
                                seen_version=plan.version)
    with pytest.raises(DomainError, match="each risk"):
        operations.submit(plan, by=plan.author, seen_version=plan.version)


def test_submitting_notifies_the_authors_line_managers(world, db):
    plan = vf.submitted(world)
    assert plan.status is PlanStatus.SUBMITTED
    notes = db.session.query(Notification).filter_by(kind="plan_submitted").all()
    assert [n.user_id for n in notes] == [world.users["manager"].id]


def test_only_the_author_submits(world):
    plan = vf.make_plan(world)
    with pytest.raises(NotAllowed):
        operations.submit(plan, by=world.users["hv"], seen_version=plan.version)


def test_joint_visits_only_refuses_submission_without_a_joint_visitor(world):
    vf.raise_alert(world, "joint-visits-only")
    plan = vf.make_plan(world)
    with pytest.raises(DomainError, match="joint visits only"):
        operations.submit(plan, by=plan.author, seen_version=plan.version)
    operations.update_details(plan, vf.details(joint_visitor_id=world.users["hv"].id),
                              by=plan.author, seen_version=plan.version)
    operations.submit(plan, by=plan.author, seen_version=plan.version)
    assert plan.status is PlanStatus.SUBMITTED


def test_police_present_precaution_needs_the_police_on_the_plan(world):
    vf.raise_alert(world, "police-present")
    plan = vf.make_plan(world)
    with pytest.raises(DomainError, match="police must be present"):
        operations.submit(plan, by=plan.author, seen_version=plan.version)
    operations.update_details(plan, vf.details(police_present=True), by=plan.author,
                              seen_version=plan.version)
    operations.submit(plan, by=plan.author, seen_version=plan.version)


def test_neutral_venue_precaution_refuses_a_home_visit(world):
    vf.raise_alert(world, "neutral-venue")
    plan = vf.make_plan(world)
    with pytest.raises(DomainError, match="neutral venue only"):
        operations.submit(plan, by=plan.author, seen_version=plan.version)
    operations.update_details(plan, vf.details(venue_kind=VenueKind.NEUTRAL), by=plan.author,
                              seen_version=plan.version)
    operations.submit(plan, by=plan.author, seen_version=plan.version)


def test_no_lone_visits_after_dark_refuses_a_lone_evening_visit(world):
    from datetime import datetime

    vf.raise_alert(world, "no-lone-visits-after-dark")
    evening = vf.make_plan(world, start=datetime(2027, 3, 11, 17, 30))
    with pytest.raises(DomainError, match="after dark"):
        operations.submit(evening, by=evening.author, seen_version=evening.version)
    morning = vf.make_plan(world, start=datetime(2027, 3, 11, 10, 0))
    operations.submit(morning, by=morning.author, seen_version=morning.version)
    operations.update_details(evening, vf.details(start=datetime(2027, 3, 11, 17, 30),
                                                  joint_visitor_id=world.users["hv"].id),
                              by=evening.author, seen_version=evening.version)
    operations.submit(evening, by=evening.author, seen_version=evening.version)


def test_a_line_manager_signs_off_and_a_snapshot_is_frozen(world):
    plan = vf.signed_off(world)
    signoff = plan.current_signoff
    assert plan.status is PlanStatus.SIGNED_OFF
    assert signoff.signed_by_id == world.users["manager"].id
    assert signoff.snapshot["risks"] == [{"risk": "Dogs loose in the hallway",
                                          "management": "Ask for them to be shut away"}]
    # The version the manager read; signing it off is itself the next version.
    assert signoff.snapshot["plan_version"] == signoff.plan_version == plan.version - 1
    assert set(signoff.snapshot["checklist"]) == set(vf.all_answered())


@pytest.mark.parametrize("who", ["practitioner", "hv", "manager2", "outsider"])
def test_only_a_line_manager_of_the_author_signs_off(world, who):
    plan = vf.submitted(world)
    with pytest.raises(NotAllowed):
        operations.sign_off(plan, by=world.users[who], seen_version=plan.version)


def test_a_manager_never_signs_off_their_own_plan(world):
    manager = world.users["manager"]
    plan = vf.make_plan(world, by=manager)
    with pytest.raises(DomainError, match="no line manager"):
        operations.submit(plan, by=manager, seen_version=plan.version)
    plan.status = PlanStatus.SUBMITTED  # as if it had been submitted somehow
    with pytest.raises(NotAllowed):
        operations.sign_off(plan, by=manager, seen_version=plan.version)


def test_a_draft_cannot_be_signed_off(world):
    plan = vf.make_plan(world)
    with pytest.raises(IllegalTransition):
        operations.sign_off(plan, by=world.users["manager"], seen_version=plan.version)


def test_sign_off_refuses_a_plan_changed_since_the_manager_read_it(world):
    plan = vf.submitted(world)
    seen = plan.version
    operations.update_details(plan, vf.details(duration_minutes=90), by=plan.author,
                              seen_version=seen)
    operations.submit(plan, by=plan.author, seen_version=plan.version)
    with pytest.raises(StaleRecord):
        operations.sign_off(plan, by=world.users["manager"], seen_version=seen)


def test_returning_needs_comments_and_tells_the_author(world, db):
    plan = vf.submitted(world)
    with pytest.raises(DomainError):
        operations.return_for_changes(plan, "  ", by=world.users["manager"],
                                      seen_version=plan.version)
    operations.return_for_changes(plan, "Take a colleague", by=world.users["manager"],
                                  seen_version=plan.version)
    assert plan.status is PlanStatus.RETURNED
    assert db.session.query(Notification).filter_by(kind="plan_returned").count() == 1
    operations.submit(plan, by=plan.author, seen_version=plan.version)
    assert plan.status is PlanStatus.SUBMITTED


def test_editing_a_submitted_plan_withdraws_it(world):
    plan = vf.submitted(world)
    operations.add_risk(plan, "Partner may be there", "Leave if he is", by=plan.author,
                        seen_version=plan.version)
    assert plan.status is PlanStatus.DRAFT


@pytest.mark.parametrize("change", ["details", "risk_added", "risk_removed", "checklist"])
def test_any_change_to_a_signed_off_plan_voids_the_sign_off(world, change):
    plan = vf.signed_off(world)
    signoff = plan.current_signoff
    _change(plan, change, world)
    assert plan.status is PlanStatus.DRAFT
    assert plan.current_signoff is None
    assert signoff.in_force is None and signoff.voided_at is not None
    assert signoff.snapshot["risks"][0]["risk"] == "Dogs loose in the hallway"  # kept as signed


@pytest.mark.parametrize("change", ["details", "risk_added", "risk_removed", "checklist"])
def test_any_change_after_approval_voids_the_visits_approval_too(world, change, db):
    plan = vf.approved(world)
    _change(plan, change, world)
    visit = plan.visit
    assert visit.status is VisitStatus.PLANNED
    assert visit.approved_signoff_id is None and visit.approved_by_id is None
    voided = db.session.query(Notification).filter_by(kind="visit_approval_voided").all()
    assert {n.user_id for n in voided} == {world.users["manager"].id,
                                           world.users["practitioner"].id}


def test_saving_the_same_values_changes_nothing_and_keeps_the_sign_off(world):
    plan = vf.signed_off(world)
    operations.answer_checklist(plan, dict(plan.checklist), by=plan.author,
                                seen_version=plan.version)
    assert plan.status is PlanStatus.SIGNED_OFF


def test_a_plan_is_locked_once_the_visit_is_in_progress(world):
    plan = vf.in_progress(world)
    with pytest.raises(IllegalTransition):
        operations.add_risk(plan, "x", "y", by=plan.author, seen_version=plan.version)


def test_a_stale_edit_is_refused(world):
    plan = vf.make_plan(world)
    with pytest.raises(StaleRecord):
        operations.add_risk(plan, "x", "y", by=plan.author, seen_version=plan.version - 1)


def _change(plan, change: str, world) -> None:
    by = plan.author
    if change == "details":
        operations.update_details(plan, vf.details(duration_minutes=45), by=by,
                                  seen_version=plan.version)
    elif change == "risk_added":
        operations.add_risk(plan, "New risk", "Managed", by=by, seen_version=plan.version)
    elif change == "risk_removed":
        operations.remove_risk(plan, 0, by=by, seen_version=plan.version)
    else:
        answers = vf.all_answered()
        answers["vehicle-targeted"] = {"answer": "no", "notes": "Taxi"}
        operations.answer_checklist(plan, answers, by=by, seen_version=plan.version)
