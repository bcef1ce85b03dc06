"""Plans and visits in every state, built through the real operations."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from supervise import clock, guidance
from supervise.alerts.models import AlertLevel, RiskAlert
from supervise.extensions import db
from supervise.plans import operations as plans
from supervise.plans.models import ActionPlan, VenueKind
from supervise.plans.rules import CHECKLIST
from supervise.visits import operations as visits


def all_answered() -> dict[str, dict[str, str]]:
    return {item.id: {"answer": "yes", "notes": ""} for item in guidance.load(CHECKLIST).items}


def details(start: datetime | None = None, **values: Any) -> dict[str, Any]:
    """Plan details for a weekday-daytime visit tomorrow (naive UTC) unless told otherwise."""
    if start is None:
        day = clock.today() + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        start = clock.from_uk(datetime.combine(day, datetime.min.time()).replace(hour=10))
    return {"planned_start": start, "duration_minutes": 60, "venue_kind": VenueKind.HOME,
            "venue_address": "1 Test Street, Testtown", "purpose": "To see Zara and talk "
            "about school", "joint_visitor_id": None, "police_present": False,
            "police_details": "", **values}


def make_plan(world, by=None, complete: bool = True, **values: Any) -> ActionPlan:
    by = by or world.users["practitioner"]
    plan = plans.plan_visit(world.case, details(**values), by=by)
    if complete:
        plans.add_risk(plan, "Dogs loose in the hallway", "Ask for them to be shut away",
                       by=by, seen_version=plan.version)
        plans.answer_checklist(plan, all_answered(), by=by, seen_version=plan.version)
    return plan


def submitted(world, **values: Any) -> ActionPlan:
    plan = make_plan(world, **values)
    plans.submit(plan, by=plan.author, seen_version=plan.version)
    return plan


def signed_off(world, **values: Any) -> ActionPlan:
    plan = submitted(world, **values)
    plans.sign_off(plan, by=world.users["manager"], seen_version=plan.version)
    return plan


def approved(world, **values: Any) -> ActionPlan:
    plan = signed_off(world, **values)
    visits.approve(plan.visit, by=world.users["manager"], seen_version=plan.visit.version)
    return plan


def in_progress(world, back_in: timedelta = timedelta(hours=1), **values: Any) -> ActionPlan:
    plan = approved(world, **values)
    visits.check_in(plan.visit, clock.now() + back_in, by=plan.author)
    return plan


def raise_alert(world, *precautions: str, case=None) -> RiskAlert:
    alert = RiskAlert(case_id=(case or world.case).id, level=AlertLevel.HIGH,
                      behaviours=["shouting"], precautions=list(precautions),
                      reason="Shouted at the social worker", raised_by_id=world.users[
                          "practitioner"].id, review_date=clock.today() + timedelta(days=30))
    db.session.add(alert)
    db.session.flush()
    return alert
