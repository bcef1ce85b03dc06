"""What views share: turning a refused operation into a clear message with nothing half-saved."""

from __future__ import annotations

from typing import Any

from flask import flash

from supervise.core.errors import DomainError
from supervise.core.htmx import go_to, render
from supervise.extensions import db


def form_error(form: Any, error: DomainError, template: str, *, fragment: str | None = None,
               status: int = 422, **context: Any):
    """Roll back, put the refusal next to its field (or atop the form), and re-render it."""
    db.session.rollback()
    field = form._fields.get(error.field) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
    return render(template, fragment, status=status, form=form, **context)


def refuse(error: DomainError, target: str):
    """Roll back a refused button action and go back with the reason."""
    db.session.rollback()
    flash(error.message, "error")
    return go_to(target)


def invalid(template: str, form: Any, *, fragment: str | None = None, **context: Any):
    """Re-render a form that failed validation, with what the user typed (422)."""
    return render(template, fragment, status=422, form=form, **context)
