"""Breaches of a signed agreement, their follow-ups and escalation decisions.

A blueprint nested under the agreements blueprint (endpoints ``agreements.breaches.*``), so its
pages sit in the case's Agreements tab.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from supervise import guidance
from supervise.agreements.models import Agreement, AgreementClause
from supervise.breaches import operations
from supervise.breaches import panels as _panels  # noqa: F401  (registers dashboard panels)
from supervise.breaches.forms import BreachForm, DecisionForm, FollowUpForm
from supervise.breaches.models import Breach, BreachEscalation
from supervise.cases.access import case_route, get_in_case_or_404
from supervise.cases.models import Case
from supervise.core.errors import DomainError
from supervise.core.forms import to_choices
from supervise.core.views import form_error
from supervise.extensions import db
from supervise.templating import uk_date

bp = Blueprint("breaches", __name__)


def _page(template: str, form, **context):
    return render_template(template, form=form, **context), 422 if form.errors else 200


def _breach_url(breach: Breach) -> str:
    return url_for("agreements.breaches.show", case_id=breach.case_id, breach_id=breach.id)


def _clause_choices(agreement: Agreement) -> list:
    return to_choices((c.id, f"{c.reference}: {c.text}") for c in agreement.clauses)


@bp.route("/<int:agreement_id>/breaches/new", methods=["GET", "POST"])
@case_route
def new(case: Case, agreement_id: int):
    """Record a breach of one term of a signed agreement."""
    agreement = get_in_case_or_404(Agreement, case, agreement_id)
    back = url_for("agreements.show", case_id=case.id, agreement_id=agreement.id)
    if not agreement.signature or not agreement.is_in_force:
        flash(_("Breaches can be recorded only against a signed agreement"), "error")
        return redirect(back)
    form = BreachForm()
    form.clause_id.choices = _clause_choices(agreement)
    context = {"case": case, "agreement": agreement}
    if not form.validate_on_submit():
        return _page("breaches/new.html", form, **context)
    clause = db.session.get(AgreementClause, int(form.clause_id.data))
    try:
        breach = operations.record_breach(agreement, clause, form.changed_values(
            *BreachForm.FIELDS), by=current_user)
    except DomainError as error:
        return form_error(form, error, "breaches/new.html", **context)
    flash(_("Breach recorded: the follow-up is due by %(day)s",
            day=uk_date(breach.follow_up_due)), "success")
    return redirect(_breach_url(breach))


@bp.route("/breaches/<int:breach_id>")
@case_route
def show(case: Case, breach_id: int):
    """A breach and its follow-up."""
    breach = get_in_case_or_404(Breach, case, breach_id)
    return render_template("breaches/show.html", case=case, breach=breach)


@bp.route("/breaches/<int:breach_id>/follow-up", methods=["GET", "POST"])
@case_route
def follow_up(case: Case, breach_id: int):
    """Record, or change, the follow-up: the action, the advice sought, and the outcome."""
    breach = get_in_case_or_404(Breach, case, breach_id)
    existing = breach.follow_up
    form = FollowUpForm(obj=existing)
    if existing is None and not form.is_submitted():
        form.version.data = "0"  # nothing saved yet: someone else's first save is a conflict
    context = {"case": case, "breach": breach}
    if not form.validate_on_submit():
        return _page("breaches/follow_up.html", form, **context)
    values = form.changed_values(*FollowUpForm.FIELDS)
    try:
        operations.save_follow_up(breach, values, by=current_user,
                                  seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "breaches/follow_up.html", **context)
    flash(_("Follow-up recorded") if existing is None else _("Follow-up updated"), "success")
    return redirect(_breach_url(breach))


@bp.route("/escalations/<int:escalation_id>", methods=["GET", "POST"])
@case_route
def escalation(case: Case, escalation_id: int):
    """Repeated breaches: what a line manager decides to do about them."""
    record = get_in_case_or_404(BreachEscalation, case, escalation_id)
    form = DecisionForm(obj=record)
    form.decisions.choices = to_choices(guidance.choices("breach_escalation"))
    context = {"case": case, "escalation": record,
               "may_decide": current_user.is_manager and not record.is_decided}
    if not form.validate_on_submit():
        return _page("breaches/escalation.html", form, **context)
    try:
        operations.decide_escalation(record, form.decisions.data or [], form.decision_notes.data,
                                     by=current_user, seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "breaches/escalation.html", **context)
    flash(_("Decision recorded"), "success")
    return redirect(url_for("agreements.show", case_id=case.id,
                            agreement_id=record.agreement_id))
