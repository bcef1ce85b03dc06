"""Written agreements with families (``gwent:2.4``): structured content whose behaviours and
expectations are numbered clauses a breach can point to, and a lifecycle from draft to an
issued, frozen, versioned document the family signs."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervise import clock
from supervise.accounts.models import User
from supervise.cases.models import Case, Person
from supervise.core.concurrency import Versioned
from supervise.core.models import enum_column
from supervise.documents.models import GeneratedDocument
from supervise.extensions import db


class AgreementState(enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    ISSUED = "issued"
    SIGNED = "signed"
    ENDED = "ended"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self])

    @property
    def colour(self) -> str:
        return STATE_COLOURS[self]


STATE_LABELS = {
    AgreementState.DRAFT: _l("Draft"),
    AgreementState.SUBMITTED: _l("Waiting for approval"),
    AgreementState.RETURNED: _l("Returned with comments"),
    AgreementState.APPROVED: _l("Approved, not yet issued"),
    AgreementState.ISSUED: _l("Issued, not yet signed"),
    AgreementState.SIGNED: _l("Signed"),
    AgreementState.ENDED: _l("Ended"),
    AgreementState.SUPERSEDED: _l("Superseded"),
}
STATE_COLOURS = {
    AgreementState.DRAFT: "grey", AgreementState.SUBMITTED: "blue",
    AgreementState.RETURNED: "orange", AgreementState.APPROVED: "turquoise",
    AgreementState.ISSUED: "yellow", AgreementState.SIGNED: "green",
    AgreementState.ENDED: "grey", AgreementState.SUPERSEDED: "grey",
}
# Only a draft (or one returned for changes) can be changed; from submission on, the content
# is what the manager approved and what the family receives.
EDITABLE = frozenset({AgreementState.DRAFT, AgreementState.RETURNED})
IN_FORCE = frozenset({AgreementState.ISSUED, AgreementState.SIGNED})

agreement_parties = sa.Table(
    "agreement_parties",
    db.metadata,
    sa.Column("agreement_id", sa.ForeignKey("agreements.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("person_id", sa.ForeignKey("people.id"), primary_key=True),
)


class Agreement(Versioned, db.Model):
    __tablename__ = "agreements"
    __table_args__ = (
        sa.Index("ix_agreements_case_state", "case_id", "state"),
        sa.Index("ix_agreements_state_review", "state", "review_due"),
        sa.UniqueConstraint("supersedes_id", name="one_successor"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"))
    state: Mapped[AgreementState] = mapped_column(enum_column(AgreementState),
                                                  default=AgreementState.DRAFT)
    # Versions: a change to an issued agreement is a new row that supersedes it.
    version_number: Mapped[int] = mapped_column(default=1)
    lineage_id: Mapped[int | None] = mapped_column(index=True)  # the id of version 1
    supersedes_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agreements.id"))

    # The content (frozen from submission on; see FROZEN below).
    grounds: Mapped[str] = mapped_column(sa.Text, default="")
    agency_commitments: Mapped[str] = mapped_column(sa.Text, default="")
    risk_assessment: Mapped[str] = mapped_column(sa.Text, default="")
    consequences: Mapped[str] = mapped_column(sa.Text, default="")
    contingency: Mapped[str] = mapped_column(sa.Text, default="")
    review_date: Mapped[date | None]
    contact_details: Mapped[str] = mapped_column(sa.Text, default="")
    behaviours_version: Mapped[str] = mapped_column(sa.String(20), default="")

    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    return_comments: Mapped[str] = mapped_column(sa.Text, default="")
    issued_at: Mapped[datetime | None]
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("generated_documents.id"))
    review_due: Mapped[date | None]  # the review date, moved on by each review
    ended_at: Mapped[datetime | None]
    superseded_at: Mapped[datetime | None]

    case: Mapped[Case] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    document: Mapped[GeneratedDocument | None] = relationship()
    supersedes: Mapped[Agreement | None] = relationship(
        remote_side=[id], back_populates="successor", foreign_keys=[supersedes_id])
    successor: Mapped[Agreement | None] = relationship(
        back_populates="supersedes", foreign_keys=[supersedes_id], uselist=False)
    parties: Mapped[list[Person]] = relationship(secondary=agreement_parties,
                                                 order_by="Person.id")
    clauses: Mapped[list[AgreementClause]] = relationship(
        back_populates="agreement", order_by="AgreementClause.position",
        cascade="all, delete-orphan")
    signature: Mapped[AgreementSignature | None] = relationship(
        back_populates="agreement", uselist=False)
    reviews: Mapped[list[AgreementReview]] = relationship(
        back_populates="agreement", order_by="AgreementReview.id")

    FROZEN = ("grounds", "agency_commitments", "risk_assessment", "consequences",
              "contingency", "review_date", "contact_details", "behaviours_version")

    def __str__(self) -> str:
        return str(_l("Written agreement, version %(number)d", number=self.version_number))

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE

    @property
    def is_in_force(self) -> bool:
        return self.state in IN_FORCE

    @property
    def behaviours(self) -> list[AgreementClause]:
        return [c for c in self.clauses if c.kind is ClauseKind.BEHAVIOUR]

    @property
    def expectations(self) -> list[AgreementClause]:
        return [c for c in self.clauses if c.kind is ClauseKind.EXPECTATION]

    def is_past_review(self, today: date | None = None) -> bool:
        """In force and its review date has passed without a review."""
        return (self.is_in_force and self.review_due is not None
                and self.review_due < (today or clock.today()))


class ClauseKind(enum.Enum):
    BEHAVIOUR = "behaviour"
    EXPECTATION = "expectation"

    @property
    def label(self) -> str:
        return str(_l("Behaviour") if self is ClauseKind.BEHAVIOUR else _l("Expectation"))


def clause_reference(kind: ClauseKind, number: int) -> str:
    """How a term is cited: "Behaviour 2", "Expectation 1"."""
    return f"{kind.label} {number}"


class AgreementClause(Versioned, db.Model):
    """One unacceptable behaviour or one expectation of the family: a term a breach can cite."""

    __tablename__ = "agreement_clauses"
    __table_args__ = (sa.Index("ix_agreement_clauses_agreement", "agreement_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreements.id", ondelete="CASCADE"))
    kind: Mapped[ClauseKind] = mapped_column(enum_column(ClauseKind))
    position: Mapped[int] = mapped_column(default=0)
    # A behaviour from guidance/behaviours.yaml (its id; the file's version is on the
    # agreement), or one written by the practitioner (guidance_id empty).
    guidance_id: Mapped[str] = mapped_column(sa.String(60), default="")
    text: Mapped[str] = mapped_column(sa.Text)  # the behaviour, or what the family will do
    how_measured: Mapped[str] = mapped_column(sa.Text, default="")  # how we will know
    due_by: Mapped[date | None]  # by when
    child_focus: Mapped[str] = mapped_column(sa.Text, default="")  # why it matters to the child

    agreement: Mapped[Agreement] = relationship(back_populates="clauses")

    FROZEN = ("kind", "position", "guidance_id", "text", "how_measured", "due_by",
              "child_focus")

    @property
    def number(self) -> int:
        """1, 2, 3… within its kind, as printed in the document."""
        siblings = [c for c in self.agreement.clauses if c.kind is self.kind]
        return siblings.index(self) + 1 if self in siblings else 0

    @property
    def reference(self) -> str:
        return clause_reference(self.kind, self.number)

    @classmethod
    def number_column(cls) -> sa.ScalarSelect:
        """``number`` in SQL, for lists that show a clause's reference without loading its
        agreement's other clauses: its place among its kind, in position order."""
        sibling = sa.orm.aliased(cls)
        return (sa.select(sa.func.count()).where(
            sibling.agreement_id == cls.agreement_id, sibling.kind == cls.kind,
            sa.or_(sibling.position < cls.position,
                   sa.and_(sibling.position == cls.position, sibling.id <= cls.id)))
            .scalar_subquery())

    def text_in(self, language: str) -> str:
        """The behaviour in Welsh when the guidance has it; the text as written otherwise."""
        if language == "cy" and self.guidance_id:
            from supervise import guidance

            item = guidance.load("behaviours").get(self.guidance_id)
            if item is not None and item.label_cy:
                return item.label_cy
        return self.text


