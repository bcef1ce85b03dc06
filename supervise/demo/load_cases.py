"""Load-test families (``supervise/demo/load.py``): each case's family, addresses and case team,
its visits with their action plans and sign-offs, and the chronology entries they generate."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from supervise.accounts.models import AgencyKind
from supervise.cases.models import (
    Address,
    Case,
    CaseStatus,
    CaseTeamMember,
    DocumentLanguage,
    Person,
    PersonKind,
    Relationship,
)
from supervise.demo.load import FAMILY, GIVEN, Org, at, insert_ids, insert_rows
from supervise.events.models import ChildSighting
from supervise.extensions import db
from supervise.plans.models import ActionPlan, PlanSignOff, PlanStatus, VenueKind
from supervise.visits.models import Visit, VisitStatus

LANGUAGES = (("English", DocumentLanguage.ENGLISH, False),) * 8 + (
    ("Welsh", DocumentLanguage.WELSH, False), ("Polish", DocumentLanguage.ENGLISH, True),
    ("Urdu", DocumentLanguage.ENGLISH, True), ("Romanian", DocumentLanguage.ENGLISH, True))
TOWNS = ("Northtown", "Eastby", "Southby", "Llanfair", "Westham", "Millbrook")
STREETS = ("Ferncliffe Terrace", "Larch Close", "Quarry Road", "Canal Street", "Station Road",
           "Holly Gardens", "Orchard Row", "Tannery Lane", "Millbrook Avenue", "Heol y Felin")
SCHOOLS = ("Larchfield Primary", "Ysgol Bro Taf", "Northtown Academy", "Little Oaks Nursery",
           "St Brendan's Primary", "Southgate Primary")
CONCERNS = ("Neglect concerns: home conditions and missed health appointments.",
            "Domestic abuse reported by a neighbour; father refuses to engage.",
            "School attendance has fallen below 60%; mother cancels visits at short notice.",
            "Kinship carer; a parent has made threats to take the children.",
            "Concerns about the baby's weight and the mother's isolation.",
            "A child disclosed being hit at home; father records workers on his phone.")


# worker-001 (case numbers 0, 270, 540: present from N=1,000) leads this many showcase cases,
# which always carry an overdue visit, a plan to sign off, an alert past review, an unreviewed
# incident and open breaches: the benchmark users' dashboards show every panel at every N, so
# a query count that grows with N is an N+1 and not a panel appearing.
SHOWCASE = 3


@dataclass
class Spec:
    """One case as it is being built: its random source and the ids its rows received."""

    number: int
    rng: random.Random
    is_open: bool
    opened: datetime
    until: datetime  # activity happens between opened and until
    family_name: str
    team: list[tuple[int, AgencyKind]] = field(default_factory=list)  # lead first
    case_id: int = 0
    adults: list[tuple[int, str]] = field(default_factory=list)  # (person id, name)
    children: list[tuple[int, str]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    # worker-001's first cases have one of everything a dashboard shows (see SHOWCASE)
    showcase: bool = False
    number_step: int = 1  # case numbers between one of a lead's cases and their next

    @property
    def lead(self) -> int:
        return self.team[0][0]

    def moment(self, earliest: datetime | None = None) -> datetime:
        """A working-hours moment within the case's active period (after ``earliest``)."""
        start = max(earliest or self.opened, self.opened)
        span = max(1, (self.until - start).days)
        return at(start + timedelta(days=self.rng.randint(0, span)), self.rng)


def event(org: Org, spec: Spec, category: str, summary: str, when: datetime, by: int | None,
          source: tuple[str, int] | None = None, reported_by: str = "") -> None:
    """Queue a case event row (inserted after every record it may point at exists)."""
    spec.events.append({
        "case_id": spec.case_id, "occurred_at": when, "recorded_at": when + timedelta(hours=2),
        "recorded_by_id": by, "source_agency_id": org.agency_of.get(by) if by else None,
        "reported_by": reported_by, "category": category, "summary": summary[:500],
        "source_type": source[0] if source else None, "source_id": source[1] if source else None})


