"""The tabs along the top of every case page. Each domain registers its own tab, so a new
feature appears on the case without editing the case templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request, url_for


@dataclass(frozen=True)
class CaseTab:
    label: Any  # a lazy string, translated when shown
    endpoint: str
    order: int
    # Endpoints starting with this count as being "in" the tab (for aria-current), e.g.
    # "agreements." for every page of the agreements blueprint.
    prefix: str = ""


_TABS: list[CaseTab] = []


def register_case_tab(label: Any, endpoint: str, order: int, prefix: str = "") -> None:
    if any(tab.endpoint == endpoint for tab in _TABS):
        return
    _TABS.append(CaseTab(label, endpoint, order, prefix or endpoint))
    _TABS.sort(key=lambda tab: tab.order)


def tabs_for(case: Any) -> list[dict[str, Any]]:
    """Each tab's label, link, and whether the current page belongs to it."""
    current = request.endpoint or ""
    return [
        {
            "label": str(tab.label),
            "href": url_for(tab.endpoint, case_id=case.id),
            "current": current == tab.endpoint or current.startswith(tab.prefix),
        }
        for tab in _TABS
    ]