class AgreementSignature(db.Model):
    """Who signed the issued agreement, when, who witnessed it; the scan of the signed copy."""

    __tablename__ = "agreement_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreements.id"), unique=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    signed_on: Mapped[date]
    signed_by: Mapped[str] = mapped_column(sa.String(300))
    witnessed_by: Mapped[str] = mapped_column(sa.String(200), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    scan_path: Mapped[str | None] = mapped_column(sa.String(200))
    scan_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    scan_type: Mapped[str | None] = mapped_column(sa.String(10))
    scan_size: Mapped[int | None]
    scan_uploaded_at: Mapped[datetime | None]
    scan_uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    agreement: Mapped[Agreement] = relationship(back_populates="signature")
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])


class ReviewOutcome(enum.Enum):
    CONTINUE = "continue"
    CHANGE = "change"
    END = "end"

    @property
    def label(self) -> str:
        return str(REVIEW_OUTCOME_LABELS[self])


REVIEW_OUTCOME_LABELS = {
    ReviewOutcome.CONTINUE: _l("Keep the agreement as it is until the next review"),
    ReviewOutcome.CHANGE: _l("Change the agreement: start a new version"),
    ReviewOutcome.END: _l("End the agreement"),
}


class AgreementReview(db.Model):
    __tablename__ = "agreement_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(sa.ForeignKey("agreements.id"), index=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    reviewed_on: Mapped[date]
    outcome: Mapped[ReviewOutcome] = mapped_column(enum_column(ReviewOutcome))
    notes: Mapped[str] = mapped_column(sa.Text)
    next_review_date: Mapped[date | None]
    recorded_at: Mapped[datetime] = mapped_column(default=clock.now)
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))

    agreement: Mapped[Agreement] = relationship(back_populates="reviews")
    recorded_by: Mapped[User] = relationship()


