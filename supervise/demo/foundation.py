"""Demo agencies, teams, accounts and families. Every family here is fictional."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from supervise import clock
from supervise.accounts import operations as accounts
from supervise.accounts.models import Agency, AgencyKind, Role, Team, User
from supervise.alerts.models import AlertLevel, RiskAlert
from supervise.auth.passwords import hash_password
from supervise.cases import operations as cases
from supervise.cases.models import Case, DocumentLanguage, PersonKind
from supervise.demo import DemoWorld
from supervise.extensions import db

AGENCIES = {
    "childrens": ("Northshire Children's Services", AgencyKind.CHILDRENS_SERVICES),
    "health": ("Northshire Community Health — Health Visiting", AgencyKind.HEALTH),
}

TEAMS = {
    "north": ("Safeguarding North", "childrens"),
    "south": ("Safeguarding South", "childrens"),
    "hv_east": ("Health Visiting East", "health"),
}

# key: (name, job title, role, agency, team, manages)
USERS = {
    "practitioner": ("Priya Shah", "Social worker", Role.PRACTITIONER, "childrens", "north", None),
    "manager": ("Morgan Ellis", "Team manager", Role.MANAGER, "childrens", "north", "north"),
    "hv": ("Hannah Vaughan", "Health visitor", Role.PRACTITIONER, "health", "hv_east", None),
    "outsider": ("Owen Price", "Social worker", Role.PRACTITIONER, "childrens", "south", None),
    "manager2": ("Maria Lopez", "Team manager", Role.MANAGER, "childrens", "south", "south"),
    "admin": ("Alex Morgan", "System administrator", Role.ADMIN, "childrens", None, None),
}


def seed(world: DemoWorld) -> None:
    """Agencies, teams and the six demo accounts; then the families."""
    existing = db.session.scalar(sa.select(User).where(User.email == "admin@demo.test"))
    if existing is None:
        _create_organisation(world)
        _create_families(world)
        world.report.append(f"Demo accounts (…@demo.test) password: {world.password}")
    else:
        _load_world(world)
        _refresh_passwords(world)
    world.report.append(f"Demo data ready: {len(world.cases)} families, {len(world.users)} users")


def _create_organisation(world: DemoWorld) -> None:
    for key, (name, kind) in AGENCIES.items():
        world.agencies[key] = accounts.create_agency({"name": name, "kind": kind}, by=None)
    for key, (name, agency) in TEAMS.items():
        world.teams[key] = accounts.create_team(
            {"name": name, "agency_id": world.agencies[agency].id}, [], by=None)
    for key, (name, title, role, agency, team, manages) in USERS.items():
        user = accounts.create_user(
            {"email": f"{key}@demo.test", "name": name, "job_title": title, "role": role,
             "agency_id": world.agencies[agency].id,
             "team_id": world.teams[team].id if team else None},
            world.password, by=None)
        world.users[key] = user
        if manages:
            world.teams[manages].managers.append(user)
    db.session.flush()


def _load_world(world: DemoWorld) -> None:
    for key in USERS:
        email = f"{key}@demo.test"
        world.users[key] = db.session.scalar(sa.select(User).where(User.email == email))
    for key, (name, _kind) in AGENCIES.items():
        world.agencies[key] = db.session.scalar(sa.select(Agency).where(Agency.name == name))
    for key, (name, _agency) in TEAMS.items():
        world.teams[key] = db.session.scalar(sa.select(Team).where(Team.name == name))
    for key, family in FAMILIES.items():
        world.cases[key] = db.session.scalar(
            sa.select(Case).where(Case.family_name == family["family_name"]))


def _refresh_passwords(world: DemoWorld) -> None:
    """With SUPERVISE_DEMO_PASSWORD set, a re-run makes it the demo accounts' password."""
    from flask import current_app

    if not current_app.config.get("DEMO_PASSWORD"):
        return
    for user in world.users.values():
        if user is not None:
            user.password_hash = hash_password(world.password)


def _ago(years: int = 0, days: int = 0) -> date:
    today = clock.today()
    try:
        shifted = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        shifted = today.replace(year=today.year - years, day=28)
    return shifted - timedelta(days=days)


