"""Forms for recording an incident, its review by a line manager, and non-cooperation."""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from supervise import clock, guidance
from supervise.cases.models import Case
from supervise.core import forms as f
from supervise.incidents.models import PoliceDecision, needs_police_decision

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


def parse_time(text: str) -> time:
    """``14:30``, ``14.30``, ``2:30pm``, ``2pm`` → a time; ``ValueError`` otherwise."""
    match = _TIME.match(text.strip())
    if match is None:
        raise ValueError(text)
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if half.lower() == "pm" else 0)
    elif match.group(2) is None:
        raise ValueError(text)  # "14" alone is ambiguous: ask for 14:00
    return time(hour, minute)


def _people_choices(case: Case) -> list:
    return f.to_choices((p.id, f"{p.full_name} ({p.kind.label.lower()})") for p in case.people)


class IncidentForm(f.AppForm):
    worker_id = f.radios(_l("Who was it towards?"), coerce=str,
                         message=_l("Select who the incident was towards"))
    occurred_on = f.date_input(_l("When did it happen?"), required=True, not_future=True,
                               message=_l("Enter the date of the incident"),
                               hint=_l("For example, 27 3 2026"))
    occurred_time = f.text(_l("Time"), max_length=10, hint=_l("For example, 14:30 or 2:30pm"))
    location = f.text(_l("Where did it happen?"), required=True, max_length=200,
                      message=_l("Enter where the incident happened"),
                      hint=_l("For example, the family home, the office reception, a car park"))
    behaviours = f.checkboxes(_l("What kind of behaviour was it?"),
                              hint=_l("Gwent 5.1 and Pan Lancashire: threatening behaviour. "
                                      "Select all that apply."))
    other_behaviour = f.text(_l("Any other behaviour"), max_length=300,
                             hint=_l("The list is not definitive: threats can be covert or "
                                     "implied"))
    person_ids = f.checkboxes(_l("Who said or did it?"))
    others_involved = f.text(_l("Someone else"), max_length=300,
                             hint=_l("Anyone not in the family's record, for example a visitor"))
    what_happened = f.textarea(_l("What was said and done"), required=True, max_length=10000,
                               message=_l("Enter what was said and done"),
                               hint=_l("Record what was said, by whom, as exactly as you can"))
    worker_response = f.textarea(_l("What the worker said and did"), required=True,
                                 max_length=10000,
                                 message=_l("Enter what the worker said and did"))
    manager_told_directly = f.checkbox(
        _l("The line manager has also been told directly, in person or by phone"),
        hint=_l("Supervise tells the worker's line manager as soon as you save this record "
                "(Gwent 6.1: contact the line manager immediately)"))
    police_decision = f.radios(
        _l("The police"), f.enum_choices(PoliceDecision), required=False,
        coerce=lambda value: PoliceDecision(value) if value else None,
        hint=_l("Required when there was physical violence or a threat to kill. Threats of "
                "violence are a criminal offence (Gwent 6.2)."))
    police_reason = f.textarea(_l("Reason for the decision about the police"), max_length=5000)
    police_reference = f.text(_l("Police reference"), max_length=60,
                              hint=_l("If the police gave one"))
    impacts = f.checkboxes(_l("Impact on the worker"),
                           hint=_l("Gwent 5.3: not a definitive list. Select all that apply."))
    impact_notes = f.textarea(_l("More about the impact on the worker"), max_length=5000)
    support = f.checkboxes(_l("Support offered"))
    support_notes = f.textarea(_l("More about the support offered"), max_length=5000)

    FIELDS = ("location", "behaviours", "other_behaviour", "others_involved", "what_happened",
              "worker_response", "manager_told_directly", "police_decision", "police_reason",
              "police_reference", "impacts", "impact_notes", "support", "support_notes")

    def __init__(self, case: Case, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.worker_id.choices = f.to_choices(
            (m.user_id, f"{m.user.name}, {m.role} ({m.user.agency.name})") for m in case.team)
        self.behaviours.choices = f.to_choices(guidance.choices("behaviours"))
        self.person_ids.choices = _people_choices(case)
        self.impacts.choices = f.to_choices(guidance.choices("worker_impacts"))
        self.support.choices = f.to_choices(guidance.choices("worker_support"))

    def validate_occurred_time(self, field: Any) -> None:
        if field.data:
            try:
                parse_time(field.data)
            except ValueError as error:
                raise ValidationError(_l("Enter the time like 14:30 or 2:30pm")) from error

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        return self._check_answers() and valid

    def _check_answers(self) -> bool:
        """The same rules the operation enforces, shown next to their fields."""
        problems = []
        if not self.behaviours.data and not self.other_behaviour.data:
            problems.append((self.behaviours, _l("Select the behaviour, or describe it")))
        if not self.person_ids.data and not self.others_involved.data:
            problems.append((self.person_ids, _l("Select who said or did it, or describe them")))
        if needs_police_decision(self.behaviours.data or []):
            if self.police_decision.data is None:
                problems.append((self.police_decision, _l(
                    "Select whether the police were informed: there was violence or a "
                    "threat to kill")))
            if not self.police_reason.data:
                problems.append((self.police_reason, _l(
                    "Enter the reason for the decision about the police")))
        for field, message in problems:
            field.errors = [*field.errors, message]
        return not problems

    def occurred_at(self) -> datetime | None:
        """The date and time typed, in UK time, as stored (naive UTC)."""
        if self.occurred_on.data is None:
            return None
        when = parse_time(self.occurred_time.data) if self.occurred_time.data else time(12, 0)
        return clock.from_uk(datetime.combine(self.occurred_on.data, when))

    def values(self) -> dict[str, Any]:
        """What the operation records."""
        return {**self.changed_values(*self.FIELDS), "occurred_at": self.occurred_at(),
                "person_ids": [int(i) for i in self.person_ids.data or []]}


class ReviewIncidentForm(f.VersionedForm):
    review_cause = f.textarea(
        _l("What may have caused it?"), required=True, max_length=5000,
        message=_l("Enter what may have caused the incident"),
        hint=_l("Gwent 6.2: explore the cause, for example whether it was racially or "
                "culturally motivated"))
    review_decision = f.textarea(
        _l("How will the work progress safely, and why?"), required=True, max_length=5000,
        message=_l("Enter how the work will progress safely"),
        hint=_l("Gwent 6.1: consider how the work could be progressed safely; document the "
                "decision and the reasons for it"))
    support = f.checkboxes(_l("Support offered"))
    support_notes = f.textarea(_l("More about the support offered"), max_length=5000)

    FIELDS = ("review_cause", "review_decision", "support", "support_notes")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.support.choices = f.to_choices(guidance.choices("worker_support"))


class NonCooperationForm(f.AppForm):
    observed_on = f.date_input(_l("When was it seen?"), required=True, not_future=True,
                               message=_l("Enter the date it was seen"),
                               hint=_l("For example, 27 3 2026"))
    kind = f.radios(_l("What type of non-cooperation is it?"),
                    message=_l("Select the type of non-cooperation"),
                    hint=_l("Gwent 1.2 and 1.3. These behaviours are not always shown "
                            "consistently."))
    person_ids = f.checkboxes(_l("Who?"))
    observed = f.textarea(_l("What was seen or heard"), required=True, max_length=10000,
                          message=_l("Enter what was seen or heard"))
    reasons = f.checkboxes(_l("Reasons considered"),
                           hint=_l("Gwent 1.4: why might the family not be cooperating? "
                                   "Select any that may apply."))
    reasons_notes = f.textarea(_l("Your thinking about the reasons"), max_length=5000,
                               hint=_l("Make every effort to understand why (Gwent 4.1)"))
    response = f.textarea(_l("What was done about it"), max_length=5000)

    FIELDS = ("observed_on", "kind", "observed", "reasons", "reasons_notes", "response")

    def __init__(self, case: Case, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kind.choices = f.to_choices(guidance.choices("non_cooperation_types"))
        self.person_ids.choices = _people_choices(case)
        self.reasons.choices = f.to_choices(guidance.choices("non_cooperation_reasons"))

    def values(self) -> dict[str, Any]:
        return {**self.changed_values(*self.FIELDS),
                "person_ids": [int(i) for i in self.person_ids.data or []]}
