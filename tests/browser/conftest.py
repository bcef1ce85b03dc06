"""Browser tests: Playwright driving Debian's chromium against a live server.

The server is the app in test mode with CSRF on, over its own SQLite file, migrated and seeded
with the demo data. Chromium is never downloaded (no ``playwright install``): the tests launch
``/usr/bin/chromium`` and skip with a reason when it is absent — except under ``CI=true``, where
a missing browser fails the run. axe-core is injected with ``page.evaluate`` so the page's
CSP stays on.
"""

from __future__ import annotations

import os
import shutil
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
DEMO_PASSWORD = "browser-demo-password"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--disable-quic"]

pytestmark = pytest.mark.browser


def _require_chromium() -> None:
    if Path(CHROMIUM).exists() or shutil.which(CHROMIUM):
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but no chromium at {CHROMIUM}: .ci/run must install it")
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a free loopback port, seeded with the demo data."""
    from flask_migrate import upgrade

    from supervise import create_app
    from supervise.demo import seed_demo
    from supervise.extensions import db

    folder = tmp_path_factory.mktemp("live")
    app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'live.db'}",
                     WTF_CSRF_ENABLED=True, DEMO_PASSWORD=DEMO_PASSWORD,
                     DOCUMENT_STORE=folder / "documents")
    with app.app_context():
        upgrade()
        seed_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()


class Console:
    """Console messages a page logged; CSP violations and script errors fail the test."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def listen(self, page) -> None:
        page.on("console", lambda msg: self.messages.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda error: self.messages.append(f"pageerror: {error}"))

    def problems(self) -> list[str]:
        # Chromium logs every expected 4xx (e.g. a 422 form re-render) as a resource error.
        return [m for m in self.messages
                if m.startswith(("error", "pageerror")) and "Failed to load resource" not in m]


# Pages opened with JavaScript off. Chromium cannot evaluate anything in them (``evaluate``
# never returns), so axe runs on the JavaScript run of each flow, which serves the same HTML.
_NO_SCRIPT_PAGES: weakref.WeakSet = weakref.WeakSet()


def _context_page(browser, javascript: bool):
    context = browser.new_context(java_script_enabled=javascript, base_url=None)
    page = context.new_page()
    page.set_default_timeout(10_000)
    if not javascript:
        _NO_SCRIPT_PAGES.add(page)
    return context, page


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser, console):
    context, page = _context_page(browser, javascript=True)
    console.listen(page)
    yield page
    context.close()


@pytest.fixture
def page_without_js(browser, console):
    context, page = _context_page(browser, javascript=False)
    console.listen(page)
    yield page
    context.close()


_NAVIGATION_RACE = ("Execution context was destroyed", "reading 'documentElement'",
                    "navigating")


def _run_axe(page) -> dict:
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS)


def check_accessibility(page) -> None:
    """Run axe-core (WCAG 2.2 AA tags) in the page; fail on any violation."""
    if page in _NO_SCRIPT_PAGES:
        return
    try:
        result = _run_axe(page)
    except PlaywrightError as error:
        # A click that submits a form returns once the navigation has started; axe can then
        # land in the old document as it is torn down. Wait for the new one and run again.
        if not any(sign in str(error) for sign in _NAVIGATION_RACE):
            raise
        page.wait_for_load_state("load")
        result = _run_axe(page)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] if isinstance(node["target"][0], str)
                    else str(node["target"]) for node in v["nodes"][:3])
        for v in result["violations"]
    ]
    assert not violations, f"axe violations on {page.url}:\n" + "\n".join(violations)


def sign_in(page, base: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
