"""A visit can be approved only while its action plan is signed off: enforced by the operations,
guarded by the database (a composite foreign key to the sign-off in force, CHECKs), and no
sequence of operations, nor a race between two people, gets around it."""

from __future__ import annotations

import contextlib

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError

from supervise import clock
from supervise.core.concurrency import StaleRecord
from supervise.core.errors import DomainError
from supervise.plans import operations as plans
from supervise.plans.models import PlanSignOff, PlanStatus
from supervise.visits import operations as visits
from supervise.visits.models import NEEDS_APPROVAL, Visit, VisitStatus
from tests.visits import factories as vf

pytestmark = pytest.mark.usefixtures("clock_at")


def _refused(db, statement: str, **params) -> None:
    """The database refuses the statement (and the test's transaction carries on)."""
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(sa.text(statement), params)


def test_the_database_refuses_an_approved_visit_without_an_approval(world, db):
    plan = vf.signed_off(world)
    _refused(db, "UPDATE visits SET status = 'approved' WHERE id = :id", id=plan.visit_id)


@pytest.mark.parametrize("state", ["in_progress", "completed", "no_access"])
def test_the_database_refuses_every_later_state_without_an_approval(world, db, state):
    plan = vf.signed_off(world)
    _refused(db, "UPDATE visits SET status = :s, expected_return_at = :t WHERE id = :id",
             s=state, t=clock.now(), id=plan.visit_id)


def test_the_database_refuses_an_approval_resting_on_a_voided_sign_off(world, db):
    plan = vf.signed_off(world)
    old = plan.current_signoff.id
    plans.add_risk(plan, "x", "y", by=plan.author, seen_version=plan.version)
    _refused(db, "UPDATE visits SET status = 'approved', approved_signoff_id = :s, "
             "approval_in_force = :t WHERE id = :id", s=old, t=True, id=plan.visit_id)


def test_the_database_refuses_an_approval_resting_on_another_visits_sign_off(world, db):
    mine, other = vf.signed_off(world), vf.signed_off(world)
    _refused(db, "UPDATE visits SET status = 'approved', approved_signoff_id = :s, "
             "approval_in_force = :t WHERE id = :id",
             s=other.current_signoff.id, t=True, id=mine.visit_id)


def test_the_database_refuses_voiding_a_sign_off_an_approval_rests_on(world, db):
    plan = vf.approved(world)
    _refused(db, "UPDATE plan_signoffs SET in_force = NULL, voided_at = :t WHERE id = :id",
             t=clock.now(), id=plan.current_signoff.id)


def test_the_database_refuses_a_sign_off_by_the_author(world, db):
    plan = vf.submitted(world)
    _refused(db, "INSERT INTO plan_signoffs (plan_id, visit_id, author_id, plan_version, "
             "snapshot, signed_by_id, signed_at, in_force, void_reason) VALUES (:p, :v, :a, 1, "
             "'{}', :a, :t, :f, '')", p=plan.id, v=plan.visit_id, a=plan.author_id,
             t=clock.now(), f=True)


def test_the_database_refuses_two_sign_offs_in_force_for_one_visit(world, db):
    plan = vf.signed_off(world)
    _refused(db, "INSERT INTO plan_signoffs (plan_id, visit_id, author_id, plan_version, "
             "snapshot, signed_by_id, signed_at, in_force, void_reason) VALUES (:p, :v, :a, 1, "
             "'{}', :m, :t, :f, '')", p=plan.id, v=plan.visit_id, a=plan.author_id,
             m=world.users["manager"].id, t=clock.now(), f=True)


def test_the_database_refuses_a_self_approved_visit(world, db):
    plan = vf.approved(world)
    _refused(db, "UPDATE visits SET approved_by_id = practitioner_id WHERE id = :id",
             id=plan.visit_id)


