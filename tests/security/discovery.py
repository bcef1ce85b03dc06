"""Finding every form in the app from its routes, as the access matrix's users see them.

Every GET route is fetched as each role the access matrix lets in (the world extended by every
domain's ``extend``), links that add a query string to a route are followed once, and each form
found is filed under the endpoint it posts to. Forms that only appear in a particular state are
reached through the ``SWEEP_PREPARATIONS`` of the rules modules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from flask import Flask
from werkzeug.exceptions import HTTPException
from werkzeug.routing import MapAdapter

from tests.access.registry import _modules as _rule_modules
from tests.access.registry import all_rules
from tests.access.rules import ROLES
from tests.access.test_access import url_for_rule
from tests.security.html_forms import Form, parse_page, path_of

RULES = all_rules()
# Who to crawl as: a practitioner on the case team, their line manager (who sees the approval
# buttons), an administrator and an anonymous visitor see every page; the other roles are
# only used for pages none of those may open.
MAIN_ROLES = ("practitioner", "manager", "admin", "anonymous")
# Linked pages followed per route and role, beyond the route's own URL.
FOLLOW_PER_ROUTE = 6
# Filled once per test run by the ``form_hosts`` fixture (tests/security/conftest.py).
HOSTS: dict[tuple[str, str], Host] | None = None
# The order roles are tried in: the first who sees a form is the one who fills it in.
ROLE_ORDER = ("practitioner", "manager", "hv", "admin", "outsider", "manager2", "anonymous")


@dataclass(frozen=True)
class Host:
    """Where a form lives: a route's page as a role, maybe via a link with a query string."""

    role: str
    endpoint: str
    via: tuple[str, tuple[str, ...]] | None = None  # (link endpoint, its query keys)
    multipart: bool = False  # the form uploads files


def adapter(app: Flask) -> MapAdapter:
    return app.url_map.bind("localhost")


def endpoint_of(app: Flask, url: str, method: str) -> str | None:
    """The endpoint a URL on this site answers with for ``method``, if any."""
    parts = urlsplit(url)
    if parts.netloc not in {"", "localhost"}:
        return None
    try:
        endpoint, _args = adapter(app).match(parts.path, method=method.upper())
    except HTTPException:
        return None
    return endpoint


def page_url(app: Flask, endpoint: str, ids: dict[str, int]) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    return url_for_rule(rule.rule, ids) + RULES[endpoint].query


def get_routes(app: Flask) -> list[str]:
    return sorted({r.endpoint for r in app.url_map.iter_rules()
                   if "GET" in (r.methods or set()) and r.endpoint != "static"})


def roles_for(endpoint: str) -> list[str]:
    rule = RULES[endpoint]
    if rule.public:
        return ["anonymous"]
    roles = [role for role in ROLE_ORDER if role in rule.allowed and role != "anonymous"]
    main = [role for role in roles if role in MAIN_ROLES]
    return main or roles[:1]


def sign_in_as(role: str, client, login_as) -> None:
    if role == "anonymous":
        client.post("/logout")
    else:
        login_as(role)


class Crawler:
    """Fetches pages and files every form under the endpoint it submits to."""

    def __init__(self, app: Flask, client, world) -> None:
        self.app, self.client, self.world = app, client, world
        self.hosts: dict[tuple[str, str], Host] = {}  # (endpoint, method) -> host
        self.visited: set[tuple[str, str]] = set()  # (role, path)
        self.followed: dict[tuple[str, str], int] = {}  # (role, endpoint) -> pages followed

    def crawl(self, login_as) -> dict[tuple[str, str], Host]:
        by_role: dict[str, list[str]] = {}
        for endpoint in get_routes(self.app):
            for role in roles_for(endpoint):
                by_role.setdefault(role, []).append(endpoint)
        for role in ROLE_ORDER:
            if role not in by_role:
                continue
            sign_in_as(role, self.client, login_as)
            pages = {endpoint: page_url(self.app, endpoint, self.world.ids)
                     for endpoint in by_role[role]}
            self.visited |= {(role, url) for url in pages.values()}
            for endpoint, url in pages.items():
                self.visit(role, endpoint, url)
        return self.hosts

    def visit(self, role: str, endpoint: str, url: str) -> None:
        response = self.client.get(url)
        if response.status_code != 200 or "html" not in response.content_type:
            return
        forms, links = parse_page(response.text, "http://localhost" + url)
        self.file_forms(forms, role, endpoint, None)
        for link in links:
            self.follow(role, endpoint, link)

    def follow(self, role: str, endpoint: str, link: str) -> None:
        """Pages the routes' own URLs do not reach: other records (a draft beside the signed
        agreement) and query-string variants (``?user=4``), a few per route."""
        target = endpoint_of(self.app, link, "GET")
        path = path_of(link)
        if target is None or (role, path) in self.visited:
            return
        if self.followed.get((role, target), 0) >= FOLLOW_PER_ROUTE:
            return
        self.visited.add((role, path))
        self.followed[(role, target)] = self.followed.get((role, target), 0) + 1
        response = self.client.get(path)
        if response.status_code == 200 and "html" in response.content_type:
            forms, _links = parse_page(response.text, link)
            self.file_forms(forms, role, endpoint, (target, _query_keys(link)))

    def file_forms(self, forms: list[Form], role: str, endpoint: str, via) -> None:
        for form in forms:
            target = endpoint_of(self.app, form.action, form.method)
            if target is not None:
                host = Host(role, endpoint, via, form.enctype == "multipart/form-data")
                self.hosts.setdefault((target, form.method.upper()), host)


def fetch_form(app: Flask, client, world, host: Host, endpoint: str,
               method: str = "POST") -> tuple[Form | None, str]:
    """Load the host page again (with this test's ids) and return the form and its page URL;
    ``None`` when the page no longer offers it (the person was added, the record closed)."""
    url = page_url(app, host.endpoint, world.ids)
    response = client.get(url)
    if response.status_code != 200:
        return None, url  # the record moved on (removed, closed): its forms are gone
    forms, links = parse_page(response.text, "http://localhost" + url)
    if host.via is None:
        return form_for(app, forms, endpoint, method), url
    link_endpoint, keys = host.via
    for link in links:
        if endpoint_of(app, link, "GET") != link_endpoint or _query_keys(link) != keys:
            continue
        page = client.get(path_of(link))
        if page.status_code != 200:
            continue
        form = form_for(app, parse_page(page.text, link)[0], endpoint, method)
        if form is not None:
            return form, path_of(link)
    return None, url


def _query_keys(link: str) -> tuple[str, ...]:
    return tuple(sorted({key for key, _value in parse_qsl(urlsplit(link).query)}))


def form_for(app: Flask, forms: list[Form], endpoint: str, method: str = "POST") -> Form | None:
    matching = [f for f in forms if f.method.upper() == method
                and endpoint_of(app, f.action, method) == endpoint]
    return matching[0] if matching else None


# --- Forms that only appear in a particular state ----------------------------------------------


def preparations() -> dict[str, Callable[..., str]]:
    """``SWEEP_PREPARATIONS`` from every ``tests/access/rules_<domain>.py``: for a form that only
    shows in some state, a function ``(world, client, login_as) -> url`` that puts a record in
    that state, signs in as someone who sees the form, and returns the page's URL."""
    found: dict[str, Callable[..., str]] = {}
    for module in _rule_modules():
        found.update(getattr(module, "SWEEP_PREPARATIONS", {}))
    return found


__all__ = ["ROLES"]
