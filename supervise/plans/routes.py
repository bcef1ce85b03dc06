"""Action plan pages: plan a visit, write its plan, submit it; a line manager signs it off or
returns it. Every view: load (404 for anyone the plan is not for) → validate → operate."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from supervise import guidance
from supervise.cases.access import case_route
from supervise.cases.models import Case
from supervise.core.errors import DomainError
from supervise.core.views import form_error
from supervise.plans import operations, rules
from supervise.plans.forms import (
    PlanDetailsForm,
    ReturnForm,
    RiskForm,
    VersionButtonForm,
    checklist_answers,
    checklist_form,
)
from supervise.plans.models import PlanSignOff
from supervise.visits.views import attempt, plan_or_404, possible_visitors

bp = Blueprint("plans", __name__, url_prefix="/cases/<int:case_id>/plans")


def _show(plan) -> str:
    return url_for("plans.show", case_id=plan.case_id, plan_id=plan.id)


def _page(template: str, status: int = 200, **context):
    return render_template(template, **context), status


@bp.route("/new", methods=["GET", "POST"])
@case_route
def new(case: Case):
    """Plan a visit: when, where, how long, who goes, and why."""
    form = PlanDetailsForm()
    form.set_visitors(possible_visitors(case, current_user))
    if request.method == "GET":
        form.duration_minutes.data = 60
        form.venue_address.data = str(case.current_address) if case.current_address else ""
    if not form.validate_on_submit():
        return _page("plans/details.html", 422 if form.errors else 200, case=case, form=form,
                     plan=None)
    try:
        plan = operations.plan_visit(case, form.values(), by=current_user)
    except DomainError as error:
        return form_error(form, error, "plans/details.html", case=case, plan=None)
    flash(_("Visit planned. Now add the risks and answer the safety checklist."), "success")
    return redirect(_show(plan))


@bp.route("/<int:plan_id>")
@case_route
def show(case: Case, plan_id: int):
    """The action plan: details, alerts and precautions, risks, checklist, sign-off."""
    plan = plan_or_404(case, plan_id)
    checklist = guidance.load(rules.CHECKLIST)
    return render_template(
        "plans/show.html", case=case, plan=plan, visit=plan.visit, checklist=checklist,
        unmet=rules.unmet_precautions(plan), unanswered=rules.unanswered_items(plan),
        button=VersionButtonForm(obj=plan), visit_button=VersionButtonForm(obj=plan.visit))


@bp.route("/<int:plan_id>/edit", methods=["GET", "POST"])
@case_route
def edit(case: Case, plan_id: int):
    """Change when, where and with whom; a signed-off plan loses its sign-off."""
    plan = plan_or_404(case, plan_id, author=True)
    form = PlanDetailsForm(obj=plan)
    form.set_visitors(possible_visitors(case, current_user))
    if request.method == "GET":
        form.fill_from(plan)
    if not form.validate_on_submit():
        return _page("plans/details.html", 422 if form.errors else 200, case=case, form=form,
                     plan=plan)
    try:
        operations.update_details(plan, form.values(), by=current_user,
                                  seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "plans/details.html", case=case, plan=plan)
    flash(_("Plan updated"), "success")
    return redirect(_show(plan))


@bp.route("/<int:plan_id>/checklist", methods=["GET", "POST"])
@case_route
def checklist(case: Case, plan_id: int):
    """Answer the safety checklist (``gwent:6.1``, ``lancs:keeping-workers-safe``)."""
    plan = plan_or_404(case, plan_id, author=True)
    form = checklist_form(plan, request.form if request.method == "POST" else None)
    if not form.validate_on_submit():
        return _page("plans/checklist.html", 422 if form.errors else 200, case=case,
                     form=form, plan=plan)
    try:
        operations.answer_checklist(plan, checklist_answers(form), by=current_user,
                                    seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "plans/checklist.html", case=case, plan=plan)
    flash(_("Safety checklist saved"), "success")
    return redirect(_show(plan))


@bp.route("/<int:plan_id>/risks/new", methods=["GET", "POST"])
@case_route
def risk_new(case: Case, plan_id: int):
    """Add a risk and how it will be managed or reduced."""
    plan = plan_or_404(case, plan_id, author=True)
    form = RiskForm(obj=plan) if request.method == "GET" else RiskForm()
    if request.method == "GET":
        form.risk.data = form.management.data = ""
    if not form.validate_on_submit():
        return _page("plans/risk.html", 422 if form.errors else 200, case=case, form=form,
                     plan=plan)
    try:
        operations.add_risk(plan, form.risk.data, form.management.data, by=current_user,
                            seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "plans/risk.html", case=case, plan=plan)
    flash(_("Risk added"), "success")
    return redirect(_show(plan) + "#risks")


@bp.route("/<int:plan_id>/risks/<int:index>/remove", methods=["POST"])
@case_route
def risk_remove(case: Case, plan_id: int, index: int):
    """Take a risk off the plan."""
    plan = plan_or_404(case, plan_id, author=True)
    form = VersionButtonForm()
    if not form.validate_on_submit():
        return redirect(_show(plan))
    refused = attempt(lambda: operations.remove_risk(plan, index, by=current_user,
                                                     seen_version=form.version.data),
                      _show(plan))
    if refused:
        return refused
    flash(_("Risk removed"), "success")
    return redirect(_show(plan) + "#risks")


@bp.route("/<int:plan_id>/submit", methods=["POST"])
@case_route
def submit(case: Case, plan_id: int):
    """Send the plan to your line managers for sign-off."""
    plan = plan_or_404(case, plan_id, author=True)
    return _button(plan, lambda version: operations.submit(
        plan, by=current_user, seen_version=version),
        _("Plan sent to your line manager for sign-off"))


@bp.route("/<int:plan_id>/sign-off", methods=["POST"])
@case_route
def sign_off(case: Case, plan_id: int):
    """Sign off the plan exactly as shown (a line manager of its author)."""
    plan = plan_or_404(case, plan_id, manager=True)
    return _button(plan, lambda version: operations.sign_off(
        plan, by=current_user, seen_version=version), _("Plan signed off"))


def _button(plan, operation, done: str):
    form = VersionButtonForm()
    if not form.validate_on_submit():
        return redirect(_show(plan))
    refused = attempt(lambda: operation(form.version.data), _show(plan))
    if refused:
        return refused
    flash(done, "success")
    return redirect(_show(plan))


@bp.route("/<int:plan_id>/return", methods=["GET", "POST"])
@case_route
def return_plan(case: Case, plan_id: int):
    """Return the plan to its author with comments (a line manager of its author)."""
    plan = plan_or_404(case, plan_id, manager=True)
    form = ReturnForm(obj=plan)
    if request.method == "GET":
        form.comments.data = ""
    if not form.validate_on_submit():
        return _page("plans/return.html", 422 if form.errors else 200, case=case, form=form,
                     plan=plan)
    try:
        operations.return_for_changes(plan, form.comments.data, by=current_user,
                                      seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "plans/return.html", case=case, plan=plan)
    flash(_("Plan returned to %(name)s", name=plan.author.name), "success")
    return redirect(_show(plan))


@bp.route("/<int:plan_id>/sign-offs/<int:signoff_id>")
@case_route
def signed(case: Case, plan_id: int, signoff_id: int):
    """Exactly what a manager signed off, as it was then."""
    plan = plan_or_404(case, plan_id)
    signoff = next((s for s in plan.signoffs if s.id == signoff_id), None)
    if not isinstance(signoff, PlanSignOff):
        from flask import abort

        abort(404)
    checklist = guidance.load(rules.CHECKLIST)
    return render_template("plans/signed.html", case=case, plan=plan, signoff=signoff,
                           snap=signoff.snapshot, checklist=checklist)
