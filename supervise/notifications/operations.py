"""Sending and reading notifications."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from supervise import clock
from supervise.accounts.models import User
from supervise.audit.operations import record_audit
from supervise.extensions import db
from supervise.notifications.models import Notification


def notify(
    recipients: Iterable[User],
    kind: str,
    message: str,
    *,
    link: str = "",
    case_id: int | None = None,
    sent_by: User | None = None,
) -> list[Notification]:
    """Send the same notification to each recipient once (duplicates collapse)."""
    if link and not link.startswith("/"):
        raise ValueError("notification links are paths inside the app")
    seen: set[int] = set()
    sent = []
    for user in recipients:
        if user.id in seen or not user.active:
            continue
        seen.add(user.id)
        note = Notification(
            user_id=user.id,
            kind=kind,
            message=message[:500],
            link=link,
            case_id=case_id,
            sent_by_id=sent_by.id if sent_by else None,
        )
        db.session.add(note)
        sent.append(note)
    db.session.flush()
    return sent


def mark_read(note: Notification) -> None:
    """Mark one notification read (idempotent)."""
    if note.read_at is None:
        note.read_at = clock.now()
        record_audit("read", note)


def mark_all_read(user: User) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=clock.now())
    )
    record_audit("read_all", object_type="notifications", user=user)
    return result.rowcount or 0
