"""A case is a family: its people, their addresses, how to communicate with them, and the case
team of practitioners from every agency working with them (``gwent:3.5``)."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervise import clock
from supervise.accounts.models import User
from supervise.core.concurrency import Versioned
from supervise.core.models import enum_column
from supervise.extensions import db


class CaseStatus(enum.Enum):
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return str(_l("Open") if self is CaseStatus.OPEN else _l("Closed"))


class DocumentLanguage(enum.Enum):
    """The language written documents for the family are produced in."""

    ENGLISH = "en"
    WELSH = "cy"
    BILINGUAL = "cy_en"

    @property
    def label(self) -> str:
        return str(DOCUMENT_LANGUAGE_LABELS[self])


DOCUMENT_LANGUAGE_LABELS = {
    DocumentLanguage.ENGLISH: _l("English"),
    DocumentLanguage.WELSH: _l("Welsh"),
    DocumentLanguage.BILINGUAL: _l("Welsh and English (bilingual)"),
}


OPEN_ONLY = sa.text("status = 'open'")


class Case(Versioned, db.Model):
    __tablename__ = "cases"
    # Dashboards count and list open cases among a team's: a partial index of open case ids
    # keeps that an index-only lookup, where a scan of every case would grow with the years.
    __table_args__ = (
        sa.Index("ix_cases_open", "id", postgresql_where=OPEN_ONLY, sqlite_where=OPEN_ONLY),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(40), unique=True)
    family_name: Mapped[str] = mapped_column(sa.String(120), index=True)
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus), default=CaseStatus.OPEN)

    # Communication needs (gwent:4.2): what the family speaks and how they can take in writing.
    language: Mapped[str] = mapped_column(sa.String(60), default="English")
    document_language: Mapped[DocumentLanguage] = mapped_column(
        enum_column(DocumentLanguage), default=DocumentLanguage.ENGLISH
    )
    interpreter_required: Mapped[bool] = mapped_column(default=False)
    interpreter_language: Mapped[str] = mapped_column(sa.String(60), default="")
    verbal_preferred: Mapped[bool] = mapped_column(default=False)
    large_print: Mapped[bool] = mapped_column(default=False)
    easy_read: Mapped[bool] = mapped_column(default=False)
    communication_notes: Mapped[str] = mapped_column(sa.Text, default="")

    # Cultural considerations: key dates, gender, dress, anything else colleagues should respect.
    cultural_key_dates: Mapped[str] = mapped_column(sa.Text, default="")
    cultural_gender: Mapped[str] = mapped_column(sa.Text, default="")
    cultural_dress: Mapped[str] = mapped_column(sa.Text, default="")
    cultural_notes: Mapped[str] = mapped_column(sa.Text, default="")

    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)

    created_by: Mapped[User | None] = relationship()
    people: Mapped[list[Person]] = relationship(
        back_populates="case", order_by="Person.id"
    )
    addresses: Mapped[list[Address]] = relationship(
        back_populates="case", order_by="Address.id.desc()"
    )
    team: Mapped[list[CaseTeamMember]] = relationship(
        back_populates="case", order_by="CaseTeamMember.id"
    )
    relationships: Mapped[list[Relationship]] = relationship(
        back_populates="case", order_by="Relationship.id"
    )

    def __str__(self) -> str:
        return f"{self.family_name} ({self.reference})"

    @property
    def children(self) -> list[Person]:
        return [p for p in self.people if p.kind is not PersonKind.ADULT]

    @property
    def adults(self) -> list[Person]:
        return [p for p in self.people if p.kind is PersonKind.ADULT]

    @property
    def current_address(self) -> Address | None:
        return next((a for a in self.addresses if a.is_current), None)

    @property
    def needs_accessible_documents(self) -> bool:
        """Large print or easy read, or a preference for verbal over written information."""
        return self.large_print or self.easy_read or self.verbal_preferred

    def member_for(self, user: User) -> CaseTeamMember | None:
        return next((m for m in self.team if m.user_id == user.id), None)


class PersonKind(enum.Enum):
    CHILD = "child"
    UNBORN = "unborn"
    ADULT = "adult"

    @property
    def label(self) -> str:
        return str(PERSON_KIND_LABELS[self])


PERSON_KIND_LABELS = {
    PersonKind.CHILD: _l("Child"),
    PersonKind.UNBORN: _l("Unborn child"),
    PersonKind.ADULT: _l("Adult or carer"),
}


class Person(Versioned, db.Model):
    __tablename__ = "people"
    __table_args__ = (
        # An unborn child has an expected date and no date of birth; nobody else has one.
        sa.CheckConstraint(
            "(kind = 'unborn' AND date_of_birth IS NULL) "
            "OR (kind != 'unborn' AND expected_date IS NULL)",
            name="unborn_dates",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    kind: Mapped[PersonKind] = mapped_column(enum_column(PersonKind))
    given_name: Mapped[str] = mapped_column(sa.String(80))
    family_name: Mapped[str] = mapped_column(sa.String(80), default="")
    known_as: Mapped[str] = mapped_column(sa.String(80), default="")
    date_of_birth: Mapped[date | None]
    expected_date: Mapped[date | None]
    gender: Mapped[str] = mapped_column(sa.String(40), default="")
    in_household: Mapped[bool] = mapped_column(default=True)
    is_carer: Mapped[bool] = mapped_column(default=False)
    school_or_setting: Mapped[str] = mapped_column(sa.String(120), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    case: Mapped[Case] = relationship(back_populates="people")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.given_name, self.family_name) if part)

    @property
    def is_child(self) -> bool:
        return self.kind is not PersonKind.ADULT

    def age_on(self, day: date) -> int | None:
        """Age in whole years on ``day``; ``None`` when unborn or the date of birth is unknown."""
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class Relationship(db.Model):
    """``person`` is ``relation`` of ``related_person`` — e.g. Jade is *mother* of Ava."""

    __tablename__ = "relationships"
    __table_args__ = (
        sa.UniqueConstraint("person_id", "related_person_id", name="pair"),
        sa.CheckConstraint("person_id != related_person_id", name="not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"))
    related_person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id"))
    relation: Mapped[str] = mapped_column(sa.String(60))
    parental_responsibility: Mapped[bool] = mapped_column(default=False)

    case: Mapped[Case] = relationship(back_populates="relationships")
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    related_person: Mapped[Person] = relationship(foreign_keys=[related_person_id])


class Address(Versioned, db.Model):
    """Where the family lives or lived; the current address has no moved-out date."""

    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    line1: Mapped[str] = mapped_column(sa.String(120))
    line2: Mapped[str] = mapped_column(sa.String(120), default="")
    town: Mapped[str] = mapped_column(sa.String(80))
    postcode: Mapped[str] = mapped_column(sa.String(10))
    moved_in: Mapped[date | None]
    moved_out: Mapped[date | None]
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    case: Mapped[Case] = relationship(back_populates="addresses")

    def __str__(self) -> str:
        return ", ".join(p for p in (self.line1, self.line2, self.town, self.postcode) if p)

    @property
    def is_current(self) -> bool:
        return self.moved_out is None


class CaseTeamMember(Versioned, db.Model):
    """A practitioner, from any agency, working this case: their role and agreed tasks."""

    __tablename__ = "case_team_members"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "user_id", name="case_user"),
        # "Which cases may this person see" is asked on every case page and dashboard panel:
        # answered from the index alone, without visiting the table's rows.
        sa.Index("ix_case_team_members_user_case", "user_id", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(sa.ForeignKey("cases.id"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    role: Mapped[str] = mapped_column(sa.String(120))
    tasks: Mapped[str] = mapped_column(sa.Text, default="")
    is_lead: Mapped[bool] = mapped_column(default=False)
    added_at: Mapped[datetime] = mapped_column(default=clock.now)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    case: Mapped[Case] = relationship(back_populates="team")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    added_by: Mapped[User | None] = relationship(foreign_keys=[added_by_id])