def test_two_managers_approving_at_once_one_wins_and_one_gets_a_conflict(world, db):
    plan = vf.signed_off(world)
    visit = plan.visit
    seen = visit.version
    # The other manager's approval was committed after this one loaded the visit.
    db.session.execute(sa.update(Visit).where(Visit.id == visit.id).values(
        version=Visit.version + 1).execution_options(synchronize_session=False))
    # Approving takes the row's lock and re-reads it: refused in words, before any UPDATE.
    with pytest.raises(StaleRecord):
        visits.approve(visit, by=world.users["manager"], seen_version=seen)
    db.session.rollback()


def test_approval_racing_an_edit_of_the_plan_is_refused_by_the_database(world, db):
    plan = vf.signed_off(world)
    visit, signoff = plan.visit, plan.current_signoff
    # The practitioner's edit voided the sign-off after the manager loaded the page.
    db.session.execute(sa.update(PlanSignOff).where(PlanSignOff.id == signoff.id).values(
        in_force=None, voided_at=clock.now(), void_reason="changed").execution_options(
        synchronize_session=False))
    with pytest.raises(IntegrityError):
        visits.approve(visit, by=world.users["manager"], seen_version=visit.version)
    db.session.rollback()


def test_an_edit_racing_an_approval_cannot_void_the_sign_off_it_rests_on(world, db):
    plan = vf.signed_off(world)
    signoff = plan.current_signoff
    # The manager's approval was committed after the practitioner loaded the plan.
    db.session.execute(sa.update(Visit).where(Visit.id == plan.visit_id).values(
        status="approved", approved_signoff_id=signoff.id, approval_in_force=True,
        approved_by_id=world.users["manager"].id, approved_at=clock.now()).execution_options(
        synchronize_session=False))
    with pytest.raises(IntegrityError):
        signoff.in_force = None
        signoff.voided_at = clock.now()
        db.session.flush()
    db.session.rollback()


ACTIONS = ["edit", "submit", "sign_off", "return", "approve", "check_in", "cancel",
           "no_access", "check_out", "remove_risk"]


def _act(action: str, plan, world) -> None:
    manager, by = world.users["manager"], plan.author
    visit = plan.visit
    steps = {
        "edit": lambda: plans.update_details(plan, vf.details(
            duration_minutes=plan.duration_minutes + 5), by=by, seen_version=plan.version),
        "remove_risk": lambda: plans.remove_risk(plan, 0, by=by, seen_version=plan.version),
        "submit": lambda: plans.submit(plan, by=by, seen_version=plan.version),
        "sign_off": lambda: plans.sign_off(plan, by=manager, seen_version=plan.version),
        "return": lambda: plans.return_for_changes(plan, "Redo", by=manager,
                                                   seen_version=plan.version),
        "approve": lambda: visits.approve(visit, by=manager, seen_version=visit.version),
        "check_in": lambda: visits.check_in(visit, clock.now() + __import__(
            "datetime").timedelta(hours=1), by=by),
        "cancel": lambda: visits.cancel(visit, "Ill", True, by=by),
        "no_access": lambda: visits.record_no_access(visit, "No answer", by=by),
        "check_out": lambda: visits.check_out(visit, {
            "who_present": "x", "not_assessed": "", "what_was_done": "x", "observations": {},
            "requirements": [], "children": [], "children_seen": []}, by=by),
    }
    with contextlib.suppress(DomainError):
        steps[action]()


def _assert_invariant(plan) -> None:
    visit = plan.visit
    if visit.status.value in NEEDS_APPROVAL:
        signoff = next(s for s in plan.signoffs if s.id == visit.approved_signoff_id)
        assert signoff.in_force and signoff.visit_id == visit.id
        assert plan.status is PlanStatus.SIGNED_OFF
    if visit.status is VisitStatus.APPROVED:
        assert plan.current_signoff is not None
    assert sum(1 for s in plan.signoffs if s.in_force) <= 1


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=14))
def test_no_sequence_of_operations_approves_a_visit_without_a_signed_off_plan(
        world, db, actions):
    plan = vf.make_plan(world)
    for action in actions:
        _act(action, plan, world)
        db.session.flush()
        _assert_invariant(plan)
    # And what the database holds agrees with what the session believes.
    db.session.expire_all()
    _assert_invariant(plan)