def seed_chunk(org: Org, numbers: range, seed: int, now: datetime) -> dict[str, Any]:
    """Every row of the cases numbered ``numbers``; returns counts and the new case ids."""
    from supervise.demo import load_agreements, load_chronology, load_concerns

    specs = [_spec(org, k, seed, now) for k in numbers]
    ids = insert_ids(Case, [_case_row(s) for s in specs])
    for spec, case_id in zip(specs, ids, strict=True):
        spec.case_id = case_id
    counts = {"cases": len(ids), "case_ids": ids}
    counts["people"] = _family(org, specs)
    counts["visits"] = _visits(org, specs, now)
    counts.update(load_concerns.seed(org, specs, now))
    counts.update(load_agreements.seed(org, specs, now))
    counts.update(load_chronology.seed(org, specs))
    return counts


def _spec(org: Org, k: int, seed: int, now: datetime) -> Spec:
    rng = random.Random(f"{seed}:case:{k}")
    social_workers = org.workers[AgencyKind.CHILDRENS_SERVICES]
    showcase = k % len(social_workers) == 0 and k < SHOWCASE * len(social_workers)
    is_open = rng.random() < 0.3 or showcase
    if is_open:
        opened = at(now - timedelta(days=rng.randint(30, 900)), rng)
        until = now - timedelta(days=1)
    else:
        opened = at(now - timedelta(days=rng.randint(400, 2500)), rng)
        until = opened + timedelta(days=rng.randint(90, 365))
    spec = Spec(k, rng, is_open, opened, until, rng.choice(FAMILY), showcase=showcase,
                number_step=len(social_workers))
    spec.team.append((social_workers[k % len(social_workers)], AgencyKind.CHILDRENS_SERVICES))
    others = [AgencyKind.HEALTH, AgencyKind.EDUCATION, AgencyKind.POLICE,
              AgencyKind.CHILDRENS_SERVICES]
    for kind in rng.sample(others, rng.randint(1, 3)):
        user = rng.choice(org.workers[kind])
        if user not in [u for u, _ in spec.team]:
            spec.team.append((user, kind))
    return spec


def _case_row(spec: Spec) -> dict[str, Any]:
    rng = spec.rng
    language, document_language, interpreter = rng.choice(LANGUAGES)
    return {
        "reference": f"LD-{spec.number + 1:06d}", "family_name": f"{spec.family_name} family",
        "summary": rng.choice(CONCERNS),
        "status": CaseStatus.OPEN if spec.is_open else CaseStatus.CLOSED,
        "language": language, "document_language": document_language,
        "interpreter_required": interpreter,
        "interpreter_language": language if interpreter else "",
        "verbal_preferred": rng.random() < 0.1, "large_print": rng.random() < 0.05,
        "easy_read": rng.random() < 0.05, "communication_notes": "",
        "cultural_key_dates": "", "cultural_gender": "", "cultural_dress": "",
        "cultural_notes": "", "created_at": spec.opened, "created_by_id": spec.lead,
        "updated_at": spec.opened,
    }


def _family(org: Org, specs: list[Spec]) -> int:
    """People, how they are related, addresses and the case team, with their events."""
    people, owners = [], []
    for spec in specs:
        for row in _people(spec):
            people.append(row)
            owners.append(spec)
    person_ids = insert_ids(Person, people)
    for row, spec, person_id in zip(people, owners, person_ids, strict=True):
        name = f"{row['given_name']} {row['family_name']}"
        (spec.adults if row["kind"] is PersonKind.ADULT else spec.children).append(
            (person_id, name))
        event(org, spec, "household_change", f"{name} joined the household", spec.opened,
              spec.lead, ("people", person_id))
    insert_rows(Relationship, [
        {"case_id": s.case_id, "person_id": adult, "related_person_id": child,
         "relation": "mother" if i == 0 else "father", "parental_responsibility": i == 0}
        for s in specs for i, (adult, _) in enumerate(s.adults) for child, _ in s.children])
    _addresses(org, specs)
    _case_team(org, specs)
    for spec in specs:
        event(org, spec, "case_opened", "Case opened", spec.opened, spec.lead,
              ("cases", spec.case_id))
    return len(person_ids)


