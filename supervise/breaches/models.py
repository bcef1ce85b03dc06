"""Breaches of signed written agreements, their follow-ups, and escalation when they repeat.

"Failure to comply with a signed written agreement should be followed up with appropriate
action … Ignoring breaches … can result in collusion" (``gwent:2.4``): every breach is open until
a follow-up is recorded, and is flagged once its follow-up due date has passed.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervise import clock
from supervise.accounts.models import User
from supervise.agreements.models import Agreement, AgreementClause
from supervise.cases.models import Case
from supervise.core.concurrency import Versioned
from supervise.core.models import enum_column
from supervise.extensions import db


class BreachSource(enum.Enum):
    OBSERVED = "observed"
    AGENCY = "agency"
    FAMILY = "family"
    PUBLIC = "public"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(SOURCE_LABELS[self])


SOURCE_LABELS = {
    BreachSource.OBSERVED: _l("Seen or heard by a practitioner"),
    BreachSource.AGENCY: _l("Reported by another agency"),
    BreachSource.FAMILY: _l("Reported by a family member"),
    BreachSource.PUBLIC: _l("Reported by a member of the public"),
    BreachSource.OTHER: _l("Other"),
}


def follow_up_overdue(due: date, today: date | None = None) -> bool:
    """An open breach's follow-up is overdue once its due date has passed (``gwent:2.4``)."""
    return due < (today or clock.today())


class Breach(db.Model):
    __tablename__ = "breaches"
    __table_args__ = (
        sa.Index("ix_breaches_agreement_occurred", "agreement_id", "occurred_on"),
        sa.Index("ix_breaches_due", "follow_up_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreements.id"))
    clause_id: Mapped[int] = mapped_column(sa.ForeignKey("agreement_clauses.id"))
    occurred_on: Mapped[date]
    what_happened: Mapped[str] = mapped_column(sa.Text)
    source: Mapped[BreachSource] = mapped_column(enum_column(BreachSource))
    reported_by: Mapped[str] = mapped_column(sa.String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    follow_up_due: Mapped[date]
    escalation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("breach_escalations.id"))

    case: Mapped[Case] = relationship()
    agreement: Mapped[Agreement] = relationship()
    clause: Mapped[AgreementClause] = relationship()
    recorded_by: Mapped[User] = relationship()
    follow_up: Mapped[BreachFollowUp | None] = relationship(back_populates="breach",
                                                           uselist=False)
    escalation: Mapped[BreachEscalation | None] = relationship(back_populates="breaches")

    @property
    def is_open(self) -> bool:
        """Open until a follow-up is recorded."""
        return self.follow_up is None

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and follow_up_overdue(self.follow_up_due, today)


class BreachFollowUp(Versioned, db.Model):
    """What was done about a breach, the advice sought (``gwent:2.4``: "seek advice of Line
    Managers and /or legal departments") and the outcome."""

    __tablename__ = "breach_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(sa.ForeignKey("breaches.id"), unique=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    action_taken: Mapped[str] = mapped_column(sa.Text)
    manager_advice_sought: Mapped[bool] = mapped_column(default=False)
    manager_advice: Mapped[str] = mapped_column(sa.Text, default="")
    legal_advice_sought: Mapped[bool] = mapped_column(default=False)
    legal_advice: Mapped[str] = mapped_column(sa.Text, default="")
    outcome: Mapped[str] = mapped_column(sa.Text)
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    breach: Mapped[Breach] = relationship(back_populates="follow_up")
    recorded_by: Mapped[User] = relationship()


class BreachEscalation(Versioned, db.Model):
    """Repeated breaches of one agreement: a prompt to review it or seek legal advice, open
    until a line manager records the decision."""

    __tablename__ = "breach_escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreements.id"), index=True)
    raised_at: Mapped[datetime] = mapped_column(default=clock.now)
    threshold: Mapped[int]
    window_days: Mapped[int]
    # Ids from guidance/breach_escalation.yaml, with the file's version.
    decisions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    decisions_version: Mapped[str] = mapped_column(sa.String(20), default="")
    decision_notes: Mapped[str] = mapped_column(sa.Text, default="")
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    case: Mapped[Case] = relationship()
    agreement: Mapped[Agreement] = relationship()
    decided_by: Mapped[User | None] = relationship()
    breaches: Mapped[list[Breach]] = relationship(back_populates="escalation",
                                                  order_by="Breach.occurred_on")

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None

    @property
    def decision_labels(self) -> list[str]:
        from supervise import guidance

        options = guidance.load("breach_escalation")
        return [item.text if (item := options.get(i)) else i for i in self.decisions or []]
