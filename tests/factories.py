"""Factories for users, teams and cases, built through the real operations where they exist."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import count
from typing import Any

from supervise.accounts import operations as accounts
from supervise.accounts.models import Agency, AgencyKind, Role, Team, User
from supervise.cases import operations as cases
from supervise.cases.models import Case, PersonKind
from supervise.extensions import db
from supervise.notifications.operations import notify

PASSWORD = "correct horse battery staple"
_sequence = count(1)


def make_agency(name: str | None = None,
                kind: AgencyKind = AgencyKind.CHILDRENS_SERVICES) -> Agency:
    return accounts.create_agency({"name": name or f"Agency {next(_sequence)}", "kind": kind},
                                  by=None)


def make_team(agency: Agency, name: str | None = None, managers: list[User] = ()) -> Team:
    return accounts.create_team({"name": name or f"Team {next(_sequence)}",
                                 "agency_id": agency.id}, list(managers), by=None)


def make_user(agency: Agency, team: Team | None = None, role: Role = Role.PRACTITIONER,
              name: str | None = None, email: str | None = None, **extra: Any) -> User:
    n = next(_sequence)
    values = {"email": email or f"user{n}@example.test", "name": name or f"User {n}",
              "job_title": extra.pop("job_title", "Social worker"), "role": role,
              "agency_id": agency.id, "team_id": team.id if team else None, **extra}
    return accounts.create_user(values, PASSWORD, by=None)


def make_case(owner: User, family_name: str | None = None, members: list[User] = (),
              **values: Any) -> Case:
    case = cases.open_case({"family_name": family_name or f"Family {next(_sequence)}",
                            "language": "English", **values}, by=owner,
                           my_role="Allocated social worker")
    for member in members:
        cases.add_team_member(case, member, "Health visitor", "Weight checks", False, by=owner)
    return case


def make_person(case: Case, by: User, kind: PersonKind = PersonKind.CHILD,
                given_name: str = "Ava", **values: Any):
    defaults: dict[str, Any] = {"family_name": "Testfamily", "in_household": True}
    if kind is PersonKind.UNBORN:
        defaults["expected_date"] = date(2027, 3, 1)
    elif kind is PersonKind.CHILD:
        defaults["date_of_birth"] = date(2020, 5, 17)
    return cases.add_person(case, {"kind": kind, "given_name": given_name,
                                   **defaults, **values}, by=by)


@dataclass
class World:
    """The access matrix's cast, and ids of one record of every kind for building URLs."""

    users: dict[str, User] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    case: Case | None = None
    ids: dict[str, int] = field(default_factory=dict)


def build_world() -> World:
    """practitioner (North) and hv (health) on the case team; manager manages North; outsider
    (South) and manager2 (manages South) are not involved; admin sees no case content."""
    world = World()
    childrens = make_agency("Test Children's Services")
    health = make_agency("Test Health Visiting", AgencyKind.HEALTH)
    north, south = make_team(childrens, "North"), make_team(childrens, "South")
    hv_team = make_team(health, "HV East")
    world.agencies = {"childrens": childrens, "health": health}
    world.teams = {"north": north, "south": south, "hv": hv_team}
    users = {
        "practitioner": make_user(childrens, north, name="Pat Practitioner",
                                  email="practitioner@example.test"),
        "manager": make_user(childrens, north, Role.MANAGER, name="Mo Manager",
                             email="manager@example.test"),
        "hv": make_user(health, hv_team, name="Hana Visitor", email="hv@example.test",
                        job_title="Health visitor"),
        "outsider": make_user(childrens, south, name="Olu Outsider", email="outsider@example.test"),
        "manager2": make_user(childrens, south, Role.MANAGER, name="Meg Manager",
                              email="manager2@example.test"),
        "admin": make_user(childrens, None, Role.ADMIN, name="Ada Admin",
                           email="admin@example.test"),
    }
    accounts.set_team_managers(north, [users["manager"]], by=None)
    accounts.set_team_managers(south, [users["manager2"]], by=None)
    world.users = users
    case = make_case(users["practitioner"], "Zebedee family", members=[users["hv"]])
    child = make_person(case, users["practitioner"], given_name="Zara")
    adult = make_person(case, users["practitioner"], PersonKind.ADULT, given_name="Zoe",
                        date_of_birth=date(1990, 1, 1), is_carer=True)
    link = cases.add_relationship(case, adult, child, "mother", True, by=users["practitioner"])
    address = cases.add_address(case, {"line1": "1 Test Street", "town": "Testtown",
                                       "postcode": "TE1 1ST"}, by=users["practitioner"])
    note = notify([users["practitioner"]], "test", "Something to look at", link="/cases")[0]
    world.case = case
    world.ids = {
        "case_id": case.id, "person_id": child.id, "address_id": address.id,
        "relationship_id": link.id, "member_id": case.member_for(users["hv"]).id,
        "user_id": users["outsider"].id, "team_id": north.id, "agency_id": childrens.id,
        "notification_id": note.id,
    }
    db.session.flush()
    return world