def _people(spec: Spec) -> list[dict[str, Any]]:
    rng, today = spec.rng, spec.until.date()
    rows = []
    for i in range(1 + (rng.random() < 0.6)):
        born = today - timedelta(days=rng.randint(19 * 365, 50 * 365))
        rows.append(_person(spec, PersonKind.ADULT, born, None, is_carer=True,
                            gender="female" if i == 0 else "male"))
    for _ in range(rng.randint(1, 4)):
        born = today - timedelta(days=rng.randint(30, 17 * 365))
        rows.append(_person(spec, PersonKind.CHILD, born, None,
                            school=rng.choice(SCHOOLS) if born.year < today.year - 3 else ""))
    if rng.random() < 0.05:
        rows.append(_person(spec, PersonKind.UNBORN, None,
                            today + timedelta(days=rng.randint(10, 200))))
    return rows


def _person(spec: Spec, kind: PersonKind, born: date | None, expected: date | None, *,
            is_carer: bool = False, gender: str = "", school: str = "") -> dict[str, Any]:
    given = "Unborn baby" if kind is PersonKind.UNBORN else spec.rng.choice(GIVEN)
    return {"case_id": spec.case_id, "kind": kind, "given_name": given,
            "family_name": spec.family_name, "known_as": "", "date_of_birth": born,
            "expected_date": expected, "gender": gender, "in_household": True,
            "is_carer": is_carer, "school_or_setting": school, "notes": "",
            "created_at": spec.opened}


def _addresses(org: Org, specs: list[Spec]) -> None:
    rows, owners = [], []
    for spec in specs:
        moves = spec.rng.randint(1, 2)
        moved = spec.opened
        for i in range(moves):
            moved_out = None
            if i < moves - 1:
                moved_out = spec.moment().date()
            rows.append({"case_id": spec.case_id,
                         "line1": f"{spec.rng.randint(1, 120)} {spec.rng.choice(STREETS)}",
                         "line2": "", "town": spec.rng.choice(TOWNS),
                         "postcode": f"NX{spec.rng.randint(1, 9)} {spec.rng.randint(1, 9)}AB",
                         "moved_in": moved.date(), "moved_out": moved_out, "notes": "",
                         "created_at": moved})
            owners.append(spec)
    for row, spec, address_id in zip(rows, owners, insert_ids(Address, rows), strict=True):
        event(org, spec, "address_move", f"Moved to {row['line1']}, {row['town']}",
              spec.opened, spec.lead, ("addresses", address_id))


def _case_team(org: Org, specs: list[Spec]) -> None:
    rows, owners = [], []
    for spec in specs:
        for position, (user, kind) in enumerate(spec.team):
            rows.append({"case_id": spec.case_id, "user_id": user, "role": org.role_of[kind],
                         "tasks": "Visits, assessment and the child protection plan."
                         if position == 0 else "Share concerns with the social worker.",
                         "is_lead": position == 0, "added_at": spec.opened,
                         "added_by_id": spec.lead})
            owners.append(spec)
    for row, spec, member_id in zip(rows, owners, insert_ids(CaseTeamMember, rows), strict=True):
        if not row["is_lead"]:
            event(org, spec, "case_team", f"{row['role']} joined the case team", spec.opened,
                  spec.lead, ("case_team_members", member_id))


# --- Visits -------------------------------------------------------------------------------


@dataclass
class VisitSpec:
    spec: Spec
    practitioner: int
    start: datetime
    status: VisitStatus
    plan_status: PlanStatus
    back: datetime | None = None  # expected return, for in-progress visits


