"""Visit pages: the case's Visits tab, a visit, approve, check in, check out, no access,
cancel, and the contact summary for the family. Monitoring pages are in ``monitoring.py``."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from supervise import clock, guidance
from supervise.cases.access import case_route
from supervise.cases.models import Case, PersonKind
from supervise.cases.navigation import register_case_tab
from supervise.core.errors import DomainError
from supervise.core.views import form_error
from supervise.plans.forms import VersionButtonForm
from supervise.visits import operations, queries
from supervise.visits.forms import (
    CancelForm,
    CheckInForm,
    NoAccessForm,
    check_out_form,
    check_out_record,
)
from supervise.visits.timefield import shown_time, uk_moment
from supervise.visits.views import attempt, visit_or_404

bp = Blueprint("visits", __name__)

# Plan pages belong to the Visits tab too (str.startswith takes a tuple of prefixes).
register_case_tab(_l("Visits"), "visits.index", 40, prefix=("visits.", "plans."))  # type: ignore[arg-type]


def _show(visit) -> str:
    return url_for("visits.show", case_id=visit.case_id, visit_id=visit.id)


@bp.route("/cases/<int:case_id>/visits")
@case_route
def index(case: Case):
    """Every visit on the case, with its plan and where it stands."""
    return render_template("visits/index.html", case=case,
                           visits=queries.visits_for_case(case.id))


@bp.route("/cases/<int:case_id>/visits/<int:visit_id>")
@case_route
def show(case: Case, visit_id: int):
    """A visit: its state, its plan's sign-off, check-in and out, what was recorded."""
    visit = visit_or_404(case, visit_id)
    return render_template(
        "visits/show.html", case=case, visit=visit, plan=visit.plan,
        button=VersionButtonForm(obj=visit), grace=queries.grace(), now=clock.now(),
        observations=guidance.load(operations.OBSERVATIONS),
        manages=current_user.line_manages(visit.practitioner))


@bp.route("/cases/<int:case_id>/visits/<int:visit_id>/approve", methods=["POST"])
@case_route
def approve(case: Case, visit_id: int):
    """Approve the visit (a line manager; only while its plan is signed off)."""
    visit = visit_or_404(case, visit_id, manager=True)
    form = VersionButtonForm()
    if not form.validate_on_submit():
        return redirect(_show(visit))
    refused = attempt(lambda: operations.approve(visit, by=current_user,
                                                 seen_version=form.version.data), _show(visit))
    if refused:
        return refused
    flash(_("Visit approved"), "success")
    return redirect(_show(visit))


def _form_page(template: str, visit, form, status: int | None = None):
    status = status or (422 if form.errors else 200)
    return render_template(template, case=visit.case, visit=visit, plan=visit.plan,
                           form=form), status


@bp.route("/cases/<int:case_id>/visits/<int:visit_id>/check-in", methods=["GET", "POST"])
@case_route
def check_in(case: Case, visit_id: int):
    """You are at the visit: say when you will be back."""
    visit = visit_or_404(case, visit_id, practitioner=True)
    form = CheckInForm(obj=visit)
    if request.method == "GET":
        form.expected_return.data = shown_time(
            max(visit.plan.expected_end, clock.now()) if visit.plan else None)
    if not form.validate_on_submit():
        return _form_page("visits/check_in.html", visit, form)
    try:
        back = uk_moment(clock.today(), form.expected_return.data)
        operations.check_in(visit, back, by=current_user, seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "visits/check_in.html", case=case, visit=visit,
                          plan=visit.plan)
    flash(_("Checked in. Expected back by %(time)s.", time=form.expected_return.data),
          "success")
    return redirect(_show(visit))


@bp.route("/cases/<int:case_id>/visits/<int:visit_id>/check-out", methods=["GET", "POST"])
@case_route
def check_out(case: Case, visit_id: int):
    """Back safely: record who and what you saw, and what could not be assessed."""
    visit = visit_or_404(case, visit_id, practitioner=True)
    born = [c for c in case.children if c.kind is PersonKind.CHILD]  # an unborn child is not seen
    form = check_out_form(born, request.form if request.method == "POST" else None)
    if request.method == "GET":
        form.version.data = str(visit.version)
    if not form.validate_on_submit():
        return _form_page("visits/check_out.html", visit, form)
    try:
        operations.check_out(visit, check_out_record(form), by=current_user,
                             seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "visits/check_out.html", case=case, visit=visit,
                          plan=visit.plan)
    flash(_("Checked out: you are back safely, and the visit is recorded"), "success")
    return redirect(_show(visit))


@bp.route("/cases/<int:case_id>/visits/<int:visit_id>/no-access", methods=["GET", "POST"])
@case_route
def no_access(case: Case, visit_id: int):
    """Nobody let you in: record it (a missed contact on the case)."""
    visit = visit_or_404(case, visit_id, practitioner=True)
    form = NoAccessForm(obj=visit)
    if request.method == "GET":
        form.notes.data = ""
    if not form.validate_on_submit():
        return _form_page("visits/no_access.html", visit, form)
    try:
        operations.record_no_access(visit, form.notes.data, by=current_user,
                                    seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "visits/no_access.html", case=case, visit=visit,
                          plan=visit.plan)
    flash(_("No-access visit recorded"), "success")
    return redirect(_show(visit))


@bp.route("/cases/<int:case_id>/visits/<int:visit_id>/cancel", methods=["GET", "POST"])
@case_route
def cancel(case: Case, visit_id: int):
    """Call the visit off before it starts, saying who cancelled and why."""
    visit = visit_or_404(case, visit_id, practitioner=True, manager=True)
    form = CancelForm(obj=visit)
    if request.method == "GET":
        form.by_family.data = None
    if not form.validate_on_submit():
        return _form_page("visits/cancel.html", visit, form)
    try:
        operations.cancel(visit, form.reason.data, form.by_family.data == "family",
                          by=current_user, seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "visits/cancel.html", case=case, visit=visit,
                          plan=visit.plan)
    flash(_("Visit cancelled"), "success")
    return redirect(_show(visit))


@bp.route("/cases/<int:case_id>/visits/<int:visit_id>/summary")
@case_route
def summary(case: Case, visit_id: int):
    """The contact summary for the family, to print (``gwent:4.2``)."""
    visit = visit_or_404(case, visit_id)
    if visit.checked_out_at is None:
        flash(_("The contact summary is ready once the visit is checked out"), "info")
        return redirect(_show(visit))
    requirements = [{**r, "by_date": datetime.fromisoformat(r["by"]).date() if r["by"]
                     else None} for r in visit.requirements or []]
    return render_template("visits/summary.html", case=case, visit=visit, plan=visit.plan,
                           requirements=requirements, printed_at=clock.now())


from supervise.visits import log_routes, monitoring, panels  # noqa: E402,F401  (routes and panels register)
from supervise.visits.notifier import notify_overdue_command  # noqa: E402

bp.cli.add_command(notify_overdue_command)
