"""Behind a proxy, rate limits key on the real client's address (ProxyFix with the configured
number of hops); with ``RATELIMIT_STORAGE_URI`` set, the limits live in Redis and so hold
across every app process."""

from __future__ import annotations

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from supervise import create_app
from supervise.config import load_config
from supervise.extensions import limiter
from tests.security.log_capture import events_named

WRONG = {"email": "nobody@example.test", "password": "not the password"}


@pytest.fixture
def app_behind(app):
    """Build another app (same database) with overrides; give the suite's app its limiter
    back afterwards (Flask-Limiter's extension object is shared by every app)."""
    made = []

    def build(**overrides):
        copy = create_app("test", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                          WTF_CSRF_ENABLED=False, SERVER_NAME="localhost", **overrides)
        made.append(copy)
        return copy

    yield build
    limiter.init_app(app)
    limiter.reset()


def test_the_factory_trusts_exactly_the_configured_number_of_proxies(app_behind):
    proxied = app_behind(PROXY_FIX_HOPS=2)
    assert isinstance(proxied.wsgi_app, ProxyFix)
    assert (proxied.wsgi_app.x_for, proxied.wsgi_app.x_proto) == (2, 2)
    assert not isinstance(app_behind(PROXY_FIX_HOPS=0).wsgi_app, ProxyFix)


def test_the_hop_count_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("PROXY_FIX_HOPS", "1")
    assert load_config("production").PROXY_FIX_HOPS == 1


def test_behind_one_proxy_the_limit_keys_on_the_real_client(app_behind, world,
                                                            security_events):
    proxied = app_behind(PROXY_FIX_HOPS=1, LOGIN_LIMIT_PER_IP="3 per minute")
    client = proxied.test_client()
    first = {"X-Forwarded-For": "203.0.113.7"}
    statuses = [client.post("/login", data=WRONG, headers=first).status_code
                for _ in range(4)]
    assert statuses == [422, 422, 422, 429]
    # Another person behind the same proxy is not locked out by the first one.
    assert client.post("/login", data=WRONG, headers={"X-Forwarded-For": "203.0.113.8"}
                       ).status_code == 422
    # Putting a made-up address in front does not escape: only the proxy's entry is trusted.
    spoofed = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}
    assert client.post("/login", data=WRONG, headers=spoofed).status_code == 429
    logged = {event["ip"] for event in events_named(security_events, "sign_in_failed")}
    assert logged == {"203.0.113.7", "203.0.113.8"}


def test_without_a_proxy_forwarded_headers_are_ignored(app, client, world):
    app.config["LOGIN_LIMIT_PER_IP"] = "2 per minute"
    try:
        statuses = [client.post("/login", data=WRONG,
                                headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code
                    for i in range(3)]
    finally:
        app.config["LOGIN_LIMIT_PER_IP"] = "20 per minute;200 per hour"
    assert statuses == [422, 422, 429]


def test_the_storage_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 48)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://cache.internal:6379/3")
    assert load_config("production").RATELIMIT_STORAGE_URI == "redis://cache.internal:6379/3"


def test_with_redis_storage_limits_hold_across_app_processes(app_behind, world,
                                                              redis_database):
    url, server = redis_database
    first = app_behind(RATELIMIT_STORAGE_URI=url, LOGIN_LIMIT_PER_IP="3 per minute")
    assert type(limiter.storage).__name__ == "RedisStorage"
    for _ in range(2):
        assert first.test_client().post("/login", data=WRONG).status_code == 422
    assert server.dbsize() > 0  # the counts are in Redis, not in this process
    # A second process (a new app with its own connection) sees the same counts.
    second = app_behind(RATELIMIT_STORAGE_URI=url, LOGIN_LIMIT_PER_IP="3 per minute")
    client = second.test_client()
    assert client.post("/login", data=WRONG).status_code == 422
    assert client.post("/login", data=WRONG).status_code == 429
