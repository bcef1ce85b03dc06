"""Reading agreements: a case's agreements, those waiting for a manager, those past review."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from supervise import clock
from supervise.accounts.models import User
from supervise.accounts.queries import managed_user_ids
from supervise.agreements.models import IN_FORCE, Agreement, AgreementState
from supervise.cases.access import on_visible_case
from supervise.cases.models import Case
from supervise.core.paging import FirstRows
from supervise.extensions import db

# The dashboard's lists read only the columns they show, joined in one statement (each
# agreement's family and author): whole entities cost more to load than the lists need.


def for_case(case_id: int) -> list[Agreement]:
    """A case's agreements, each agreement's versions together, newest version first."""
    return list(db.session.scalars(
        sa.select(Agreement).where(Agreement.case_id == case_id)
        .options(selectinload(Agreement.created_by), selectinload(Agreement.parties),
                 selectinload(Agreement.clauses))
        .order_by(Agreement.lineage_id.desc(), Agreement.version_number.desc())))


def versions_of(agreement: Agreement) -> list[sa.Row]:
    """The versions of ``agreement``'s lineage, newest first: the columns the agreement's page
    lists (``id``, ``version_number``, ``state``), not every agreement on the case."""
    return list(db.session.execute(
        sa.select(Agreement.id, Agreement.version_number, Agreement.state)
        .where(Agreement.case_id == agreement.case_id,
               Agreement.lineage_id == agreement.lineage_id)
        .order_by(Agreement.version_number.desc())).all())


def waiting_for_approval(manager: User, limit: int | None = None) -> FirstRows[sa.Row]:
    """Submitted agreements written by people this manager line-manages (not by them): the
    first ``limit``, longest waiting first, and how many in all — each row the columns the
    list shows (``id``, ``case_id``, ``family_name``, ``version_number``, ``submitted_at``,
    ``author_name``)."""
    return FirstRows.counted(db.session.execute(
        _listed(Agreement.submitted_at, User.name.label("author_name"))
        .join(User, User.id == Agreement.created_by_id)
        .where(Agreement.state == AgreementState.SUBMITTED,
               Agreement.created_by_id.in_(managed_user_ids(manager)))
        .order_by(Agreement.submitted_at, Agreement.id).limit(limit)).all())


def past_review(user: User, limit: int | None = None) -> FirstRows[sa.Row]:
    """Agreements in force whose review date has passed, on cases ``user`` can see: the
    first ``limit``, longest overdue first, and how many in all — each row the columns the
    list shows (``id``, ``case_id``, ``family_name``, ``version_number``, ``review_due``)."""
    return FirstRows.counted(db.session.execute(
        _listed(Agreement.review_due)
        .where(on_visible_case(Agreement.case_id, user),
               Agreement.state.in_(IN_FORCE), Agreement.review_due < clock.today())
        .order_by(Agreement.review_due, Agreement.id).limit(limit)).all())


def returned_to(user: User, limit: int | None = None) -> FirstRows[sa.Row]:
    """The user's own agreements a manager returned with comments: the first ``limit``,
    longest waiting first, and how many in all — each row the columns the list shows
    (``id``, ``case_id``, ``family_name``, ``version_number``, ``returned_by``: the
    manager's name)."""
    return FirstRows.counted(db.session.execute(
        _listed(User.name.label("returned_by"))
        .outerjoin(User, User.id == Agreement.decided_by_id)
        .where(Agreement.created_by_id == user.id, Agreement.state == AgreementState.RETURNED)
        .order_by(Agreement.decided_at, Agreement.id).limit(limit)).all())


def _listed(*columns: sa.ColumnElement) -> sa.Select:
    """An agreement as a dashboard list shows it — a link to it, named by its family and
    version — with ``columns`` after, and the whole list's size (taken before any limit)."""
    return (sa.select(Agreement.id, Agreement.case_id, Case.family_name,
                      Agreement.version_number, *columns, sa.func.count().over())
            .join(Case, Case.id == Agreement.case_id))
