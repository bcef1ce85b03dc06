"""A message for one user: something they need to know or act on."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervise import clock
from supervise.accounts.models import User
from supervise.extensions import db


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    read_at: Mapped[datetime | None]
    kind: Mapped[str] = mapped_column(sa.String(40))
    message: Mapped[str] = mapped_column(sa.String(500))
    # A path inside the app (never an absolute URL), built with url_for by the sender.
    link: Mapped[str] = mapped_column(sa.String(300), default="")
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
