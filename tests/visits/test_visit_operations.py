"""Visits: planned → approved → in progress → completed, or cancelled, or no access; overdue
amber then red after the grace period; escalation steps until resolved."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from supervise import clock
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.events.models import CaseEvent, ChildSighting
from supervise.visits import operations
from supervise.visits.models import VisitStatus
from tests.visits import factories as vf

pytestmark = pytest.mark.usefixtures("clock_at")
GRACE = timedelta(minutes=30)


def _record(visit, children):
    return {"who_present": "Zoe and Zara", "not_assessed": "Upstairs: not allowed up",
            "what_was_done": "Talked about school", "requirements": [
                {"what": "Take Zara to the GP", "who": "Zoe", "by": "2027-03-20"}],
            "observations": {"food": {"answer": "yes", "notes": "Full fridge"}},
            "children": children,
            "children_seen": [{"person_id": c.id, "name": c.full_name, "seen": s, "alone": a}
                              for c, s, a in children]}


def test_approval_moves_a_planned_visit_with_a_signed_off_plan_to_approved(world):
    plan = vf.approved(world)
    visit = plan.visit
    assert visit.status is VisitStatus.APPROVED
    assert visit.approved_signoff_id == plan.current_signoff.id


@pytest.mark.parametrize("state", ["draft", "submitted", "returned"])
def test_a_visit_cannot_be_approved_unless_its_plan_is_signed_off(world, state):
    from supervise.plans import operations as plans

    plan = vf.make_plan(world) if state == "draft" else vf.submitted(world)
    if state == "returned":
        plans.return_for_changes(plan, "No", by=world.users["manager"],
                                 seen_version=plan.version)
    with pytest.raises(IllegalTransition, match="only while its action plan is signed off"):
        operations.approve(plan.visit, by=world.users["manager"],
                           seen_version=plan.visit.version)
    assert plan.visit.status is VisitStatus.PLANNED


def test_a_visit_whose_sign_off_was_voided_cannot_be_approved(world):
    from supervise.plans import operations as plans

    plan = vf.signed_off(world)
    plans.add_risk(plan, "More", "Less", by=plan.author, seen_version=plan.version)
    with pytest.raises(IllegalTransition):
        operations.approve(plan.visit, by=world.users["manager"],
                           seen_version=plan.visit.version)


@pytest.mark.parametrize("who", ["practitioner", "hv", "manager2"])
def test_only_a_line_manager_of_the_practitioner_approves(world, who):
    plan = vf.signed_off(world)
    with pytest.raises(NotAllowed):
        operations.approve(plan.visit, by=world.users[who], seen_version=plan.visit.version)


def test_an_alert_raised_after_sign_off_stops_approval_until_the_plan_meets_it(world):
    plan = vf.signed_off(world)
    vf.raise_alert(world, "joint-visits-only")
    with pytest.raises(DomainError, match="joint visits only"):
        operations.approve(plan.visit, by=world.users["manager"],
                           seen_version=plan.visit.version)


def test_approving_twice_is_refused(world):
    plan = vf.approved(world)
    with pytest.raises(IllegalTransition):
        operations.approve(plan.visit, by=world.users["manager"],
                           seen_version=plan.visit.version)


def test_check_in_needs_approval_and_a_return_time_in_the_future(world):
    plan = vf.signed_off(world)
    with pytest.raises(IllegalTransition):
        operations.check_in(plan.visit, clock.now() + timedelta(hours=1), by=plan.author)
    vf_plan = vf.approved(world)
    with pytest.raises(DomainError, match="later than now"):
        operations.check_in(vf_plan.visit, clock.now() - timedelta(minutes=1), by=plan.author)
    operations.check_in(vf_plan.visit, clock.now() + timedelta(hours=1), by=plan.author)
    assert vf_plan.visit.status is VisitStatus.IN_PROGRESS
    assert vf_plan.visit.checked_in_at == clock.now()


def test_only_the_practitioner_making_the_visit_checks_in(world):
    plan = vf.approved(world)
    with pytest.raises(NotAllowed):
        operations.check_in(plan.visit, clock.now() + timedelta(hours=1),
                            by=world.users["manager"])


def test_overdue_turns_amber_at_the_expected_return_and_red_after_the_grace(world, clock_at):
    plan = vf.in_progress(world, back_in=timedelta(hours=1))
    visit = plan.visit
    assert visit.overdue_level(GRACE) is None
    clock_at.move_to(datetime(2027, 3, 10, 9, 0, 1))
    assert visit.overdue_level(GRACE) == "amber"
    clock_at.move_to(datetime(2027, 3, 10, 9, 30, 1))
    assert visit.overdue_level(GRACE) == "red"


def test_check_out_records_the_visit_sightings_and_the_event(world, db):
    plan = vf.in_progress(world)
    child = world.case.children[0]
    operations.check_out(plan.visit, _record(plan.visit, [(child, True, True)]),
                         by=plan.author)
    visit = plan.visit
    assert visit.status is VisitStatus.COMPLETED and visit.checked_out_at == clock.now()
    sighting = db.session.query(ChildSighting).one()
    assert (sighting.person_id, sighting.seen_alone, sighting.source_type) == (
        child.id, True, "visits")
    event = db.session.query(CaseEvent).filter_by(category="visit").one()
    assert "Zara Testfamily (alone)" in event.summary and event.source_id == visit.id
    assert visit.observations_version


def test_a_child_not_seen_is_no_sighting_and_says_so_in_the_event(world, db):
    plan = vf.in_progress(world)
    child = world.case.children[0]
    operations.check_out(plan.visit, _record(plan.visit, [(child, False, False)]),
                         by=plan.author)
    assert db.session.query(ChildSighting).count() == 0
    assert "not seen: Zara" in db.session.query(CaseEvent).filter_by(category="visit").one(
    ).summary


def test_checking_out_after_being_overdue_tells_the_managers(world, db, clock_at):
    from supervise.notifications.models import Notification

    plan = vf.in_progress(world)
    clock_at.move_to(datetime(2027, 3, 10, 10, 0))
    operations.check_out(plan.visit, _record(plan.visit, []), by=plan.author)
    assert db.session.query(Notification).filter_by(kind="visit_back_safe").count() == 1


def test_no_access_is_recorded_as_a_missed_contact(world, db):
    plan = vf.approved(world)
    operations.record_no_access(plan.visit, "No answer, curtains drawn", by=plan.author)
    assert plan.visit.status is VisitStatus.NO_ACCESS
    event = db.session.query(CaseEvent).filter_by(category="no_access_visit").one()
    assert "curtains drawn" in event.summary


def test_no_access_from_in_progress_ends_monitoring(world):
    plan = vf.in_progress(world)
    operations.record_no_access(plan.visit, "Nobody in", by=plan.author)
    assert not plan.visit.is_overdue()


def test_a_planned_visit_cannot_be_no_access(world):
    plan = vf.make_plan(world)
    with pytest.raises(IllegalTransition):
        operations.record_no_access(plan.visit, "x", by=plan.author)


def test_cancelling_writes_a_cancelled_appointment(world, db):
    plan = vf.approved(world)
    operations.cancel(plan.visit, "Mother rang: ill", True, by=plan.author)
    assert plan.visit.status is VisitStatus.CANCELLED
    event = db.session.query(CaseEvent).filter_by(category="cancelled_appointment").one()
    assert "by the family" in event.summary


def test_an_in_progress_visit_cannot_be_cancelled(world):
    plan = vf.in_progress(world)
    with pytest.raises(IllegalTransition):
        operations.cancel(plan.visit, "x", False, by=plan.author)


def test_a_completed_visit_cannot_be_checked_out_again(world):
    plan = vf.in_progress(world)
    operations.check_out(plan.visit, _record(plan.visit, []), by=plan.author)
    with pytest.raises(IllegalTransition):
        operations.check_out(plan.visit, _record(plan.visit, []), by=plan.author)


def test_escalation_steps_are_recorded_until_resolved(world, clock_at):
    plan = vf.in_progress(world)
    clock_at.move_to(datetime(2027, 3, 10, 10, 0))
    manager = world.users["manager"]
    operations.record_escalation(plan.visit, "tried-worker", "No answer", by=manager)
    operations.record_escalation(plan.visit, "resolved", "She rang back", by=manager)
    assert plan.visit.is_resolved
    with pytest.raises(IllegalTransition):
        operations.record_escalation(plan.visit, "called-police", "", by=manager)
    assert [s.step for s in plan.visit.escalations] == ["tried-worker", "resolved"]


def test_only_a_line_manager_records_escalation(world):
    plan = vf.in_progress(world)
    with pytest.raises(NotAllowed):
        operations.record_escalation(plan.visit, "tried-worker", "", by=world.users["hv"])


def test_an_unknown_escalation_step_is_refused(world):
    plan = vf.in_progress(world)
    with pytest.raises(DomainError):
        operations.record_escalation(plan.visit, "panicked", "", by=world.users["manager"])