FAMILIES: dict[str, dict[str, Any]] = {
    "harper": {
        "family_name": "Harper family",
        "summary": "Neglect concerns for Ava and Leo: home conditions, missed health "
                   "appointments. Mother's partner is hostile to workers and has used the "
                   "family's dogs to intimidate visitors.",
        "language": "English",
        "cultural_notes": "",
        "people": [
            ("adult", "Jade", "Harper", _ago(27, 40), {"is_carer": True}),
            ("adult", "Ryan", "Cole", _ago(31, 100), {"is_carer": True}),
            ("child", "Ava", "Harper", _ago(6, 20), {"school_or_setting": "Larchfield Primary"}),
            ("child", "Leo", "Harper", _ago(3, 70), {"school_or_setting": "Little Oaks Nursery"}),
        ],
        "relationships": [(0, "mother", 2, True), (0, "mother", 3, True),
                          (1, "mother's partner", 2, False), (1, "mother's partner", 3, False)],
        "addresses": [
            ("7 Ferncliffe Terrace", "Northtown", "NX2 7FT", _ago(3), _ago(1, 30)),
            ("14 Larch Close", "Northtown", "NX1 4LC", _ago(1, 30), None),
        ],
        "team": ["hv"],
        "alert": (AlertLevel.HIGH, ["animals-as-threat", "shouting", "intimidating-language"],
                  ["joint-visits-only"],
                  "Ryan Cole set two large dogs loose in the hallway during the last visit "
                  "and shouted at the social worker to leave."),
    },
    "nowak": {
        "family_name": "Nowak family",
        "summary": "Pre-birth assessment. Domestic abuse reported by a neighbour; father "
                   "refuses to engage and answers the door only to the health visitor.",
        "language": "Polish",
        "interpreter_required": True,
        "interpreter_language": "Polish",
        "people": [
            ("adult", "Katarzyna", "Nowak", _ago(29, 10), {"is_carer": True}),
            ("adult", "Tomasz", "Nowak", _ago(34, 200), {"is_carer": True}),
            ("child", "Zofia", "Nowak", _ago(8, 5), {"school_or_setting": "St Brendan's Primary"}),
            ("unborn", "Unborn baby", "Nowak", None, {}),
        ],
        "relationships": [(0, "mother", 2, True), (1, "father", 2, True), (0, "mother", 3, False)],
        "addresses": [("Flat 3, 22 Quarry Road", "Northtown", "NX3 2QR", _ago(2), None)],
        "team": ["hv"],
        "alert": None,
    },
    "pritchard": {
        "family_name": "Pritchard family",
        "summary": "Children's school attendance has fallen below 60%; mother avoids "
                   "appointments and cancels visits at short notice.",
        "language": "Welsh",
        "document_language": DocumentLanguage.WELSH,
        "people": [
            ("adult", "Rhian", "Pritchard", _ago(38, 60), {"is_carer": True}),
            ("child", "Dylan", "Pritchard", _ago(10, 80), {"school_or_setting": "Ysgol Bro Taf"}),
            ("child", "Megan", "Pritchard", _ago(7, 15), {"school_or_setting": "Ysgol Bro Taf"}),
        ],
        "relationships": [(0, "mother", 1, True), (0, "mother", 2, True)],
        "addresses": [("Bryn Hafod, Heol y Felin", "Llanfair", "NX9 1HF", _ago(6), None)],
        "team": [],
        "alert": None,
    },
    "okafor": {
        "family_name": "Okafor family",
        "summary": "Grandmother caring for two grandchildren under a special guardianship "
                   "order; father visits and has made threats to take the children.",
        "language": "English",
        "verbal_preferred": True,
        "large_print": True,
        "communication_notes": "Grace reads very little; go through letters with her in person.",
        "people": [
            ("adult", "Grace", "Okafor", _ago(63, 30), {"is_carer": True}),
            ("adult", "Emeka", "Okafor", _ago(36, 3), {"in_household": False}),
            ("child", "Daniel", "Okafor", _ago(12, 44), {"school_or_setting": "Northtown Academy"}),
            ("child", "Chioma", "Okafor", _ago(9, 2), {"school_or_setting": "Larchfield Primary"}),
        ],
        "relationships": [(0, "grandmother", 2, True), (0, "grandmother", 3, True),
                          (1, "father", 2, False), (1, "father", 3, False)],
        "addresses": [("31 Millbrook Avenue", "Northtown", "NX4 3MA", _ago(9), None)],
        "team": [],
        "alert": (AlertLevel.MEDIUM, ["threatening", "following-workers"],
                  ["no-lone-visits-after-dark"],
                  "Emeka Okafor followed the social worker to her car and made veiled "
                  "threats about 'people who take children'."),
    },
    "begum": {
        "family_name": "Begum family",
        "summary": "Concerns about the baby's weight and the mother's isolation. Husband's "
                   "family restrict contact with services.",
        "language": "Sylheti",
        "interpreter_required": True,
        "interpreter_language": "Sylheti (female interpreter)",
        "cultural_key_dates": "Ramadan and Eid: avoid visits around iftar.",
        "cultural_gender": "Amina prefers to speak to female workers.",
        "cultural_dress": "Remove shoes at the door.",
        "people": [
            ("adult", "Amina", "Begum", _ago(24, 77), {"is_carer": True}),
            ("adult", "Rafiq", "Ali", _ago(30, 12), {"is_carer": True}),
            ("child", "Rahim", "Ali", _ago(4, 33), {"school_or_setting": "Little Oaks Nursery"}),
            ("child", "Sara", "Ali", _ago(0, 240), {}),
        ],
        "relationships": [(0, "mother", 2, True), (0, "mother", 3, True),
                          (1, "father", 2, True), (1, "father", 3, True)],
        "addresses": [("58 Canal Street", "Northtown", "NX2 5CS", _ago(1, 100), None)],
        "team": ["hv"],
        "alert": None,
    },
    "walsh": {
        "family_name": "Walsh family",
        "summary": "Mia disclosed that her father hits her. Father records workers on his "
                   "phone and posts about them online.",
        "language": "English",
        "easy_read": True,
        "people": [
            ("adult", "Kelly", "Walsh", _ago(41, 5), {"is_carer": True}),
            ("adult", "Connor", "Walsh", _ago(44, 90), {"is_carer": True}),
            ("child", "Mia", "Walsh", _ago(14, 110), {"school_or_setting": "Northtown Academy"}),
        ],
        "relationships": [(0, "mother", 2, True), (1, "father", 2, True)],
        "addresses": [
            ("2 Orchard Row", "Eastby", "NX7 2OR", _ago(5), _ago(2)),
            ("9 Holly Gardens", "Eastby", "NX7 9HG", _ago(2), _ago(0, 200)),
            ("101 Station Road", "Northtown", "NX1 1SR", _ago(0, 200), None),
        ],
        "team": [],
        "alert": (AlertLevel.HIGH, ["recording-workers", "seeking-personal-information"],
                  ["joint-visits-only", "neutral-venue"],
                  "Connor Walsh films every visit and has posted workers' names and photos "
                  "on social media."),
    },
    "reid": {
        "family_name": "Reid family",
        "summary": "Held by Safeguarding South. Mother misses appointments; concerns about "
                   "the children's presentation at school.",
        "language": "English",
        "people": [
            ("adult", "Danielle", "Reid", _ago(33, 9), {"is_carer": True}),
            ("child", "Tyler", "Reid", _ago(11, 3), {"school_or_setting": "Southgate Primary"}),
        ],
        "relationships": [(0, "mother", 1, True)],
        "addresses": [("4 Tannery Lane", "Southby", "NX8 4TL", _ago(4), None)],
        "team": [],
        "owner": "outsider",
        "alert": None,
    },
}

