"""The audit trail's filters: a GET form."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from supervise.accounts.models import User
from supervise.audit.queries import ACTIONS, TrailFilters
from supervise.core import forms as f


class TrailFilterForm(f.AppForm):
    class Meta:
        csrf = False

    person = f.select(_l("Who"), required=False)
    action = f.select(_l("What they did"), required=False)
    date_from = f.date_input(_l("From"), hint=_l("For example, 1 9 2026"))
    date_to = f.date_input(_l("To"))

    def __init__(self, formdata: Any, people: list[User]):
        super().__init__(formdata)
        self.person.choices = f.to_choices(
            [("", _l("Everyone")), *((u.id, u.name) for u in people)])
        self.action.choices = f.to_choices([("", _l("Anything")), *ACTIONS.items()])

    def validate_date_to(self, field: Any) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("‘To’ must be the same as or after ‘From’"))

    def filters(self) -> TrailFilters:
        person = self.person.data
        return TrailFilters(user_id=int(person) if person and str(person).isdigit() else None,
                            action=self.action.data or "", date_from=self.date_from.data,
                            date_to=self.date_to.data)
