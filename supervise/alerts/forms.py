"""Forms for raising, reviewing and removing risk alerts."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from supervise import guidance
from supervise.alerts.models import AlertLevel
from supervise.core import forms as f


class _AlertChoices:
    """Behaviours and precautions come from the guidance lists, worded in the user's language."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.behaviours.choices = f.to_choices(guidance.choices("behaviours"))  # type: ignore[attr-defined]
        self.precautions.choices = f.to_choices(guidance.choices("precautions"))  # type: ignore[attr-defined]


class RaiseAlertForm(_AlertChoices, f.AppForm):
    level = f.radios(_l("Level of risk"), f.enum_choices(AlertLevel), coerce=AlertLevel,
                     message=_l("Select the level of risk"))
    behaviours = f.checkboxes(_l("Behaviours seen"),
                              hint=_l("Gwent 5.1: threatening behaviour. Select all that apply."))
    precautions = f.checkboxes(_l("Precautions before any contact"),
                               hint=_l("Everyone on the case team must take these. Action plans "
                                       "for visits check them."))
    reason = f.textarea(_l("Why colleagues must take care"), required=True, max_length=2000,
                        message=_l("Enter why colleagues must take care"),
                        hint=_l("What happened, and what anyone visiting needs to know"))
    review_date = f.date_input(_l("Review by"), required=True, not_past=True,
                               message=_l("Enter the date the alert will be reviewed"),
                               hint=_l("For example, 27 3 2027"))

    FIELDS = ("level", "behaviours", "precautions", "reason", "review_date")

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not self.behaviours.data and not self.precautions.data:
            self.behaviours.errors = [*self.behaviours.errors, _l(
                "Select the behaviours seen or the precautions colleagues must take")]
            valid = False
        return valid


class ReviewAlertForm(_AlertChoices, f.VersionedForm):
    level = RaiseAlertForm.level
    behaviours = RaiseAlertForm.behaviours
    precautions = RaiseAlertForm.precautions
    notes = f.textarea(_l("What the review found"), required=True, max_length=5000,
                       message=_l("Enter what the review found"),
                       hint=_l("Is the alert still needed? Has anything happened since?"))
    next_review_date = f.date_input(_l("Next review by"), required=True, not_past=True,
                                    message=_l("Enter the date of the next review"))

    FIELDS = ("level", "behaviours", "precautions")


class RemoveAlertForm(f.VersionedForm):
    removal_reason = f.textarea(_l("Why the alert is no longer needed"), required=True,
                        max_length=2000, message=_l("Enter why the alert is no longer needed"),
                        hint=_l("The alert and this reason stay in the case's alert history"))
