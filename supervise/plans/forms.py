"""Forms for planning a visit and its action plan."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from supervise import guidance
from supervise.core import forms as f
from supervise.core.forms import to_choices
from supervise.plans.models import ActionPlan, VenueKind
from supervise.plans.rules import CHECKLIST
from supervise.visits.timefield import shown_time, time_input, uk_moment


class OptionalRadioField(f.AppRadioField):
    """Radios that may be left unanswered (a draft): only a chosen value is checked."""

    def pre_validate(self, form: Any) -> None:
        if self.data:
            super().pre_validate(form)


def optional_radios(label: Any, choices: list[Any]) -> OptionalRadioField:
    from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
    from wtforms.validators import Optional

    return OptionalRadioField(label, choices=choices, validators=[Optional()],
                              widget=GovRadioInput())


ANSWER_CHOICES = [("yes", _l("Yes")), ("no", _l("No")), ("na", _l("Not applicable"))]


class PlanDetailsForm(f.VersionedForm):
    """When, where, how long, who goes and why (``gwent:6.1``, ``gwent:4.2``)."""

    planned_date = f.date_input(_l("Date of the visit"), required=True, not_past=True,
                                hint=_l("For example, 27 3 2027"))
    planned_time = time_input(_l("Start time"))
    duration_minutes = f.integer(_l("Expected length of the visit, in minutes"), required=True,
                                 minimum=10, maximum=480)
    venue_kind = f.radios(_l("Where will the visit take place?"), f.enum_choices(VenueKind),
                          coerce=VenueKind)
    venue_address = f.textarea(_l("Address of the venue"), required=True, max_length=500,
                               hint=_l("The family's address if the visit is at home"))
    purpose = f.textarea(_l("Why are we visiting?"), required=True, max_length=2000,
                         hint=_l("In plain words: this goes on the contact summary the family "
                                 "gets (Gwent 4.2)."))
    joint_visitor_id = f.select(_l("Who is going with you?"), required=False,
                                hint=_l("A colleague or line manager, or a practitioner from "
                                        "another agency on the case team"))
    police_present = f.checkbox(_l("The police will be present"))
    police_details = f.textarea(_l("Police attendance"), max_length=500,
                                hint=_l("Officer, station or incident number, and what has "
                                        "been agreed"))

    FIELDS = ("duration_minutes", "venue_kind", "venue_address", "purpose", "police_present",
              "police_details")

    def set_visitors(self, people: list[Any]) -> None:
        self.joint_visitor_id.choices = to_choices(
            [("", _l("Nobody: I am going alone")),
             *[(u.id, f"{u.name} ({u.job_title or u.role.label}, {u.agency.name})")
               for u in people]])

    def fill_from(self, plan: ActionPlan) -> None:
        from supervise import clock

        self.planned_date.data = clock.to_uk(plan.planned_start).date()
        self.planned_time.data = shown_time(plan.planned_start)
        self.joint_visitor_id.data = str(plan.joint_visitor_id or "")

    def values(self) -> dict[str, Any]:
        chosen = self.joint_visitor_id.data
        return {**self.changed_values(*self.FIELDS),
                "planned_start": uk_moment(self.planned_date.data, self.planned_time.data),
                "joint_visitor_id": int(chosen) if chosen else None}


class RiskForm(f.VersionedForm):
    risk = f.textarea(_l("What is the risk?"), required=True, max_length=2000,
                      hint=_l("For example, dogs let loose in the hallway (Gwent 5.1)"))
    management = f.textarea(_l("How will it be managed or reduced?"), required=True,
                            max_length=2000,
                            hint=_l("For example, ask for the dogs to be shut away before "
                                    "going in; leave if they are not"))


class ReturnForm(f.VersionedForm):
    comments = f.textarea(_l("What needs to change?"), required=True, max_length=4000)


class VersionButtonForm(f.VersionedForm):
    """A POST button that carries the version of the record the user was looking at."""


def checklist_form(plan: ActionPlan, formdata: Any = None) -> f.VersionedForm:
    """One yes / no / not applicable question per checklist item, each with a note."""
    items = guidance.load(CHECKLIST).items

    class ChecklistForm(f.VersionedForm):
        pass

    for item in items:
        key = item.id.replace("-", "_")
        setattr(ChecklistForm, f"answer_{key}",
                optional_radios(item.text, to_choices(ANSWER_CHOICES)))
        setattr(ChecklistForm, f"notes_{key}",
                f.textarea(_l("What this means for this visit"), max_length=1000))
    form = ChecklistForm(formdata=formdata, obj=plan)
    if formdata is None:
        for item in items:
            key = item.id.replace("-", "_")
            answer = (plan.checklist or {}).get(item.id) or {}
            form[f"answer_{key}"].data = answer.get("answer")
            form[f"notes_{key}"].data = answer.get("notes", "")
    form.items = items  # type: ignore[attr-defined]
    return form


def checklist_answers(form: Any) -> dict[str, dict[str, str]]:
    answers = {}
    for item in form.items:
        key = item.id.replace("-", "_")
        answer = form[f"answer_{key}"].data
        if answer or form[f"notes_{key}"].data:
            answers[item.id] = {"answer": answer or "", "notes": form[f"notes_{key}"].data or ""}
    return answers
