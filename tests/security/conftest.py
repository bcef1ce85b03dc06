"""Fixtures for the generic security tests."""

from __future__ import annotations

import json

import pytest

from supervise.extensions import limiter
from tests.access.registry import extend_world
from tests.security import discovery
from tests.shared_run import run_lock


@pytest.fixture
def no_rate_limits():
    """The sweeps send far more than a person would; the limits have their own tests."""
    limiter.enabled = False
    yield
    limiter.enabled = True


@pytest.fixture
def extended_world(world):
    """The access matrix's world with every domain's records (``extend`` runs once)."""
    extend_world(world)
    return world


@pytest.fixture
def form_hosts(extended_world, client, login_as, app) -> dict:
    """Where each form lives: (endpoint, method) -> Host, found once per test run — the first
    process to need it crawls, and the others read what it found (Hosts hold no ids)."""
    if discovery.HOSTS is None:
        with run_lock("form-hosts") as folder:
            saved = folder / "form-hosts.json"
            if saved.exists():
                discovery.HOSTS = _hosts_from_json(json.loads(saved.read_text()))
            else:
                discovery.HOSTS = discovery.Crawler(app, client, extended_world).crawl(login_as)
                saved.write_text(json.dumps(_hosts_to_json(discovery.HOSTS)))
    return discovery.HOSTS


def _hosts_to_json(hosts: dict) -> list:
    return [[endpoint, method, host.role, host.endpoint, host.via, host.multipart]
            for (endpoint, method), host in hosts.items()]


def _hosts_from_json(rows: list) -> dict:
    return {(endpoint, method): discovery.Host(
                role, host_endpoint, (via[0], tuple(via[1])) if via else None, multipart)
            for endpoint, method, role, host_endpoint, via, multipart in rows}
