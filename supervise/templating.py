"""Template globals and filters: UK dates, the interface language, the error summary, and what
every page's header needs (unread notifications, the case banner and tabs)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from supervise import clock
from supervise.guidance.references import describe as describe_reference


def select_locale() -> str:
    """The language chosen with the header switch, else the browser's preference, else English."""
    if not has_request_context():
        return "en"  # CLI and background jobs write records in the source language
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(list(languages)) or "en"


def uk_date(value: date | datetime | None, style: str = "d MMMM yyyy") -> str:
    """``3 March 2026`` — GOV.UK style, no leading zero."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = clock.to_uk(value).date()
    return format_date(value, style)


def uk_datetime(value: datetime | None) -> str:
    """``3 March 2026 at 2:05pm`` in UK time."""
    if value is None:
        return ""
    local = clock.to_uk(value)
    return _("%(day)s at %(time)s", day=uk_date(local.date()), time=uk_time(value))


def uk_time(value: datetime | None) -> str:
    if value is None:
        return ""
    local = clock.to_uk(value)
    return format_datetime(local.replace(tzinfo=None), "h:mma").lower()


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
    if "unread_notifications" not in g:
        from supervise.notifications.queries import unread_count

        g.unread_notifications = unread_count(current_user.id)
    return g.unread_notifications


def _case_context() -> dict[str, Any]:
    """Every page of a case carries its risk alerts and tabs (``gwent:7.1``)."""
    case = g.get("case")
    if case is None:
        return {}
    from supervise.alerts.queries import active_alerts
    from supervise.cases.navigation import tabs_for

    # Once per request: every template rendered for the page (imported macros with context
    # included) asks for this, and the alerts do not change while it renders.
    if g.get("case_context_for") != case.id:
        g.case_context = {"case_alerts": active_alerts(case.id), "case_tabs": tabs_for(case)}
        g.case_context_for = case.id
    return g.case_context


def init_app(app: Flask) -> None:
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
