"""Security headers, cookies, error pages and the health check."""

from __future__ import annotations

import re

from supervise import create_app


def test_every_page_has_a_strict_content_security_policy_with_a_fresh_nonce(client, world):
    first = client.get("/login")
    second = client.get("/login")
    policy = first.headers["Content-Security-Policy"]
    for directive in ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'",
                      "default-src 'self'", "style-src 'self'"]:
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"' in first.text
    assert nonce not in second.headers["Content-Security-Policy"]


def test_only_the_nonced_govuk_line_is_an_inline_script(client, world):
    page = client.get("/login").text
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert len(inline) == 1 and "nonce=" in inline[0]


def test_standard_security_headers_on_every_response(client, world, login_as):
    login_as("practitioner")
    for url in ["/", "/cases", f"/cases/{world.case.id}", "/no-such-page", "/healthz"]:
        headers = client.get(url).headers
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client, world):
    with client.get("/static/css/supervise.css") as response:
        assert response.status_code == 200
        assert response.headers.get("Cache-Control") != "no-store"


def test_session_cookie_is_httponly_and_samesite_lax(client, world, login_as):
    login_as("practitioner")
    cookie = client.get_cookie("supervise")
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_production_uses_secure_host_prefixed_cookies_and_hsts(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    app = create_app("production")
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.debug is False
    with app.test_client() as client:
        response = client.get("/healthz", base_url="https://localhost")
        assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    import pytest

    from supervise.config import ConfigError

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app("production")


def test_unset_mode_means_production(monkeypatch):
    import pytest

    from supervise.config import ConfigError

    monkeypatch.delenv("SUPERVISE_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError):
        create_app()


def test_development_generates_a_secret_key_once(monkeypatch, tmp_path):
    from supervise import config

    monkeypatch.setattr(config, "INSTANCE", tmp_path)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = config.load_config("development").SECRET_KEY
    second = config.load_config("development").SECRET_KEY
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_database_url_switches_to_psycopg(monkeypatch):
    from supervise.config import load_config

    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/supervise")
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    assert load_config("production").SQLALCHEMY_DATABASE_URI.startswith("postgresql+psycopg://")


def test_error_pages_are_generic(client, world):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Traceback" not in response.text


def test_unexpected_errors_show_a_generic_page_and_roll_back(client, world, login_as, db,
                                                             monkeypatch):
    from supervise.cases import queries
    from supervise.notifications.models import Notification
    from supervise.notifications.operations import notify

    def half_done_then_crash(*args, **kwargs):
        notify([world.users["manager"]], "test", "half-written")
        raise RuntimeError("secret detail")

    monkeypatch.setattr(queries, "search_cases", half_done_then_crash)
    login_as("practitioner")
    before = db.session.query(Notification).count()
    response = client.get("/cases")
    assert response.status_code == 500
    assert "secret detail" not in response.text
    assert "Sorry, there is a problem with the service" in response.text
    assert db.session.query(Notification).count() == before


def test_healthz_reports_the_database(client, world):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_language_switch_is_a_post_that_returns_to_the_page(client, world):
    response = client.post("/language", data={"lang": "cy", "next": "/login?x=1"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?x=1"
    assert 'lang="cy"' in client.get("/login").text
    assert client.post("/language", data={"lang": "cy", "next": "https://evil.example"}
                       ).headers["Location"] == "/"


def test_get_never_changes_the_language(client, world):
    assert client.get("/language").status_code == 405
