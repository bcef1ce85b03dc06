"""What views share: turning a refused operation into a clear message with nothing half-saved."""

from __future__ import annotations

from typing import Any

from flask import flash

from supervise.core.concurrency import StaleRecord, differences
from supervise.core.errors import DomainError
from supervise.core.htmx import go_to, render
from supervise.extensions import db


def form_error(form: Any, error: DomainError, template: str, *, fragment: str | None = None,
               status: int = 422, **context: Any):
    """Roll back, put the refusal next to its field (or atop the form), and re-render it."""
    db.session.rollback()
    if isinstance(error, StaleRecord):
        return _stale(form, error, template, fragment=fragment, **context)
    field = form._fields.get(error.field) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
    return render(template, fragment, status=status, form=form, **context)


def _stale(form: Any, error: StaleRecord, template: str, *, fragment: str | None,
           **context: Any):
    """Keep what the user typed, show what is saved now, and let them save over it knowingly."""
    record = error.record
    db.session.refresh(record)
    names = tuple(name for name in form._fields if name not in {"csrf_token", "version"}
                  and hasattr(record, name))
    form.form_errors.extend([error.message, *differences(form, record, names)])
    form.version.data = str(record.version)
    return render(template, fragment, status=409, form=form, **context)


def refuse(error: DomainError, target: str):
    """Roll back a refused button action and go back with the reason."""
    db.session.rollback()
    flash(error.message, "error")
    return go_to(target)


def invalid(template: str, form: Any, *, fragment: str | None = None, **context: Any):
    """Re-render a form that failed validation, with what the user typed (422)."""
    return render(template, fragment, status=422, form=form, **context)
