"""An action plan for one visit, and the sign-offs that freeze exactly what a manager agreed.

The database itself guards the rules that matter most: a sign-off is never by the plan's author
(a CHECK on the author copied through a composite foreign key), at most one sign-off per visit is
in force, and a visit's approval points at the sign-off in force (``visits/models.py``).
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


class PlanStatus(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SIGNED_OFF = "signed_off"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return str(PLAN_STATUS_LABELS[self])

    @property
    def colour(self) -> str:
        return {"draft": "grey", "submitted": "blue", "signed_off": "green",
                "returned": "orange"}[self.value]


PLAN_STATUS_LABELS = {
    PlanStatus.DRAFT: _l("Draft"),
    PlanStatus.SUBMITTED: _l("Waiting for sign-off"),
    PlanStatus.SIGNED_OFF: _l("Signed off"),
    PlanStatus.RETURNED: _l("Returned for changes"),
}


class VenueKind(enum.Enum):
    HOME = "home"
    NEUTRAL = "neutral"
    OFFICE = "office"

    @property
    def label(self) -> str:
        return str(VENUE_LABELS[self])


VENUE_LABELS = {
    VenueKind.HOME: _l("The family's home"),
    VenueKind.NEUTRAL: _l("A neutral venue"),
    VenueKind.OFFICE: _l("Our office"),
}


class ActionPlan(Versioned, db.Model):
    """When, where and with whom the visit happens, each risk and how it is managed, and the
    safety checklist (``gwent:6.1``, ``lancs:keeping-workers-safe``) answered item by item."""

    __tablename__ = "action_plans"
    __table_args__ = (
        # The target of plan_signoffs' composite key: a sign-off names its plan's visit and
        # author, so the database can refuse a sign-off by the author.
        sa.UniqueConstraint("id", "visit_id", "author_id", name="signoff_key"),
        sa.CheckConstraint("duration_minutes > 0", name="positive_duration"),
        sa.CheckConstraint("status != 'returned' OR return_comments != ''",
                           name="returned_with_comments"),
        sa.Index("ix_action_plans_status", "status"),
        # A line manager's "plans to sign off" and a practitioner's open plans: by author
        # and status together, not the intersection of two single-column indexes.
        sa.Index("ix_action_plans_author_status", "author_id", "status"),
        # Today's visits: the day's plans, not every plan a practitioner ever made.
        sa.Index("ix_action_plans_planned_start", "planned_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visits.id"), unique=True)
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    status: Mapped[PlanStatus] = mapped_column(enum_column(PlanStatus), default=PlanStatus.DRAFT)

    planned_start: Mapped[datetime]
    duration_minutes: Mapped[int] = mapped_column(default=60)
    venue_kind: Mapped[VenueKind] = mapped_column(enum_column(VenueKind), default=VenueKind.HOME)
    venue_address: Mapped[str] = mapped_column(sa.Text, default="")
    purpose: Mapped[str] = mapped_column(sa.Text, default="")
    # Indexed: a joint visitor's dashboard finds the visits they join (0007).
    joint_visitor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    police_present: Mapped[bool] = mapped_column(default=False)
    police_details: Mapped[str] = mapped_column(sa.Text, default="")

    # [{"risk": "...", "management": "..."}]
    risks: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    # {item id: {"answer": "yes"|"no"|"na", "notes": "..."}} for visit_safety_checklist.yaml
    checklist: Mapped[dict[str, dict[str, str]]] = mapped_column(sa.JSON, default=dict)
    checklist_version: Mapped[str] = mapped_column(sa.String(20), default="")

    submitted_at: Mapped[datetime | None]
    returned_at: Mapped[datetime | None]
    returned_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    return_comments: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    author: Mapped[User] = relationship(foreign_keys=[author_id])
    joint_visitor: Mapped[User | None] = relationship(foreign_keys=[joint_visitor_id])
    returned_by: Mapped[User | None] = relationship(foreign_keys=[returned_by_id])
    visit: Mapped[Any] = relationship("Visit", back_populates="plan",
                                      foreign_keys=[visit_id])
    signoffs: Mapped[list[PlanSignOff]] = relationship(
        back_populates="plan", order_by="PlanSignOff.id",
        foreign_keys="PlanSignOff.plan_id")

    def __str__(self) -> str:
        return f"Action plan {self.id}"

    @property
    def expected_end(self) -> datetime:
        return self.planned_start + timedelta(minutes=self.duration_minutes)

    @property
    def current_signoff(self) -> PlanSignOff | None:
        """The sign-off in force, if the plan is signed off."""
        return next((s for s in self.signoffs if s.in_force), None)

    @property
    def is_locked(self) -> bool:
        """Once the visit has started (or ended) the plan is part of the record."""
        return not self.visit.status.plan_editable


class PlanSignOff(db.Model):
    """A line manager's sign-off: exactly what they signed (``snapshot``), and when it stopped
    being in force because the plan changed (``voided_at``, ``in_force`` NULL)."""

    __tablename__ = "plan_signoffs"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["plan_id", "visit_id", "author_id"],
            ["action_plans.id", "action_plans.visit_id", "action_plans.author_id"],
            name="fk_plan_signoffs_plan_visit_author"),
        sa.CheckConstraint("signed_by_id != author_id", name="never_the_author"),
        sa.CheckConstraint("in_force IS NULL OR in_force", name="in_force_true_or_null"),
        sa.CheckConstraint(
            "(in_force AND voided_at IS NULL) OR (in_force IS NULL AND voided_at IS NOT NULL)",
            name="in_force_until_voided"),
        # At most one sign-off in force per visit (NULLs never clash).
        sa.UniqueConstraint("visit_id", "in_force", name="one_in_force"),
        # What a visit's approval points at: this sign-off, of this visit, while in force.
        sa.UniqueConstraint("id", "visit_id", "in_force", name="approval_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(index=True)
    visit_id: Mapped[int] = mapped_column(sa.ForeignKey("visits.id"))
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    plan_version: Mapped[int]
    snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    signed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    signed_at: Mapped[datetime] = mapped_column(default=clock.now)
    in_force: Mapped[bool | None] = mapped_column(default=True)
    voided_at: Mapped[datetime | None]
    voided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    void_reason: Mapped[str] = mapped_column(sa.Text, default="")

    plan: Mapped[ActionPlan] = relationship(back_populates="signoffs", foreign_keys=[plan_id])
    signed_by: Mapped[User] = relationship(foreign_keys=[signed_by_id])
    voided_by: Mapped[User | None] = relationship(foreign_keys=[voided_by_id])

    @property
    def case_id(self) -> int:
        return self.plan.case_id
