"""Supervise: multi-agency safeguarding work with hostile and uncooperative families."""

from __future__ import annotations

from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from supervise.config import INSTANCE, ROOT, load_config
from supervise.extensions import babel, csrf, db, limiter, login_manager, migrate

# Each domain's blueprint, in the order their URLs are registered. A new domain adds a line.
BLUEPRINTS = [
    "supervise.auth.routes:bp",
    "supervise.dashboard.routes:bp",
    "supervise.cases.routes:bp",
    "supervise.notifications.routes:bp",
    "supervise.admin.routes:bp",
    "supervise.chronology.routes:bp",
    "supervise.incidents.routes:bp",
    "supervise.alerts.routes:bp",
    "supervise.audit.routes:bp",
    "supervise.supervision.routes:bp",
    "supervise.agreements.routes:bp",
    "supervise.documents.routes:bp",
    "supervise.core.routes:bp",
    "supervise.plans.routes:bp",
    "supervise.visits.routes:bp",
]


def create_app(mode: str | None = None, **overrides: Any) -> Flask:
    """Build the app for a mode (``SUPERVISE_ENV`` when not given), with optional overrides."""
    config = load_config(mode)
    app = Flask(
        __name__,
        instance_path=str(INSTANCE),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(config)
    app.config.update(overrides)

    from supervise import database, models, security, sessions, templating  # noqa: F401
    from supervise.core import errors as error_pages
    from supervise.core import htmx

    database.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=templating.select_locale)
    _configure_templates(app)
    templating.init_app(app)
    security.init_app(app)
    sessions.init_app(app)
    error_pages.init_app(app)
    htmx.init_app(app)
    _register_blueprints(app)
    _register_cli(app)
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    return app


def _configure_templates(app: Flask) -> None:
    """Our templates first, then the GOV.UK macros under their package prefixes."""
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for target in BLUEPRINTS:
        module_name, _, attribute = target.partition(":")
        app.register_blueprint(getattr(import_module(module_name), attribute))


def _register_cli(app: Flask) -> None:
    from supervise import cli

    cli.init_app(app)