class FrozenAgreement(RuntimeError):
    """Something tried to change the content of a submitted, approved or issued agreement."""


def _state_before(agreement: Agreement) -> AgreementState | None:
    history = sa.inspect(agreement).attrs.state.history
    before = (history.deleted or history.unchanged or [None])[0]
    return before


def _guard_frozen(session: Any, _context: Any, _instances: Any) -> None:
    """The last line of defence: no flush may change a frozen agreement's content."""
    for obj in list(session.dirty) + list(session.new) + list(session.deleted):
        if isinstance(obj, Agreement) and obj in session.dirty:
            before = _state_before(obj)
            changed = [name for name in (*Agreement.FROZEN, "parties")
                       if sa.inspect(obj).attrs[name].history.has_changes()]
            if before is not None and before not in EDITABLE and changed:
                raise FrozenAgreement(f"agreement {obj.id} is {before.value}: {changed}")
        elif isinstance(obj, AgreementClause):
            with session.no_autoflush:
                parent = obj.agreement or session.get(Agreement, obj.agreement_id)
            before = _state_before(parent) if parent is not None else None
            touched = obj in session.new or obj in session.deleted or any(
                sa.inspect(obj).attrs[name].history.has_changes() for name in obj.FROZEN)
            if before is not None and before not in EDITABLE and touched:
                raise FrozenAgreement(f"clause {obj.id} of a {before.value} agreement")


sa.event.listen(sa.orm.Session, "before_flush", _guard_frozen)
