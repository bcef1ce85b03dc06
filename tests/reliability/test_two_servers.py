"""Two app servers (gunicorn on two loopback ports) over one PostgreSQL database, with rate
limits in Redis — a deployment with several app servers behind a load balancer. Either can
serve any request: sessions, their revocation, the login limit and a plan's whole journey to an
approved visit hold when the steps alternate between them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from supervise.accounts.models import Role
from supervise.extensions import db
from supervise.plans.models import ActionPlan, PlanStatus
from supervise.visits.models import VisitStatus
from tests import factories
from tests.reliability.live import Browser, Server, start_servers
from tests.visits import factories as vf

pytestmark = pytest.mark.postgres_only
LIMITED = "rae.limit@example.test"


@pytest.fixture
def two_servers(committed, redis_url, tmp_path: Path):
    servers = start_servers(
        2, committed.url, Path(committed.app.config["DOCUMENT_STORE"]), tmp_path,
        RATELIMIT_STORAGE_URI=redis_url, LOGIN_LIMIT_PER_IP="1000 per minute",
        LOGIN_LIMIT_PER_ACCOUNT="3 per minute")
    yield servers
    for server in servers:
        server.stop()


def _seed(app) -> dict[str, int]:
    with app.app_context():
        world = factories.build_world()
        factories.make_user(world.agencies["childrens"], world.teams["north"], Role.PRACTITIONER,
                            name="Rae Limit", email=LIMITED)
        plan = vf.make_plan(world)  # complete, in draft
        ids = {"case": plan.case_id, "plan": plan.id, "visit": plan.visit_id,
               "hv": world.users["hv"].id}
        db.session.commit()
    return ids


def _on(server: Server, browser: Browser) -> Browser:
    browser.base = server.base  # the load balancer sent this request there
    return browser


def _page_text(browser: Browser, path: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", browser.get(path).text).split())


def test_two_app_servers_share_sessions_revocation_limits_and_a_plans_journey(committed,
                                                                              two_servers):
    a, b = two_servers
    ids = _seed(committed.app)
    pat, mo = Browser(a.base), Browser(b.base)
    _on(a, pat).sign_in("practitioner@example.test")
    _on(b, mo).sign_in("manager@example.test")

    # A session started on one server is good on the other (shared key, sessions in the DB).
    assert _on(b, pat).get("/cases").status == 200
    assert _on(a, mo).get("/cases").status == 200

    # The plan's journey, alternating servers at each step.
    plan_url = f"/cases/{ids['case']}/plans/{ids['plan']}"
    assert _on(a, pat).submit(plan_url, action=plan_url + "/submit").status == 302
    assert _on(b, mo).submit(plan_url, action=plan_url + "/sign-off").status == 302
    approve = f"/cases/{ids['case']}/visits/{ids['visit']}/approve"
    assert _on(a, mo).submit(plan_url, action=approve).status == 302
    assert "approved the visit" in _page_text(_on(b, pat), "/")  # told, on the other server
    with committed.app.app_context():
        plan = db.session.get(ActionPlan, ids["plan"])
        assert plan.status is PlanStatus.SIGNED_OFF
        assert plan.visit.status is VisitStatus.APPROVED
        assert plan.visit.approved_signoff_id == plan.current_signoff.id

    # Sign out everywhere on server A ends the session the practitioner has on server B.
    elsewhere = _on(b, Browser(b.base))
    elsewhere.sign_in("practitioner@example.test")
    assert _on(a, pat).submit("/account", action="/account/sessions/end-all").status in (200,
                                                                                        302)
    assert elsewhere.get("/cases").status == 302
    assert "/login" in elsewhere.get("/cases").location

    # Deactivating an account on server B ends its session on server A at once.
    hana = _on(a, Browser(a.base))
    hana.sign_in("hv@example.test")
    admin = _on(b, Browser(b.base))
    admin.sign_in("admin@example.test")
    user_page = f"/admin/users/{ids['hv']}/edit"
    deactivated = admin.submit(user_page, action=f"/admin/users/{ids['hv']}/deactivate")
    assert deactivated.status == 302, deactivated.text[:300]
    assert hana.get("/cases").status == 302

    # The login limit counts attempts on both servers together (Redis).
    wrong = {"email": LIMITED, "password": "not the password at all"}
    statuses = [_on(server, Browser(server.base)).submit("/login", wrong).status
                for server in (a, b, a, b)]
    assert statuses == [422, 422, 422, 429]
