"""Reading cases: the list a user may see, searched; the team directory."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from supervise.accounts.models import Agency, Role, User
from supervise.alerts.models import RiskAlert
from supervise.cases.access import visible_cases
from supervise.cases.models import Address, Case, CaseStatus, CaseTeamMember, Person
from supervise.core.paging import Paging, clamp
from supervise.core.text import like_pattern
from supervise.extensions import db

PAGE_SIZE = 50


@dataclass(kw_only=True)
class CasePage(Paging):
    cases: list[Case]


def search_cases(user: User, q: str = "", status: str = "open", page: int = 1,
                 size: int | None = None) -> CasePage:
    """A page of the cases ``user`` may see, matching a family name, reference, person's
    name or postcode, by family name; and how many match in all."""
    query = sa.select(Case).where(visible_cases(user))
    if status in {s.value for s in CaseStatus}:
        query = query.where(Case.status == CaseStatus(status))
    if q:
        pattern = like_pattern(q.lower())
        postcode = like_pattern(q.replace(" ", "").lower())
        query = query.where(sa.or_(
            sa.func.lower(Case.family_name).like(pattern, escape="\\"),
            sa.func.lower(Case.reference).like(pattern, escape="\\"),
            Case.people.any(sa.or_(
                sa.func.lower(Person.given_name + " " + Person.family_name).like(
                    pattern, escape="\\"),
                sa.func.lower(Person.known_as).like(pattern, escape="\\"),
            )),
            Case.addresses.any(sa.func.lower(sa.func.replace(Address.postcode, " ", "")).like(
                postcode, escape="\\")),
        ))
    size = size or PAGE_SIZE
    # How many match rides along on each row (taken before the limit): sorting by family
    # name reads every matching case anyway, and a count of its own read them all again.
    listed = (query.add_columns(sa.func.count().over())
              .options(selectinload(Case.people), selectinload(Case.addresses))
              .order_by(Case.family_name, Case.reference, Case.id).limit(size))
    page = max(page, 1)
    rows = db.session.execute(listed.offset((page - 1) * size)).all()
    if not rows and page > 1:  # past the end (an old link, fewer cases now): the last page
        total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
        page = clamp(page, total or 0, size)
        rows = db.session.execute(listed.offset((page - 1) * size)).all()
    return CasePage(cases=[row[0] for row in rows], total=rows[0][1] if rows else 0,
                    number=page, size=size)


def case_team(case_id: int) -> list[CaseTeamMember]:
    """A case's team in the order it was formed, each member with their agency: one query,
    however many agencies the team spans."""
    return list(db.session.scalars(
        sa.select(CaseTeamMember).where(CaseTeamMember.case_id == case_id)
        .options(joinedload(CaseTeamMember.user).joinedload(User.agency))
        .order_by(CaseTeamMember.id)))


def alert_counts(case_ids: list[int]) -> dict[int, int]:
    """Active risk alerts per case, for the list's alert column, in one query."""
    if not case_ids:
        return {}
    rows = db.session.execute(
        sa.select(RiskAlert.case_id, sa.func.count())
        .where(RiskAlert.case_id.in_(case_ids), RiskAlert.removed_at.is_(None))
        .group_by(RiskAlert.case_id)
    )
    return {case_id: count for case_id, count in rows}


def find_practitioners(q: str, exclude_case: Case | None = None, limit: int = 20) -> list[User]:
    """Active practitioners and managers of any agency, by name or email, for the case team."""
    if not q:
        return []
    pattern = like_pattern(q.lower())
    query = (
        sa.select(User)
        .join(Agency, Agency.id == User.agency_id)
        .where(
            User.active.is_(True),
            User.role != Role.ADMIN,
            sa.or_(sa.func.lower(User.name).like(pattern, escape="\\"),
                   sa.func.lower(User.email).like(pattern, escape="\\")),
        )
        .options(selectinload(User.agency), selectinload(User.team))
        .order_by(User.name)
        .limit(limit)
    )
    if exclude_case is not None:
        members = sa.select(CaseTeamMember.user_id).where(CaseTeamMember.case_id == exclude_case.id)
        query = query.where(User.id.not_in(members))
    return list(db.session.scalars(query))
