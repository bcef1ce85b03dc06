"""Dashboard panels. Each domain registers the panels it contributes; the dashboard shows
every panel whose loader returns something for the signed-in user.

A loader takes the user and returns the template context for its panel, or ``None`` when the
panel does not apply to them (e.g. a manager-only panel for a practitioner).

A panel that can grow long (plans waiting for sign-off, alerts on a team's cases) lists the
first ``SHOWN`` rows with how many there are in all, and a link to the same page with that
panel in full (``?all=<key>``): the dashboard stays quick to read and to serve, and nothing is
out of reach.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import has_request_context, request

from supervise.accounts.models import User

Loader = Callable[[User], dict[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    order: int
    loader: Loader


_PANELS: dict[str, Panel] = {}

SHOWN = 10


def shown(key: str) -> int | None:
    """How many rows the long panel ``key`` lists: the first ``SHOWN``, or every one (``None``)
    when the person asked for it in full."""
    if has_request_context() and request.args.get("all") == key:
        return None
    return SHOWN


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
