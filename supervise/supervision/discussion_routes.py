"""Discussing a case in supervision: the incidents and threats on it, the library's prompts,
notes and risk-management steps, decisions (management oversight), and sharing concerns with
the case team. Also the session-wide sections (impact on me, the manager's checks)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from supervise.accounts.models import User
from supervise.audit.operations import record_audit
from supervise.cases.access import case_route, get_in_case_or_404
from supervise.cases.models import Case
from supervise.core.errors import DomainError
from supervise.core.forms import ButtonForm, to_choices
from supervise.core.htmx import is_htmx
from supervise.core.views import form_error, invalid, refuse
from supervise.extensions import db
from supervise.supervision import answers as answer_ops
from supervise.supervision import autosave, queries, record
from supervise.supervision.access import get_session_or_404, role_in
from supervise.supervision.forms import CaseNotesForm, DecisionForm, NotSharedForm, ShareForm
from supervise.supervision.library import library
from supervise.supervision.models import ConcernShare, SessionCase
from supervise.supervision.models import SupervisionSession as Session
from supervise.supervision.overview import concerns, progress
from supervise.supervision.prompt_pages import save_one, section_page
from supervise.supervision.routes import bp, load_session_for_view
from supervise.templating import uk_date

WORKER_RISK = "planning-risk-to-worker"


def _entry_or_404(session: Session, case_id: int) -> SessionCase:
    entry = session.case_entry(case_id)
    if entry is None:
        abort(404)
    return entry


def action_plan_link(case_id: int) -> str:
    """Straight into drafting the pre-visit action plan for the case (``gwent:7.1``)."""
    return url_for("plans.new", case_id=case_id)


def _case_context(session: Session, entry: SessionCase) -> dict[str, Any]:
    answers = queries.answers_for(session)
    risk = answers.get((entry.case_id, WORKER_RISK))
    case_prompts = [p for p in library().prompts if p.scope == "case"
                    and p.section not in library().private_sections]
    return {
        "session": session, "entry": entry, "case": entry.case,
        "role": role_in(session, current_user), "library": library(),
        "progress": progress(answers, entry.case_id, "case"),
        "concerns": concerns(answers, entry.case_id, case_prompts),
        "answers": answers,
        "threats": queries.threats_on([entry.case_id],
                                      until=queries.brought_until(session))[entry.case_id],
        "alerts": queries.alerts_on([entry.case_id])[entry.case_id],
        "since": queries.last_held_before(session),
        "decisions": queries.decisions_for(session).get(entry.case_id, []),
        "shares": [s for s in queries.shares_for(session) if s.case_id == entry.case_id],
        "waiting": queries.unresolved_sharing(session, entry.case_id),
        "worker_risk": risk is not None and risk.answer == "yes",
        "plan_link": action_plan_link(entry.case_id),
    }


def _case_page(session: Session, entry: SessionCase, *, notes_form=None, decision_form=None,
               form=None, status: int = 200):
    notes_form = notes_form or CaseNotesForm(obj=entry, prefix="case")
    return render_template("supervision/case.html", **_case_context(session, entry),
                           notes_form=notes_form, decision_form=decision_form or DecisionForm(),
                           form=form), status


@bp.route("/supervision/sessions/<int:session_id>/cases/<int:case_id>")
@login_required
def case(session_id: int, case_id: int):
    """One case in the session: what the practitioner brings, the prompts, notes, decisions."""
    session = get_session_or_404(session_id)
    entry = _entry_or_404(session, case_id)
    record_audit("view", entry, case_id=case_id)
    return _case_page(session, entry)


@bp.route("/supervision/sessions/<int:session_id>/cases/<int:case_id>/sections/<section>",
          methods=["GET", "POST"])
@login_required
def case_section(session_id: int, case_id: int, section: str):
    """A section of prompts for one case."""
    session = get_session_or_404(session_id)
    entry = _entry_or_404(session, case_id)
    if request.method == "GET":
        viewed = record_audit("view", entry, case_id=case_id)
        if section in library().private_sections:
            viewed.case_id = None  # impact on me is never part of a case's trail
    return section_page(session, section, entry)


@bp.route("/supervision/sessions/<int:session_id>/sections/<session_section>",
          methods=["GET", "POST"])
@login_required
def session_section(session_id: int, session_section: str):
    """A section asked once per session: impact on me, the manager's checks."""
    session = load_session_for_view(session_id)
    return section_page(session, session_section, None)


@bp.route("/supervision/sessions/<int:session_id>/cases/<int:case_id>/answers/<prompt_id>",
          methods=["POST"])
@login_required
def case_answer(session_id: int, case_id: int, prompt_id: str):
    """Save one answer about a case as it is given."""
    session = get_session_or_404(session_id)
    return save_one(session, prompt_id, _entry_or_404(session, case_id))


@bp.route("/supervision/sessions/<int:session_id>/answers/<session_prompt>", methods=["POST"])
@login_required
def session_answer(session_id: int, session_prompt: str):
    """Save one session-wide answer as it is given."""
    return save_one(get_session_or_404(session_id), session_prompt, None)


