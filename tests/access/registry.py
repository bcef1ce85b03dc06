"""Collects every ``rules_*`` module's rules and world extensions."""

from __future__ import annotations

import pkgutil
from importlib import import_module

import tests.access as package
from tests.access.rules import Rule


def _modules():
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("rules_"):
            yield import_module(f"tests.access.{info.name}")


def all_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for module in _modules():
        duplicated = set(rules) & set(module.RULES)
        assert not duplicated, f"{module.__name__} redefines {duplicated}"
        rules.update(module.RULES)
    return rules


def extend_world(world) -> None:
    for module in _modules():
        extend = getattr(module, "extend", None)
        if extend is not None:
            extend(world)
