"""Agencies, teams and the people who use Supervise."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervise import clock
from supervise.core.models import enum_column
from supervise.extensions import db


class AgencyKind(enum.Enum):
    CHILDRENS_SERVICES = "childrens_services"
    HEALTH = "health"
    EDUCATION = "education"
    POLICE = "police"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(AGENCY_KIND_LABELS[self])


AGENCY_KIND_LABELS = {
    AgencyKind.CHILDRENS_SERVICES: _l("Children's services"),
    AgencyKind.HEALTH: _l("Health"),
    AgencyKind.EDUCATION: _l("Education"),
    AgencyKind.POLICE: _l("Police"),
    AgencyKind.OTHER: _l("Other"),
}


class Role(enum.Enum):
    """What a user may do: practitioners work cases, managers also line-manage, admins neither."""

    PRACTITIONER = "practitioner"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.PRACTITIONER: _l("Practitioner"),
    Role.MANAGER: _l("Line manager"),
    Role.ADMIN: _l("Administrator"),
}


class Agency(db.Model):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    kind: Mapped[AgencyKind] = mapped_column(enum_column(AgencyKind))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    teams: Mapped[list[Team]] = relationship(back_populates="agency", order_by="Team.name")

    def __str__(self) -> str:
        return self.name


team_managers = sa.Table(
    "team_managers",
    db.metadata,
    sa.Column("team_id", sa.ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Team(db.Model):
    __tablename__ = "teams"
    __table_args__ = (sa.UniqueConstraint("agency_id", "name", name="agency_team_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=clock.now)

    agency: Mapped[Agency] = relationship(back_populates="teams")
    managers: Mapped[list[User]] = relationship(
        secondary=team_managers, back_populates="managed_teams", order_by="User.name"
    )
    members: Mapped[list[User]] = relationship(
        back_populates="team", foreign_keys="User.team_id", order_by="User.name"
    )

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.name})"


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    job_title: Mapped[str] = mapped_column(sa.String(120), default="")
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.PRACTITIONER)
    agency_id: Mapped[int] = mapped_column(sa.ForeignKey("agencies.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("teams.id"), index=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    active: Mapped[bool] = mapped_column(default=True)
    # Bumped on sign-out, password change and deactivation: every session minted with an
    # older value stops working at its next request.
    session_version: Mapped[int] = mapped_column(default=1)
    last_login_at: Mapped[datetime | None]
    previous_login_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    # Set when an administrator chose the password (a first or a reset one): the user must
    # replace it at their next sign-in, and it stops working when it expires unused.
    must_change_password: Mapped[bool] = mapped_column(default=False,
                                                       server_default=sa.false())
    temporary_password_expires_at: Mapped[datetime | None]
    password_changed_at: Mapped[datetime | None]
    # Two-step verification (supervise/auth/mfa.py): a TOTP secret is pending until the user
    # proves their app works (totp_enabled_at); totp_last_step refuses a code used twice.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)

    agency: Mapped[Agency] = relationship()
    team: Mapped[Team | None] = relationship(back_populates="members", foreign_keys=[team_id])
    managed_teams: Mapped[list[Team]] = relationship(
        secondary=team_managers, back_populates="managers", order_by="Team.name"
    )

    def __str__(self) -> str:
        return self.name

    # Flask-Login protocol. The id carries the session version so that the user loader can
    # refuse a session that was revoked server-side.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_manager(self) -> bool:
        return self.role is Role.MANAGER

    @property
    def works_cases(self) -> bool:
        """Practitioners and managers hold cases; administrators never see case content."""
        return self.role is not Role.ADMIN

    def line_manages(self, other: User) -> bool:
        """True when ``other`` belongs to a team this user manages (never themselves)."""
        if other.id == self.id or other.team_id is None:
            return False
        return any(team.id == other.team_id for team in self.managed_teams)

    @property
    def managed_people(self) -> list[User]:
        """Everyone in the teams this user line-manages (never themselves), by name: read
        through ``managed_teams``, so the parts of a page that each need them load them once."""
        people = [m for team in self.managed_teams for m in team.members if m.id != self.id]
        return sorted(people, key=lambda person: person.name)

    @property
    def line_managers(self) -> list[User]:
        """The managers of this user's team, except the user themselves."""
        if self.team is None:
            return []
        return [m for m in self.team.managers if m.id != self.id and m.active]

    @property
    def mfa_enabled(self) -> bool:
        return self.totp_enabled_at is not None

    def revoke_sessions(self, reason: str = "revoked") -> None:
        """End every session this user has, wherever it is."""
        from supervise.auth.models import UserSession

        self.session_version += 1
        db.session.execute(
            sa.update(UserSession)
            .where(UserSession.user_id == self.id, UserSession.ended_at.is_(None))
            .values(ended_at=clock.now(), ended_reason=reason[:30]))
