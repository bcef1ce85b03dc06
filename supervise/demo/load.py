"""Load-test data: ``flask seed-load --cases N``. A fictional county at realistic size — 50 teams
(each with its line manager), 500 users across four agencies — and N families with their case
teams, visits and action plans, chronologies, incidents, alerts, agreements and supervision.

Rows go in with bulk ``INSERT``s (``db.session.execute(insert(Model), rows)``), a chunk of cases
at a time, so 50,000 cases take minutes. The operations that enforce the rules one record at a
time are tested elsewhere; what goes in here still meets every constraint the database holds.
Deterministic: each case draws from its own ``Random`` seeded by (seed, case number), so case
*k* is the same family whatever N is, and a larger N only adds cases.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from supervise import clock
from supervise.accounts.models import Agency, AgencyKind, Role, Team, User, team_managers
from supervise.auth.passwords import hash_password
from supervise.extensions import db

DOMAIN = "load.test"
CHUNK = 2_000  # cases per transaction: bounds memory, keeps each commit short

AGENCIES = (  # name, kind, teams, the role its practitioners take on a case team
    ("Loadshire Children's Services", AgencyKind.CHILDRENS_SERVICES, 30,
     "Allocated social worker"),
    ("Loadshire Community Health", AgencyKind.HEALTH, 10, "Health visitor"),
    ("Loadshire Schools Safeguarding", AgencyKind.EDUCATION, 5, "Designated safeguarding lead"),
    ("Loadshire Police Public Protection", AgencyKind.POLICE, 5, "Police liaison officer"),
)
WORKERS_PER_TEAM = 9  # plus the team's manager: 50 teams × 10 = 500 users

GIVEN = ("Amelia", "Oliver", "Isla", "George", "Ava", "Noah", "Mia", "Leo", "Freya", "Arthur",
         "Grace", "Harry", "Lily", "Jack", "Evie", "Oscar", "Ruby", "Charlie", "Sofia", "Theo",
         "Zara", "Rhys", "Seren", "Dylan", "Megan", "Aisha", "Yusuf", "Priya", "Kacper", "Zofia")
FAMILY = ("Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson",
          "Thomas", "Roberts", "Johnson", "Lewis", "Walker", "Robinson", "Wood", "Thompson",
          "White", "Watson", "Jackson", "Wright", "Green", "Harris", "Cooper", "King", "Lee",
          "Martin", "Clarke", "James", "Morgan", "Hughes", "Edwards", "Hill", "Moore", "Clark",
          "Harrison", "Scott", "Young", "Morris", "Hall", "Ward", "Turner", "Carter", "Phillips",
          "Mitchell", "Patel", "Adams", "Campbell", "Anderson", "Allen", "Cook", "Begum", "Nowak",
          "Okafor", "Khan", "Ali", "Kowalski", "Murphy", "Kelly", "Pritchard", "Rees")


@dataclass
class Org:
    """Who works where: enough for the case seeder to pick case teams and managers."""

    password_hash: str
    agencies: list[int] = field(default_factory=list)
    # by agency kind, the practitioners' ids in a fixed order
    workers: dict[AgencyKind, list[int]] = field(default_factory=dict)
    role_of: dict[AgencyKind, str] = field(default_factory=dict)
    agency_of: dict[int, int] = field(default_factory=dict)  # user id → agency id
    manager_of: dict[int, int] = field(default_factory=dict)  # practitioner id → manager id
    managers: list[int] = field(default_factory=list)


def insert_rows(model: Any, rows: list[dict[str, Any]]) -> None:
    """Bulk INSERT without reading anything back."""
    if rows:
        db.session.execute(sa.insert(model).execution_options(render_nulls=True), rows)


def insert_ids(model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Bulk INSERT returning the new ids in the order of ``rows``."""
    if not rows:
        return []
    # render_nulls: rows whose None values differ stay in one batch (the ORM would otherwise
    # split them by which keys are None, one round trip per pattern).
    statement = (sa.insert(model).returning(model.id, sort_by_parameter_order=True)
                 .execution_options(render_nulls=True))
    return list(db.session.scalars(statement, rows))


def already_loaded() -> bool:
    return bool(db.session.scalar(
        sa.select(sa.func.count()).select_from(User).where(User.email.like(f"%@{DOMAIN}"))))


