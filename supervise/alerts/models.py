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


class RiskAlert(db.Model):
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

    raised_by: Mapped[User] = relationship(foreign_keys=[raised_by_id])
    removed_by: Mapped[User | None] = relationship(foreign_keys=[removed_by_id])

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


def _labels(list_name: str, ids: list[str] | None) -> list[str]:
    data = guidance.load(list_name)
    return [item.text if (item := data.get(i)) else i for i in ids or []]
