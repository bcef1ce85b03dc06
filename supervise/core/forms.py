"""Form building blocks. Every field renders through a GOV.UK widget; every form strips text
and refuses control characters, so bad input always comes back as a message next to its field."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    Field,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

# C0/C1 control characters other than tab, line feed and carriage return. PostgreSQL cannot
# store NUL at all, and none of them belongs in a record a family may receive.
# Deliberately simple: one @, something either side, a dot in the domain. Reserved test domains
# (the demo's @demo.test) are allowed; whether an address works is the administrator's check.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _clean(value: Any) -> Any:
    """Strip surrounding space and normalise to NFC so equal text compares equal."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    return value


class AppForm(FlaskForm):
    """Base for every form in the app."""

    class Meta:
        def bind_field(self, form, unbound_field, options):  # type: ignore[no-untyped-def]
            filters = list(unbound_field.kwargs.get("filters", ()))
            if unbound_field.field_class in _TEXT_FIELDS:
                filters.insert(0, _clean)
            return unbound_field.bind(form=form, filters=filters, **options)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            # Passwords are hashed, never shown or stored: any character is allowed there.
            if field.type == "PasswordField":
                continue
            if isinstance(field.data, str) and _CONTROL.search(field.data):
                field.errors = [*field.errors, _("%(label)s must not contain control characters", label=field.label.text)]  # noqa: E501
                valid = False
        return valid

    def changed_values(self, *names: str) -> dict[str, Any]:
        """The named fields' data, for ``apply_changes`` in an operation."""
        return {name: self[name].data for name in names}


class VersionedForm(AppForm):
    """An edit form: carries the version of the record the user loaded (core/concurrency.py).
    Render it with ``form.hidden_tag()``; pass ``form.version.data`` to the operation."""

    version = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        record = kwargs.get("obj")
        if record is not None and not self.is_submitted():
            self.version.data = str(record.version)


class ButtonForm(AppForm):
    """An empty form for a POST-only button, so it carries the CSRF token."""


# --- Date input -------------------------------------------------------------------------------


class SafeGovDateInput(GovDateInput):
    """GOV.UK date input that tolerates a POST missing some of its three parts, in our words."""

    def map_gov_params(self, field, **kwargs):  # type: ignore[no-untyped-def]
        raw = list(field.raw_data or [])
        if not raw:
            field.raw_data = None  # not posted: show the stored date, if any
        elif len(raw) != 3:
            field.raw_data = (raw + ["", "", ""])[:3]
        params = super().map_gov_params(field, **kwargs)
        for item, label in zip(params["items"], (_("Day"), _("Month"), _("Year")), strict=True):
            item["label"] = label
        if field.description:
            params["hint"] = {"text": str(field.description)}
        return params


class AppDateField(DateField):
    """Day, month and year as three inputs, with GOV.UK's error messages."""

    widget = SafeGovDateInput()

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            return
        parts = [str(v).strip() for v in valuelist]
        if len(parts) != 3:
            self.data = None
            raise ValueError(_("Enter %(label)s as a day, month and year", label=_lower(self)))
        if not any(parts):
            self.data = None
            return
        self.data = _parse_date(self, *parts)


def _parse_date(field: Field, day: str, month: str, year: str) -> date:
    label = _lower(field)
    missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
    if missing:
        raise ValueError(_("%(label)s must include a %(part)s", label=field.label.text, part=_(missing[0])))  # noqa: E501
    if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
        raise ValueError(_("%(label)s must be a real date", label=field.label.text))
    try:
        return date(int(year), int(month), int(day))
    except ValueError as error:
        raise ValueError(_("Enter a real date for %(label)s", label=label)) from error


def _lower(field: Field) -> str:
    text = str(field.label.text)
    return text[:1].lower() + text[1:]


class OptionalDate:
    """Like ``Optional``, but only when every part of the date is blank: WTForms' own Optional
    looks at the first part alone and would silently drop "  / 2 / 2027"."""

    field_flags = {"optional": True}

    def __call__(self, form: Any, field: Field) -> None:
        if not any(str(part).strip() for part in field.raw_data or []):
            field.errors[:] = []
            raise StopValidation()


class DateRange:
    """Validator: the date is not in the future / not in the past, relative to today."""

    def __init__(self, *, not_future: bool = False, not_past: bool = False):
        self.not_future = not_future
        self.not_past = not_past

    def __call__(self, form: Any, field: Field) -> None:
        from supervise import clock

        if field.data is None:
            return
        if self.not_future and field.data > clock.today():
            raise ValidationError(_("%(label)s must be today or in the past", label=field.label.text))  # noqa: E501
        if self.not_past and field.data < clock.today():
            raise ValidationError(_("%(label)s must be today or in the future", label=field.label.text))  # noqa: E501


# --- Choices ----------------------------------------------------------------------------------


