"""Administration forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from supervise.accounts.models import AgencyKind, Role
from supervise.core import forms as f


class AgencyForm(f.AppForm):
    name = f.text(_l("Agency name"), required=True, max_length=120,
                  message=_l("Enter the agency name"))
    kind = f.radios(_l("Type of agency"), f.enum_choices(AgencyKind), coerce=AgencyKind)

    FIELDS = ("name", "kind")


class TeamForm(f.AppForm):
    name = f.text(_l("Team name"), required=True, max_length=120,
                  message=_l("Enter the team name"))
    agency_id = f.select(_l("Agency"), coerce=int)
    managers = f.checkboxes(_l("Line managers"),
                            hint=_l("Only line managers in the team's agency are listed"))


class UserForm(f.AppForm):
    name = f.text(_l("Full name"), required=True, max_length=120,
                  message=_l("Enter their full name"))
    email = f.email(_l("Email address"))
    job_title = f.text(_l("Job title"), max_length=120,
                       hint=_l("For example ‘Social worker’ or ‘Health visitor’"))
    role = f.radios(_l("Role"), f.enum_choices(Role), coerce=Role)
    agency_id = f.select(_l("Agency"), coerce=int)
    team_id = f.select(_l("Team"), required=False, coerce=str)

    FIELDS = ("name", "email", "job_title", "role", "agency_id")


class NewUserForm(UserForm):
    password = f.password(
        _l("First password"),
        hint=_l("At least 12 characters. Give it to them securely; they can change it."),
    )


class UserSearchForm(f.AppForm):
    class Meta:
        csrf = False

    q = f.text(_l("Search by name or email"), max_length=100)
