"""Template globals and filters: UK dates, the interface language, the error summary, and what
every page's header needs (unread notifications, the case banner and tabs)."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.support import NullTranslations, Translations
from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from supervise import clock
from supervise.core.request_cache import per_request
from supervise.guidance.references import describe as describe_reference

if TYPE_CHECKING:
    from supervise.cases.models import Case


def select_locale() -> str:
    """The language chosen with the header switch, else the browser's preference, else English."""
    if not has_request_context():
        return "en"  # CLI and background jobs write records in the source language
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(list(languages)) or "en"


@lru_cache(maxsize=16)
def _calendar(locale: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The locale's month names (as in a date: CLDR "format, wide") and its am/pm."""
    data = Locale.parse(locale)
    months = tuple(data.months["format"]["wide"][month] for month in range(1, 13))
    return months, dict(data.day_periods["format"]["abbreviated"])


def uk_date(value: date | datetime | None) -> str:
    """``3 March 2026`` — GOV.UK style, no leading zero (CLDR ``d MMMM yyyy``; written out
    here because every list shows dates, and Babel's formatter costs a list a millisecond per
    ten of them)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.to_uk(value).date()
    months, _periods = _calendar(str(get_locale()))
    return f"{value.day} {months[value.month - 1]} {value.year:04d}"


def uk_datetime(value: datetime | None) -> str:
    """``3 March 2026 at 2:05pm`` in UK time."""
    if value is None:
        return ""
    local = clock.to_uk(value)
    return _("%(day)s at %(time)s", day=uk_date(local.date()), time=uk_time(value))


def uk_time(value: datetime | None) -> str:
    """``2:05pm`` in UK time (CLDR ``h:mma``, lower case)."""
    if value is None:
        return ""
    local = clock.to_uk(value)
    _months, periods = _calendar(str(get_locale()))
    hour = local.hour % 12 or 12
    return f"{hour}:{local.minute:02d}{periods['pm' if local.hour >= 12 else 'am']}".lower()


def error_summary_items(form: Any) -> list[dict[str, str]]:
    """Each error once, linked to its field (the first input of a date or choice group)."""
    items = [{"text": message} for message in getattr(form, "form_errors", [])]
    for field in form:
        if field.errors and field.type == "HiddenField":
            # Nothing on the page to link to (a tampered hidden value): say it atop the form.
            items.append({"text": str(field.errors[0])})
        elif field.errors:
            # A date links to its day input; a choice group's first input carries the field id.
            anchor = f"{field.id}-day" if field.type == "AppDateField" else field.id
            items.append({"text": str(field.errors[0]), "href": f"#{anchor}"})
    return items


def _unread_notifications() -> int:
    if not current_user.is_authenticated:
        return 0
    from supervise.notifications.queries import unread_count

    return unread_count(current_user.id)


def _case_context() -> dict[str, Any]:
    """Every page of a case carries its risk alerts and tabs (``gwent:7.1``)."""
    case = g.get("case")
    return {} if case is None else _case_banner(case)


@per_request
def _case_banner(case: Case) -> dict[str, Any]:
    """Once per request: every template rendered for the page (imported macros with context
    included) asks for this, and the alerts do not change while it renders."""
    from supervise.alerts.queries import active_alerts
    from supervise.cases.navigation import tabs_for

    return {"case_alerts": active_alerts(case.id), "case_tabs": tabs_for(case)}


def _translations() -> Translations | NullTranslations:
    """Flask-Babel's translations for the request's language, looked up once per request and
    language: a page calls ``_()`` hundreds of times, and each lookup through Flask-Babel cost
    15 µs. The locale Flask-Babel keeps for the request is read straight from ``g`` (one
    context lookup, not five); ``force_locale`` and ``refresh()`` replace or drop it, and then
    the translations are looked up again."""
    try:
        store = g._get_current_object()
    except RuntimeError:  # no application context: a command, or a test outside a request
        return get_translations()
    locale = getattr(getattr(store, "_flask_babel", None), "babel_locale", None)
    cached = getattr(store, "_supervise_translations", None)
    if locale is None or cached is None or cached[0] is not locale:
        locale = get_locale()
        cached = store._supervise_translations = (locale, get_translations())
    return cached[1]


def compile_templates(app: Flask) -> int:
    """Compile every template the app can render (its own and GOV.UK Frontend's) into the
    Jinja environment's cache, when ``COMPILE_TEMPLATES_AT_START`` asks for it; how many.
    gunicorn calls this once before forking its workers (``deploy/gunicorn.conf.py``)."""
    if not app.config["COMPILE_TEMPLATES_AT_START"]:
        return 0
    names = [name for name in app.jinja_env.list_templates() if name.endswith(".html")]
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)


def init_app(app: Flask) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True)
    app.add_template_filter(uk_date, "uk_date")
    app.add_template_filter(uk_datetime, "uk_datetime")
    app.add_template_filter(uk_time, "uk_time")
    app.add_template_filter(describe_reference, "guidance_ref")
    app.add_template_global(error_summary_items)
    app.add_template_global(generate_csrf, "csrf_token_value")
    app.add_template_global(clock.today, "today")

    @app.context_processor
    def header_context() -> dict[str, Any]:
        return {
            "unread_notifications": _unread_notifications,
            "languages": app.config["LANGUAGES"],
            "current_lang": select_locale,
            **_case_context(),
        }
