"""What a typed-in chronology entry adds to its case event, and the dated addenda that correct
it (``lancs:chronology``, ``lancs:recording-information``).

A chronology entry *is* a ``CaseEvent``. Entries other features generate link to their source
record and are corrected there. Entries typed in by hand have no source record: their longer
details live in ``ManualEntry``, and they are never edited — only corrected by an addendum.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervise import clock
from supervise.accounts.models import Agency, User
from supervise.extensions import db


class ManualEntry(db.Model):
    """The details of an entry typed into the chronology, and the children it concerns."""

    __tablename__ = "chronology_manual_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("case_events.id"), unique=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    details: Mapped[str] = mapped_column(sa.Text, default="")
    child_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)


class ChronologyAddendum(db.Model):
    """A dated correction or addition to a typed-in entry; the entry itself never changes."""

    __tablename__ = "chronology_addenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("case_events.id"), index=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    source_agency_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agencies.id"))

    recorded_by: Mapped[User] = relationship()
    source_agency: Mapped[Agency | None] = relationship()
