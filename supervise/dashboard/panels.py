"""Dashboard panels. Each domain registers the panels it contributes; the dashboard shows
every panel whose loader returns something for the signed-in user.

A loader takes the user and returns the template context for its panel, or ``None`` when the
panel does not apply to them (e.g. a manager-only panel for a practitioner).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from supervise.accounts.models import User

Loader = Callable[[User], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    order: int
    loader: Loader


_PANELS: dict[str, Panel] = {}


def panel(key: str, template: str, order: int) -> Callable[[Loader], Loader]:
    """Register ``loader`` as the data source of a dashboard panel."""

    def register(loader: Loader) -> Loader:
        _PANELS[key] = Panel(key, template, order, loader)
        return loader

    return register


def panels_for(user: User) -> list[tuple[Panel, dict[str, Any]]]:
    """The panels that apply to ``user``, in order, each with its loaded context."""
    shown = []
    for item in sorted(_PANELS.values(), key=lambda p: p.order):
        context = item.loader(user)
        if context is not None:
            shown.append((item, context))
    return shown