def _visit_specs(spec: Spec, now: datetime) -> list[VisitSpec]:
    rng = spec.rng
    who = [u for u, _ in spec.team]
    visits = []

    def add(start: datetime, status: VisitStatus, plan: PlanStatus, **extra: Any) -> None:
        worker = spec.lead if spec.showcase or rng.random() < 0.8 else rng.choice(who)
        visits.append(VisitSpec(spec, worker, start, status, plan, **extra))

    for _ in range(rng.randint(1, 4)):
        add(spec.moment(), VisitStatus.COMPLETED, PlanStatus.SIGNED_OFF)
    if rng.random() < 0.1:
        add(spec.moment(), VisitStatus.NO_ACCESS, PlanStatus.SIGNED_OFF)
    if rng.random() < 0.1:
        add(spec.moment(), VisitStatus.CANCELLED, PlanStatus.DRAFT)
    if spec.is_open and rng.random() < 0.5:
        future = at(now + timedelta(days=rng.randint(1, 14)), rng)
        plan = rng.choice((PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED,
                           PlanStatus.SIGNED_OFF))
        add(future, VisitStatus.APPROVED if plan is PlanStatus.SIGNED_OFF
            else VisitStatus.PLANNED, plan)
    if spec.is_open and rng.random() < 0.03:
        _today(add, rng, now)
    if spec.showcase:  # a plan waiting for sign-off, a visit later today, one overdue
        add(at(now + timedelta(days=2), rng), VisitStatus.PLANNED, PlanStatus.SUBMITTED)
        add(now + timedelta(hours=2), VisitStatus.APPROVED, PlanStatus.SIGNED_OFF)
        add(now - timedelta(hours=3), VisitStatus.IN_PROGRESS, PlanStatus.SIGNED_OFF,
            back=now - timedelta(minutes=40))
    return visits


def _today(add: Any, rng: random.Random, now: datetime) -> None:
    """A visit today: later on, under way, or (one in five) overdue."""
    roll = rng.random()
    if roll < 0.4:
        add(now + timedelta(hours=rng.randint(1, 4)), VisitStatus.APPROVED, PlanStatus.SIGNED_OFF)
    elif roll < 0.8:
        add(now - timedelta(minutes=30), VisitStatus.IN_PROGRESS, PlanStatus.SIGNED_OFF,
            back=now + timedelta(minutes=rng.randint(30, 120)))
    else:
        add(now - timedelta(hours=3), VisitStatus.IN_PROGRESS, PlanStatus.SIGNED_OFF,
            back=now - timedelta(minutes=rng.randint(10, 90)))


def _visits(org: Org, specs: list[Spec], now: datetime) -> int:
    """Visits first (as planned), then plans and sign-offs, then each visit's approval and
    outcome: the approval points at a sign-off, which points back at the visit."""
    plan = [v for s in specs for v in _visit_specs(s, now)]
    visit_ids = insert_ids(Visit, [_visit_row(v) for v in plan])
    plan_ids = insert_ids(ActionPlan, [_plan_row(v, vid) for v, vid in zip(plan, visit_ids,
                                                                          strict=True)])
    approved = [(v, vid, pid) for v, vid, pid in zip(plan, visit_ids, plan_ids, strict=True)
                if v.plan_status is PlanStatus.SIGNED_OFF]
    signoff_ids = insert_ids(PlanSignOff, [
        {"plan_id": pid, "visit_id": vid, "author_id": v.practitioner, "plan_version": 1,
         "snapshot": {"purpose": "To see the children"}, "signed_by_id":
         org.manager_of[v.practitioner], "signed_at": v.start - timedelta(days=1),
         "in_force": True, "voided_at": None, "void_reason": ""} for v, vid, pid in approved])
    updates = [_approval(org, v, vid, sid)
               for (v, vid, _), sid in zip(approved, signoff_ids, strict=True)]
    if updates:
        table = Visit.__table__
        columns = [k for k in updates[0] if k != "b_id"]
        db.session.execute(
            sa.update(table).where(table.c.id == sa.bindparam("b_id"))
            .values({c: sa.bindparam(f"b_{c}") for c in columns}),
            [{("b_id" if k == "b_id" else f"b_{k}"): value for k, value in u.items()}
             for u in updates])
    _visit_outcomes(org, approved)
    return len(visit_ids)


