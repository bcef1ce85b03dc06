"""Reading agreements: a case's agreements, those waiting for a manager, those past review."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from supervise import clock
from supervise.accounts.models import User, team_managers
from supervise.agreements.models import IN_FORCE, Agreement, AgreementState
from supervise.cases.access import visible_case_ids
from supervise.core.paging import FirstRows
from supervise.extensions import db

# The dashboard's lists join each agreement's case and author (one row each) into the same
# statement: a separate load per relation cost more than the join.


def for_case(case_id: int) -> list[Agreement]:
    """A case's agreements, each agreement's versions together, newest version first."""
    return list(db.session.scalars(
        sa.select(Agreement).where(Agreement.case_id == case_id)
        .options(selectinload(Agreement.created_by), selectinload(Agreement.parties),
                 selectinload(Agreement.clauses))
        .order_by(Agreement.lineage_id.desc(), Agreement.version_number.desc())))


def waiting_for_approval(manager: User, limit: int | None = None) -> FirstRows[Agreement]:
    """Submitted agreements written by people this manager line-manages (not by them): the
    first ``limit``, longest waiting first, and how many in all."""
    managed = sa.select(User.id).join(team_managers, team_managers.c.team_id == User.team_id) \
        .where(team_managers.c.user_id == manager.id, User.id != manager.id)
    return FirstRows.counted(db.session.execute(
        sa.select(Agreement, sa.func.count().over())
        .where(Agreement.state == AgreementState.SUBMITTED,
               Agreement.created_by_id.in_(managed))
        .options(joinedload(Agreement.case), joinedload(Agreement.created_by))
        .order_by(Agreement.submitted_at, Agreement.id).limit(limit)).all())


def past_review(user: User, limit: int | None = None) -> FirstRows[Agreement]:
    """Agreements in force whose review date has passed, on cases ``user`` can see: the
    first ``limit``, longest overdue first, and how many in all."""
    visible = visible_case_ids(user).subquery()
    return FirstRows.counted(db.session.execute(
        sa.select(Agreement, sa.func.count().over())
        .where(Agreement.case_id.in_(sa.select(visible.c.case_id)),
               Agreement.state.in_(IN_FORCE), Agreement.review_due < clock.today())
        .options(joinedload(Agreement.case))
        .order_by(Agreement.review_due, Agreement.id).limit(limit)).all())


def returned_to(user: User, limit: int | None = None) -> FirstRows[Agreement]:
    """The user's own agreements a manager returned with comments: the first ``limit``,
    longest waiting first, and how many in all."""
    return FirstRows.counted(db.session.execute(
        sa.select(Agreement, sa.func.count().over())
        .where(Agreement.created_by_id == user.id, Agreement.state == AgreementState.RETURNED)
        .options(joinedload(Agreement.case), joinedload(Agreement.decided_by))
        .order_by(Agreement.decided_at, Agreement.id).limit(limit)).all())
