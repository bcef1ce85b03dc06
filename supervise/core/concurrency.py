"""No lost updates: optimistic concurrency for every record two people can edit.

A ``Versioned`` model carries a ``version`` that SQLAlchemy checks and bumps on every UPDATE
(``UPDATE … WHERE id = ? AND version = ?``), so of two requests racing to change the same row
exactly one wins; the loser's flush raises ``StaleDataError``, which the error handler turns into
a clear message with nothing saved.

A state change (sign off, check out, follow up a breach…) first takes the row's lock with
``lock`` (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite lets one writer in at a time anyway)
and re-reads the row, so the second of two simultaneous requests waits for the first to commit
and then sees what it did: its rules refuse it in words, instead of a generic conflict page or a
step recorded against a record that has moved on (an escalation on a visit already checked out).

The common case is slower: someone opens a form, a colleague saves the same record, then the
first person saves. Edit forms carry the version the user loaded (``VersionedForm``); the
operation calls ``check_version`` before changing anything and refuses with ``StaleRecord``,
and the view re-renders the form with what the user typed and what is now saved.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from supervise.core.errors import DomainError


class Versioned:
    """Mixin for a model whose rows people edit: ``version`` counts the saved changes."""

    version: Mapped[int] = mapped_column(default=1, server_default=sa.text("1"))

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class StaleRecord(DomainError):
    """The record changed after the user loaded it; nothing of theirs was saved."""

    def __init__(self, record: Any):
        who = last_editor(record)
        if who:
            message = _("%(name)s saved changes to this record at %(when)s, after you opened "
                        "it. Nothing you typed has been saved yet: check what is saved now "
                        "(below), then save again.", name=who[0], when=who[1])
        else:
            message = _("Someone else saved changes to this record after you opened it. "
                        "Nothing you typed has been saved yet: check what is saved now "
                        "(below), then save again.")
        super().__init__(message)
        self.record = record


def lock(record: Any) -> Any:
    """Wait for the row's lock, then re-read it (and forget its loaded relationships), so the
    rules that follow see what any request that got there first committed."""
    from supervise.extensions import db

    db.session.flush()  # a refresh would otherwise drop changes made earlier in this request
    db.session.refresh(record, with_for_update=True)
    return record


def check_version(record: Any, seen: int | str | None) -> None:
    """Refuse to change ``record`` when it is no longer the version the user loaded."""
    if seen in (None, ""):
        return  # a form that predates versioning, or a command-line change
    try:
        seen_version = int(seen)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        seen_version = -1
    if seen_version != record.version:
        raise StaleRecord(record)


READS = ("view", "read", "read_all", "download", "export")


def last_editor(record: Any) -> tuple[str, str] | None:
    """Who last changed ``record`` (any audited step but a read) and when (UK time)."""
    from supervise.audit.models import AuditEvent
    from supervise.extensions import db
    from supervise.templating import uk_datetime

    event = db.session.scalar(
        sa.select(AuditEvent)
        .where(AuditEvent.object_type == record.__tablename__,
               AuditEvent.object_id == record.id, AuditEvent.action.not_in(READS))
        .order_by(AuditEvent.id.desc()).limit(1))
    if event is None or event.user is None:
        return None
    return event.user.name, uk_datetime(event.at)


def differences(form: Any, record: Any, names: tuple[str, ...]) -> list[str]:
    """One line per field where what is saved now differs from what the user typed."""
    lines = []
    for name in names:
        field = form[name]
        saved = getattr(record, name)
        if _comparable(saved) != _comparable(field.data):
            lines.append(_("%(field)s is now saved as “%(saved)s” (you typed “%(typed)s”)",
                           field=field.label.text, saved=_shown(saved), typed=_shown(field.data)))
    return lines


def _comparable(value: Any) -> Any:
    if hasattr(value, "value"):
        return value.value
    if value in (None, ""):
        return ""
    return value


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "label"):
        return str(value.label)
    text = "" if value is None else str(value)
    return text if len(text) <= 120 else text[:119] + "…"
