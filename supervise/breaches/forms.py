"""Forms for breaches, their follow-ups, and the decision on repeated breaches."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from supervise.breaches.models import BreachSource
from supervise.core import forms as f


class BreachForm(f.AppForm):
    clause_id = f.radios(_l("Which term of the agreement was broken?"),
                         message=_l("Select the term of the agreement that was broken"))
    occurred_on = f.date_input(_l("When did it happen?"), required=True, not_future=True,
                               hint=_l("For example, 27 3 2027"),
                               message=_l("Enter when it happened"))
    what_happened = f.textarea(_l("What happened?"), required=True, max_length=5000,
                               hint=_l("Exactly what was said and done, and by whom"),
                               message=_l("Enter what happened"))
    source = f.radios(_l("How do we know?"), f.enum_choices(BreachSource), coerce=BreachSource,
                      message=_l("Select how we know"))
    reported_by = f.text(_l("Reported by (optional)"), max_length=200,
                         hint=_l("For example ‘Larchfield Primary School, Mrs Evans’"))

    FIELDS = ("occurred_on", "what_happened", "source", "reported_by")


class FollowUpForm(f.VersionedForm):
    action_taken = f.textarea(_l("What action was taken?"), required=True, max_length=5000,
                              message=_l("Enter what action was taken"))
    manager_advice_sought = f.checkbox(_l("Line manager's advice was sought"))
    manager_advice = f.textarea(_l("What did your line manager advise?"), max_length=5000)
    legal_advice_sought = f.checkbox(_l("Legal advice was sought"))
    legal_advice = f.textarea(_l("What was the legal advice?"), max_length=5000)
    outcome = f.textarea(_l("Outcome"), required=True, max_length=5000,
                         hint=_l("What changed, and what happens next"),
                         message=_l("Enter the outcome"))

    FIELDS = ("action_taken", "manager_advice_sought", "manager_advice", "legal_advice_sought",
              "legal_advice", "outcome")

    def validate(self, extra_validators=None):  # type: ignore[no-untyped-def]
        valid = super().validate(extra_validators)
        # Not inline validators: the advice fields are optional on their own.
        for kind, message in (("manager", _l("Enter the advice your line manager gave")),
                              ("legal", _l("Enter the legal advice given"))):
            if self[f"{kind}_advice_sought"].data and not self[f"{kind}_advice"].data:
                self[f"{kind}_advice"].errors = [message]
                valid = False
        return valid


class DecisionForm(f.VersionedForm):
    decisions = f.checkboxes(_l("What will be done?"), required=True,
                             message=_l("Select what will be done"))
    decision_notes = f.textarea(_l("Notes on the decision"), max_length=5000,
                                hint=_l("Who will do what, and by when"))
