"""A risk alert on a case (``gwent:7.1``: "mechanisms to alert other colleagues to potential
risks should be clearly visible on all case files")."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervise import clock, guidance
from supervise.accounts.models import User
from supervise.core.concurrency import Versioned
from supervise.core.models import enum_column
from supervise.extensions import db


class AlertLevel(enum.Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        return str(ALERT_LEVEL_LABELS[self])


ALERT_LEVEL_LABELS = {
    AlertLevel.HIGH: _l("High risk"),
    AlertLevel.MEDIUM: _l("Medium risk"),
    AlertLevel.LOW: _l("Low risk"),
}


class RiskAlert(Versioned, db.Model):
    __tablename__ = "risk_alerts"
    __table_args__ = (
        sa.Index("ix_risk_alerts_case_active", "case_id", "removed_at"),
        sa.CheckConstraint(
            "removed_at IS NULL OR removal_reason != ''", name="removal_needs_reason"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    level: Mapped[AlertLevel] = mapped_column(enum_column(AlertLevel))
    # Ids from guidance/behaviours.yaml and guidance/precautions.yaml.
    behaviours: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    precautions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    reason: Mapped[str] = mapped_column(sa.Text)
    review_date: Mapped[date]
    raised_at: Mapped[datetime] = mapped_column(default=clock.now)
    raised_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    removed_at: Mapped[datetime | None]
    removed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    removal_reason: Mapped[str] = mapped_column(sa.Text, default="")
    # The incident that proposed this alert, when it came from one.
    incident_id: Mapped[int | None] = mapped_column(sa.ForeignKey("incidents.id"))

    raised_by: Mapped[User] = relationship(foreign_keys=[raised_by_id])
    removed_by: Mapped[User | None] = relationship(foreign_keys=[removed_by_id])
    reviews: Mapped[list[RiskAlertReview]] = relationship(
        back_populates="alert", order_by="RiskAlertReview.id.desc()")

    @property
    def is_active(self) -> bool:
        return self.removed_at is None

    def is_past_review(self, today: date | None = None) -> bool:
        return self.is_active and self.review_date < (today or clock.today())

    def requires(self, precaution_id: str) -> bool:
        return precaution_id in (self.precautions or [])

    @property
    def behaviour_labels(self) -> list[str]:
        return _labels("behaviours", self.behaviours)

    @property
    def precaution_labels(self) -> list[str]:
        return _labels("precautions", self.precautions)


class RiskAlertReview(db.Model):
    """One review of an alert: still needed (or changed), what was decided, the next review."""

    __tablename__ = "risk_alert_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(sa.ForeignKey("risk_alerts.id"), index=True)
    reviewed_at: Mapped[datetime] = mapped_column(default=clock.now)
    reviewed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    notes: Mapped[str] = mapped_column(sa.Text)
    previous_review_date: Mapped[date]
    next_review_date: Mapped[date]
    # What the review changed on the alert (level, precautions, behaviours): {field: [old, new]}.
    changes: Mapped[dict | None] = mapped_column(sa.JSON)

    alert: Mapped[RiskAlert] = relationship(back_populates="reviews")
    reviewed_by: Mapped[User] = relationship()


def _labels(list_name: str, ids: list[str] | None) -> list[str]:
    data = guidance.load(list_name)
    return [item.text if (item := data.get(i)) else i for i in ids or []]