def seed_load(cases: int, password: str, seed: int = 1,
              progress: Callable[[str], None] = print, vacuum: bool = False) -> dict[str, int]:
    """Load the organisation, ``cases`` families and a year of supervision; commits as it
    goes (a chunk of cases at a time). ``vacuum``: see ``analyse``."""
    from supervise.demo import load_supervision

    began = time.perf_counter()
    org = seed_organisation(password, seed)
    db.session.commit()
    progress(f"organisation: {len(org.agencies)} agencies, 50 teams, "
             f"{len(org.agency_of)} users ({time.perf_counter() - began:.1f} s)")
    now = clock.now().replace(second=0, microsecond=0)
    totals, case_ids = seed_cases(org, 0, cases, seed, now, progress)
    totals.update(load_supervision.seed_supervision(org, case_ids, seed, now))
    db.session.commit()
    analyse(vacuum=vacuum)
    progress(f"supervision done, statistics updated ({time.perf_counter() - began:.1f} s)")
    return totals


def analyse(vacuum: bool = False) -> None:
    """Refresh the planner's statistics: after a bulk load they describe empty tables, and
    PostgreSQL then picks scans no real database would (bench/RESULTS.md). With ``vacuum``
    (``flask seed-load``, on PostgreSQL) VACUUM too, as autovacuum soon would in a live
    database: index-only scans need it. Not in the tests: there it waits on the locks of
    the other test processes' schema changes."""
    db.session.commit()
    if not vacuum or db.engine.dialect.name != "postgresql":
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


def seed_cases(org: Org, start: int, stop: int, seed: int, now: datetime,
               progress: Callable[[str], None] = print) -> tuple[dict[str, int], list[int]]:
    """Cases numbered ``start`` to ``stop - 1``, committed a chunk at a time: counts and ids.
    A benchmark grows the same organisation's caseload by calling this again."""
    from supervise.demo import load_cases

    began = time.perf_counter()
    totals: dict[str, int] = {}
    case_ids: list[int] = []
    for first, last in _chunks(start, stop, CHUNK):
        counts = load_cases.seed_chunk(org, range(first, last), seed, now)
        case_ids.extend(counts.pop("case_ids"))
        db.session.commit()
        for name, count in counts.items():
            totals[name] = totals.get(name, 0) + count
        progress(f"cases {last:,}/{stop:,} ({time.perf_counter() - began:.1f} s)")
    return totals, case_ids


def _chunks(start: int, stop: int, size: int) -> Iterator[tuple[int, int]]:
    for first in range(start, stop, size):
        yield first, min(stop, first + size)


def seed_organisation(password: str, seed: int) -> Org:
    """Four agencies, 50 teams each with a line manager and nine practitioners."""
    rng = random.Random(f"{seed}:organisation")
    org = Org(password_hash=hash_password(password))
    team_rows, team_kinds = [], []
    for name, kind, teams, role in AGENCIES:
        agency_id = insert_ids(Agency, [{"name": name, "kind": kind}])[0]
        org.agencies.append(agency_id)
        org.workers[kind], org.role_of[kind] = [], role
        for number in range(1, teams + 1):
            team_rows.append({"name": f"{name.split()[1]} team {number}",
                              "agency_id": agency_id})
            team_kinds.append(kind)
    team_ids = insert_ids(Team, team_rows)
    for index, (team_id, kind) in enumerate(zip(team_ids, team_kinds, strict=True)):
        _seed_team(org, rng, index + 1, team_id, team_rows[index]["agency_id"], kind)
    return org


def _seed_team(org: Org, rng: random.Random, number: int, team_id: int, agency_id: int,
               kind: AgencyKind) -> None:
    """A manager (``manager-01@load.test``) and nine practitioners (``worker-001@…``)."""
    def person(email: str, role: Role, title: str) -> dict[str, Any]:
        return {"email": email, "name": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
                "job_title": title, "role": role, "agency_id": agency_id, "team_id": team_id,
                "password_hash": org.password_hash}

    manager_id = insert_ids(User, [person(f"manager-{number:02d}@{DOMAIN}", Role.MANAGER,
                                          "Team manager")])[0]
    db.session.execute(sa.insert(team_managers), [{"team_id": team_id, "user_id": manager_id}])
    first = (number - 1) * WORKERS_PER_TEAM + 1
    workers = insert_ids(User, [person(f"worker-{first + i:03d}@{DOMAIN}", Role.PRACTITIONER,
                                       org.role_of[kind]) for i in range(WORKERS_PER_TEAM)])
    org.managers.append(manager_id)
    org.agency_of[manager_id] = agency_id
    org.workers[kind].extend(workers)
    for worker in workers:
        org.agency_of[worker] = agency_id
        org.manager_of[worker] = manager_id


def at(moment: datetime, rng: random.Random, earliest_hour: int = 9) -> datetime:
    """``moment``'s day at a working-hours time (UTC, close enough to UK time here)."""
    return moment.replace(hour=rng.randint(earliest_hour, 16), minute=rng.choice((0, 15, 30, 45)),
                          second=0, microsecond=0)


def days_ago(now: datetime, rng: random.Random, low: int, high: int) -> datetime:
    return at(now - timedelta(days=rng.randint(low, high)), rng)