class _PlainChoiceErrors:
    """A posted value that is not one of the options gets a GOV.UK-style message in our words,
    not WTForms' "Invalid Choice: could not coerce"."""

    def _not_an_option(self) -> str:
        return _("Select %(label)s from the options shown", label=_lower(self))  # type: ignore[arg-type]

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)  # type: ignore[misc]
        except ValueError as error:
            self.data = None
            raise ValueError(self._not_an_option()) from error

    def pre_validate(self, form: Any) -> None:
        try:
            super().pre_validate(form)  # type: ignore[misc]
        except ValidationError as error:
            raise ValidationError(self._not_an_option()) from error


class AppRadioField(_PlainChoiceErrors, RadioField):
    pass


class AppSelectField(_PlainChoiceErrors, SelectField):
    pass


class MultiCheckboxField(_PlainChoiceErrors, SelectMultipleField):
    widget = GovCheckboxesInput()


def to_choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """``(value, label)`` pairs as WTForms 3.3 ``SelectChoice`` objects."""
    return [SelectChoice(value=str(value), label=str(label)) for value, label in pairs]


def enum_choices(enum_cls: Any) -> list[SelectChoice]:
    return [SelectChoice(value=member.value, label=member.label) for member in enum_cls]


# --- Field factories: one place that decides how each kind of field looks and validates -------


def _required(required: bool, message: str | None, label: str) -> list[Any]:
    if required:
        return [InputRequired(message or _l("Enter %(label)s", label=label.lower()))]
    return [Optional()]


def text(label: str, *, required: bool = False, max_length: int = 200, hint: str | None = None,
         message: str | None = None, validators: Sequence[Any] = ()) -> StringField:
    checks = [*_required(required, message, str(label)), Length(max=max_length), *validators]
    return StringField(label, validators=checks, description=hint or "", widget=GovTextInput())


def textarea(label: str, *, required: bool = False, max_length: int = 5000,
             hint: str | None = None, message: str | None = None) -> TextAreaField:
    checks = [*_required(required, message, str(label)), Length(max=max_length)]
    return TextAreaField(label, validators=checks, description=hint or "", widget=GovTextArea())


def email(label: str, *, required: bool = True) -> EmailField:
    checks = [
        *_required(required, _l("Enter an email address"), str(label)),
        Length(max=254),
        Regexp(_EMAIL, message=_l("Enter an email address in the correct format, "
                                  "like name@example.com")),
    ]
    return EmailField(label, validators=checks, widget=GovTextInput())


def password(label: str, *, required: bool = True, hint: str | None = None) -> PasswordField:
    checks = [*_required(required, _l("Enter a password"), str(label)), Length(max=1024)]
    return PasswordField(label, validators=checks, description=hint or "",
                         widget=GovPasswordInput())


def date_input(label: str, *, required: bool = False, hint: str | None = None,
               message: str | None = None, not_future: bool = False,
               not_past: bool = False) -> AppDateField:
    presence = _required(required, message, str(label)) if required else [OptionalDate()]
    checks = [*presence, DateRange(not_future=not_future, not_past=not_past)]
    return AppDateField(label, validators=checks, description=hint or "")


def integer(label: str, *, required: bool = False, minimum: int | None = None,
            maximum: int | None = None, hint: str | None = None) -> IntegerField:
    checks = [*_required(required, None, str(label)), NumberRange(min=minimum, max=maximum)]
    return IntegerField(label, validators=checks, description=hint or "", widget=GovTextInput())


def select(label: str, choices: list[SelectChoice] | None = None, *, required: bool = True,
           message: str | None = None, coerce: Any = str, hint: str | None = None) -> SelectField:
    checks = _required(required, message or _l("Select %(label)s", label=label.lower()), label)
    return AppSelectField(label, choices=choices or [], validators=checks, coerce=coerce,
                       description=hint or "", widget=GovSelect())


def radios(label: str, choices: list[SelectChoice] | None = None, *, required: bool = True,
           message: str | None = None, hint: str | None = None, coerce: Any = str) -> RadioField:
    checks = _required(required, message or _l("Select %(label)s", label=label.lower()), label)
    return AppRadioField(label, choices=choices or [], validators=checks, coerce=coerce,
                      description=hint or "", widget=GovRadioInput())


def checkboxes(label: str, choices: list[SelectChoice] | None = None, *,
               hint: str | None = None, required: bool = False,
               message: str | None = None) -> MultiCheckboxField:
    checks = _required(required, message or _l("Select %(label)s", label=label.lower()), label)
    return MultiCheckboxField(label, choices=choices or [], validators=checks,
                              description=hint or "")


def checkbox(label: str, *, hint: str | None = None) -> BooleanField:
    return BooleanField(label, description=hint or "", widget=GovCheckboxInput())


def submit(label: str) -> SubmitField:
    return SubmitField(label, widget=GovSubmitInput())


_TEXT_FIELDS = {StringField, TextAreaField, EmailField}
