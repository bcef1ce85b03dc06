"""Incidents of hostility or violence towards a worker (``gwent:5.1–5.3``, ``gwent:6.1``), and
observations of non-cooperation typed as the guidance types them (``gwent:1.2–1.4``)."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervise import clock, guidance
from supervise.accounts.models import User
from supervise.cases.models import Case
from supervise.core.concurrency import Versioned
from supervise.core.models import enum_column
from supervise.extensions import db


def needs_police_decision(behaviour_ids: list[str] | None) -> bool:
    """Violence or a threat to kill: a decision about the police, and its reason, is required."""
    data = guidance.load("behaviours")
    return any((item := data.get(b)) is not None and item.extra.get("police_decision")
               for b in behaviour_ids or [])


class PoliceDecision(enum.Enum):
    INFORMED = "informed"
    NOT_INFORMED = "not_informed"

    @property
    def label(self) -> str:
        return str(POLICE_DECISION_LABELS[self])


POLICE_DECISION_LABELS = {
    PoliceDecision.INFORMED: _l("The police were informed"),
    PoliceDecision.NOT_INFORMED: _l("We decided not to inform the police"),
}


class Incident(Versioned, db.Model):
    """What was said and done, by whom, when and where; what the worker said and did; who was
    told; the impact on the worker and the support offered; the line manager's review."""

    __tablename__ = "incidents"
    __table_args__ = (
        sa.Index("ix_incidents_case_occurred", "case_id", "occurred_at"),
        sa.Index("ix_incidents_unreviewed", "reviewed_at", "worker_id"),
        # Violence or a threat to kill: the decision about the police and its reason are kept.
        sa.CheckConstraint(
            "NOT police_decision_required OR (police_decision IS NOT NULL AND police_reason != '')",
            name="police_decision_recorded",
        ),
        sa.CheckConstraint("reviewed_at IS NULL OR reviewed_by_id IS NOT NULL",
                           name="reviewed_by_someone"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    occurred_at: Mapped[datetime]
    location: Mapped[str] = mapped_column(sa.String(200))
    worker_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # Ids from guidance/behaviours.yaml and the file's version when recorded.
    behaviours: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    behaviours_version: Mapped[str] = mapped_column(sa.String(20), default="")
    other_behaviour: Mapped[str] = mapped_column(sa.String(300), default="")
    # Who said or did it: people in the family (ids), or someone else described in words.
    person_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    others_involved: Mapped[str] = mapped_column(sa.String(300), default="")
    what_happened: Mapped[str] = mapped_column(sa.Text)
    worker_response: Mapped[str] = mapped_column(sa.Text)

    manager_told_directly: Mapped[bool] = mapped_column(default=False)
    # The line managers Supervise notified the moment the incident was recorded.
    managers_notified: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    police_decision_required: Mapped[bool] = mapped_column(default=False)
    police_decision: Mapped[PoliceDecision | None] = mapped_column(
        enum_column(PoliceDecision), nullable=True)
    police_reason: Mapped[str] = mapped_column(sa.Text, default="")
    police_reference: Mapped[str] = mapped_column(sa.String(60), default="")

    impacts: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    impacts_version: Mapped[str] = mapped_column(sa.String(20), default="")
    impact_notes: Mapped[str] = mapped_column(sa.Text, default="")
    support: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    support_version: Mapped[str] = mapped_column(sa.String(20), default="")
    support_notes: Mapped[str] = mapped_column(sa.Text, default="")

    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))

    reviewed_at: Mapped[datetime | None]
    reviewed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # gwent:6.2 "explore the cause (e.g. whether this was racially or culturally motivated)";
    # gwent:6.1 "consider how the work could be progressed safely; document their decision".
    review_cause: Mapped[str] = mapped_column(sa.Text, default="")
    review_decision: Mapped[str] = mapped_column(sa.Text, default="")

    case: Mapped[Case] = relationship()
    worker: Mapped[User] = relationship(foreign_keys=[worker_id])
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None

    @property
    def involves_violence(self) -> bool:
        return needs_police_decision(self.behaviours)

    @property
    def behaviour_labels(self) -> list[str]:
        labels = guidance_labels("behaviours", self.behaviours)
        return [*labels, self.other_behaviour] if self.other_behaviour else labels

    @property
    def impact_labels(self) -> list[str]:
        return guidance_labels("worker_impacts", self.impacts)

    @property
    def support_labels(self) -> list[str]:
        return guidance_labels("worker_support", self.support)

    def days_waiting_for_review(self, today: date | None = None) -> int:
        return ((today or clock.today()) - clock.to_uk(self.recorded_at).date()).days


class NonCooperationRecord(db.Model):
    """Observed non-cooperation, typed (``gwent:1.3``), with the reasons the practitioner
    considered (``gwent:1.4``): "make every effort to understand why" (``gwent:4.1``)."""

    __tablename__ = "non_cooperation_records"
    __table_args__ = (sa.Index("ix_non_cooperation_records_case_observed", "case_id",
                               "observed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    observed_on: Mapped[date]
    # An id from guidance/non_cooperation_types.yaml, and that file's version.
    kind: Mapped[str] = mapped_column(sa.String(40))
    kind_version: Mapped[str] = mapped_column(sa.String(20), default="")
    person_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    observed: Mapped[str] = mapped_column(sa.Text)
    reasons: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    reasons_version: Mapped[str] = mapped_column(sa.String(20), default="")
    reasons_notes: Mapped[str] = mapped_column(sa.Text, default="")
    response: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))

    case: Mapped[Case] = relationship()
    recorded_by: Mapped[User] = relationship()

    @property
    def kind_label(self) -> str:
        item = guidance.load("non_cooperation_types").get(self.kind)
        return item.text if item else self.kind

    @property
    def reason_labels(self) -> list[str]:
        return guidance_labels("non_cooperation_reasons", self.reasons)


def guidance_labels(list_name: str, ids: list[str] | None) -> list[str]:
    """The wording of each stored guidance id (the id itself if the list no longer has it)."""
    data = guidance.load(list_name)
    return [item.text if (item := data.get(i)) else i for i in ids or []]
