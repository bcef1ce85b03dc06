"""Demo data: ``flask --app wsgi seed-demo``. Idempotent; the first-run setup calls it.

Each domain contributes a seeder — a function taking the ``DemoWorld`` — listed in
``SEEDERS``. A seeder must be safe to run again (check for its own records first).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from flask import current_app

from supervise.accounts.models import Agency, Team, User
from supervise.cases.models import Case
from supervise.config import INSTANCE

# "module:function", run in this order. A new domain adds its seeder at the end.
SEEDERS = [
    "supervise.demo.foundation:seed",
    "supervise.demo.incidents:seed",
    "supervise.visits.demo:seed",
    "supervise.supervision.demo:seed",
    "supervise.agreements.demo:seed",
    "supervise.demo.security:seed",
]


@dataclass
class DemoWorld:
    """What the foundation seeded, by key, for later seeders to build on."""

    password: str
    agencies: dict[str, Agency] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)  # by the part before @demo.test
    cases: dict[str, Case] = field(default_factory=dict)  # by family key, e.g. "harper"
    report: list[str] = field(default_factory=list)


def seed_demo() -> list[str]:
    """Run every seeder; return lines to print (the generated password, once)."""
    world = DemoWorld(password=_demo_password())
    for target in SEEDERS:
        module_name, _, function = target.partition(":")
        seeder: Callable[[DemoWorld], None] = getattr(import_module(module_name), function)
        seeder(world)
    return world.report


def _demo_password() -> str:
    """``SUPERVISE_DEMO_PASSWORD``, else one generated on first run and kept in instance/."""
    configured = current_app.config.get("DEMO_PASSWORD")
    if configured:
        return configured
    path = INSTANCE / "demo-password.txt"
    if path.exists():
        return path.read_text().strip()
    INSTANCE.mkdir(parents=True, exist_ok=True)
    password = "-".join(secrets.token_hex(3) for _ in range(4))
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password
