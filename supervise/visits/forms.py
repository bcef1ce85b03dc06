"""Forms for a visit: check in, check out, no access, cancel, escalation, safety details, and
the dates of a practitioner's visit log."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from supervise import clock, guidance
from supervise.core import forms as f
from supervise.core.forms import to_choices
from supervise.visits.timefield import time_input

REQUIREMENT_ROWS = 3
SEEN_CHOICES = [("alone", _l("Seen, and seen alone")), ("seen", _l("Seen, but not alone")),
                ("not_seen", _l("Not seen"))]
YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]


class CheckInForm(f.VersionedForm):
    expected_return = time_input(_l("When do you expect to be back?"),
                                 hint=_l("Today, UK time. For example, 15:30. If you are not "
                                         "back by then your line manager is alerted."))


class NoAccessForm(f.VersionedForm):
    notes = f.textarea(_l("What happened at the door?"), required=True, max_length=2000,
                       hint=_l("For example, no answer, curtains drawn, voices heard inside; "
                               "card left"))


class CancelForm(f.VersionedForm):
    by_family = f.radios(_l("Who cancelled the visit?"),
                         to_choices([("family", _l("The family")),
                                     ("agency", _l("We did"))]))
    reason = f.textarea(_l("Why was it cancelled?"), required=True, max_length=2000)


class EscalationForm(f.AppForm):
    step = f.radios(_l("What did you do?"))
    notes = f.textarea(_l("Notes"), max_length=2000,
                       hint=_l("Who you spoke to, what they said, what happens next"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.step.choices = to_choices(guidance.choices("escalation_steps"))


class SafetyProfileForm(f.VersionedForm):
    mobile = f.text(_l("Work mobile number"), max_length=40)
    mobile_network = f.text(_l("Mobile network"), max_length=60)
    vehicle = f.text(_l("Vehicle you use for visits"), max_length=120,
                     hint=_l("Make, model and colour"))
    registration = f.text(_l("Registration number"), max_length=20)
    emergency_contact_name = f.text(_l("Emergency contact: name"), max_length=120)
    emergency_contact_relationship = f.text(_l("Emergency contact: relationship to you"),
                                            max_length=60)
    emergency_contact_phone = f.text(_l("Emergency contact: phone number"), max_length=40)
    home_address = f.textarea(_l("Home address"), max_length=500)
    home_phone = f.text(_l("Home phone number"), max_length=40)


def check_out_form(children: list[Any], formdata: Any = None) -> f.AppForm:
    """What the guidance asks after a visit (``gwent:2.3``, ``lancs:the-impact-on-your-
    assessment``), one question per child seen and per observation item."""

    class CheckOutForm(f.VersionedForm):
        who_present = f.textarea(_l("Who was present?"), required=True, max_length=2000,
                                 hint=_l("Everyone you saw, and anyone you heard or were told "
                                         "was there"))
        not_assessed = f.textarea(
            _l("What could not be assessed, and why?"), max_length=4000,
            hint=_l("Gwent 2.1: explicitly work out and record what areas of assessment are "
                    "difficult to achieve and why"))
        what_was_done = f.textarea(_l("What was done on the visit?"), required=True,
                                   max_length=4000,
                                   hint=_l("In plain words: this goes on the family's contact "
                                           "summary"))

    for child in children:
        setattr(CheckOutForm, f"child_{child.id}",
                f.radios(_l("Was %(name)s seen?", name=child.full_name), to_choices(SEEN_CHOICES)))
    items = guidance.load("visit_observations").items
    for item in items:
        key = item.id.replace("-", "_")
        setattr(CheckOutForm, f"obs_{key}", f.radios(item.text, to_choices(YES_NO)))
        setattr(CheckOutForm, f"obs_{key}_notes", f.textarea(_l("Notes"), max_length=2000))
    for n in range(1, REQUIREMENT_ROWS + 1):
        setattr(CheckOutForm, f"req_{n}_what",
                f.text(_l("What is required (%(n)d)", n=n), max_length=300))
        setattr(CheckOutForm, f"req_{n}_who", f.text(_l("Of whom"), max_length=120))
        setattr(CheckOutForm, f"req_{n}_by", f.date_input(_l("By when"), not_past=True))
    form = CheckOutForm(formdata=formdata)
    form.children = children  # type: ignore[attr-defined]
    form.items = items  # type: ignore[attr-defined]
    return form


def check_out_record(form: Any) -> dict[str, Any]:
    """The form's answers in the shape ``operations.check_out`` stores."""
    children = [(c, form[f"child_{c.id}"].data != "not_seen",
                 form[f"child_{c.id}"].data == "alone") for c in form.children]
    observations = {}
    for item in form.items:
        key = item.id.replace("-", "_")
        observations[item.id] = {"answer": form[f"obs_{key}"].data,
                                 "notes": form[f"obs_{key}_notes"].data or ""}
    requirements = []
    for n in range(1, REQUIREMENT_ROWS + 1):
        what = form[f"req_{n}_what"].data
        if what:
            by = form[f"req_{n}_by"].data
            requirements.append({"what": what, "who": form[f"req_{n}_who"].data or "",
                                 "by": by.isoformat() if by else ""})
    return {
        "who_present": form.who_present.data, "not_assessed": form.not_assessed.data or "",
        "what_was_done": form.what_was_done.data, "observations": observations,
        "requirements": requirements, "children": children,
        "children_seen": [{"person_id": c.id, "name": c.full_name, "seen": seen,
                           "alone": alone} for c, seen, alone in children],
    }


class VisitLogForm(f.AppForm):
    """The dates of a practitioner's visit log: a GET form, so an audit can be shared."""

    class Meta:
        csrf = False

    date_from = f.date_input(_l("Visits planned from"), hint=_l("For example, 1 9 2026"))
    date_to = f.date_input(_l("To"))

    LONGEST = timedelta(days=366)
    # Unless told otherwise: the last three months and the four weeks ahead.
    BEFORE, AFTER = timedelta(weeks=13), timedelta(weeks=4)

    def validate_date_to(self, field: Any) -> None:
        start, end = self.dates()
        if end < start:
            raise ValidationError(_l("‘To’ must be the same as or after ‘From’"))
        if end - start > self.LONGEST:
            raise ValidationError(_l("Choose dates no more than a year apart"))

    def dates(self) -> tuple[date, date]:
        """The first and last day shown (inclusive), filling in what was left blank."""
        start, end = self.date_from.data, self.date_to.data
        if start is None and end is None:
            today = clock.today()
            return today - self.BEFORE, today + self.AFTER
        if start is None:
            return end - self.BEFORE - self.AFTER, end  # type: ignore[operator]
        return start, end or start + self.BEFORE + self.AFTER
