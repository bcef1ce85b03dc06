"""Cases: the list, the case page, the family's people and addresses, and the case team.

Every view: load (through the access helper) → validate → operate → respond.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from supervise.accounts.models import User
from supervise.cases import operations, queries
from supervise.cases.access import case_route, get_in_case_or_404
from supervise.cases.forms import (
    AddressForm,
    CaseForm,
    CaseSearchForm,
    NewCaseForm,
    PersonForm,
    RelationshipForm,
    TeamMemberForm,
    TeamMemberSearchForm,
)
from supervise.cases.models import Address, Case, CaseTeamMember, Person, PersonKind, Relationship
from supervise.cases.navigation import register_case_tab
from supervise.chronology.patterns import case_patterns
from supervise.core.errors import DomainError
from supervise.core.forms import ButtonForm, to_choices
from supervise.core.htmx import is_htmx, render
from supervise.core.paging import page_number
from supervise.core.views import form_error, invalid, refuse
from supervise.events.queries import latest_events
from supervise.extensions import db

bp = Blueprint("cases", __name__, url_prefix="/cases")

register_case_tab(_l("Overview"), "cases.show", 0)
register_case_tab(_l("Family"), "cases.family", 10, prefix="cases.person")
register_case_tab(_l("Case team"), "cases.team", 20, prefix="cases.team")


@bp.route("")
@login_required
def index():
    """The cases the user may see, with active search (a plain GET form without JavaScript)."""
    if not current_user.works_cases:
        abort(404)
    form = CaseSearchForm(request.args)
    if not form.validate():
        return invalid("cases/index.html", form, fragment="cases/_results.html", results=None,
                       alerts={})
    results = queries.search_cases(current_user, form.q.data or "",
                                   form.status.data or "open", page=page_number())
    alerts = queries.alert_counts([c.id for c in results.cases])
    return render("cases/index.html", "cases/_results.html", form=form, results=results,
                  alerts=alerts)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Open a new case; you join its case team."""
    if not current_user.works_cases:
        abort(404)
    form = NewCaseForm()
    if request.method == "GET":
        form.language.data = "English"
    if not form.validate_on_submit():
        return render_template("cases/new.html", form=form), 422 if form.errors else 200
    try:
        case = operations.open_case(form.changed_values(*form.FIELDS), by=current_user,
                                    my_role=form.my_role.data)
    except DomainError as error:
        return form_error(form, error, "cases/new.html")
    flash(_("Case %(ref)s opened", ref=case.reference), "success")
    return redirect(url_for("cases.show", case_id=case.id))


@bp.route("/<int:case_id>")
@case_route
def show(case: Case):
    """The case page: family, communication needs, case team, the patterns the guidance warns
    about (chronology/patterns.py) and the latest events."""
    return render_template("cases/show.html", case=case, events=latest_events(case.id),
                           team=queries.case_team(case.id), patterns=case_patterns(case))


@bp.route("/<int:case_id>/edit", methods=["GET", "POST"])
@case_route
def edit(case: Case):
    """Edit the case record, communication needs and cultural considerations."""
    form = CaseForm(obj=case)
    if not form.validate_on_submit():
        return render_template("cases/edit.html", case=case, form=form), (
            422 if form.errors else 200)
    try:
        operations.update_case(case, form.changed_values(*CaseForm.FIELDS), by=current_user,
                               seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "cases/edit.html", case=case)
    flash(_("Case record updated"), "success")
    return redirect(url_for("cases.show", case_id=case.id))


# --- Family: people and relationships, addresses --------------------------------------------


@bp.route("/<int:case_id>/family")
@case_route
def family(case: Case):
    """Everyone in the family, how they are related, and every address with its history."""
    return render_template("cases/family.html", case=case, delete_form=ButtonForm())


@bp.route("/<int:case_id>/people/new", methods=["GET", "POST"])
@case_route
def person_new(case: Case):
    """Add a child, an unborn child, or an adult or carer."""
    form = PersonForm()
    if request.method == "GET":
        form.kind.data = _kind_from(request.args.get("kind"))
        form.in_household.data = True
    if not form.validate_on_submit():
        return _person_page(case, form, None)
    try:
        operations.add_person(case, form.changed_values(*PersonForm.FIELDS), by=current_user)
    except DomainError as error:
        return form_error(form, error, "cases/person.html", case=case, person=None)
    flash(_("%(name)s added", name=form.given_name.data), "success")
    return redirect(url_for("cases.family", case_id=case.id))


@bp.route("/<int:case_id>/people/<int:person_id>/edit", methods=["GET", "POST"])
@case_route
def person_edit(case: Case, person_id: int):
    """Change a person's details."""
    person = get_in_case_or_404(Person, case, person_id)
    form = PersonForm(obj=person)
    if not form.validate_on_submit():
        return _person_page(case, form, person)
    try:
        operations.update_person(person, form.changed_values(*PersonForm.FIELDS),
                                 by=current_user, seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "cases/person.html", case=case, person=person)
    flash(_("%(name)s updated", name=person.full_name), "success")
    return redirect(url_for("cases.family", case_id=case.id))


def _person_page(case: Case, form: PersonForm, person: Person | None):
    status = 422 if form.errors else 200
    return render_template("cases/person.html", case=case, form=form, person=person), status


def _kind_from(value: str | None) -> PersonKind:
    try:
        return PersonKind(value)
    except ValueError:
        return PersonKind.CHILD


