"""The pages of prompts: a section of the library for one case (or for the session), posted
whole without JavaScript, or saved one prompt at a time as it is answered with htmx."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from supervise.core.concurrency import StaleRecord
from supervise.core.errors import DomainError
from supervise.core.htmx import is_htmx
from supervise.extensions import db
from supervise.supervision import answers as answer_ops
from supervise.supervision import autosave, queries
from supervise.supervision.access import role_in
from supervise.supervision.forms import PromptForm, prompt_form
from supervise.supervision.library import Prompt, Section, library
from supervise.supervision.models import SessionCase
from supervise.supervision.models import SupervisionSession as Session


class FormGroup:
    """Several prompt forms shown as one page: one error summary for all of them."""

    def __init__(self, forms: list[PromptForm]):
        self.forms = forms
        self.form_errors: list[str] = []

    @property
    def errors(self) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for form in self.forms:
            merged.update({f"{form._prefix}{name}": errs for name, errs in form.errors.items()})
        if self.form_errors:
            merged[""] = list(self.form_errors)
        return merged

    def __iter__(self):
        for form in self.forms:
            yield from form


def section_or_404(key: str, scope: str) -> tuple[Section, list[Prompt]]:
    section = library().section(key)
    prompts = library().prompts_in(key, scope) if section else []
    if section is None or not prompts:
        abort(404)
    return section, prompts


def section_url(session: Session, section: Section, entry: SessionCase | None) -> str:
    if entry is None:
        return url_for("supervision.session_section", session_id=session.id,
                       session_section=section.key)
    return url_for("supervision.case_section", session_id=session.id, case_id=entry.case_id,
                   section=section.key)


def answer_url(session: Session, prompt: Prompt, entry: SessionCase | None) -> str:
    if entry is None:
        return url_for("supervision.session_answer", session_id=session.id,
                       session_prompt=prompt.id)
    return url_for("supervision.case_answer", session_id=session.id, case_id=entry.case_id,
                   prompt_id=prompt.id)


def section_page(session: Session, key: str, entry: SessionCase | None, *,
                 typed: tuple[Prompt, PromptForm] | None = None,
                 refusal: DomainError | None = None):
    """Show a section's prompts; a whole-page POST saves every answer that changed.

    ``typed`` is one answer posted on its own without JavaScript and refused: the page shows
    it as typed, with its errors (or ``refusal``), beside the others as saved."""
    scope = "session" if entry is None else "case"
    section, prompts = section_or_404(key, scope)
    case_id = entry.case_id if entry else None
    saved = queries.answers_for(session)
    posted = request.method == "POST" and typed is None
    forms = [typed[1] if typed and typed[0].id == p.id
             else prompt_form(p, saved.get((case_id, p.id)), request.form if posted else None)
             for p in prompts]
    group = FormGroup(forms)
    context = {"session": session, "entry": entry, "section": section, "prompts": prompts,
               "saved": saved, "case_id": case_id,
               "forms": forms, "form": group, "role": role_in(session, current_user),
               "action": section_url(session, section, entry),
               "answer_url": lambda p: answer_url(session, p, entry),
               "next_url": _next_url(session, section, entry)}
    if typed is not None:
        if refusal is not None:
            return _refused(refusal, typed[0], typed[1], group, context)
        return render_template("supervision/section.html", **context), 422
    if not posted:
        return render_template("supervision/section.html", **context)
    if not all([form.validate() for form in forms]):
        return render_template("supervision/section.html", **context), 422
    for prompt, form in zip(prompts, forms, strict=True):
        if not form.version.data and not any(form.values().values()):
            continue  # blank when loaded, left blank: someone else may be answering it
        try:
            answer_ops.save_answer(session, prompt, form.values(), by=current_user,
                                   case=entry.case if entry else None,
                                   seen_version=form.version.data)
        except DomainError as error:
            return _refused(error, prompt, form, group, context)
    flash(_("%(section)s saved", section=section.title), "success")
    return redirect(context["next_url"])


def _refused(error: DomainError, prompt: Prompt, form: PromptForm, group: FormGroup,
             context: dict[str, Any]):
    db.session.rollback()
    if isinstance(error, StaleRecord):
        db.session.refresh(error.record)
        form.version.data = str(error.record.version)
        group.form_errors.append(_(
            "“%(prompt)s”: someone else saved a different answer after you opened this page. "
            "Your answers are still below: save again to replace theirs.", prompt=prompt.text))
        return render_template("supervision/section.html", **context), 409
    group.form_errors.append(f"“{prompt.text}”: {error.message}")
    return render_template("supervision/section.html", **context), 422


def _next_url(session: Session, section: Section, entry: SessionCase | None) -> str:
    """Save and continue: the next section at this scope, then back to where it started."""
    scope = "session" if entry is None else "case"
    keys = [s.key for s in library().sections_with(scope)]
    position = keys.index(section.key)
    if position + 1 < len(keys):
        following = library().section(keys[position + 1])
        assert following is not None
        return section_url(session, following, entry)
    if entry is None:
        return url_for("supervision.show", session_id=session.id)
    return url_for("supervision.case", session_id=session.id, case_id=entry.case_id)


def save_one(session: Session, prompt_id: str, entry: SessionCase | None):
    """Save one prompt's answer (htmx, as it is typed); without htmx, go back to its page."""
    scope = "session" if entry is None else "case"
    prompt = library().prompt(prompt_id)
    if prompt is None or prompt.scope != scope:
        abort(404)
    section = library().section(prompt.section)
    assert section is not None
    back = section_url(session, section, entry) + f"#prompt-{prompt.id}"
    answer = queries.find_answer(session, entry.case_id if entry else None, prompt.id)
    form = prompt_form(prompt, answer, request.form)
    if not form.validate():
        if is_htmx():
            return autosave.not_saved(None, form)
        return section_page(session, section.key, entry, typed=(prompt, form))
    try:
        answer = answer_ops.save_answer(session, prompt, form.values(), by=current_user,
                                        case=entry.case if entry else None,
                                        seen_version=form.version.data)
    except DomainError as error:
        if is_htmx():
            return autosave.not_saved(error)
        return section_page(session, section.key, entry, typed=(prompt, form), refusal=error)
    if is_htmx():
        return autosave.saved(form.version, answer)
    return redirect(back)
