"""Forms for the chronology: the timeline's filters (a GET form), a typed-in entry, an addendum."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from supervise.accounts.models import Agency
from supervise.cases.models import Case, PersonKind
from supervise.chronology.operations import MANUAL_CATEGORIES
from supervise.chronology.queries import Filters
from supervise.core import forms as f
from supervise.events.categories import CATEGORIES, label_for

ORDERS = (("newest", _l("Newest first")), ("oldest", _l("Oldest first")))


class TimelineFilterForm(f.AppForm):
    class Meta:
        csrf = False  # a GET form: filters are in the address, so a filtered view can be shared

    category = f.select(_l("Category"), required=False)
    agency = f.select(_l("Recorded by agency"), required=False)
    date_from = f.date_input(_l("From"), hint=_l("For example, 1 9 2026"))
    date_to = f.date_input(_l("To"))
    order = f.select(_l("Order"), f.to_choices(ORDERS), required=False)

    def __init__(self, formdata: Any, agencies: list[Agency]):
        super().__init__(formdata)
        self.category.choices = f.to_choices(
            [("", _l("All categories")), *((k, v) for k, v in CATEGORIES.items())])
        self.agency.choices = f.to_choices(
            [("", _l("All agencies")), *((a.id, a.name) for a in agencies)])

    def validate_date_to(self, field: Any) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("‘To’ must be the same as or after ‘From’"))

    def filters(self) -> Filters:
        """The filters chosen (none, when the form is invalid)."""
        agency = self.agency.data
        return Filters(category=self.category.data or "", date_from=self.date_from.data,
                       date_to=self.date_to.data,
                       agency_id=int(agency) if agency and str(agency).isdigit() else None,
                       newest_first=self.order.data != "oldest")


class EntryForm(f.AppForm):
    occurred_on = f.date_input(_l("When did it happen?"), required=True, not_future=True,
                               message=_l("Enter the date it happened"),
                               hint=_l("For example, 27 3 2026"))
    category = f.select(_l("What kind of event was it?"),
                        f.to_choices((c, label_for(c)) for c in MANUAL_CATEGORIES),
                        message=_l("Select what kind of event it was"))
    summary = f.text(_l("What happened"), required=True, max_length=500,
                     message=_l("Enter what happened"),
                     hint=_l("One line for the timeline, for example ‘Missed the 10am "
                             "health visitor appointment; mother said the bus was late’"))
    details = f.textarea(_l("Details"), max_length=10000,
                         hint=_l("What was said, by whom, what you did, the impact on the "
                                 "child"))
    reported_by = f.text(_l("Reported by"), max_length=120,
                         hint=_l("Who told you, if not you: for example ‘Larchfield Primary, "
                                 "attendance officer’"))
    child_ids = f.checkboxes(_l("Which children does it concern?"))
    seen_ids = f.checkboxes(_l("Children seen"),
                            hint=_l("Tick a child only if someone actually saw them"))
    seen_alone_ids = f.checkboxes(_l("Children seen alone"),
                                  hint=_l("Gwent 2.3: was the child seen alone?"))

    FIELDS = ("occurred_on", "category", "summary", "details", "reported_by", "child_ids",
              "seen_ids", "seen_alone_ids")

    def __init__(self, case: Case, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        children = f.to_choices((p.id, p.full_name) for p in case.people if p.is_child)
        born = f.to_choices((p.id, p.full_name) for p in case.people
                            if p.kind is PersonKind.CHILD)
        self.child_ids.choices = children
        self.seen_ids.choices = born
        self.seen_alone_ids.choices = born


class AddendumForm(f.AppForm):
    text = f.textarea(_l("Addendum"), required=True, max_length=5000,
                      message=_l("Enter the addendum"),
                      hint=_l("The entry itself is never changed. Your addendum is added "
                              "below it, signed and dated."))