@bp.route("/supervision/sessions/<int:session_id>/cases/<int:case_id>/notes", methods=["POST"])
@login_required
def case_notes(session_id: int, case_id: int):
    """Save the discussion notes and risk-management steps (as they are typed, with htmx)."""
    session = get_session_or_404(session_id)
    entry = _entry_or_404(session, case_id)
    form = CaseNotesForm(prefix="case")
    if not form.validate():
        if is_htmx():
            return autosave.not_saved(None, form)
        return _case_page(session, entry, notes_form=form, form=form, status=422)
    try:
        record.save_case_notes(entry, {"notes": form.notes.data, "risk_steps":
                                       form.risk_steps.data}, by=current_user,
                               seen_version=form.version.data)
    except DomainError as error:
        if is_htmx():
            return autosave.not_saved(error)
        context = {**_case_context(session, entry), "decision_form": DecisionForm(),
                   "notes_form": form}
        return form_error(form, error, "supervision/case.html", **context)
    if is_htmx():
        return autosave.saved(form.version, entry)
    flash(_("Notes saved"), "success")
    return redirect(url_for("supervision.case", session_id=session.id, case_id=case_id)
                    + "#notes")


@bp.route("/supervision/sessions/<int:session_id>/cases/<int:case_id>/decisions",
          methods=["POST"])
@login_required
def decision(session_id: int, case_id: int):
    """Record a decision about the case: it goes on the case as management oversight."""
    session = get_session_or_404(session_id)
    entry = _entry_or_404(session, case_id)
    form = DecisionForm()
    if not form.validate():
        return _case_page(session, entry, decision_form=form, form=form, status=422)
    try:
        record.record_decision(session, entry.case, form.text.data, by=current_user)
    except DomainError as error:
        return refuse(error, url_for("supervision.case", session_id=session.id,
                                     case_id=case_id) + "#decisions")
    flash(_("Decision recorded on the case"), "success")
    return redirect(url_for("supervision.case", session_id=session.id, case_id=case_id)
                    + "#decisions")


# --- Sharing concerns with the case team -------------------------------------------------------


def _share_context(session: Session, entry: SessionCase, share_form: ShareForm,
                   reason_forms: dict[int, NotSharedForm] | None = None) -> dict[str, Any]:
    waiting = queries.unresolved_sharing(session, entry.case_id)
    return {"session": session, "entry": entry, "case": entry.case, "waiting": waiting,
            "share_form": share_form, "role": role_in(session, current_user),
            "reason_forms": reason_forms or {a.id: NotSharedForm(prefix=f"reason-{a.id}")
                                             for a in waiting},
            "shares": [s for s in queries.shares_for(session) if s.case_id == entry.case_id],
            "button": ButtonForm()}


def _share_form(session: Session, entry: SessionCase) -> ShareForm:
    form = ShareForm()
    members = [m for m in entry.case.team if m.user_id != session.practitioner_id]
    form.recipients.choices = to_choices(
        (m.user_id, f"{m.user.name} — {m.role}, {m.user.agency.name}") for m in members)
    return form


@bp.route("/supervision/sessions/<int:session_id>/cases/<int:case_id>/share",
          methods=["GET", "POST"])
@login_required
def share(session_id: int, case_id: int):
    """Share each "yes" with the case team, or record why it is not shared."""
    session = load_session_for_view(session_id)
    entry = _entry_or_404(session, case_id)
    form = _share_form(session, entry)
    if request.method == "GET":
        form.message.data = _suggested_message(session, entry)
    if not form.validate_on_submit():
        context = _share_context(session, entry, form)
        return render_template("supervision/share.html", form=form, **context), (
            422 if form.errors else 200)
    chosen = [db.session.get(User, int(uid)) for uid in form.recipients.data or []]
    try:
        answer_ops.share_concerns(session, entry.case, [u for u in chosen if u],
                                  form.message.data, by=current_user)
    except DomainError as error:
        return form_error(form, error, "supervision/share.html",
                          **_share_context(session, entry, form))
    flash(_("Concerns shared with the case team"), "success")
    return redirect(url_for("supervision.case", session_id=session.id, case_id=case_id))


def _suggested_message(session: Session, entry: SessionCase) -> str:
    waiting = queries.unresolved_sharing(session, entry.case_id)
    when = uk_date(session.held_at or session.scheduled_for)
    lines = [_("In supervision on %(when)s I answered yes to:", when=when)]
    lines += [f"- {a.prompt_text}" + (f" {a.notes}" if a.notes else "") for a in waiting]
    return "\n".join(lines)


@bp.route("/supervision/sessions/<int:session_id>/cases/<int:case_id>/answers/<prompt_id>"
          "/not-shared", methods=["POST"])
@login_required
def not_shared(session_id: int, case_id: int, prompt_id: str):
    """Record why a "yes" is not being shared."""
    session = get_session_or_404(session_id)
    entry = _entry_or_404(session, case_id)
    answer = queries.find_answer(session, case_id, prompt_id)
    if answer is None:
        abort(404)
    form = NotSharedForm(prefix=f"reason-{answer.id}")
    if not form.validate():
        context = _share_context(session, entry, _share_form(session, entry))
        context["reason_forms"][answer.id] = form
        return invalid("supervision/share.html", form, **context)
    try:
        answer_ops.record_not_sharing(answer, session, form.reason.data, by=current_user)
    except DomainError as error:
        return refuse(error, url_for("supervision.share", session_id=session.id,
                                     case_id=case_id))
    flash(_("Reason for not sharing recorded"), "success")
    return redirect(url_for("supervision.share", session_id=session.id, case_id=case_id))


@bp.route("/cases/<int:case_id>/shared-concerns/<int:share_id>")
@case_route
def shared_concern(case: Case, share_id: int):
    """What was shared with the case team from supervision (never the impact on the worker)."""
    concern = get_in_case_or_404(ConcernShare, case, share_id)
    return render_template("supervision/shared_concern.html", case=case, concern=concern)
