"""A visit's lifecycle and monitoring: planned → approved → in progress → completed, or
cancelled, or no access; overdue while in progress past its expected return.

The rule "a visit is approved only while its action plan is signed off" is enforced by the
operations and guarded here by the database, on SQLite and PostgreSQL alike: every state that
needs an approval must point at a sign-off, and the pointer is a composite foreign key to
(``plan_signoffs.id``, ``visit_id``, ``in_force``) — so it can only name a sign-off of this
visit that is in force, and a sign-off cannot be voided while a visit's approval still rests on
it (the foreign key refuses the update).
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervise import clock
from supervise.accounts.models import User
from supervise.core.concurrency import Versioned
from supervise.core.models import enum_column
from supervise.extensions import db


class VisitStatus(enum.Enum):
    PLANNED = "planned"
    APPROVED = "approved"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    NO_ACCESS = "no_access"

    @property
    def label(self) -> str:
        return str(VISIT_STATUS_LABELS[self])

    @property
    def colour(self) -> str:
        return {"planned": "grey", "approved": "blue", "in_progress": "yellow",
                "completed": "green", "cancelled": "grey", "no_access": "red"}[self.value]

    @property
    def plan_editable(self) -> bool:
        return self in (VisitStatus.PLANNED, VisitStatus.APPROVED)


VISIT_STATUS_LABELS = {
    VisitStatus.PLANNED: _l("Planned"),
    VisitStatus.APPROVED: _l("Approved"),
    VisitStatus.IN_PROGRESS: _l("In progress"),
    VisitStatus.COMPLETED: _l("Completed"),
    VisitStatus.CANCELLED: _l("Cancelled"),
    VisitStatus.NO_ACCESS: _l("No access"),
}

# States that only exist on an approved visit; the CHECK below names them.
NEEDS_APPROVAL = ("approved", "in_progress", "completed", "no_access")


class Visit(Versioned, db.Model):
    __tablename__ = "visits"
    __table_args__ = (
        sa.CheckConstraint(
            "status NOT IN ('approved', 'in_progress', 'completed', 'no_access') "
            "OR approved_signoff_id IS NOT NULL", name="approved_on_signed_plan"),
        sa.CheckConstraint(
            "(approved_signoff_id IS NULL AND approval_in_force IS NULL) "
            "OR (approved_signoff_id IS NOT NULL AND approval_in_force)",
            name="approval_points_at_sign_off_in_force"),
        sa.CheckConstraint("approved_by_id IS NULL OR approved_by_id != practitioner_id",
                           name="never_self_approved"),
        sa.CheckConstraint("status != 'in_progress' OR expected_return_at IS NOT NULL",
                           name="in_progress_has_expected_return"),
        # use_alter: plan_signoffs also points at visits; this edge is added after both exist.
        sa.ForeignKeyConstraint(
            ["approved_signoff_id", "id", "approval_in_force"],
            ["plan_signoffs.id", "plan_signoffs.visit_id", "plan_signoffs.in_force"],
            name="fk_visits_approval_sign_off_in_force", use_alter=True),
        sa.Index("ix_visits_status_expected_return", "status", "expected_return_at"),
        sa.Index("ix_visits_practitioner_status", "practitioner_id", "status"),
    )

    # autoincrement spelled out: the id is also part of the approval's composite foreign key.
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    practitioner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    status: Mapped[VisitStatus] = mapped_column(enum_column(VisitStatus),
                                                default=VisitStatus.PLANNED)

    approved_signoff_id: Mapped[int | None]
    approval_in_force: Mapped[bool | None]
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]

    checked_in_at: Mapped[datetime | None]
    expected_return_at: Mapped[datetime | None]
    checked_out_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    cancelled_by_family: Mapped[bool] = mapped_column(default=False)
    cancel_reason: Mapped[str] = mapped_column(sa.Text, default="")
    no_access_at: Mapped[datetime | None]
    no_access_notes: Mapped[str] = mapped_column(sa.Text, default="")
    ended_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    # What the practitioner recorded on leaving (gwent:2.3, lancs:the-impact-on-your-assessment).
    who_present: Mapped[str] = mapped_column(sa.Text, default="")
    # [{"person_id": 3, "name": "Ava Harper", "seen": true, "alone": false}]
    children_seen: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    # {item id: {"answer": "yes"|"no", "notes": "..."}} for visit_observations.yaml
    observations: Mapped[dict[str, dict[str, str]]] = mapped_column(sa.JSON, default=dict)
    observations_version: Mapped[str] = mapped_column(sa.String(20), default="")
    not_assessed: Mapped[str] = mapped_column(sa.Text, default="")
    what_was_done: Mapped[str] = mapped_column(sa.Text, default="")
    # The contact summary's "what is required of whom by when" (gwent:4.2):
    # [{"what": "...", "who": "...", "by": "2026-12-01"}]
    requirements: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)

    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    practitioner: Mapped[User] = relationship(foreign_keys=[practitioner_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    case: Mapped[Any] = relationship("Case")
    plan: Mapped[Any] = relationship("ActionPlan", back_populates="visit", uselist=False,
                                     foreign_keys="ActionPlan.visit_id")
    escalations: Mapped[list[VisitEscalation]] = relationship(
        back_populates="visit", order_by="VisitEscalation.id")

    def __str__(self) -> str:
        return f"Visit {self.id}"

    @property
    def is_approved(self) -> bool:
        return self.approved_signoff_id is not None

    def is_overdue(self, now: datetime | None = None) -> bool:
        """In progress, past its expected return, without a check-out."""
        return (self.status is VisitStatus.IN_PROGRESS and self.expected_return_at is not None
                and (now or clock.now()) > self.expected_return_at)

    def overdue_level(self, grace: timedelta, now: datetime | None = None) -> str | None:
        """``amber`` once past its expected return, ``red`` once the grace has passed too."""
        now = now or clock.now()
        if not self.is_overdue(now):
            return None
        return "red" if now > self.expected_return_at + grace else "amber"  # type: ignore[operator]

    @property
    def minutes_late(self) -> int | None:
        """How long after the expected return the worker checked out; None when not late."""
        if self.checked_out_at is None or self.expected_return_at is None:
            return None
        late = (self.checked_out_at - self.expected_return_at).total_seconds() // 60
        return int(late) if late > 0 else None

    @property
    def is_resolved(self) -> bool:
        """A manager recorded that the worker is safe."""
        return any(step.resolves for step in self.escalations)


class VisitEscalation(db.Model):
    """One step a line manager took for an overdue visit (``escalation_steps.yaml``)."""

    __tablename__ = "visit_escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visits.id"), index=True)
    step: Mapped[str] = mapped_column(sa.String(40))
    steps_version: Mapped[str] = mapped_column(sa.String(20))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)

    visit: Mapped[Visit] = relationship(back_populates="escalations")
    recorded_by: Mapped[User] = relationship()

    @property
    def case_id(self) -> int:
        return self.visit.case_id

    @property
    def resolves(self) -> bool:
        from supervise import guidance

        item = guidance.load("escalation_steps").get(self.step)
        return bool(item and item.extra.get("resolves"))

    @property
    def label(self) -> str:
        from supervise import guidance

        item = guidance.load("escalation_steps").get(self.step)
        return item.text if item else self.step


class OverdueAlert(db.Model):
    """An overdue alert that was sent; the unique key makes ``notify-overdue`` idempotent."""

    __tablename__ = "overdue_alerts"
    __table_args__ = (sa.UniqueConstraint("visit_id", "level", name="once_per_level"),
                      sa.CheckConstraint("level IN ('amber', 'red')", name="level"))

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visits.id"))
    level: Mapped[str] = mapped_column(sa.String(10))
    sent_at: Mapped[datetime] = mapped_column(default=clock.now)
    recipients: Mapped[list[str]] = mapped_column(sa.JSON, default=list)


class SafetyProfile(Versioned, db.Model):
    """What a line manager needs if a worker does not come back (``gwent:6.1``: "Does my Line
    Manager know my mobile phone number and network, my car registration number and my home
    address and phone number?"). Kept by the worker; seen only by them and their managers."""

    __tablename__ = "safety_profiles"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    mobile: Mapped[str] = mapped_column(sa.String(40), default="")
    mobile_network: Mapped[str] = mapped_column(sa.String(60), default="")
    vehicle: Mapped[str] = mapped_column(sa.String(120), default="")
    registration: Mapped[str] = mapped_column(sa.String(20), default="")
    emergency_contact_name: Mapped[str] = mapped_column(sa.String(120), default="")
    emergency_contact_relationship: Mapped[str] = mapped_column(sa.String(60), default="")
    emergency_contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    home_address: Mapped[str] = mapped_column(sa.Text, default="")
    home_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    user: Mapped[User] = relationship()

    @property
    def id(self) -> int:
        return self.user_id

    @property
    def is_empty(self) -> bool:
        return not (self.mobile or self.vehicle or self.registration
                    or self.emergency_contact_phone)
