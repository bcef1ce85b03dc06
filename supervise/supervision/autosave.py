"""Saving as you type: htmx posts one field group at a time and gets back a short status (in a
live region) plus the record's new version, swapped out of band into the form, so the next save
carries it. Without JavaScript the same forms post whole and redirect."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import gettext as _

from supervise import clock
from supervise.core.concurrency import StaleRecord
from supervise.core.errors import DomainError
from supervise.extensions import db
from supervise.templating import uk_time


def saved(version_field: Any, record: Any) -> tuple[str, int]:
    """The "Saved at 10:32" status, with the version the next save must carry."""
    version_field.data = str(record.version) if record is not None else ""
    message = _("Saved at %(time)s", time=uk_time(clock.now()))
    return render_template("supervision/_saved.html", message=message, ok=True,
                           version_field=version_field), 200


def not_saved(error: DomainError | None, form: Any = None) -> tuple[str, int]:
    """Why nothing was saved: a refused change (409 when someone else saved first) or the
    first problem with what was typed (422)."""
    db.session.rollback()
    if error is None:
        messages = [str(e[0]) for e in form.errors.values() if e] if form else []
        message = messages[0] if messages else _("Check what you typed")
        status = 422
    elif isinstance(error, StaleRecord):
        message = _("Someone else saved a change here after you opened the page. Reload the "
                    "page to see it; what you typed is still on your screen.")
        status = 409
    else:
        message, status = error.message, 422
    return render_template("supervision/_saved.html", message=_("Not saved: %(why)s",
                                                               why=message),
                           ok=False, version_field=None), status
