"""Risk alerts on a case: the history, raising one (or accepting an incident's proposal),
reviewing and removing. The banner on every case page is in ``templates/alerts/_banner.html``."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from supervise.alerts import operations, panels, queries  # noqa: F401  (panels register)
from supervise.alerts.forms import RaiseAlertForm, RemoveAlertForm, ReviewAlertForm
from supervise.alerts.models import RiskAlert
from supervise.cases.access import case_route, get_in_case_or_404
from supervise.cases.models import Case
from supervise.cases.navigation import register_case_tab
from supervise.core.errors import DomainError
from supervise.core.views import form_error, refuse
from supervise.incidents.models import Incident

bp = Blueprint("alerts", __name__, url_prefix="/cases")

register_case_tab(_l("Risk alerts"), "alerts.index", 30, prefix="alerts.")


@bp.route("/<int:case_id>/alerts")
@case_route
def index(case: Case):
    """The alerts in force and every alert the case has had, with why each was removed."""
    return render_template("alerts/index.html", case=case,
                           alerts=queries.alert_history(case.id))


@bp.route("/<int:case_id>/alerts/<int:alert_id>")
@case_route
def show(case: Case, alert_id: int):
    """One alert: what colleagues must do, why, who raised it, and its reviews."""
    alert = get_in_case_or_404(RiskAlert, case, alert_id)
    incident = get_in_case_or_404(Incident, case, alert.incident_id) if alert.incident_id \
        else None
    return render_template("alerts/show.html", case=case, alert=alert, incident=incident,
                           may_remove=operations.may_remove(current_user, alert))


@bp.route("/<int:case_id>/alerts/new", methods=["GET", "POST"])
@case_route
def new(case: Case):
    """Raise an alert; from an incident, the form comes pre-filled with what it proposes."""
    incident = _incident_from(case, request.values.get("incident"))
    proposal = operations.proposal_from(incident) if incident is not None else None
    form = RaiseAlertForm(data=proposal) if request.method == "GET" and proposal \
        else RaiseAlertForm()
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("alerts/new.html", case=case, form=form,
                               incident=incident), status
    try:
        alert = operations.raise_alert(case, form.changed_values(*RaiseAlertForm.FIELDS),
                                       by=current_user, incident=incident)
    except DomainError as error:
        return form_error(form, error, "alerts/new.html", case=case, incident=incident)
    flash(_("Risk alert raised. Everyone on the case team has been told."), "success")
    return redirect(url_for("alerts.show", case_id=case.id, alert_id=alert.id))


def _incident_from(case: Case, value: str | None) -> Incident | None:
    if not value or not value.isdigit():
        return None
    return get_in_case_or_404(Incident, case, int(value))


@bp.route("/<int:case_id>/alerts/<int:alert_id>/review", methods=["GET", "POST"])
@case_route
def review(case: Case, alert_id: int):
    """Review an alert: still needed? change it? when next?"""
    alert = get_in_case_or_404(RiskAlert, case, alert_id)
    if not alert.is_active:
        return refuse(DomainError(_("This alert has been removed")),
                      url_for("alerts.show", case_id=case.id, alert_id=alert.id))
    form = ReviewAlertForm(obj=alert)
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("alerts/review.html", case=case, alert=alert, form=form), status
    try:
        operations.review_alert(alert, case, form.changed_values(*ReviewAlertForm.FIELDS),
                                notes=form.notes.data,
                                next_review_date=form.next_review_date.data, by=current_user,
                                seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "alerts/review.html", case=case, alert=alert)
    flash(_("Review recorded"), "success")
    return redirect(url_for("alerts.show", case_id=case.id, alert_id=alert.id))


@bp.route("/<int:case_id>/alerts/<int:alert_id>/remove", methods=["GET", "POST"])
@case_route
def remove(case: Case, alert_id: int):
    """Remove an alert that is no longer needed, saying why."""
    alert = get_in_case_or_404(RiskAlert, case, alert_id)
    back = url_for("alerts.show", case_id=case.id, alert_id=alert.id)
    if not alert.is_active or not operations.may_remove(current_user, alert):
        return refuse(DomainError(_("Only the person who raised this alert or a line manager "
                                    "can remove it, and only while it is in force")), back)
    form = RemoveAlertForm(obj=alert)
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("alerts/remove.html", case=case, alert=alert, form=form), status
    try:
        operations.remove_alert(alert, case, form.removal_reason.data, by=current_user,
                                seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "alerts/remove.html", case=case, alert=alert)
    flash(_("Risk alert removed. Everyone on the case team has been told."), "success")
    return redirect(url_for("alerts.index", case_id=case.id))
