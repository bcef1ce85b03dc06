"""Supervision: the overview, the prompt library, and a line manager's scheduling.

Every view: load (through ``access.py``) → validate → operate → respond. The session pages are
in ``session_routes.py`` and the discussion of cases in ``discussion_routes.py``; both add their
views to this blueprint.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from supervise import clock
from supervise.core.errors import DomainError
from supervise.core.views import form_error, invalid
from supervise.supervision import queries, scheduling
from supervise.supervision.access import get_supervisee_or_404
from supervise.supervision.forms import CadenceForm, ScheduleForm
from supervise.supervision.library import library
from supervise.supervision.models import SupervisionSession
from supervise.supervision.status import statuses, supervisees

bp = Blueprint("supervision", __name__)


@bp.route("/supervision")
@login_required
def index():
    """Your own supervision and actions; for line managers, where each person's stands."""
    if not current_user.works_cases:
        abort(404)
    mine = statuses([current_user])[0]
    team = statuses(supervisees(current_user))
    return render_template(
        "supervision/index.html", mine=mine, team=team,
        has_manager=bool(current_user.line_managers),
        sessions=queries.sessions_of(current_user.id),
        actions=queries.open_actions_owned(current_user.id))


@bp.route("/supervision/library")
@login_required
def library_page():
    """The prompt library and its version, with every prompt's source reference."""
    return render_template("supervision/library.html", library=library())


@bp.route("/supervision/practitioners/<int:user_id>")
@login_required
def practitioner(user_id: int):
    """A line manager's view of one practitioner's supervision: cadence, sessions, flags."""
    person = get_supervisee_or_404(user_id)
    return render_template("supervision/practitioner.html", person=person,
                           status=statuses([person])[0],
                           sessions=queries.sessions_of(person.id))


@bp.route("/supervision/practitioners/<int:user_id>/cadence", methods=["GET", "POST"])
@login_required
def cadence(user_id: int):
    """Set how often the practitioner is supervised."""
    person = get_supervisee_or_404(user_id)
    current = queries.cadence_for(person.id)
    form = CadenceForm(obj=current)
    if request.method == "GET" and current is None:
        form.every_weeks.data, form.starts_on.data = 4, clock.today()
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("supervision/cadence.html", form=form, person=person), status
    try:
        scheduling.set_cadence(person, form.every_weeks.data, form.starts_on.data,
                               by=current_user, seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "supervision/cadence.html", person=person)
    flash(_("Supervision for %(name)s is every %(n)d weeks", name=person.name,
            n=form.every_weeks.data), "success")
    return redirect(url_for("supervision.practitioner", user_id=person.id))


@bp.route("/supervision/practitioners/<int:user_id>/schedule", methods=["GET", "POST"])
@login_required
def schedule(user_id: int):
    """Book a session; a cancelled one waiting for a new date is re-arranged by it."""
    person = get_supervisee_or_404(user_id)
    form = ScheduleForm()
    waiting = queries.waiting_to_be_rearranged(person.id)
    if not form.validate_on_submit():
        if form.errors:
            return invalid("supervision/schedule.html", form, person=person, waiting=waiting)
        return render_template("supervision/schedule.html", form=form, person=person,
                               waiting=waiting)
    try:
        when = scheduling.session_when(form.day.data, form.time_of_day)
        session = scheduling.schedule_session(person, when, by=current_user)
    except DomainError as error:
        return form_error(form, error, "supervision/schedule.html", person=person,
                          waiting=waiting)
    flash(_("Supervision with %(name)s booked", name=person.name), "success")
    return redirect(url_for("supervision.show", session_id=session.id))


def load_session_for_view(session_id: int) -> SupervisionSession:
    """Load a session for a page and audit the view (it is a record about a person)."""
    from supervise.audit.operations import record_audit
    from supervise.supervision.access import get_session_or_404

    session = get_session_or_404(session_id)
    if request.method == "GET":
        record_audit("view", session)
    return session


# The session and discussion pages register their views on ``bp``.
from supervise.supervision import (  # noqa: E402,F401
    discussion_routes,
    panels,
    session_routes,
)
