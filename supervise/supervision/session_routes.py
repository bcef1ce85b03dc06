"""A supervision session: its overview, the practitioner's preparation, starting, cancelling,
notes, agreed actions, signatures, addenda and the printable record."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from supervise import clock
from supervise.accounts.models import User
from supervise.core.errors import DomainError
from supervise.core.forms import ButtonForm, to_choices
from supervise.core.htmx import is_htmx, render
from supervise.core.views import form_error, invalid, refuse
from supervise.extensions import db
from supervise.supervision import autosave, queries, record, scheduling
from supervise.supervision.access import get_action_or_404, get_session_or_404, role_in
from supervise.supervision.forms import (
    ActionForm,
    AddendumForm,
    CancelForm,
    CasesForm,
    CompleteActionForm,
    SessionNotesForm,
)
from supervise.supervision.library import library
from supervise.supervision.models import SessionStatus
from supervise.supervision.models import SupervisionSession as Session
from supervise.supervision.overview import overview_context, record_context
from supervise.supervision.routes import bp, load_session_for_view


def _back(session: Session) -> str:
    return url_for("supervision.show", session_id=session.id)


@bp.route("/supervision/sessions/<int:session_id>")
@login_required
def show(session_id: int):
    """The session: preparation, the cases, impact on me, actions, notes and signatures."""
    session = load_session_for_view(session_id)
    notes = SessionNotesForm(obj=session, prefix="session")
    return render_template("supervision/session.html", **overview_context(session),
                           notes_form=notes, button=ButtonForm(), addendum_form=AddendumForm())


@bp.route("/supervision/sessions/<int:session_id>/prepare", methods=["GET", "POST"])
@login_required
def prepare(session_id: int):
    """Choose the cases to discuss, seeing the incidents and threats on each."""
    session = load_session_for_view(session_id)
    cases = queries.practitioner_cases(session.practitioner)
    form = CasesForm()
    form.case_ids.choices = to_choices((c.id, c.family_name) for c in cases)
    context = {"session": session, "cases": cases,
               "threats": queries.threats_on([c.id for c in cases]),
               "alerts": queries.alerts_on([c.id for c in cases]),
               "since": queries.last_held_before(session)}
    if request.method == "GET":
        form.case_ids.data = [str(entry.case_id) for entry in session.cases] or [
            str(c.id) for c in cases if _has_new_threats(c.id, context)]
    if not form.validate_on_submit():
        return render_template("supervision/prepare.html", form=form, **context), (
            422 if form.errors else 200)
    chosen = [c for c in cases if str(c.id) in (form.case_ids.data or [])]
    try:
        scheduling.choose_cases(session, chosen, by=current_user)
    except DomainError as error:
        return form_error(form, error, "supervision/prepare.html", **context)
    flash(_("Cases to discuss saved"), "success")
    return redirect(_back(session))


def _has_new_threats(case_id: int, context: dict) -> bool:
    """Suggested for discussion: an alert in force, or an incident or threat since the last
    supervision (gwent:7.1: bring the case records of any violence or threats)."""
    since = context["since"]
    return bool(context["alerts"][case_id]) or any(
        since is None or event.occurred_at > since for event in context["threats"][case_id])


@bp.route("/supervision/sessions/<int:session_id>/prepared", methods=["POST"])
@login_required
def prepared(session_id: int):
    """The practitioner tells their manager they have prepared."""
    session = get_session_or_404(session_id)
    try:
        scheduling.mark_prepared(session, by=current_user)
    except DomainError as error:
        return refuse(error, _back(session))
    flash(_("Your line manager has been told you are prepared"), "success")
    return redirect(_back(session))


@bp.route("/supervision/sessions/<int:session_id>/start", methods=["POST"])
@login_required
def start(session_id: int):
    """The line manager starts the session."""
    session = get_session_or_404(session_id)
    try:
        scheduling.start_session(session, by=current_user)
    except DomainError as error:
        return refuse(error, _back(session))
    flash(_("Session started"), "success")
    return redirect(_back(session))


@bp.route("/supervision/sessions/<int:session_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(session_id: int):
    """Cancel with a reason; the manager is asked to re-arrange it straight away."""
    session = load_session_for_view(session_id)
    form = CancelForm()
    if not form.validate_on_submit():
        return render_template("supervision/cancel.html", form=form, session=session), (
            422 if form.errors else 200)
    try:
        scheduling.cancel_session(session, form.reason.data, by=current_user)
    except DomainError as error:
        return form_error(form, error, "supervision/cancel.html", session=session)
    flash(_("Session cancelled. It must be re-arranged: set a new date."), "success")
    return redirect(_back(session))


@bp.route("/supervision/sessions/<int:session_id>/notes", methods=["POST"])
@login_required
def notes(session_id: int):
    """Save the session notes (as they are typed, with JavaScript)."""
    session = get_session_or_404(session_id)
    form = SessionNotesForm(prefix="session")
    if not form.validate():
        if is_htmx():
            return autosave.not_saved(None, form)
        return invalid("supervision/session.html", form, **_overview_forms(session, form))
    try:
        record.save_session_notes(session, form.notes.data or "", by=current_user,
                                  seen_version=form.version.data)
    except DomainError as error:
        if is_htmx():
            return autosave.not_saved(error)
        return form_error(form, error, "supervision/session.html",
                          **_overview_forms(session, form, rollback=False))
    if is_htmx():
        return autosave.saved(form.version, session)
    flash(_("Session notes saved"), "success")
    return redirect(_back(session) + "#session-notes")


def _overview_forms(session: Session, notes_form: SessionNotesForm, rollback: bool = True):
    if rollback:
        db.session.rollback()
    return {**overview_context(session), "notes_form": notes_form, "button": ButtonForm(),
            "addendum_form": AddendumForm()}


@bp.route("/supervision/sessions/<int:session_id>/actions", methods=["GET", "POST"])
@login_required
def actions(session_id: int):
    """Actions carried over from earlier sessions, and actions agreed in this one."""
    session = load_session_for_view(session_id)
    form = _action_form(session)
    context = {"session": session, "role": role_in(session, current_user),
               "carried": queries.carried_actions(session),
               "agreed": queries.actions_agreed(session), "done_form": CompleteActionForm()}
    if request.method == "GET" or not form.validate_on_submit():
        return render("supervision/actions.html", status=422 if form.errors else 200,
                      form=form, **context)
    owner = db.session.get(User, int(form.owner_id.data))
    entry = session.case_entry(int(form.case_id.data)) if form.case_id.data else None
    try:
        record.add_action(session, form.description.data, owner, form.due_on.data,
                          by=current_user, case=entry.case if entry else None)
    except DomainError as error:
        return form_error(form, error, "supervision/actions.html", **context)
    flash(_("Action agreed"), "success")
    return redirect(url_for("supervision.actions", session_id=session.id))


def _action_form(session: Session) -> ActionForm:
    form = ActionForm()
    people = {session.practitioner_id: session.practitioner, session.manager_id: session.manager,
              current_user.id: current_user}
    form.owner_id.choices = to_choices((u.id, u.name) for u in people.values())
    form.case_id.choices = to_choices(
        [("", _("Not about one case")), *((e.case_id, e.case.family_name)
                                          for e in session.cases)])
    return form


@bp.route("/supervision/actions/<int:action_id>/done", methods=["POST"])
@login_required
def action_done(action_id: int):
    """Mark an agreed action done, in the session reviewing it or from your list."""
    action = get_action_or_404(action_id)
    form = CompleteActionForm()
    in_session = _session_posted(form.session_id.data)
    back = (url_for("supervision.actions", session_id=in_session.id) if in_session
            else url_for("supervision.index"))
    if not form.validate():
        return refuse(DomainError(_("What was done must be 500 characters or fewer")), back)
    try:
        record.complete_action(action, by=current_user, note=form.note.data or "",
                               in_session=in_session)
    except DomainError as error:
        return refuse(error, back)
    flash(_("Action marked as done"), "success")
    return redirect(back)


def _session_posted(value: str | None) -> Session | None:
    if not value or not str(value).isdigit():
        return None
    return get_session_or_404(int(value))


@bp.route("/supervision/sessions/<int:session_id>/sign", methods=["POST"])
@login_required
def sign(session_id: int):
    """Sign the record; once both have signed it is read-only."""
    session = get_session_or_404(session_id)
    try:
        record.sign(session, by=current_user)
    except DomainError as error:
        return refuse(error, _back(session) + "#sign")
    flash(_("Record signed by both: it is now read-only") if session.status is
          SessionStatus.SIGNED else _("You have signed the record"), "success")
    return redirect(_back(session))


@bp.route("/supervision/sessions/<int:session_id>/addenda", methods=["POST"])
@login_required
def addendum(session_id: int):
    """Add a dated addendum to a signed record."""
    session = get_session_or_404(session_id)
    form = AddendumForm()
    if not form.validate():
        context = _overview_forms(session, SessionNotesForm(obj=session, prefix="session"))
        context["addendum_form"] = form
        return invalid("supervision/session.html", form, **context)
    try:
        record.add_addendum(session, form.text.data, by=current_user)
    except DomainError as error:
        return refuse(error, _back(session))
    flash(_("Addendum added"), "success")
    return redirect(_back(session) + "#addenda")


@bp.route("/supervision/sessions/<int:session_id>/record")
@login_required
def record_page(session_id: int):
    """The whole record on one page, laid out for printing."""
    session = load_session_for_view(session_id)
    return render_template("supervision/record.html", **record_context(session),
                           library=library(), printed_at=clock.now())
