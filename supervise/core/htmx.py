"""htmx helpers: the same partial serves the full page and the in-place update.

htmx 4 sends ``HX-Request: true`` on every request it makes and ``HX-Request-Type: partial``
when it will swap a part of the page (``full`` when it wants the whole page). See
docs/FRONTEND.md.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, redirect, render_template, request


def is_htmx() -> bool:
    """True when htmx wants a fragment to swap into the page."""
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-Request-Type", "partial") == "partial")


def render(page: str, fragment: str | None = None, status: int = 200, **context: Any):
    """Render the whole page, or only its fragment when htmx asked for one."""
    template = fragment if fragment and is_htmx() else page
    return render_template(template, **context), status


def go_to(target: str) -> Response:
    """Redirect; for htmx, a full navigation (a plain redirect would be swapped in place)."""
    if is_htmx():
        response = Response(status=204)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target)


def init_app(app: Flask) -> None:
    @app.after_request
    def vary_on_htmx(response: Response) -> Response:
        response.vary.add("HX-Request")
        response.vary.add("HX-Request-Type")
        return response
