"""Every route × every kind of user: who gets in, who gets 404, who is sent to sign in."""

from __future__ import annotations

import re

import pytest

from supervise import create_app
from tests.access.registry import all_rules, extend_world
from tests.access.rules import ROLES
from tests.factories import PASSWORD

RULES = all_rules()
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _routes():
    app = create_app("test")
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, rule.rule, method


ROUTES = sorted(set(_routes()))


def test_every_route_has_an_access_rule():
    missing = sorted({endpoint for endpoint, _, _ in ROUTES} - set(RULES))
    assert not missing, f"routes without an access-matrix rule: {missing}"


def test_every_rule_names_a_real_route():
    stale = sorted(set(RULES) - {endpoint for endpoint, _, _ in ROUTES})
    assert not stale, f"rules for routes that no longer exist: {stale}"


def url_for_rule(path: str, ids: dict[str, int]) -> str:
    def substitute(match: re.Match) -> str:
        name = match.group(1).split(":")[-1]
        return str(ids[name])

    return re.sub(r"<([^>]+)>", substitute, path)


def _attempt(app, world, role: str, method: str, url: str):
    """One request by ``role`` in a fresh browser (signed in through the real form)."""
    browser = app.test_client()
    if role != "anonymous":
        signed_in = browser.post("/login", data={"email": world.users[role].email,
                                                 "password": PASSWORD})
        assert signed_in.status_code == 302, f"{role} could not sign in"
    if method == "GET":
        return browser.get(url)
    return browser.open(url, method=method, data={})


def _problem(rule, role: str, method: str, url: str, response) -> str | None:
    """What is wrong with ``role``'s answer, or None."""
    status = response.status_code
    if status >= 500:
        return f"{method} {url} as {role}: server error"
    if role == "anonymous" and not rule.public:
        if status not in {302, 401} or "/login" not in response.headers.get("Location", ""):
            return f"{method} {url} anonymous got {status}, expected to be sent to sign in"
    elif role in rule.allowed:
        expected = rule.get_status.get(role, 200)
        if method == "GET" and status != expected:
            return f"GET {url} as {role} got {status}, expected {expected}"
        if method != "GET" and status in {403, 404, 405}:
            return f"{method} {url} as {role} got {status}"
    elif status != 404:
        return f"{method} {url} as {role} got {status}, expected 404"
    return None


@pytest.mark.parametrize(("endpoint", "path", "method"), ROUTES,
                         ids=[f"{m} {p}" for _, p, m in ROUTES])
def test_access(endpoint, path, method, world, app, db):
    """Each route as each of the seven kinds of user. The world is built once per route; each
    user's request runs in a savepoint rolled back afterwards, so one user's POST (removing a
    team member, say) never changes what the next one may reach."""
    extend_world(world)
    rule = RULES[endpoint]
    url = url_for_rule(path, world.ids) + (rule.query if method == "GET" else "")
    problems = []
    # The world goes into the test's outer transaction (rolled back when the test ends) …
    db.session.commit()
    for role in ROLES:
        # … and each user's requests run inside a savepoint SQLAlchemy does not track.
        db.test_connection.exec_driver_sql("SAVEPOINT access_role")
        try:
            problem = _problem(rule, role, method, url, _attempt(app, world, role, method, url))
        finally:
            db.session.rollback()
            db.test_connection.exec_driver_sql("ROLLBACK TO SAVEPOINT access_role")
            db.test_connection.exec_driver_sql("RELEASE SAVEPOINT access_role")
            db.session.expire_all()
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)


STATE_ROUTES = [(e, p, m) for e, p, m in ROUTES if m in STATE_CHANGING]


@pytest.mark.parametrize(("endpoint", "path", "method"), STATE_ROUTES,
                         ids=[f"{m} {p}" for _, p, m in STATE_ROUTES])
def test_state_changing_route_refuses_a_request_without_csrf_token(
        endpoint, path, method, world, client, login_as, app, db):
    """The CSRF sweep: every POST/PUT/PATCH/DELETE without a token is refused, changing nothing."""
    from supervise.audit.models import AuditEvent

    extend_world(world)
    rule = RULES[endpoint]
    allowed = sorted(rule.allowed - {"anonymous"})
    if allowed:
        login_as(allowed[0])
    before = db.session.query(AuditEvent).count()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.open(url_for_rule(path, world.ids), method=method, data={})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert "Your form expired" in response.text
    assert db.session.query(AuditEvent).count() == before
