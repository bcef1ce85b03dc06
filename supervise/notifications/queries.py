"""Reading a user's notifications."""

from __future__ import annotations

import sqlalchemy as sa

from supervise.core.request_cache import per_request
from supervise.extensions import db
from supervise.notifications.models import Notification


@per_request
def unread_count(user_id: int) -> int:
    """How many of the user's notifications are unread: the header and the dashboard both ask,
    once per request between them."""
    query = sa.select(sa.func.count()).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)
    )
    return db.session.scalar(query) or 0


def for_user(user_id: int, limit: int = 100) -> list[Notification]:
    """Newest first: unread and read alike."""
    query = (
        sa.select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
