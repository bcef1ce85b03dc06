"""Supervision between a practitioner and their line manager (``gwent:3.4``, ``gwent:6.2``,
``gwent:7.1``, ``lancs:supervision-and-support``): the cadence, the sessions, the cases discussed
and the record that both sign."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervise import clock
from supervise.accounts.models import User
from supervise.cases.models import Case
from supervise.core.concurrency import Versioned
from supervise.core.errors import IllegalTransition
from supervise.core.models import enum_column
from supervise.extensions import db


class SessionStatus(enum.Enum):
    SCHEDULED = "scheduled"
    HELD = "held"
    SIGNED = "signed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    SessionStatus.SCHEDULED: _l("Scheduled"),
    SessionStatus.HELD: _l("Held, not yet signed"),
    SessionStatus.SIGNED: _l("Signed"),
    SessionStatus.CANCELLED: _l("Cancelled"),
}


class SupervisionCadence(Versioned, db.Model):
    """How often a practitioner is supervised, set by their line manager."""

    __tablename__ = "supervision_cadences"
    __table_args__ = (sa.CheckConstraint("every_weeks BETWEEN 1 AND 26", name="sensible_weeks"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), unique=True)
    every_weeks: Mapped[int]
    starts_on: Mapped[date]
    set_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(default=clock.now)

    practitioner: Mapped[User] = relationship(foreign_keys=[practitioner_id])
    set_by: Mapped[User] = relationship(foreign_keys=[set_by_id])

    def due_on(self, last_held: date | None) -> date:
        """When the next session is due: a cadence after the last held one (or the start)."""
        return (last_held or self.starts_on) + timedelta(weeks=self.every_weeks)


class SupervisionSession(Versioned, db.Model):
    """One supervision: scheduled → held → signed by both, or cancelled with a reason."""

    __tablename__ = "supervision_sessions"
    __table_args__ = (
        sa.Index("ix_supervision_sessions_practitioner_status", "practitioner_id", "status"),
        sa.CheckConstraint("status != 'cancelled' OR cancellation_reason != ''",
                           name="cancellation_needs_reason"),
        sa.CheckConstraint("status != 'signed' OR (practitioner_signed_at IS NOT NULL "
                           "AND manager_signed_at IS NOT NULL)", name="signed_by_both"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    manager_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    scheduled_for: Mapped[datetime]
    status: Mapped[SessionStatus] = mapped_column(enum_column(SessionStatus),
                                                  default=SessionStatus.SCHEDULED)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    prepared_at: Mapped[datetime | None]
    held_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    cancellation_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # The session set up after this one was cancelled (gwent:6.2: "re-arranged immediately").
    rearranged_as_id: Mapped[int | None] = mapped_column(sa.ForeignKey("supervision_sessions.id"))
    practitioner_signed_at: Mapped[datetime | None]
    manager_signed_at: Mapped[datetime | None]
    manager_signed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    signed_at: Mapped[datetime | None]

    practitioner: Mapped[User] = relationship(foreign_keys=[practitioner_id])
    manager: Mapped[User] = relationship(foreign_keys=[manager_id])
    cancelled_by: Mapped[User | None] = relationship(foreign_keys=[cancelled_by_id])
    manager_signed_by: Mapped[User | None] = relationship(foreign_keys=[manager_signed_by_id])
    rearranged_as: Mapped[SupervisionSession | None] = relationship(
        remote_side="SupervisionSession.id", foreign_keys=[rearranged_as_id])
    cases: Mapped[list[SessionCase]] = relationship(
        back_populates="session", order_by="SessionCase.id")
    addenda: Mapped[list[SessionAddendum]] = relationship(order_by="SessionAddendum.id")

    def __str__(self) -> str:
        return f"supervision of {self.practitioner.name}"

    @property
    def is_open_for_notes(self) -> bool:
        """Preparation and the session itself can still be written to."""
        return self.status in (SessionStatus.SCHEDULED, SessionStatus.HELD)

    @property
    def needs_rearranging(self) -> bool:
        """Cancelled, and no new date set since (``gwent:6.2``)."""
        return self.status is SessionStatus.CANCELLED and self.rearranged_as_id is None

    @property
    def signed_by_anyone(self) -> bool:
        return bool(self.practitioner_signed_at or self.manager_signed_at)

    def case_entry(self, case_id: int) -> SessionCase | None:
        return next((entry for entry in self.cases if entry.case_id == case_id), None)

    def start(self) -> None:
        """The session is taking place now."""
        if self.status is not SessionStatus.SCHEDULED:
            raise IllegalTransition(_("Only a scheduled session can be started"))
        self.status = SessionStatus.HELD
        self.held_at = clock.now()

    def cancel(self, reason: str, by: User) -> None:
        if self.status is not SessionStatus.SCHEDULED:
            raise IllegalTransition(_("Only a scheduled session can be cancelled"))
        self.status = SessionStatus.CANCELLED
        self.cancelled_at = clock.now()
        self.cancelled_by_id = by.id
        self.cancellation_reason = reason

    def void_signatures(self) -> bool:
        """A change after someone signed means both must sign the changed record."""
        if not self.signed_by_anyone:
            return False
        self.practitioner_signed_at = self.manager_signed_at = None
        self.manager_signed_by_id = None
        return True


class SessionCase(Versioned, db.Model):
    """A case discussed in a session: discussion notes and any agreed risk-management steps."""

    __tablename__ = "supervision_cases"
    __table_args__ = (sa.UniqueConstraint("session_id", "case_id", name="session_case"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("supervision_sessions.id"))
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    added_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(default=clock.now)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # gwent:7.1: "an agreed action plan/risk assessment ... clearly recorded in the supervision
    # notes" — kept here so it can be attached to the action plan when one is drafted.
    risk_steps: Mapped[str] = mapped_column(sa.Text, default="")

    session: Mapped[SupervisionSession] = relationship(back_populates="cases")
    case: Mapped[Case] = relationship()


class SupervisionAnswer(Versioned, db.Model):
    """An answer to one prompt, for the session or for one case discussed in it. The prompt id,
    the library version and the wording as asked are kept, so editing the library never
    rewrites what was answered."""

    __tablename__ = "supervision_answers"
    __table_args__ = (
        sa.UniqueConstraint("session_id", "case_id", "prompt_id", name="one_answer"),
        sa.Index("ix_supervision_answers_session", "session_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("supervision_sessions.id"))
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))
    prompt_id: Mapped[str] = mapped_column(sa.String(80))
    section: Mapped[str] = mapped_column(sa.String(40))
    library_version: Mapped[str] = mapped_column(sa.String(20))
    prompt_text: Mapped[str] = mapped_column(sa.Text)
    answer: Mapped[str] = mapped_column(sa.String(20), default="")
    choices: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    answered_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    answered_at: Mapped[datetime] = mapped_column(default=clock.now)
    # A "yes" to a sharing question that is not shared needs a recorded reason (lancs table).
    not_shared_reason: Mapped[str] = mapped_column(sa.Text, default="")
    not_shared_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    not_shared_at: Mapped[datetime | None]

    answered_by: Mapped[User] = relationship(foreign_keys=[answered_by_id])
    not_shared_by: Mapped[User | None] = relationship(foreign_keys=[not_shared_by_id])

    @property
    def is_blank(self) -> bool:
        return not (self.answer or self.notes or self.choices)


share_answers = sa.Table(
    "supervision_share_answers",
    db.metadata,
    sa.Column("share_id", sa.ForeignKey("supervision_shares.id"), primary_key=True),
    sa.Column("answer_id", sa.ForeignKey("supervision_answers.id"), primary_key=True),
)


class ConcernShare(db.Model):
    """Concerns from supervision shared with the case team through the product: what was
    shared, with whom, when (``lancs:ensuring-effective-multi-agency-working``)."""

    __tablename__ = "supervision_shares"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("supervision_sessions.id"), index=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    shared_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    shared_at: Mapped[datetime] = mapped_column(default=clock.now)
    message: Mapped[str] = mapped_column(sa.Text)

    shared_by: Mapped[User] = relationship()
    answers: Mapped[list[SupervisionAnswer]] = relationship(secondary=share_answers,
                                                           order_by="SupervisionAnswer.id")
    recipients: Mapped[list[ShareRecipient]] = relationship(order_by="ShareRecipient.user_id")


class ShareRecipient(db.Model):
    __tablename__ = "supervision_share_recipients"

    share_id: Mapped[int] = mapped_column(sa.ForeignKey("supervision_shares.id"),
                                          primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    notification_id: Mapped[int | None] = mapped_column(sa.ForeignKey("notifications.id"))

    user: Mapped[User] = relationship()


class SupervisionDecision(db.Model):
    """A decision about a case, made in supervision and written to the case event log as
    management oversight. Never edited: a changed decision is a new one."""

    __tablename__ = "supervision_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("supervision_sessions.id"), index=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    decided_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(default=clock.now)
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("case_events.id"))

    decided_by: Mapped[User] = relationship()


class AgreedAction(Versioned, db.Model):
    """An action agreed in supervision, with an owner and a due date. Until done it is carried
    into every later session with the practitioner."""

    __tablename__ = "supervision_actions"
    __table_args__ = (sa.Index("ix_supervision_actions_owner_open", "owner_id", "completed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("supervision_sessions.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cases.id"))
    description: Mapped[str] = mapped_column(sa.Text)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    due_on: Mapped[date]
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    completed_at: Mapped[datetime | None]
    completed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    completed_in_session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("supervision_sessions.id"))
    completion_note: Mapped[str] = mapped_column(sa.Text, default="")

    session: Mapped[SupervisionSession] = relationship(foreign_keys=[session_id])
    case: Mapped[Case | None] = relationship()
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    completed_by: Mapped[User | None] = relationship(foreign_keys=[completed_by_id])

    @property
    def is_open(self) -> bool:
        return self.completed_at is None

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due_on < (today or clock.today())


class CarriedAction(db.Model):
    """Which earlier actions a signed session reviewed, and whether each was still open."""

    __tablename__ = "supervision_carried_actions"

    session_id: Mapped[int] = mapped_column(sa.ForeignKey("supervision_sessions.id"),
                                            primary_key=True)
    action_id: Mapped[int] = mapped_column(sa.ForeignKey("supervision_actions.id"),
                                           primary_key=True)
    open_at_signing: Mapped[bool]

    action: Mapped[AgreedAction] = relationship()


class SessionAddendum(db.Model):
    """A dated addition to a signed record, which itself never changes."""

    __tablename__ = "supervision_addenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("supervision_sessions.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    added_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(default=clock.now)

    added_by: Mapped[User] = relationship()