_CASE_FIELDS = ("family_name", "summary", "language", "document_language",
                "interpreter_required", "interpreter_language", "verbal_preferred",
                "large_print", "easy_read", "communication_notes", "cultural_key_dates",
                "cultural_gender", "cultural_dress", "cultural_notes")


def _create_families(world: DemoWorld) -> None:
    for key, family in FAMILIES.items():
        owner = world.users[family.get("owner", "practitioner")]
        values = {f: family[f] for f in _CASE_FIELDS if f in family}
        case = cases.open_case(values, by=owner, my_role="Allocated social worker")
        people = [_add_person(case, entry, owner) for entry in family["people"]]
        for a, relation, b, parental in family["relationships"]:
            cases.add_relationship(case, people[a], people[b], relation, parental, by=owner)
        for line1, town, postcode, moved_in, moved_out in family["addresses"]:
            cases.add_address(case, {"line1": line1, "town": town, "postcode": postcode,
                                     "moved_in": moved_in, "moved_out": moved_out}, by=owner)
        for member in family["team"]:
            cases.add_team_member(case, world.users[member], "Health visitor",
                                  "Universal and targeted health visiting; weight checks; "
                                  "share concerns with the social worker.", False, by=owner)
        if family["alert"]:
            _raise_alert(case, family["alert"], owner)
        world.cases[key] = case


def _add_person(case: Case, entry: tuple, owner: User) -> Any:
    kind, given, family_name, born, extra = entry
    person_kind = PersonKind(kind)
    values = {"kind": person_kind, "given_name": given, "family_name": family_name,
              "date_of_birth": born if person_kind is not PersonKind.UNBORN else None,
              "expected_date": clock.today() + timedelta(days=95)
              if person_kind is PersonKind.UNBORN else None,
              **extra}
    return cases.add_person(case, values, by=owner)


def _raise_alert(case: Case, spec: tuple, owner: User) -> None:
    level, behaviours, precautions, reason = spec
    db.session.add(RiskAlert(case_id=case.id, level=level, behaviours=behaviours,
                             precautions=precautions, reason=reason, raised_by_id=owner.id,
                             review_date=clock.today() + timedelta(days=60)))
    db.session.flush()
