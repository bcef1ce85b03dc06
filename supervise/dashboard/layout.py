"""How the dashboard groups its panels, by their order (see the ranges in ``panels.py``
callers): what needs attention now, the user's own work, and — for a line manager — the team.
Panels keep their own headings; a band is a labelled region around them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from supervise.dashboard.panels import Panel


@dataclass(frozen=True)
class Band:
    key: str
    title: Any  # a lazy string
    below: int  # panels with an order below this (and not in an earlier band)


BANDS = (
    # overdue visits 1–4, today's visits 5–9, approvals 10–14, breaches 15–17, incidents 18–19,
    # alerts 20–24, notifications 25–29
    Band("attention", _l("Needs your attention"), 30),
    # supervision 30–39, agreements 40–44, my cases 50
    Band("work", _l("Your work"), 80),
    # the load chart 85, my team 90
    Band("team", _l("Your team"), 10_000),
)


@dataclass
class ShownBand:
    band: Band
    panels: list[tuple[Panel, dict[str, Any]]] = field(default_factory=list)


def in_bands(panels: list[tuple[Panel, dict[str, Any]]]) -> list[ShownBand]:
    """The panels grouped into bands, in order; bands with no panel are left out."""
    shown = [ShownBand(band) for band in BANDS]
    for item in panels:
        next(s for s in shown if item[0].order < s.band.below).panels.append(item)
    return [s for s in shown if s.panels]