@bp.route("/<int:case_id>/relationships/new", methods=["GET", "POST"])
@case_route
def relationship_new(case: Case):
    """Record how two people in the family are related."""
    form = RelationshipForm()
    people = to_choices([(p.id, p.full_name) for p in case.people])
    form.person_id.choices = people
    form.related_person_id.choices = people
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("cases/relationship.html", case=case, form=form), status
    person = get_in_case_or_404(Person, case, int(form.person_id.data))
    related = get_in_case_or_404(Person, case, int(form.related_person_id.data))
    try:
        operations.add_relationship(case, person, related, form.relation.data,
                                    form.parental_responsibility.data, by=current_user)
    except DomainError as error:
        return form_error(form, error, "cases/relationship.html", case=case)
    flash(_("Relationship recorded"), "success")
    return redirect(url_for("cases.family", case_id=case.id))


@bp.route("/<int:case_id>/relationships/<int:relationship_id>/delete", methods=["POST"])
@case_route
def relationship_delete(case: Case, relationship_id: int):
    """Remove a relationship recorded in error."""
    link = get_in_case_or_404(Relationship, case, relationship_id)
    operations.remove_relationship(link, by=current_user)
    if is_htmx():
        return "", 200  # the row is removed in place
    flash(_("Relationship removed"), "success")
    return redirect(url_for("cases.family", case_id=case.id))


@bp.route("/<int:case_id>/addresses/new", methods=["GET", "POST"])
@case_route
def address_new(case: Case):
    """Add an address; a current address records a move and ends the previous one."""
    form = AddressForm()
    if not form.validate_on_submit():
        return _address_page(case, form, None)
    try:
        operations.add_address(case, form.changed_values(*AddressForm.FIELDS), by=current_user)
    except DomainError as error:
        return form_error(form, error, "cases/address.html", case=case, address=None)
    flash(_("Address added"), "success")
    return redirect(url_for("cases.family", case_id=case.id))


@bp.route("/<int:case_id>/addresses/<int:address_id>/edit", methods=["GET", "POST"])
@case_route
def address_edit(case: Case, address_id: int):
    """Correct an address or record when the family moved out."""
    address = get_in_case_or_404(Address, case, address_id)
    form = AddressForm(obj=address)
    if not form.validate_on_submit():
        return _address_page(case, form, address)
    try:
        operations.update_address(address, form.changed_values(*AddressForm.FIELDS),
                                  by=current_user, seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "cases/address.html", case=case, address=address)
    flash(_("Address updated"), "success")
    return redirect(url_for("cases.family", case_id=case.id))


def _address_page(case: Case, form: AddressForm, address: Address | None):
    status = 422 if form.errors else 200
    return render_template("cases/address.html", case=case, form=form, address=address), status


# --- Case team ---------------------------------------------------------------------------------


@bp.route("/<int:case_id>/team")
@case_route
def team(case: Case):
    """The case team: practitioners from every agency, each with their role and tasks."""
    return render_template("cases/team.html", case=case, team=queries.case_team(case.id),
                           remove_form=ButtonForm())


@bp.route("/<int:case_id>/team/add", methods=["GET", "POST"])
@case_route
def team_add(case: Case):
    """Find a practitioner in any agency and add them with their role and agreed tasks."""
    search = TeamMemberSearchForm(request.args)
    form = TeamMemberForm()
    chosen = _chosen_user(form.user_id.data or request.args.get("user"))
    if chosen is None:
        results = queries.find_practitioners(search.q.data or "", exclude_case=case) \
            if search.validate() else []
        return render("cases/team_add.html", "cases/_practitioner_results.html", case=case,
                      search=search, results=results, form=None)
    form.user_id.data = str(chosen.id)
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("cases/team_add.html", case=case, search=search, results=[],
                               form=form, chosen=chosen), status
    try:
        operations.add_team_member(case, chosen, form.role.data, form.tasks.data,
                                   form.is_lead.data, by=current_user)
    except DomainError as error:
        return form_error(form, error, "cases/team_add.html", case=case, search=search,
                          results=[], chosen=chosen)
    flash(_("%(name)s added to the case team", name=chosen.name), "success")
    return redirect(url_for("cases.team", case_id=case.id))


def _chosen_user(value: str | None) -> User | None:
    if not value or not str(value).isdigit():
        return None
    user = db.session.get(User, int(value))
    return user if user is not None and user.works_cases and user.active else None


@bp.route("/<int:case_id>/team/<int:member_id>/edit", methods=["GET", "POST"])
@case_route
def team_edit(case: Case, member_id: int):
    """Change a case-team member's role or agreed tasks."""
    member = get_in_case_or_404(CaseTeamMember, case, member_id)
    form = TeamMemberForm(obj=member)
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("cases/team_edit.html", case=case, member=member,
                               form=form), status
    try:
        operations.update_team_member(member, form.changed_values("role", "tasks", "is_lead"),
                                      by=current_user, seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "cases/team_edit.html", case=case, member=member)
    flash(_("Case team updated"), "success")
    return redirect(url_for("cases.team", case_id=case.id))


@bp.route("/<int:case_id>/team/<int:member_id>/remove", methods=["POST"])
@case_route
def team_remove(case: Case, member_id: int):
    """Take a practitioner off the case team."""
    member = get_in_case_or_404(CaseTeamMember, case, member_id)
    try:
        operations.remove_team_member(member, by=current_user)
    except DomainError as error:
        return refuse(error, url_for("cases.team", case_id=case.id))
    if is_htmx() and member.user_id != current_user.id:
        return "", 200  # the row is removed in place
    flash(_("Removed from the case team"), "success")
    if member.user_id == current_user.id:
        return redirect(url_for("cases.index"))
    return redirect(url_for("cases.team", case_id=case.id))
