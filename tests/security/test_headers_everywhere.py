"""Every page — each GET route of the app, as someone allowed to see it — carries
``Cache-Control: no-store`` and the full set of security headers; every download is an
attachment that the browser may not sniff."""

from __future__ import annotations

import re

import pytest

from supervise import create_app
from tests.access.registry import all_rules
from tests.access.test_access import url_for_rule
from tests.security.discovery import roles_for, sign_in_as

APP = create_app("test")
RULES = all_rules()
GET_ROUTES = sorted({(r.endpoint, r.rule) for r in APP.url_map.iter_rules()
                     if "GET" in (r.methods or set()) and r.endpoint != "static"})
PAGE_TYPES = {"text/html", "application/json"}


def assert_security_headers(response, where: str) -> None:
    headers = response.headers
    expected = {
        "Cache-Control": "no-store",
        "Pragma": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }
    for name, value in expected.items():
        assert headers.get(name) == value, f"{where}: {name} is {headers.get(name)!r}"
    policy = headers.get("Content-Security-Policy", "")
    for directive in ["default-src 'self'", "frame-ancestors 'none'", "object-src 'none'",
                      "base-uri 'none'", "form-action 'self'"]:
        assert directive in policy, f"{where}: CSP lacks {directive}"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, where
    assert "camera=()" in headers.get("Permissions-Policy", ""), where
    assert re.fullmatch(r"[A-Za-z0-9._\-]{8,64}", headers.get("X-Request-ID", "")), where


@pytest.mark.parametrize(("endpoint", "path"), GET_ROUTES, ids=[p for _, p in GET_ROUTES])
def test_every_page_carries_no_store_and_the_security_headers(endpoint, path, extended_world,
                                                              client, login_as):
    role = roles_for(endpoint)[0]
    sign_in_as(role, client, login_as)
    url = url_for_rule(path, extended_world.ids) + RULES[endpoint].query
    response = client.get(url)
    assert response.status_code < 500, f"GET {url} as {role}: {response.status_code}"
    assert_security_headers(response, f"GET {url} as {role}")
    if response.status_code == 200 and response.mimetype not in PAGE_TYPES:
        disposition = response.headers.get("Content-Disposition", "")
        assert disposition.startswith("attachment"), (
            f"GET {url}: a {response.mimetype} download must be an attachment")


@pytest.mark.parametrize("url", ["/no-such-page", "/cases/999999", "/logout"])
def test_error_pages_carry_them_too(url, world, login_as, client):
    login_as("practitioner")
    response = client.get(url)
    assert response.status_code in {404, 405}
    assert_security_headers(response, f"GET {url}")


def test_a_redirect_to_sign_in_carries_them(client, world):
    response = client.get("/cases")
    assert response.status_code == 302
    assert_security_headers(response, "GET /cases anonymously")
