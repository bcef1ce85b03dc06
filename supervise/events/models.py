"""One row per thing that happened on a case; the chronology is built on it
(``lancs:chronology``)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervise import clock
from supervise.accounts.models import Agency, User
from supervise.extensions import db


class CaseEvent(db.Model):
    """When it happened, when and by whom it was recorded, the source agency, a category, a short
    summary, and a link (``source_type``/``source_id``) to the record it came from."""

    __tablename__ = "case_events"
    __table_args__ = (
        sa.Index("ix_case_events_case_occurred", "case_id", "occurred_at"),
        sa.Index("ix_case_events_source", "source_type", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    occurred_at: Mapped[datetime]
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    source_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agencies.id"))
    # Who reported it when that is not the recorder (e.g. "Riverside Primary School").
    reported_by: Mapped[str] = mapped_column(sa.String(120), default="")
    category: Mapped[str] = mapped_column(sa.String(40))
    summary: Mapped[str] = mapped_column(sa.String(500))
    source_type: Mapped[str | None] = mapped_column(sa.String(40))
    source_id: Mapped[int | None]

    recorded_by: Mapped[User | None] = relationship()
    source_agency: Mapped[Agency | None] = relationship()

    @property
    def is_generated(self) -> bool:
        """Generated from another record (never edited by hand) rather than typed in."""
        return self.source_type is not None

    @property
    def category_label(self) -> str:
        from supervise.events.categories import label_for

        return label_for(self.category)


class ChildSighting(db.Model):
    """A child was seen (and whether alone) — by a visit, a school, a clinic… The chronology's
    "days since the child was last seen / seen alone" reads these (``lancs:chronology``,
    ``gwent:2.3``: "have I seen the child alone?")."""

    __tablename__ = "child_sightings"
    __table_args__ = (
        sa.Index("ix_child_sightings_person_seen", "person_id", "seen_at"),
        # The chronology finds the sightings each entry on its page recorded (0007).
        sa.Index("ix_child_sightings_source", "source_type", "source_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"))
    seen_at: Mapped[datetime]
    seen_alone: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    source_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agencies.id"))
    # The record it came from (a visit, a chronology entry), as on CaseEvent.
    source_type: Mapped[str | None] = mapped_column(sa.String(40))
    source_id: Mapped[int | None]
