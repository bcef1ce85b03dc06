"""Forms for drafting, approving, issuing, signing and reviewing written agreements."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from supervise.agreements.models import ReviewOutcome
from supervise.core import forms as f
from supervise.core.uploads import file_field

PLAIN = _l("Write it as you would say it to the family, in short sentences (Gwent 4.2)")


class AgreementForm(f.VersionedForm):
    parties = f.checkboxes(_l("Who is the agreement with?"), required=True,
                           hint=_l("The adults in the family who will sign it"),
                           message=_l("Select the family members this agreement is with"))
    grounds = f.textarea(_l("Why are you worried?"), required=True, max_length=5000,
                         hint=PLAIN, message=_l("Enter why you are worried"))
    agency_commitments = f.textarea(
        _l("What will the agencies do?"), required=True, max_length=5000,
        hint=_l("For example how often you will visit, and what support you will offer"),
        message=_l("Enter what the agencies will do"))
    risk_assessment = f.textarea(
        _l("How do these behaviours count in the assessment of risk?"), required=True,
        max_length=3000, hint=_l("Gwent 2.4: for example the birth plan for an unborn child"),
        message=_l("Enter how these behaviours count in the assessment of risk"))
    consequences = f.textarea(
        _l("What will happen if non-cooperation continues?"), required=True, max_length=5000,
        hint=_l("Gwent 2.4: up to applying for a court order. Change the wording if you need to"),
        message=_l("Enter what will happen if non-cooperation continues"))
    contingency = f.textarea(_l("Contingency plan (optional)"), max_length=5000,
                             hint=_l("What happens if something goes wrong, for example during "
                                     "a visit"))
    review_date = f.date_input(_l("Review date"), required=True, not_past=True,
                               hint=_l("When you will review the agreement with the family. "
                                       "For example, 27 3 2027"),
                               message=_l("Enter the review date"))
    contact_details = f.textarea(_l("Who can the family contact?"), required=True,
                                 max_length=2000, hint=_l("Names, roles and phone numbers"),
                                 message=_l("Enter who the family can contact"))

    FIELDS = ("grounds", "agency_commitments", "risk_assessment", "consequences",
              "contingency", "review_date", "contact_details")


class BehavioursForm(f.AppForm):
    behaviours = f.checkboxes(_l("Behaviours from the guidance"),
                              hint=_l("Gwent 5.1 and Pan Lancashire: threatening behaviour"))
    other = f.textarea(_l("Other behaviours (optional)"), max_length=3000,
                       hint=_l("One behaviour per line, exactly as it happened, for example "
                               "‘Phoning the school office to shout at staff’"))

    def written(self) -> list[str]:
        return [line.strip() for line in (self.other.data or "").splitlines() if line.strip()]

    def validate(self, extra_validators=None):  # type: ignore[no-untyped-def]
        valid = super().validate(extra_validators)
        if valid and not self.behaviours.data and not self.written():
            self.behaviours.errors = [_l("Select a behaviour or describe one")]
            return False
        return valid


class ExpectationForm(f.VersionedForm):
    text = f.textarea(_l("What does the family need to do?"), required=True, max_length=2000,
                      hint=_l("Clear and measurable (Gwent 4.1), for example ‘Take Ava to "
                              "every nursery session’"),
                      message=_l("Enter what the family needs to do"))
    how_measured = f.textarea(_l("How will we know it has been done?"), required=True,
                              max_length=2000, message=_l("Enter how we will know it has "
                                                          "been done"))
    due_by = f.date_input(_l("By when?"), required=True, not_past=True,
                          hint=_l("For example, 27 3 2027"), message=_l("Enter by when"))
    child_focus = f.textarea(_l("Why does this matter for the children? (optional)"),
                             max_length=2000, hint=_l("Keep the agreement about the child"))

    FIELDS = ("text", "how_measured", "due_by", "child_focus")


class ReturnForm(f.VersionedForm):
    comments = f.textarea(_l("Comments for the author"), required=True, max_length=5000,
                          hint=_l("What needs to change before you can approve it"),
                          message=_l("Enter your comments for the author"))


class IssueForm(f.AppForm):
    variant = f.radios(_l("Language and format"),
                       message=_l("Select the language and format of the document"))


class SignForm(f.AppForm):
    signed_on = f.date_input(_l("Date signed"), required=True, not_future=True,
                             hint=_l("For example, 27 3 2027"),
                             message=_l("Enter the date it was signed"))
    signed_by = f.text(_l("Who signed it?"), required=True, max_length=300,
                       hint=_l("The names of the family members who signed"),
                       message=_l("Enter who signed it"))
    witnessed_by = f.text(_l("Witnessed by (optional)"), max_length=200)
    scan = file_field(_l("Scan of the signed copy (optional)"),
                      hint=_l("A PDF, PNG or JPEG file"))


class ScanForm(f.AppForm):
    scan = file_field(_l("Scan of the signed copy"), hint=_l("A PDF, PNG or JPEG file"))


class ReviewForm(f.AppForm):
    outcome = f.radios(_l("What did the review decide?"), f.enum_choices(ReviewOutcome),
                       coerce=ReviewOutcome, message=_l("Select what the review decided"))
    notes = f.textarea(_l("What was discussed and why"), required=True, max_length=5000,
                       message=_l("Enter what was discussed and why"))
    next_review_date = f.date_input(_l("Next review date"), not_past=True,
                                    hint=_l("Not needed when the agreement ends. For example, "
                                            "27 3 2027"))

    def validate(self, extra_validators=None):  # type: ignore[no-untyped-def]
        valid = super().validate(extra_validators)
        # Not an inline validator: the date is optional on its own, so WTForms would skip it.
        outcome, field = self.outcome.data, self.next_review_date
        if outcome and outcome is not ReviewOutcome.END and field.data is None \
                and not field.errors:
            field.errors = [_l("Enter the next review date")]
            valid = False
        return valid
