"""gunicorn compiles every template once before forking (deploy/gunicorn.conf.py), so a new
worker — at start, or recycled by max_requests — does not spend its first pages compiling; and
it sets what it loaded aside from the garbage collector, so a worker's full collections do not
walk the app again and again."""

from __future__ import annotations

import gc
import logging
import re
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

from supervise.templating import compile_templates

GUNICORN_CONF = Path(__file__).parents[2] / "deploy" / "gunicorn.conf.py"


def _cached_names(app) -> set[str]:
    return {name for (_loader, name) in app.jinja_env.cache.keys()}  # noqa: SIM118


def test_every_page_template_and_govuk_macro_is_compiled_when_asked(app, monkeypatch):
    app.jinja_env.cache.clear()
    monkeypatch.setitem(app.config, "COMPILE_TEMPLATES_AT_START", True)

    count = compile_templates(app)

    cached = _cached_names(app)
    assert count == len(cached)
    assert {"base.html", "dashboard/index.html", "visits/_overdue.html",
            "govuk_frontend_jinja/components/button/macro.html"} <= cached
    assert app.jinja_env.cache.capacity >= count  # none pushed out again


def test_production_compiles_them_and_development_and_tests_do_not():
    from supervise.config import MODES

    assert MODES["production"].COMPILE_TEMPLATES_AT_START is True
    assert MODES["development"].COMPILE_TEMPLATES_AT_START is False


def test_tests_start_without_compiling(app):
    app.jinja_env.cache.clear()
    assert app.config["COMPILE_TEMPLATES_AT_START"] is False

    assert compile_templates(app) == 0
    assert not _cached_names(app)


@pytest.fixture
def unfrozen():
    """What ``gc.freeze`` sets aside in this test process goes back afterwards."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_gunicorn_compiles_them_in_its_master_before_forking(app, caplog, monkeypatch, unfrozen):
    app.jinja_env.cache.clear()
    monkeypatch.setitem(app.config, "COMPILE_TEMPLATES_AT_START", True)
    settings = runpy.run_path(str(GUNICORN_CONF))
    assert settings["preload_app"] is True  # the hook compiles into the app the workers share
    server = SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app),
                             log=logging.getLogger("gunicorn.error"))

    with caplog.at_level(logging.INFO, logger="gunicorn.error"):
        settings["when_ready"](server)

    assert "dashboard/index.html" in _cached_names(app)
    assert f"Compiled {len(_cached_names(app))} templates" in caplog.text
    # The app and its compiled templates are frozen: no collection walks them again.
    assert re.search(r"; \d{4,} objects frozen", caplog.text)
    walked = {id(o) for o in gc.get_objects()}
    assert gc.get_freeze_count() > 1000 and gc.is_tracked(app)
    assert id(app) not in walked
    assert id(app.jinja_env.get_template("dashboard/index.html")) not in walked
