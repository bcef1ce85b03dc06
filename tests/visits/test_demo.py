"""The demo data shows every state: plans in each state, a visit in progress, one overdue, a
no-access visit and a completed one."""

from __future__ import annotations

import sqlalchemy as sa

from supervise.demo import seed_demo
from supervise.plans.models import ActionPlan, PlanStatus
from supervise.visits.models import Visit, VisitStatus


def test_demo_has_plans_in_each_state_and_visits_to_watch(app, db):
    app.config["DEMO_PASSWORD"] = "demo-password-for-tests"
    try:
        seed_demo()
    finally:
        app.config["DEMO_PASSWORD"] = None
    plan_states = set(db.session.scalars(sa.select(ActionPlan.status)))
    assert plan_states == set(PlanStatus)
    visits = list(db.session.scalars(sa.select(Visit)))
    states = {v.status for v in visits}
    assert {VisitStatus.APPROVED, VisitStatus.IN_PROGRESS, VisitStatus.NO_ACCESS,
            VisitStatus.COMPLETED} <= states
    overdue = [v for v in visits if v.is_overdue()]
    assert len(overdue) == 1 and overdue[0].escalations
    assert any(v.status is VisitStatus.IN_PROGRESS and not v.is_overdue() for v in visits)
