"""Forms for cases, the people in them, their addresses and the case team."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms.validators import ValidationError

from supervise.cases.models import CaseStatus, DocumentLanguage, PersonKind
from supervise.core import forms as f


class CaseSearchForm(f.AppForm):
    class Meta:
        csrf = False  # a GET search form

    q = f.text(_l("Search by family name, reference, person or postcode"), max_length=100)
    status = f.select(_l("Status"), required=False, choices=[
        *f.to_choices([("open", _l("Open cases")), ("closed", _l("Closed cases")),
                       ("all", _l("All cases"))]),
    ])


class CaseForm(f.VersionedForm):
    family_name = f.text(
        _l("Family name"), required=True, max_length=120,
        hint=_l("How colleagues refer to the household, for example ‘Harper family’"),
        message=_l("Enter the family name"),
    )
    summary = f.textarea(
        _l("Why agencies are involved"), max_length=5000,
        hint=_l("A short summary of the concerns for the child or children"),
    )
    status = f.radios(_l("Status"), f.enum_choices(CaseStatus), coerce=CaseStatus)

    language = f.text(_l("Main language spoken at home"), required=True, max_length=60,
                      message=_l("Enter the main language spoken at home"))
    document_language = f.radios(
        _l("Language for written documents"), f.enum_choices(DocumentLanguage),
        coerce=DocumentLanguage,
        hint=_l("Agreements and contact summaries are produced in this language"),
    )
    interpreter_required = f.checkbox(_l("An interpreter is needed"))
    interpreter_language = f.text(_l("Interpreter language"), max_length=60)
    verbal_preferred = f.checkbox(
        _l("Low literacy: explain things verbally rather than in writing"),
        hint=_l("Gwent 4.2: a parent may need verbal rather than written communication"),
    )
    large_print = f.checkbox(_l("Large print"))
    easy_read = f.checkbox(_l("Easy read"))
    communication_notes = f.textarea(_l("Other communication needs"), max_length=2000)

    cultural_key_dates = f.textarea(_l("Key religious or cultural dates"), max_length=2000)
    cultural_gender = f.textarea(_l("Cultural implications of gender"), max_length=2000)
    cultural_dress = f.textarea(_l("Dress codes and other sensitivities"), max_length=2000)
    cultural_notes = f.textarea(_l("Other cultural considerations"), max_length=2000)

    def validate(self, extra_validators=None):  # type: ignore[no-untyped-def]
        valid = super().validate(extra_validators)
        # Not an inline validator: the field is optional on its own, so WTForms would skip it.
        if self.interpreter_required.data and not self.interpreter_language.data:
            self.interpreter_language.errors = [
                _l("Enter the language the interpreter needs to speak")]
            valid = False
        return valid

    FIELDS = (
        "family_name", "summary", "status", "language", "document_language",
        "interpreter_required", "interpreter_language", "verbal_preferred", "large_print",
        "easy_read", "communication_notes", "cultural_key_dates", "cultural_gender",
        "cultural_dress", "cultural_notes",
    )


class NewCaseForm(CaseForm):
    status = None  # a new case is open
    FIELDS = tuple(name for name in CaseForm.FIELDS if name != "status")

    my_role = f.text(
        _l("Your role on the case team"), required=True, max_length=120,
        hint=_l("For example ‘Allocated social worker’"),
        message=_l("Enter your role on the case team"),
    )


class PersonForm(f.VersionedForm):
    kind = f.radios(_l("Who is this?"), f.enum_choices(PersonKind), coerce=PersonKind,
                    message=_l("Select whether this is a child, an unborn child or an adult"))
    given_name = f.text(_l("First name"), required=True, max_length=80,
                        message=_l("Enter the first name"),
                        hint=_l("For an unborn child, write ‘Unborn’ or the planned name"))
    family_name = f.text(_l("Last name"), max_length=80)
    known_as = f.text(_l("Known as"), max_length=80)
    date_of_birth = f.date_input(_l("Date of birth"), not_future=True,
                                 hint=_l("For example, 27 3 2019. Leave blank if not known"))
    expected_date = f.date_input(_l("Expected date of delivery"),
                                 hint=_l("Only for an unborn child. For example, 14 2 2027"))
    gender = f.text(_l("Gender"), max_length=40)
    in_household = f.checkbox(_l("Lives in the household"))
    is_carer = f.checkbox(_l("Has caring responsibility for the children"))
    school_or_setting = f.text(_l("School, nursery or early years setting"), max_length=120)
    notes = f.textarea(_l("Notes"), max_length=5000)

    FIELDS = (
        "kind", "given_name", "family_name", "known_as", "date_of_birth", "expected_date",
        "gender", "in_household", "is_carer", "school_or_setting", "notes",
    )

    def validate_expected_date(self, field):  # type: ignore[no-untyped-def]
        unborn = self.kind.data is PersonKind.UNBORN
        if unborn and field.data is None:
            raise ValidationError(_l("Enter the expected date of delivery"))
        if not unborn and field.data is not None:
            raise ValidationError(_l("Only an unborn child has an expected date of delivery"))

    def validate_date_of_birth(self, field):  # type: ignore[no-untyped-def]
        if self.kind.data is PersonKind.UNBORN and field.data is not None:
            raise ValidationError(_l("An unborn child has no date of birth yet"))


class RelationshipForm(f.AppForm):
    person_id = f.select(_l("Person"), coerce=str, message=_l("Select the person"))
    relation = f.text(_l("Relationship"), required=True, max_length=60,
                          hint=_l("For example mother, father, stepfather, grandmother, partner"),
                          message=_l("Enter the relationship"))
    related_person_id = f.select(_l("Of"), coerce=str, message=_l("Select who they are related to"))
    parental_responsibility = f.checkbox(_l("Has parental responsibility"))

    def validate_related_person_id(self, field):  # type: ignore[no-untyped-def]
        if field.data and field.data == self.person_id.data:
            raise ValidationError(_l("Choose two different people"))


class AddressForm(f.VersionedForm):
    line1 = f.text(_l("Address line 1"), required=True, max_length=120,
                   message=_l("Enter address line 1, typically the building and street"))
    line2 = f.text(_l("Address line 2"), max_length=120)
    town = f.text(_l("Town or city"), required=True, max_length=80,
                  message=_l("Enter the town or city"))
    postcode = f.text(_l("Postcode"), required=True, max_length=10,
                      message=_l("Enter the postcode"))
    moved_in = f.date_input(_l("Moved in"), not_future=True, hint=_l("Leave blank if not known"))
    moved_out = f.date_input(_l("Moved out"), not_future=True,
                             hint=_l("Leave blank if the family still lives here"))
    notes = f.textarea(_l("Notes"), max_length=2000,
                       hint=_l("For example, a refuge address that must not be disclosed"))

    FIELDS = ("line1", "line2", "town", "postcode", "moved_in", "moved_out", "notes")

    def validate_moved_out(self, field):  # type: ignore[no-untyped-def]
        if field.data and self.moved_in.data and field.data < self.moved_in.data:
            raise ValidationError(_l("Moved out must be the same as or after moved in"))


class TeamMemberSearchForm(f.AppForm):
    class Meta:
        csrf = False

    q = f.text(_l("Find a practitioner by name or email"), max_length=100)


class TeamMemberForm(f.VersionedForm):
    user_id = HiddenField()
    role = f.text(_l("Role on this case"), required=True, max_length=120,
                  hint=_l("For example ‘Health visitor’ or ‘Designated safeguarding lead’"),
                  message=_l("Enter their role on this case"))
    tasks = f.textarea(_l("Agreed tasks"), max_length=5000,
                       hint=_l("What they have agreed to do (Gwent 3.5)"))
    is_lead = f.checkbox(_l("Lead practitioner for the case"))
