"""Reading breaches: a case's breaches, and the open and overdue ones a user must act on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from supervise import clock
from supervise.accounts.models import User
from supervise.agreements.models import Agreement, AgreementClause, ClauseKind, clause_reference
from supervise.breaches.models import Breach, BreachEscalation, follow_up_overdue
from supervise.cases.access import on_visible_case
from supervise.cases.models import Case
from supervise.core.request_cache import per_request
from supervise.extensions import db

LIMIT = 50


def _loaded(query: sa.Select) -> sa.Select:
    # A clause's printed number ("Behaviour 2") counts its agreement's clauses: load them
    # with the breaches, or each agreement shown costs two more queries.
    return query.options(selectinload(Breach.case),
                         selectinload(Breach.clause).selectinload(AgreementClause.agreement)
                         .selectinload(Agreement.clauses),
                         selectinload(Breach.follow_up), selectinload(Breach.recorded_by))


def for_case(case_id: int, agreement_id: int | None = None) -> list[Breach]:
    """Every breach on a case — or of one of its agreements — newest first."""
    query = sa.select(Breach).where(Breach.case_id == case_id)
    if agreement_id is not None:
        query = query.where(Breach.agreement_id == agreement_id)
    return list(db.session.scalars(_loaded(
        query.order_by(Breach.occurred_on.desc(), Breach.id.desc()))))


@dataclass(frozen=True)
class BreachRow:
    """A breach as the dashboard lists it: the family, the term breached, and its dates."""

    id: int
    case_id: int
    family_name: str
    clause_kind: ClauseKind
    clause_number: int
    occurred_on: date
    follow_up_due: date

    @property
    def reference(self) -> str:
        return clause_reference(self.clause_kind, self.clause_number)

    def is_overdue(self, today: date | None = None) -> bool:
        """Listed only while open, so overdue once its due date has passed."""
        return follow_up_overdue(self.follow_up_due, today)


@dataclass(frozen=True)
class OpenBreaches:
    """Open breaches (no follow-up yet), each list in due order and at most ``LIMIT`` long."""

    overdue: list[BreachRow]  # past their follow-up due date
    due: list[BreachRow]  # not yet due


@per_request
def open_breaches(user: User) -> OpenBreaches:
    """Open breaches on the cases ``user`` works or manages, split into those past their
    follow-up due date and those not yet due — the dashboard's two breach panels. Two queries:
    each half numbered in due order and cut at ``LIMIT``, with the columns the panels show."""
    today = clock.today()
    ranked = (
        sa.select(Breach.id, sa.func.row_number().over(
            partition_by=Breach.follow_up_due < today,
            order_by=(Breach.follow_up_due, Breach.id)).label("place"))
        .where(on_visible_case(Breach.case_id, user), ~Breach.follow_up.has())
        .subquery())
    # The ids first: joined in one statement, PostgreSQL cannot tell how few rows the
    # numbering keeps and hashes every clause of every agreement to join them.
    shown = list(db.session.scalars(sa.select(ranked.c.id).where(ranked.c.place <= LIMIT)))
    rows = [BreachRow(*row) for row in db.session.execute(
        sa.select(Breach.id, Breach.case_id, Case.family_name, AgreementClause.kind,
                  AgreementClause.number_column(), Breach.occurred_on, Breach.follow_up_due)
        .join(Case, Case.id == Breach.case_id)
        .join(AgreementClause, AgreementClause.id == Breach.clause_id)
        .where(Breach.id.in_(shown))
        .order_by(Breach.follow_up_due, Breach.id))] if shown else []
    return OpenBreaches(overdue=[r for r in rows if r.is_overdue(today)],
                        due=[r for r in rows if not r.is_overdue(today)])


def awaiting_decision(user: User) -> list[BreachEscalation]:
    """Escalations of repeated breaches with no decision yet, on cases ``user`` can see."""
    return list(db.session.scalars(
        sa.select(BreachEscalation)
        .where(on_visible_case(BreachEscalation.case_id, user),
               BreachEscalation.decided_at.is_(None))
        .options(selectinload(BreachEscalation.case), selectinload(BreachEscalation.breaches))
        .order_by(BreachEscalation.raised_at).limit(LIMIT)))


def escalations_for_case(case_id: int, agreement_id: int | None = None) -> list[BreachEscalation]:
    """The breach escalations on a case — or of one of its agreements — newest first."""
    query = sa.select(BreachEscalation).where(BreachEscalation.case_id == case_id)
    if agreement_id is not None:
        query = query.where(BreachEscalation.agreement_id == agreement_id)
    return list(db.session.scalars(
        query.options(selectinload(BreachEscalation.breaches),
                      selectinload(BreachEscalation.decided_by))
        .order_by(BreachEscalation.raised_at.desc())))
