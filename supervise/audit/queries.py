"""Reading the audit log: who viewed and changed what on a case, when, and from where — for a
line manager of someone on the case team (``gwent:4.1``: "audits of case files on a regular
basis"). A fixed number of queries per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from supervise import clock
from supervise.accounts.models import User
from supervise.audit.models import AuditEvent
from supervise.core.paging import Paging, clamp
from supervise.extensions import db

PAGE_SIZE = 50

ACTIONS = {
    "view": _l("Viewed"),
    "create": _l("Created"),
    "update": _l("Changed"),
    "delete": _l("Deleted"),
    "review": _l("Reviewed"),
    "remove": _l("Removed"),
    "export": _l("Exported"),
}

# The records a case's trail mentions, in words. Other domains' tables show by their name.
OBJECTS = {
    "cases": _l("Case record"),
    "people": _l("Person"),
    "addresses": _l("Address"),
    "relationships": _l("Relationship"),
    "case_team_members": _l("Case team"),
    "incidents": _l("Incident"),
    "non_cooperation_records": _l("Non-cooperation record"),
    "risk_alerts": _l("Risk alert"),
    "chronology_manual_entries": _l("Chronology entry"),
    "chronology_addenda": _l("Chronology addendum"),
}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def object_label(object_type: str) -> str:
    return str(OBJECTS.get(object_type, object_type.replace("_", " ")))


def can_audit_case(user: Any, case: Any) -> bool:
    """A line manager of someone on the case team (being on it yourself is not enough)."""
    if not user.is_authenticated or not user.is_manager:
        return False
    return any(user.line_manages(member.user) for member in case.team)


@dataclass(frozen=True)
class TrailFilters:
    user_id: int | None = None
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def where(self, case_id: int) -> list[Any]:
        clauses: list[Any] = [AuditEvent.case_id == case_id]
        if self.user_id:
            clauses.append(AuditEvent.user_id == self.user_id)
        if self.action:
            clauses.append(AuditEvent.action == self.action)
        if self.date_from:
            clauses.append(AuditEvent.at >= _start_of(self.date_from))
        if self.date_to:
            clauses.append(AuditEvent.at < _start_of(self.date_to + timedelta(days=1)))
        return clauses


def _start_of(day: date) -> datetime:
    return clock.from_uk(datetime.combine(day, time(0, 0)))


@dataclass(kw_only=True)
class TrailPage(Paging):
    events: list[AuditEvent]


def case_trail(case_id: int, filters: TrailFilters, page: int = 1,
               size: int = PAGE_SIZE) -> TrailPage:
    """One page of a case's audit trail, newest first."""
    where = filters.where(case_id)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(*where))
    page = clamp(page, total or 0, size)
    events = list(db.session.scalars(
        sa.select(AuditEvent).where(*where)
        .options(selectinload(AuditEvent.user).selectinload(User.agency))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(size).offset((page - 1) * size)))
    return TrailPage(events=events, total=total or 0, number=page, size=size)


def trail_people(case_id: int) -> list[User]:
    """Everyone who appears in the case's trail, for the filter."""
    return list(db.session.scalars(
        sa.select(User).where(User.id.in_(
            sa.select(AuditEvent.user_id).where(AuditEvent.case_id == case_id)))
        .order_by(User.name)))