def _visit_row(v: VisitSpec) -> dict[str, Any]:
    cancelled = v.status is VisitStatus.CANCELLED
    return {"case_id": v.spec.case_id, "practitioner_id": v.practitioner,
            "status": VisitStatus.CANCELLED if cancelled else VisitStatus.PLANNED,
            "cancelled_at": v.start - timedelta(hours=2) if cancelled else None,
            "cancelled_by_family": cancelled, "cancel_reason":
            "Mother rang to cancel: the children are unwell." if cancelled else "",
            "no_access_notes": "", "who_present": "", "children_seen": [], "observations": {},
            "observations_version": "", "not_assessed": "", "what_was_done": "",
            "requirements": [], "created_at": v.start - timedelta(days=3)}


def _plan_row(v: VisitSpec, visit_id: int) -> dict[str, Any]:
    returned = v.plan_status is PlanStatus.RETURNED
    submitted = v.plan_status is not PlanStatus.DRAFT
    return {"case_id": v.spec.case_id, "visit_id": visit_id, "author_id": v.practitioner,
            "status": v.plan_status, "planned_start": v.start,
            "duration_minutes": v.spec.rng.choice((45, 60, 90)), "venue_kind": VenueKind.HOME,
            "venue_address": "The family's home", "purpose":
            "To see the children, look round the home and talk about how things are going.",
            "police_present": False, "police_details": "", "risks": [
                {"risk": "Hostile response at the door", "management": "Leave if it escalates"}],
            "checklist": {}, "checklist_version": "",
            "submitted_at": v.start - timedelta(days=2) if submitted else None,
            "returned_at": v.start - timedelta(days=1) if returned else None,
            "returned_by_id": None, "return_comments":
            "Add how you will leave safely if the dogs are loose." if returned else "",
            "created_at": v.start - timedelta(days=3), "updated_at": v.start - timedelta(days=2)}


def _approval(org: Org, v: VisitSpec, visit_id: int, signoff_id: int) -> dict[str, Any]:
    done = v.status in (VisitStatus.COMPLETED, VisitStatus.NO_ACCESS)
    started = done or v.status is VisitStatus.IN_PROGRESS
    return {"b_id": visit_id, "status": v.status, "approved_signoff_id": signoff_id,
            "approval_in_force": True, "approved_by_id": org.manager_of[v.practitioner],
            "approved_at": v.start - timedelta(days=1),
            "checked_in_at": v.start if started else None,
            "expected_return_at": v.back or (v.start + timedelta(hours=1) if started else None),
            "checked_out_at": v.start + timedelta(minutes=50)
            if v.status is VisitStatus.COMPLETED else None,
            "no_access_at": v.start + timedelta(minutes=10)
            if v.status is VisitStatus.NO_ACCESS else None,
            "no_access_notes": "No answer; curtains drawn."
            if v.status is VisitStatus.NO_ACCESS else "",
            "ended_by_id": v.practitioner if done else None,
            "who_present": "Mother and the children" if v.status is VisitStatus.COMPLETED else "",
            "children_seen": [{"person_id": pid, "name": name, "seen": True, "alone": False}
                              for pid, name in v.spec.children]
            if v.status is VisitStatus.COMPLETED else [],
            "what_was_done": "Saw each child; talked with mother about routines."
            if v.status is VisitStatus.COMPLETED else ""}


def _visit_outcomes(org: Org, approved: list[tuple[VisitSpec, int, int]]) -> None:
    """Completed visits record each child seen and an event; no-access visits an event."""
    sightings = []
    for v, visit_id, _ in approved:
        if v.status is VisitStatus.COMPLETED:
            for person_id, _name in v.spec.children:
                sightings.append({"case_id": v.spec.case_id, "person_id": person_id,
                                  "seen_at": v.start, "seen_alone": v.spec.rng.random() < 0.3,
                                  "recorded_at": v.start + timedelta(hours=1),
                                  "recorded_by_id": v.practitioner,
                                  "source_agency_id": org.agency_of[v.practitioner],
                                  "source_type": "visits", "source_id": visit_id})
            event(org, v.spec, "visit", "Home visit: children seen", v.start, v.practitioner,
                  ("visits", visit_id))
        elif v.status is VisitStatus.NO_ACCESS:
            event(org, v.spec, "no_access_visit", "No access: no answer at the door", v.start,
                  v.practitioner, ("visits", visit_id))
    insert_rows(ChildSighting, sightings)
