"""Load-test data (``flask seed-load``): the organisation's shape, whole families with their
records, deterministic, and pages that render over it. Run at N=20; the benchmarks use more."""

from __future__ import annotations

import sqlalchemy as sa

from supervise.accounts.models import Role, Team, User, team_managers
from supervise.cases.models import Case, CaseTeamMember, PersonKind
from supervise.demo.load import already_loaded, seed_load
from supervise.events.models import CaseEvent
from supervise.extensions import db
from supervise.plans.models import ActionPlan
from supervise.supervision.models import SupervisionSession
from supervise.visits.models import Visit

PASSWORD = "load-password-for-tests"


def _load(cases: int = 20) -> dict[str, int]:
    return seed_load(cases, PASSWORD, seed=3, progress=lambda _line: None)


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_seed_load_builds_fifty_managed_teams_of_five_hundred_users(app, db):
    _load()
    users = list(db.session.scalars(sa.select(User).where(User.email.like("%@load.test"))))
    assert len(users) == 500
    assert sum(u.role is Role.MANAGER for u in users) == 50
    teams = db.session.scalar(sa.select(sa.func.count(sa.distinct(team_managers.c.team_id))))
    assert teams == _count(Team) == 50
    assert already_loaded()


def test_every_case_has_a_family_and_a_case_team_of_two_to_four(app, db):
    totals = _load()
    cases = list(db.session.scalars(sa.select(Case)))
    assert len(cases) == totals["cases"] == 20
    for case in cases:
        assert any(p.kind is not PersonKind.ADULT for p in case.people)
        assert any(p.kind is PersonKind.ADULT for p in case.people)
        assert 2 <= len(case.team) <= 4
        assert [m.is_lead for m in case.team].count(True) == 1


def test_visits_have_plans_and_approved_ones_rest_on_a_sign_off(app, db):
    _load()
    assert _count(Visit) == _count(ActionPlan) > 20
    for visit in db.session.scalars(sa.select(Visit)):
        assert visit.plan is not None
        if visit.is_approved:
            assert visit.plan.current_signoff.id == visit.approved_signoff_id
            assert visit.approved_by_id != visit.practitioner_id


def test_chronology_and_supervision_are_filled_in(app, db):
    totals = _load()
    assert _count(CaseEvent) == totals["case_events"] > 20 * 5
    assert _count(SupervisionSession) == totals["supervision_sessions"] >= 450 * 8


def test_the_same_seed_draws_the_same_family_whatever_the_caseload():
    """Case k draws from its own Random: a larger N only adds cases."""
    from datetime import datetime

    from supervise.accounts.models import AgencyKind
    from supervise.demo.load import Org
    from supervise.demo.load_cases import _case_row, _people, _spec

    org = Org(password_hash="x", workers={kind: list(range(10 * i, 10 * i + 9))
                                          for i, kind in enumerate(AgencyKind)})
    now = datetime(2027, 3, 10, 12, 0)

    def family(k: int) -> tuple:
        spec = _spec(org, k, 3, now)
        return spec.team, _case_row(spec), _people(spec)

    assert [family(k) for k in (7, 8, 9)] == [family(k) for k in (7, 8, 9)]
    assert family(7) != family(8)


def test_a_manager_and_a_practitioner_see_their_pages(app, db, client):
    _load()
    case_id = db.session.scalar(sa.select(CaseTeamMember.case_id).join(
        User, User.id == CaseTeamMember.user_id).where(
        User.email == "worker-001@load.test", CaseTeamMember.is_lead).limit(1))
    client.post("/login", data={"email": "worker-001@load.test", "password": PASSWORD})
    for path in ("/", f"/cases/{case_id}", f"/cases/{case_id}/chronology", "/cases"):
        assert client.get(path).status_code == 200, path
    client.post("/logout")
    client.post("/login", data={"email": "manager-01@load.test", "password": PASSWORD})
    assert client.get("/").status_code == 200
    assert client.get(f"/cases/{case_id}").status_code == 200
