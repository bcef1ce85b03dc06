"""Dashboard panel: the user's unread notifications (orders 25–29, after the alerts)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from supervise.accounts.models import User
from supervise.dashboard.panels import panel
from supervise.extensions import db
from supervise.notifications.models import Notification
from supervise.notifications.queries import unread_count

SHOWN = 5


@panel("unread_notifications", "notifications/_panel_unread.html", order=25)
def unread_notifications(user: User) -> dict[str, Any] | None:
    """The latest unread notifications; for a line manager, only when there are some (their
    dashboard is long), for a practitioner always."""
    total = unread_count(user.id)
    if not total and user.is_manager:
        return None
    notes = list(db.session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id,
                                      Notification.read_at.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(SHOWN))) \
        if total else []
    return {"notes": notes, "total": total}
