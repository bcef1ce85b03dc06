"""Watching workers home: the overdue panel (polled by htmx, a plain page without JavaScript),
escalation steps, and safety details — kept by the worker, seen only by their line managers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from supervise import clock, guidance
from supervise.cases.access import case_route
from supervise.cases.models import Case
from supervise.core.errors import DomainError
from supervise.core.htmx import render
from supervise.core.views import form_error
from supervise.visits import operations, queries, safety
from supervise.visits.forms import EscalationForm, SafetyProfileForm
from supervise.visits.routes import bp
from supervise.visits.views import visit_or_404


def overdue_context() -> dict:
    """The overdue panel's data; every safety profile shown is an audited view."""
    rows = queries.overdue_for(current_user)
    for row in rows:
        if row.manages and row.profile is not None:
            safety.audit_view(row.profile, row.visit.practitioner)
    return {"rows": rows, "checked_at": clock.now()}


@bp.route("/visits/overdue")
@login_required
def overdue():
    """Overdue visits you made or whose worker you line-manage, refreshed by polling."""
    if not current_user.works_cases:
        abort(404)
    return render("visits/overdue.html", "visits/_overdue.html", data=overdue_context(),
                  heading_id="overdue-heading")


@bp.route("/cases/<int:case_id>/visits/<int:visit_id>/escalate", methods=["GET", "POST"])
@case_route
def escalate(case: Case, visit_id: int):
    """Record a step taken because the worker has not come back (a line manager)."""
    visit = visit_or_404(case, visit_id, manager=True)
    profile = safety.profile_of(visit.practitioner)
    if request.method == "GET":
        safety.audit_view(profile, visit.practitioner)
    form = EscalationForm()
    context = {"case": case, "visit": visit, "plan": visit.plan, "profile": profile,
               "grace": queries.grace(), "steps": guidance.load(operations.STEPS)}
    if not form.validate_on_submit():
        return render_template("visits/escalate.html", form=form, **context), (
            422 if form.errors else 200)
    try:
        operations.record_escalation(visit, form.step.data, form.notes.data or "",
                                     by=current_user)
    except DomainError as error:
        return form_error(form, error, "visits/escalate.html", **context)
    flash(_("Step recorded"), "success")
    return redirect(url_for("visits.escalate", case_id=case.id, visit_id=visit.id))


@bp.route("/account/safety-details", methods=["GET", "POST"])
@login_required
def safety_details():
    """Your own safety details: what your line manager needs if you do not come back."""
    if not current_user.works_cases:
        abort(404)
    profile = safety.profile_of(current_user)
    form = SafetyProfileForm(obj=profile)
    if profile.version is None and not form.is_submitted():
        form.version.data = ""  # nothing saved yet
    if not form.validate_on_submit():
        return render_template("visits/safety_details.html", form=form, profile=profile), (
            422 if form.errors else 200)
    try:
        safety.save_profile(current_user, form.changed_values(*safety.FIELDS),
                            seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "visits/safety_details.html", profile=profile)
    flash(_("Your safety details are saved. Only your line managers can see them."), "success")
    return redirect(url_for("visits.safety_details"))


@bp.route("/team/<int:worker_id>/safety-details")
@login_required
def worker_safety(worker_id: int):
    """A worker's safety details, for their line managers only (404 for anyone else)."""
    worker, profile = safety.viewable_profile_or_404(worker_id)
    return render_template("visits/worker_safety.html", worker=worker, profile=profile)
