"""The demo data: the accounts the README names, realistic families, and safe to run twice."""

from __future__ import annotations

import sqlalchemy as sa

from supervise.accounts.models import Role, User
from supervise.cases.access import can_view_case
from supervise.cases.models import Case, PersonKind
from supervise.demo import seed_demo
from supervise.extensions import db

ACCOUNTS = {"practitioner": Role.PRACTITIONER, "manager": Role.MANAGER,
            "hv": Role.PRACTITIONER, "outsider": Role.PRACTITIONER,
            "manager2": Role.MANAGER, "admin": Role.ADMIN,
            "twostep": Role.PRACTITIONER}  # signs in with an authenticator app too


def _demo_users() -> dict[str, User]:
    users = db.session.scalars(sa.select(User).where(User.email.like("%@demo.test")))
    return {u.email.split("@")[0]: u for u in users}


def test_seed_creates_the_named_accounts_and_families(app, db):
    app.config["DEMO_PASSWORD"] = "demo-password-for-tests"
    try:
        seed_demo()
    finally:
        app.config["DEMO_PASSWORD"] = None
    users = _demo_users()
    assert {k: u.role for k, u in users.items()} == ACCOUNTS
    cases = list(db.session.scalars(sa.select(Case)))
    assert len(cases) >= 6
    people = [p for c in cases for p in c.people]
    assert any(p.kind is PersonKind.UNBORN and p.expected_date for p in people)
    assert any(c.interpreter_required for c in cases)
    assert any(c.verbal_preferred or c.large_print or c.easy_read for c in cases)


def test_seed_gives_the_access_story_the_readme_tells(app, db):
    app.config["DEMO_PASSWORD"] = "demo-password-for-tests"
    try:
        seed_demo()
    finally:
        app.config["DEMO_PASSWORD"] = None
    users = _demo_users()
    cases = list(db.session.scalars(sa.select(Case)))
    north = [c for c in cases if can_view_case(users["manager"], c.id)]
    assert north, "the North manager sees their team's cases"
    mine = [c for c in cases if c.created_by_id == users["practitioner"].id]
    assert mine and all(can_view_case(users["practitioner"], c.id) for c in mine)
    assert sum(can_view_case(users["hv"], c.id) for c in north) >= 2
    assert not any(can_view_case(users["outsider"], c.id) for c in north)
    assert any(can_view_case(users["outsider"], c.id) for c in cases)
    assert not any(can_view_case(users["admin"], c.id) for c in cases)


def test_seed_is_idempotent(app, db):
    app.config["DEMO_PASSWORD"] = "demo-password-for-tests"
    try:
        seed_demo()
        counts = [db.session.scalar(sa.select(sa.func.count()).select_from(t))
                  for t in db.metadata.sorted_tables]
        seed_demo()
        again = [db.session.scalar(sa.select(sa.func.count()).select_from(t))
                 for t in db.metadata.sorted_tables]
    finally:
        app.config["DEMO_PASSWORD"] = None
    names = [t.name for t in db.metadata.sorted_tables if t.name != "audit_events"]
    before = dict(zip([t.name for t in db.metadata.sorted_tables], counts, strict=True))
    after = dict(zip([t.name for t in db.metadata.sorted_tables], again, strict=True))
    assert {n: before[n] for n in names} == {n: after[n] for n in names}


def test_demo_password_is_signed_in_with(app, db, client):
    app.config["DEMO_PASSWORD"] = "demo-password-for-tests"
    try:
        seed_demo()
    finally:
        app.config["DEMO_PASSWORD"] = None
    response = client.post("/login", data={"email": "manager@demo.test",
                                           "password": "demo-password-for-tests"})
    assert response.status_code == 302
