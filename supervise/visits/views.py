"""What the plan and visit views share: loaders that 404 anyone the record is not for, the
people who can go on a visit, and turning a refused or raced operation into a clear answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import abort, render_template
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from supervise.accounts.models import User
from supervise.cases.access import get_in_case_or_404
from supervise.cases.models import Case
from supervise.core.errors import CONFLICT, DomainError
from supervise.core.views import refuse
from supervise.extensions import db
from supervise.plans.models import ActionPlan
from supervise.visits.models import Visit


def plan_or_404(case: Case, plan_id: int, *, author: bool = False,
                manager: bool = False) -> ActionPlan:
    """A plan of this case; with ``author``/``manager``, only for its author / their managers."""
    plan = get_in_case_or_404(ActionPlan, case, plan_id)
    if author and plan.author_id != current_user.id:
        abort(404)
    if manager and not current_user.line_manages(plan.author):
        abort(404)
    return plan


def visit_or_404(case: Case, visit_id: int, *, practitioner: bool = False,
                 manager: bool = False) -> Visit:
    """A visit of this case; with ``practitioner``/``manager``, only for whoever is making it /
    their line managers (with both, either will do)."""
    visit = get_in_case_or_404(Visit, case, visit_id)
    mine = visit.practitioner_id == current_user.id
    manages = current_user.line_manages(visit.practitioner)
    if practitioner and manager and not (mine or manages):
        abort(404)
    if practitioner and not manager and not mine:
        abort(404)
    if manager and not practitioner and not manages:
        abort(404)
    return visit


def possible_visitors(case: Case, me: User) -> list[User]:
    """Who can go with me: the case team (any agency), my team and my line managers."""
    ids = {m.user_id for m in case.team}
    if me.team_id is not None:
        ids |= set(db.session.scalars(sa.select(User.id).where(User.team_id == me.team_id)))
    ids |= {m.id for m in me.line_managers}
    ids.discard(me.id)
    return list(db.session.scalars(
        sa.select(User).where(User.id.in_(ids), User.active.is_(True))
        .order_by(User.name))) if ids else []


def attempt(operation: Callable[[], Any], back: str):
    """Run a button's operation: a refusal goes back with its reason; losing a race to
    another person (the database's guard) gets the clear conflict page."""
    try:
        operation()
    except DomainError as error:
        return refuse(error, back)
    except IntegrityError:
        return conflict()
    return None


def conflict():
    db.session.rollback()
    return render_template("errors/generic.html", code=409, heading=CONFLICT[0],
                           advice=CONFLICT[1]), 409
