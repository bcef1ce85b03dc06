"""Demo incidents, non-cooperation, risk alerts (one past review, one removed), chronology
entries with sightings and an addendum. Built through the operations, so the chronology,
notifications and audit log fill in as they would in use. Every family here is fictional."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from supervise import clock
from supervise.accounts import operations as accounts
from supervise.accounts.models import Role, User
from supervise.alerts import operations as alerts
from supervise.alerts.models import AlertLevel
from supervise.auth.passwords import hash_password
from supervise.cases import operations as cases
from supervise.chronology import operations as chronology
from supervise.demo import DemoWorld
from supervise.extensions import db
from supervise.incidents import operations as incidents
from supervise.incidents.models import Incident, PoliceDecision

# Two more of Morgan Ellis's team, so the hostile-case load chart has a spread to show. They
# sign in with the demo password too, but are not in the README's table of demo accounts.
COLLEAGUES = {
    "sam.okoro": ("Sam Okoro", "Social worker", ["pritchard", "begum", "nowak"]),
    "jordan.reece": ("Jordan Reece", "Family support worker", ["okafor"]),
}
COLLEAGUE_DOMAIN = "colleagues.demo.test"


def seed(world: DemoWorld) -> None:
    """Run once: a second run finds the demo incidents and leaves everything as it is."""
    if db.session.scalar(sa.select(sa.func.count()).select_from(Incident)):
        _refresh_colleague_passwords(world)
        return
    # Notifications carry links built with url_for, which needs a request context; a path no
    # route matches keeps the demo's audit events free of a page name.
    with current_app.test_request_context("/demo-data"):
        _colleagues(world)
        _harper(world)
        _pritchard(world)
        _okafor(world)
        _begum(world)
        _walsh(world)
        _nowak(world)
        _reid(world)
    world.report.append("Demo incidents, risk alerts and chronology entries ready")


def _colleagues(world: DemoWorld) -> None:
    for key, (name, title, families) in COLLEAGUES.items():
        user = accounts.create_user(
            {"email": f"{key}@{COLLEAGUE_DOMAIN}", "name": name, "job_title": title,
             "role": Role.PRACTITIONER, "agency_id": world.agencies["childrens"].id,
             "team_id": world.teams["north"].id}, world.password, by=None)
        for family in families:
            cases.add_team_member(world.cases[family], user, title,
                                  "Visits with the allocated social worker", False,
                                  by=world.users["practitioner"])


def _refresh_colleague_passwords(world: DemoWorld) -> None:
    """As the foundation does for its accounts: a chosen demo password applies on a re-run."""
    if not current_app.config.get("DEMO_PASSWORD"):
        return
    for user in db.session.scalars(
            sa.select(User).where(User.email.like(f"%@{COLLEAGUE_DOMAIN}"))):
        user.password_hash = hash_password(world.password)


def _days_ago(days: int, hour: int = 12) -> datetime:
    return clock.from_uk(datetime.combine(clock.today() - timedelta(days=days), time(hour, 0)))


def _incident(world: DemoWorld, family: str, worker: str, days: int, by: str | None = None,
              **values: Any) -> Incident:
    case = world.cases[family]
    people = {p.given_name: p.id for p in case.people}
    values["person_ids"] = [people[name] for name in values.pop("people", [])]
    defaults = {"occurred_at": _days_ago(days, 15), "other_behaviour": "", "others_involved": "",
                "manager_told_directly": True, "police_decision": None, "police_reason": "",
                "police_reference": "", "impacts": [], "impact_notes": "", "support": [],
                "support_notes": ""}
    return incidents.record_incident(case, world.users[worker], {**defaults, **values},
                                     by=world.users[by or worker])


def _entry(world: DemoWorld, family: str, by: str, days: int, category: str, summary: str,
           **values: Any) -> Any:
    case = world.cases[family]
    people = {p.given_name: p.id for p in case.people}
    return chronology.record_entry(case, {
        "category": category, "occurred_on": clock.today() - timedelta(days=days),
        "summary": summary, "details": values.get("details", ""),
        "reported_by": values.get("reported_by", ""),
        "child_ids": [people[n] for n in values.get("children", [])],
        "seen_ids": [people[n] for n in values.get("seen", [])],
        "seen_alone_ids": [people[n] for n in values.get("alone", [])],
    }, by=world.users[by])


def _non_cooperation(world: DemoWorld, family: str, by: str, days: int, kind: str,
                     observed: str, reasons: list[str], people: list[str] = (),
                     **values: Any) -> None:
    case = world.cases[family]
    ids = {p.given_name: p.id for p in case.people}
    incidents.record_non_cooperation(case, {
        "observed_on": clock.today() - timedelta(days=days), "kind": kind,
        "person_ids": [ids[n] for n in people], "observed": observed, "reasons": reasons,
        "reasons_notes": values.get("reasons_notes", ""), "response": values.get("response", ""),
    }, by=world.users[by])


def _harper(world: DemoWorld) -> None:
    dogs = _incident(
        world, "harper", "practitioner", 20, location="14 Larch Close (family home)",
        behaviours=["animals-as-threat", "shouting", "intimidating-language"], people=["Ryan"],
        what_happened="Ryan Cole opened the door with two large dogs off the lead, said "
                      "'they don't like social workers' and let them into the hallway. He "
                      "shouted at me to leave and called me a 'child snatcher'.",
        worker_response="I stayed on the doorstep, said I would come back with a colleague, "
                        "left and phoned my manager from the car.",
        impacts=["fear", "shock"], support=["debrief-manager", "joint-visits"])
    incidents.review_incident(dogs, {
        "review_cause": "Ryan fears the children will be removed; this is not the first time "
                        "he has used the dogs. Not racially or culturally motivated.",
        "review_decision": "Joint visits only, dogs shut away before entry, agreed with the "
                           "family in writing. Priya to continue as allocated worker.",
        "support": ["debrief-manager", "joint-visits"], "support_notes": "Debrief held."},
        by=world.users["manager"])
    _incident(
        world, "harper", "hv", 3, by="practitioner", location="Northtown clinic car park",
        behaviours=["threat-to-kill", "following-workers"], people=["Ryan"],
        what_happened="Ryan Cole followed Hannah from the clinic to her car and said 'if you "
                      "take my kids I'll kill you, I know where you park'.",
        worker_response="Hannah got into her car, locked it, drove back to the clinic and "
                        "called the police and Priya.",
        police_decision=PoliceDecision.INFORMED, police_reference="NP-2611-0423",
        police_reason="A threat to kill is a criminal offence (Gwent 6.2); reported at once.",
        impacts=["fear", "hyper-vigilance", "sleep-disturbance"], support=["counselling"])
    _entry(world, "harper", "hv", 50, "missed_appointment",
           "Leo's 2-year review at the clinic missed; Jade said she had no bus fare",
           reported_by="Northtown clinic", children=["Leo"])
    _entry(world, "harper", "hv", 21, "cancelled_appointment",
           "Home visit for Leo's weight check cancelled by Jade the same morning",
           children=["Leo"])
    _entry(world, "harper", "practitioner", 8, "missed_appointment",
           "Jade did not attend the core group meeting; no reason given")
    _entry(world, "harper", "practitioner", 35, "child_seen",
           "Ava seen alone at school by the social worker", reported_by="Larchfield Primary",
           seen=["Ava"], alone=["Ava"], details="Ava was quiet and said home was 'fine'.")
    _entry(world, "harper", "hv", 12, "child_seen", "Leo seen at nursery with his key worker",
           reported_by="Little Oaks Nursery", seen=["Leo"])
    _non_cooperation(world, "harper", "practitioner", 25, "confrontation",
                     "Ryan argued on the doorstep about every question and refused to let me "
                     "see the children's bedrooms.", ["fear-of-removal", "fear-of-authority"],
                     people=["Ryan"])
    old = alerts.raise_alert(world.cases["harper"], {
        "level": AlertLevel.LOW, "behaviours": ["deliberate-silence"], "precautions": [],
        "reason": "Jade does not speak during visits when Ryan is present.",
        "review_date": clock.today() + timedelta(days=30)}, by=world.users["hv"])
    alerts.remove_alert(old, world.cases["harper"],
                        "Superseded by the high-risk alert about the dogs.",
                        by=world.users["manager"])


def _pritchard(world: DemoWorld) -> None:
    _non_cooperation(world, "pritchard", "practitioner", 15, "avoidance",
                     "Rhian cancelled two visits at short notice and was out at the third, "
                     "although her car was outside.", ["resent-interference", "fear-of-removal"],
                     people=["Rhian"], reasons_notes="She has said she feels judged.")
    for days, summary in [(40, "Dylan absent all week; no reason given"),
                          (10, "Megan and Dylan absent three days; mother says illness")]:
        _entry(world, "pritchard", "practitioner", days, "school_absence", summary,
               reported_by="Ysgol Bro Taf, attendance officer", children=["Dylan", "Megan"])
    _entry(world, "pritchard", "practitioner", 30, "cancelled_appointment",
           "Rhian cancelled the home visit by text an hour before")
    _entry(world, "pritchard", "practitioner", 6, "cancelled_appointment",
           "Rhian cancelled the review meeting; said she was working")


def _okafor(world: DemoWorld) -> None:
    alert = alerts.raise_alert(world.cases["okafor"], {
        "level": AlertLevel.MEDIUM, "behaviours": ["threats-outside-work"],
        "precautions": ["no-lone-visits-after-dark"],
        "reason": "Emeka asked where the social worker lives and which school her children "
                  "attend.", "review_date": clock.today() + timedelta(days=1)},
        by=world.users["practitioner"])
    # Show an alert whose review is overdue: as if raised three months ago and not reviewed.
    alert.raised_at = _days_ago(95)
    alert.review_date = clock.today() - timedelta(days=5)
    db.session.flush()
    _entry(world, "okafor", "practitioner", 18, "legal_status",
           "Special guardianship order confirmed for Grace", reported_by="Family court")


def _begum(world: DemoWorld) -> None:
    _entry(world, "begum", "hv", 14, "health_non_engagement",
           "Sara's weight check at the GP missed for the second time",
           reported_by="Canal Street surgery", children=["Sara"])
    _non_cooperation(world, "begum", "hv", 9, "disguised-compliance",
                     "Rafiq's mother says Amina is out at every visit but agrees to every "
                     "appointment offered.", ["cultural-language", "fear-of-judgement"],
                     people=["Rafiq"])


def _walsh(world: DemoWorld) -> None:
    recording = _incident(
        world, "walsh", "practitioner", 40, location="101 Station Road (family home)",
        behaviours=["recording-workers", "seeking-personal-information"], people=["Connor"],
        what_happened="Connor filmed the whole visit on his phone and said he would 'find out "
                      "where you live' and post it online.",
        worker_response="I told him filming does not stop the visit, finished it and left.",
        impacts=["anger", "loss-of-confidence"], support=["debrief-manager"])
    incidents.review_incident(recording, {
        "review_cause": "Connor is trying to deter workers; he has done the same to school "
                        "staff.", "review_decision": "Visits at a neutral venue; Priya's "
                        "details checked for online exposure.", "support": ["debrief-manager"],
        "support_notes": ""}, by=world.users["manager"])
    disclosure = _entry(world, "walsh", "practitioner", 60, "disclosure",
                        "Mia told her class teacher that her father hits her",
                        reported_by="Northtown Academy", children=["Mia"], seen=["Mia"],
                        alone=["Mia"])
    chronology.add_addendum(world.cases["walsh"], disclosure,
                            "Correction: Mia told the school nurse, who told the class "
                            "teacher.", by=world.users["practitioner"])


def _nowak(world: DemoWorld) -> None:
    _non_cooperation(world, "nowak", "hv", 20, "avoidance",
                     "Tomasz refuses to see anyone but the health visitor and ends every "
                     "visit after a few minutes.", ["privacy", "fear-of-authority"],
                     people=["Tomasz"])


def _reid(world: DemoWorld) -> None:
    _incident(world, "reid", "outsider", 2, location="Southby office reception",
              behaviours=["bombarding-contact", "swearing"], people=["Danielle"],
              what_happened="Danielle rang the office 14 times in one morning and swore at "
                            "the receptionist and at Owen.",
              worker_response="Owen explained once when he would call back and ended the "
                              "call.", impacts=["distress"])
