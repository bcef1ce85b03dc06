"""Forms for supervision. The prompt forms are built from the library: one small form per
prompt, prefixed with its id, so a whole section posts as one page and each prompt can also
save on its own as it is typed."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms.validators import ValidationError

from supervise.core import forms as f
from supervise.supervision.library import Prompt, library
from supervise.supervision.models import SupervisionAnswer

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class CadenceForm(f.VersionedForm):
    every_weeks = f.integer(_l("Every how many weeks?"), required=True, minimum=1, maximum=26,
                            hint=_l("For example 4 for supervision every four weeks"))
    starts_on = f.date_input(_l("Counting from"), required=True,
                             message=_l("Enter the date the cadence counts from"),
                             hint=_l("Used until the first session is held. For example, "
                                     "6 1 2027"))


class ScheduleForm(f.AppForm):
    day = f.date_input(_l("Date"), required=True, not_past=True,
                       message=_l("Enter the date of the session"),
                       hint=_l("For example, 27 3 2027"))
    time = f.text(_l("Time"), required=True, max_length=5,
                  message=_l("Enter the time of the session"),
                  hint=_l("Use the 24-hour clock, for example 09:30 or 14:00"))

    def validate_time(self, field):  # type: ignore[no-untyped-def]
        if field.data and not _TIME.match(field.data):
            raise ValidationError(_l("Enter the time like 09:30 or 14:00"))

    @property
    def time_of_day(self) -> str:
        match = _TIME.match(self.time.data or "")
        return f"{int(match.group(1)):02d}:{match.group(2)}" if match else "00:00"


class CancelForm(f.AppForm):
    reason = f.textarea(_l("Why is the session cancelled?"), required=True, max_length=2000,
                        message=_l("Enter why the session is cancelled"),
                        hint=_l("A cancelled session must be re-arranged straight away "
                                "(Gwent 6.2)"))


class CasesForm(f.AppForm):
    case_ids = f.checkboxes(_l("Cases to discuss"),
                            hint=_l("Bring every case with violence or threats, and any you "
                                    "feel uneasy about even without an overt threat "
                                    "(Gwent 7.1)"))


class SessionNotesForm(f.VersionedForm):
    notes = f.textarea(_l("Session notes"), max_length=20000)


class CaseNotesForm(f.VersionedForm):
    notes = f.textarea(_l("Discussion notes"), max_length=20000)
    risk_steps = f.textarea(
        _l("Agreed risk-management steps"), max_length=10000,
        hint=_l("How each identified risk to workers will be managed or reduced. The action "
                "plan should be agreed before a visit takes place (Gwent 7.1)."))


class DecisionForm(f.AppForm):
    text = f.textarea(_l("Decision"), required=True, max_length=5000,
                      message=_l("Enter the decision"),
                      hint=_l("Recorded on the case as management oversight. If threats and "
                              "violence are a significant issue, say how the work will be "
                              "progressed safely and why (Gwent 6.1)."))


class ActionForm(f.AppForm):
    description = f.textarea(_l("Action"), required=True, max_length=2000,
                             message=_l("Enter the action"))
    owner_id = f.radios(_l("Who will do it?"), message=_l("Select who will do it"))
    due_on = f.date_input(_l("Due by"), required=True, not_past=True,
                          message=_l("Enter the date it is due by"),
                          hint=_l("For example, 27 3 2027"))
    case_id = f.select(_l("Case (optional)"), required=False)


class CompleteActionForm(f.AppForm):
    note = f.text(_l("What was done (optional)"), max_length=500)
    session_id = HiddenField()


class ShareForm(f.AppForm):
    recipients = f.checkboxes(_l("Share with"), required=True,
                              message=_l("Choose who to share the concerns with"),
                              hint=_l("Practitioners on the case team, in any agency. Your "
                                      "line manager is told as well."))
    message = f.textarea(_l("What you are sharing"), required=True, max_length=5000,
                         message=_l("Enter what you are sharing"))


class NotSharedForm(f.AppForm):
    reason = f.textarea(_l("Why is this not being shared?"), required=True, max_length=2000,
                        message=_l("Enter why this is not being shared"))


class AddendumForm(f.AppForm):
    text = f.textarea(_l("Addendum"), required=True, max_length=10000,
                      message=_l("Enter the addendum"),
                      hint=_l("Dated and signed with your name. The signed record itself "
                              "does not change."))


# --- Prompt forms ------------------------------------------------------------------------------

ANSWER_LABELS = {"yes": _l("Yes"), "no": _l("No"), "unsure": _l("Unsure")}


class PromptForm(f.AppForm):
    """Base of every prompt's form: the CSRF token is the page's, checked for the request."""

    class Meta:
        csrf = False

    version = HiddenField()
    prompt: Prompt

    def values(self) -> dict[str, Any]:
        return {name: self[name].data for name in ("answer", "choices", "notes")
                if name in self._fields}


@cache
def _form_class(prompt_id: str) -> type[PromptForm]:
    prompt = library().prompt(prompt_id)
    assert prompt is not None
    attrs: dict[str, Any] = {"prompt": prompt}
    if prompt.answer_type == "yes_no_unsure":
        attrs["answer"] = f.radios(prompt.item.label, f.to_choices(ANSWER_LABELS.items()),
                                   required=False)
    elif prompt.answer_type == "scale":
        attrs["answer"] = f.radios(prompt.item.label, f.to_choices(_scale_choices(prompt)),
                                   required=False)
    elif prompt.answer_type == "checklist":
        attrs["choices"] = f.checkboxes(prompt.item.label,
                                        f.to_choices((o.id, o.label) for o in prompt.options))
    label = prompt.item.label if prompt.answer_type == "text" else _l("Notes")
    attrs["notes"] = f.textarea(label, max_length=5000)
    return type(f"PromptForm_{prompt_id.replace('-', '_')}", (PromptForm,), attrs)


def _scale_choices(prompt: Prompt) -> list[tuple[str, str]]:
    low, high, low_label, high_label = prompt.scale or (1, 5, "", "")
    words = {low: low_label, high: high_label}
    return [(str(n), f"{n} – {words[n]}" if n in words else str(n)) for n in range(low, high + 1)]


def prefix_for(prompt: Prompt) -> str:
    return f"p-{prompt.id}"


def prompt_form(prompt: Prompt, answer: SupervisionAnswer | None,
                formdata: Any = None) -> PromptForm:
    """The form for one prompt: from what was posted, else from the saved answer."""
    data = {"version": str(answer.version) if answer else "",
            "answer": answer.answer if answer else "",
            "choices": list(answer.choices or []) if answer else [],
            "notes": answer.notes if answer else ""}
    form = _form_class(prompt.id)(formdata=formdata, prefix=prefix_for(prompt), data=data)
    _translate_labels(form, prompt)
    return form


def _translate_labels(form: PromptForm, prompt: Prompt) -> None:
    """Show the wording in the interface language (Welsh when the library has it)."""
    main = form.notes if prompt.answer_type == "text" else (
        form.choices if prompt.answer_type == "checklist" else form.answer)
    main.label.text = prompt.text
    if prompt.hint and prompt.answer_type != "text":
        main.description = prompt.hint
    elif prompt.hint:
        form.notes.description = prompt.hint
