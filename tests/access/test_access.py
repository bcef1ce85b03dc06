"""Every route × every kind of user: who gets in, who gets 404, who is sent to sign in."""

from __future__ import annotations

import re

import pytest

from supervise import create_app
from tests.access.registry import all_rules, extend_world
from tests.access.rules import ROLES

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
CASES = [(endpoint, path, method, role) for endpoint, path, method in ROUTES for role in ROLES]


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


@pytest.mark.parametrize(("endpoint", "path", "method", "role"), CASES,
                         ids=[f"{m} {p} as {r}" for _, p, m, r in CASES])
def test_access(endpoint, path, method, role, world, client, login_as):
    extend_world(world)
    rule = RULES[endpoint]
    url = url_for_rule(path, world.ids)
    if role != "anonymous":
        login_as(role)
    if method == "GET":
        response = client.get(url + rule.query)
    else:
        response = client.open(url, method=method, data={})
    status = response.status_code
    assert status < 500, f"{method} {url} as {role}: server error"
    if role == "anonymous" and not rule.public:
        assert status in {302, 401}, f"{method} {url} anonymous got {status}"
        assert "/login" in response.headers.get("Location", "")
    elif role in rule.allowed:
        if method == "GET":
            assert status == rule.get_status.get(role, 200), f"GET {url} as {role} got {status}"
        else:
            assert status not in {403, 404, 405}, f"{method} {url} as {role} got {status}"
    else:
        assert status == 404, f"{method} {url} as {role} got {status}, expected 404"


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
