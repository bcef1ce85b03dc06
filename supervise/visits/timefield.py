"""A time of day typed as text ("14:30", "2:30pm", "9.15"): GOV.UK has no time input, so the
field is a text input whose value is parsed and explained back in our words."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from flask_babel import gettext as _
from wtforms.validators import ValidationError

from supervise import clock
from supervise.core import forms as f

_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


def parse_time(text: str) -> time | None:
    """``14:30``, ``2:30pm``, ``9.15``, ``9am`` → a time; ``None`` when it is not one."""
    match = _TIME.match((text or "").strip().lower())
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


class TimeOfDay:
    """Validator: the text is a time of day."""

    def __call__(self, form, field) -> None:  # type: ignore[no-untyped-def]
        if field.data and parse_time(field.data) is None:
            raise ValidationError(_("Enter %(label)s as a time of day, like 14:30 or 2:30pm",
                                    label=str(field.label.text).lower()))


def time_input(label: str, *, required: bool = True, hint: str | None = None):
    return f.text(label, required=required, max_length=10, validators=[TimeOfDay()],
                  hint=hint or _("For example, 14:30 or 2:30pm"))


def uk_moment(day: date, text: str) -> datetime:
    """A UK local date and typed time as the naive UTC the database stores."""
    moment = parse_time(text)
    assert moment is not None  # validated by TimeOfDay  # noqa: S101
    return clock.from_uk(datetime.combine(day, moment))


def shown_time(moment: datetime | None) -> str:
    """A stored naive-UTC moment as ``14:30`` UK time, to pre-fill a time field."""
    return clock.to_uk(moment).strftime("%H:%M") if moment else ""
