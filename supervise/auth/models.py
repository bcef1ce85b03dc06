"""Server-side records of sign-in sessions and of one-time recovery codes."""

from __future__ import annotations

import hashlib
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from supervise import clock
from supervise.extensions import db


def token_digest(token: str) -> str:
    """Only a digest of a session token is stored: a copy of the table opens no session."""
    return hashlib.sha256(token.encode()).hexdigest()


class UserSession(db.Model):
    """One signed-in browser. The cookie holds the token; ending the row ends the session."""

    __tablename__ = "user_sessions"
    __table_args__ = (sa.Index("ix_user_sessions_user_open", "user_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    last_seen_at: Mapped[datetime] = mapped_column(default=clock.now)
    # When the user last proved who they are here (sign-in or "confirm it's you").
    authenticated_at: Mapped[datetime] = mapped_column(default=clock.now)
    mfa_verified: Mapped[bool] = mapped_column(default=False)
    ended_at: Mapped[datetime | None]
    ended_reason: Mapped[str] = mapped_column(sa.String(30), default="")
    ip: Mapped[str] = mapped_column(sa.String(45), default="")
    user_agent: Mapped[str] = mapped_column(sa.String(200), default="")

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    def end(self, reason: str) -> None:
        if self.ended_at is None:
            self.ended_at = clock.now()
            self.ended_reason = reason[:30]


class RecoveryCode(db.Model):
    """A one-time code for signing in without the authenticator app; stored as an argon2 hash."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(255))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    used_at: Mapped[datetime | None]
