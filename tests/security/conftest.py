"""Fixtures for the generic security tests."""

from __future__ import annotations

import pytest

from supervise.extensions import limiter
from tests.access.registry import extend_world
from tests.security import discovery


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
    """Where each form lives: (endpoint, method) -> Host, found once per test run."""
    if discovery.HOSTS is None:
        discovery.HOSTS = discovery.Crawler(app, client, extended_world).crawl(login_as)
    return discovery.HOSTS
