"""Demo plans and visits: a plan in each state, a visit approved on a signed-off plan, one in
progress, one overdue with an escalation step, a no-access visit, a completed visit with its
contact summary, and the practitioner's safety details. Every family here is fictional."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from supervise import clock, guidance
from supervise.demo import DemoWorld
from supervise.extensions import db
from supervise.plans import operations as plans
from supervise.plans.models import ActionPlan, VenueKind
from supervise.visits import operations as visits
from supervise.visits.models import SafetyProfile, Visit

CHECKLIST_NOTES = {
    "joint-visit": "Yes: with the health visitor, who the family lets in.",
    "vehicle-targeted": "Park on the main road, not outside the house.",
    "neutral-venue": "Considered; mother will not come to the office.",
}


def seed(world: DemoWorld) -> None:
    """Idempotent: does nothing once the demo practitioner has any visit."""
    priya, morgan, hannah = (world.users[k] for k in ("practitioner", "manager", "hv"))
    if db.session.scalar(sa.select(sa.func.count()).select_from(Visit)
                         .where(Visit.practitioner_id == priya.id)):
        return
    _safety_details(priya)
    now = clock.now().replace(second=0, microsecond=0)
    _approved(world, now + timedelta(hours=2), hannah)
    _draft(world, now + timedelta(days=3))
    _submitted(world, now + timedelta(days=2))
    _returned(world, now + timedelta(days=4), morgan)
    _in_progress(world, now - timedelta(minutes=20), back=now + timedelta(minutes=70))
    overdue = _in_progress(world, now - timedelta(hours=3), back=now - timedelta(minutes=50),
                           case="begum")
    visits.record_escalation(overdue.visit, "tried-worker", "Rang twice: voicemail.",
                             by=morgan)
    _no_access(world, now - timedelta(days=1))
    _completed(world, now - timedelta(days=2))
    world.report.append("Demo visits: plans in every state, one visit in progress, one "
                        "overdue (Begum family), a no-access visit and a completed visit")


def _safety_details(user) -> None:
    db.session.add(SafetyProfile(
        user_id=user.id, mobile="07700 900461", mobile_network="Vodafone",
        vehicle="Silver Toyota Yaris", registration="NX21 KDP",
        emergency_contact_name="Arjun Shah", emergency_contact_relationship="Husband",
        emergency_contact_phone="07700 900987", home_phone="01632 960412",
        home_address="12 Example Road, Northtown NX5 1AA"))
    db.session.flush()


def _plan(world: DemoWorld, case: str, start: datetime, *, joint=None, complete=True,
          venue=VenueKind.HOME, purpose="") -> ActionPlan:
    priya = world.users["practitioner"]
    family = world.cases[case]
    future = max(start, clock.now() + timedelta(minutes=5))
    plan = plans.plan_visit(family, {
        "planned_start": future, "duration_minutes": 60, "venue_kind": venue,
        "venue_address": str(family.current_address), "joint_visitor_id": joint.id if joint
        else None, "police_present": False, "police_details": "",
        "purpose": purpose or "To see the children, look round the home and talk about how "
        "things are going since our last visit."}, by=priya)
    plan.planned_start = start  # a demo visit in the past: planned then, shown now
    db.session.flush()
    if complete:
        plans.add_risk(plan, "Hostile response at the door; shouting.",
                       "Stay calm, state our role clearly, leave if it escalates (Gwent 6.1).",
                       by=priya, seen_version=plan.version)
        answers = {item.id: {"answer": "yes", "notes": CHECKLIST_NOTES.get(item.id, "")}
                   for item in guidance.load("visit_safety_checklist").items}
        plans.answer_checklist(plan, answers, by=priya, seen_version=plan.version)
    return plan


def _signed(world: DemoWorld, plan: ActionPlan) -> ActionPlan:
    plans.submit(plan, by=plan.author, seen_version=plan.version)
    plans.sign_off(plan, by=world.users["manager"], seen_version=plan.version)
    return plan


def _approved(world: DemoWorld, start: datetime, joint) -> ActionPlan:
    plan = _plan(world, "harper", start, joint=joint)
    plans.add_risk(plan, "Ryan Cole has set the dogs loose on visitors.",
                   "Ask by phone beforehand for the dogs to be shut away; do not go in if "
                   "they are loose.", by=plan.author, seen_version=plan.version)
    _signed(world, plan)
    visits.approve(plan.visit, by=world.users["manager"], seen_version=plan.visit.version)
    return plan


def _draft(world: DemoWorld, start: datetime) -> None:
    _plan(world, "walsh", start, complete=False, venue=VenueKind.NEUTRAL)


def _submitted(world: DemoWorld, start: datetime) -> None:
    plans.submit(_plan(world, "pritchard", start), by=world.users["practitioner"],
                 seen_version=None)


def _returned(world: DemoWorld, start: datetime, manager) -> None:
    plan = _plan(world, "nowak", start)
    plans.submit(plan, by=plan.author, seen_version=plan.version)
    plans.return_for_changes(plan, "Book the Polish interpreter and say so on the plan; "
                             "visit when the health visitor can come too.", by=manager,
                             seen_version=plan.version)


def _in_progress(world: DemoWorld, start: datetime, *, back: datetime,
                 case: str = "nowak") -> ActionPlan:
    plan = _signed(world, _plan(world, case, start, joint=world.users["hv"]))
    visit = plan.visit
    visits.approve(visit, by=world.users["manager"], seen_version=visit.version)
    visits.check_in(visit, max(back, clock.now() + timedelta(minutes=1)), by=plan.author)
    visit.checked_in_at, visit.expected_return_at = start, back
    db.session.flush()
    return plan


def _no_access(world: DemoWorld, start: datetime) -> None:
    plan = _signed(world, _plan(world, "pritchard", start))
    visits.approve(plan.visit, by=world.users["manager"], seen_version=plan.visit.version)
    visits.record_no_access(plan.visit, "No answer. Curtains drawn, television on upstairs. "
                            "Card left asking Rhian to ring.", by=plan.author)


def _completed(world: DemoWorld, start: datetime) -> None:
    plan = _in_progress(world, start, back=start + timedelta(hours=1), case="begum")
    family = world.cases["begum"]
    children = [(child, True, child.given_name == "Rahim") for child in family.children]
    observations = {item.id: {"answer": "no" if item.extra.get("concern_when") else "yes",
                              "notes": ""}
                    for item in guidance.load("visit_observations").items}
    visits.check_out(plan.visit, {
        "who_present": "Amina, Rafiq, Rahim and Sara; Rafiq's mother arrived halfway.",
        "not_assessed": "Could not speak to Amina alone: Rafiq's mother stayed in the room.",
        "what_was_done": "We weighed Sara, looked at where the children sleep and talked "
        "about the health visitor's next appointment.",
        "observations": observations,
        "requirements": [{"what": "Take Sara to the baby clinic to be weighed",
                          "who": "Amina", "by": (clock.today() + timedelta(days=7)
                                                 ).isoformat()},
                         {"what": "Book a female Sylheti interpreter for the next visit",
                          "who": "Priya Shah (social worker)", "by": ""}],
        "children": children,
        "children_seen": [{"person_id": c.id, "name": c.full_name, "seen": s, "alone": a}
                          for c, s, a in children]}, by=plan.author)
    plan.visit.checked_out_at = start + timedelta(minutes=55)
    db.session.flush()
