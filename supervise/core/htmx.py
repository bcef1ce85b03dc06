"""htmx helpers: the same partial serves the full page and the in-place update."""

from __future__ import annotations

from typing import Any

from flask import render_template, request


def is_htmx() -> bool:
    """True for a request htmx made (it sends ``HX-Request: true``)."""
    return request.headers.get("HX-Request") == "true"


def render(page: str, fragment: str | None = None, status: int = 200, **context: Any):
    """Render the whole page, or only its fragment when htmx asked for it."""
    template = fragment if fragment and is_htmx() else page
    return render_template(template, **context), status
