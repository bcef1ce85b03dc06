"""Incidents towards workers and non-cooperation records on a case.

Every view: load (through the access helper) → validate → operate → respond.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from supervise import guidance
from supervise.accounts.models import User
from supervise.cases.access import case_route, get_in_case_or_404
from supervise.cases.models import Case
from supervise.cases.navigation import register_case_tab
from supervise.core.errors import DomainError, NotAllowed
from supervise.core.views import form_error, refuse
from supervise.extensions import db
from supervise.incidents import operations, panels, queries  # noqa: F401  (panels register)
from supervise.incidents.forms import IncidentForm, NonCooperationForm, ReviewIncidentForm
from supervise.incidents.models import Incident, NonCooperationRecord

bp = Blueprint("incidents", __name__, url_prefix="/cases")

register_case_tab(_l("Incidents"), "incidents.index", 40, prefix="incidents.")


@bp.route("/<int:case_id>/incidents")
@case_route
def index(case: Case):
    """Incidents towards workers, and non-cooperation, on this case."""
    return render_template("incidents/index.html", case=case,
                           incidents=queries.incidents_for_case(case.id),
                           records=queries.non_cooperation_for_case(case.id))


@bp.route("/<int:case_id>/incidents/new", methods=["GET", "POST"])
@case_route
def new(case: Case):
    """Record an incident; then check the risk alert it proposes."""
    form = IncidentForm(case)
    if request.method == "GET":
        form.worker_id.data = str(current_user.id) if case.member_for(current_user) else None
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("incidents/new.html", case=case, form=form), status
    worker = db.session.get(User, int(form.worker_id.data))
    try:
        incident = operations.record_incident(case, worker, form.values(), by=current_user)
    except DomainError as error:
        return form_error(form, error, "incidents/new.html", case=case)
    if incident.managers_notified:
        flash(_("Incident recorded. The line manager has been told."), "success")
    else:
        flash(_("Incident recorded. Nobody in Supervise line-manages %(name)s: tell their "
                "manager directly.", name=worker.name), "error")
    return redirect(url_for("alerts.new", case_id=case.id, incident=incident.id))


@bp.route("/<int:case_id>/incidents/<int:incident_id>")
@case_route
def show(case: Case, incident_id: int):
    """One incident: what happened, who was told, the impact, the support and the review."""
    incident = get_in_case_or_404(Incident, case, incident_id)
    return render_template("incidents/show.html", case=case, incident=incident,
                           people=_people(case, incident.person_ids),
                           notified=_users(incident.managers_notified),
                           may_review=operations.may_review(current_user, incident))


@bp.route("/<int:case_id>/incidents/<int:incident_id>/review", methods=["GET", "POST"])
@case_route
def review(case: Case, incident_id: int):
    """The line manager's review of an incident."""
    incident = get_in_case_or_404(Incident, case, incident_id)
    back = url_for("incidents.show", case_id=case.id, incident_id=incident.id)
    if incident.is_reviewed or not operations.may_review(current_user, incident):
        return refuse(NotAllowed(_("Only a line manager of %(name)s can review this "
                                   "incident, once", name=incident.worker.name)), back)
    form = ReviewIncidentForm(obj=incident)
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("incidents/review.html", case=case, incident=incident,
                               form=form), status
    try:
        operations.review_incident(incident, form.changed_values(*ReviewIncidentForm.FIELDS),
                                   by=current_user, seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "incidents/review.html", case=case, incident=incident)
    flash(_("Review recorded. %(name)s has been told.", name=incident.worker.name), "success")
    return redirect(back)


@bp.route("/<int:case_id>/non-cooperation/new", methods=["GET", "POST"])
@case_route
def non_cooperation_new(case: Case):
    """Record non-cooperation, typed, with the reasons considered."""
    form = NonCooperationForm(case)
    types = guidance.load("non_cooperation_types")
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("incidents/non_cooperation_new.html", case=case, form=form,
                               types=types), status
    try:
        record = operations.record_non_cooperation(case, form.values(), by=current_user)
    except DomainError as error:
        return form_error(form, error, "incidents/non_cooperation_new.html", case=case,
                          types=types)
    flash(_("Non-cooperation recorded and added to the chronology"), "success")
    return redirect(url_for("incidents.non_cooperation_show", case_id=case.id,
                            record_id=record.id))


@bp.route("/<int:case_id>/non-cooperation/<int:record_id>")
@case_route
def non_cooperation_show(case: Case, record_id: int):
    """One non-cooperation record."""
    record = get_in_case_or_404(NonCooperationRecord, case, record_id)
    return render_template("incidents/non_cooperation_show.html", case=case, record=record,
                           people=_people(case, record.person_ids))


def _people(case: Case, ids: list[int] | None) -> list:
    return [p for p in case.people if p.id in set(ids or [])]


def _users(ids: list[int] | None) -> list[User]:
    if not ids:
        return []
    return list(db.session.scalars(sa.select(User).where(User.id.in_(ids)).order_by(User.name)))
