"""Administration: agencies, teams and users. Non-administrators get 404 here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from supervise.accounts import operations
from supervise.accounts.models import Agency, Role, Team, User
from supervise.admin.forms import AgencyForm, NewUserForm, TeamForm, UserForm, UserSearchForm
from supervise.auth.recent import has_recent_auth, reauth_redirect
from supervise.auth.security_log import deny
from supervise.core.errors import DomainError
from supervise.core.forms import ButtonForm, to_choices
from supervise.core.htmx import render
from supervise.core.text import like_pattern
from supervise.core.views import form_error, refuse
from supervise.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    @login_required
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_admin:
            deny("admin_only")
            abort(404)
        return view(*args, **kwargs)

    return wrapper


def _get_or_404(model: type, record_id: int) -> Any:
    record = db.session.get(model, record_id)
    if record is None:
        abort(404)
    return record


def _page(template: str, form: Any, **context: Any):
    return render_template(template, form=form, **context), 422 if form.errors else 200


@bp.route("")
@admin_required
def index():
    """Administration home: agencies, teams and users at a glance."""
    counts = {
        "agencies": db.session.scalar(sa.select(sa.func.count(Agency.id))),
        "teams": db.session.scalar(sa.select(sa.func.count(Team.id))),
        "users": db.session.scalar(sa.select(sa.func.count(User.id)).where(User.active)),
    }
    return render_template("admin/index.html", counts=counts)


# --- Agencies ----------------------------------------------------------------------------------


@bp.route("/agencies")
@admin_required
def agencies():
    """Every agency and its teams."""
    rows = db.session.scalars(sa.select(Agency).options(selectinload(Agency.teams))
                              .order_by(Agency.name))
    return render_template("admin/agencies.html", agencies=list(rows))


@bp.route("/agencies/new", methods=["GET", "POST"])
@admin_required
def agency_new():
    """Add an agency."""
    form = AgencyForm()
    if not form.validate_on_submit():
        return _page("admin/agency.html", form, agency=None)
    try:
        operations.create_agency(form.changed_values(*AgencyForm.FIELDS), by=current_user)
    except DomainError as error:
        return form_error(form, error, "admin/agency.html", agency=None)
    flash(_("Agency added"), "success")
    return redirect(url_for("admin.agencies"))


@bp.route("/agencies/<int:agency_id>/edit", methods=["GET", "POST"])
@admin_required
def agency_edit(agency_id: int):
    """Rename an agency or change its type."""
    agency = _get_or_404(Agency, agency_id)
    form = AgencyForm(obj=agency)
    if not form.validate_on_submit():
        return _page("admin/agency.html", form, agency=agency)
    try:
        operations.update_agency(agency, form.changed_values(*AgencyForm.FIELDS),
                                 by=current_user)
    except DomainError as error:
        return form_error(form, error, "admin/agency.html", agency=agency)
    flash(_("Agency updated"), "success")
    return redirect(url_for("admin.agencies"))


# --- Teams -------------------------------------------------------------------------------------


@bp.route("/teams")
@admin_required
def teams():
    """Every team with its agency and line managers."""
    rows = db.session.scalars(
        sa.select(Team).options(selectinload(Team.agency), selectinload(Team.managers),
                                selectinload(Team.members))
        .join(Agency).order_by(Agency.name, Team.name))
    return render_template("admin/teams.html", teams=list(rows))


def _team_form(team: Team | None) -> TeamForm:
    form = TeamForm(obj=team)
    form.agency_id.choices = to_choices(
        (a.id, a.name) for a in db.session.scalars(sa.select(Agency).order_by(Agency.name)))
    managers = db.session.scalars(sa.select(User).where(User.role == Role.MANAGER,
                                                        User.active).order_by(User.name))
    form.managers.choices = to_choices(
        (m.id, f"{m.name} — {m.agency.name}") for m in managers)
    if request.method == "GET":
        form.managers.data = [str(m.id) for m in team.managers] if team else []
    return form


def _chosen_managers(form: TeamForm) -> list[User]:
    ids = [int(i) for i in form.managers.data or [] if str(i).isdigit()]
    return list(db.session.scalars(sa.select(User).where(User.id.in_(ids)))) if ids else []


@bp.route("/teams/new", methods=["GET", "POST"])
@admin_required
def team_new():
    """Add a team to an agency, with its line managers."""
    form = _team_form(None)
    if not form.validate_on_submit():
        return _page("admin/team.html", form, team=None)
    try:
        operations.create_team({"name": form.name.data, "agency_id": form.agency_id.data},
                               _chosen_managers(form), by=current_user)
    except DomainError as error:
        return form_error(form, error, "admin/team.html", team=None)
    flash(_("Team added"), "success")
    return redirect(url_for("admin.teams"))


@bp.route("/teams/<int:team_id>/edit", methods=["GET", "POST"])
@admin_required
def team_edit(team_id: int):
    """Rename a team or change its line managers."""
    team = _get_or_404(Team, team_id)
    form = _team_form(team)
    if not form.validate_on_submit():
        return _page("admin/team.html", form, team=team)
    try:
        operations.update_team(team, {"name": form.name.data, "agency_id": form.agency_id.data},
                               _chosen_managers(form), by=current_user)
    except DomainError as error:
        return form_error(form, error, "admin/team.html", team=team)
    flash(_("Team updated"), "success")
    return redirect(url_for("admin.teams"))


# --- Users -------------------------------------------------------------------------------------


@bp.route("/users")
@admin_required
def users():
    """Every account, searchable by name or email."""
    search = UserSearchForm(request.args)
    query = sa.select(User).options(selectinload(User.agency), selectinload(User.team))
    if search.validate() and search.q.data:
        pattern = like_pattern(search.q.data.lower())
        query = query.where(sa.or_(sa.func.lower(User.name).like(pattern, escape="\\"),
                                   sa.func.lower(User.email).like(pattern, escape="\\")))
    rows = list(db.session.scalars(query.order_by(User.name).limit(200)))
    return render("admin/users.html", "admin/_users_table.html", users=rows, search=search)


def _user_form(form_class: type[UserForm], user: User | None) -> UserForm:
    form = form_class(obj=user)
    form.agency_id.choices = to_choices(
        (a.id, a.name) for a in db.session.scalars(sa.select(Agency).order_by(Agency.name)))
    teams = db.session.scalars(sa.select(Team).options(selectinload(Team.agency))
                               .order_by(Team.name))
    form.team_id.choices = to_choices([("", _("No team")),
                                       *((t.id, str(t)) for t in teams)])
    if request.method == "GET" and user is not None:
        form.team_id.data = str(user.team_id or "")
    return form


def _user_values(form: UserForm) -> dict[str, Any]:
    values = form.changed_values(*UserForm.FIELDS)
    values["team_id"] = int(form.team_id.data) if (form.team_id.data or "").isdigit() else None
    return values


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def user_new():
    """Create an account (there is no self-registration)."""
    form = _user_form(NewUserForm, None)
    if not form.validate_on_submit():
        return _page("admin/user.html", form, user=None)
    try:
        operations.create_user(_user_values(form), form.password.data, by=current_user,
                               temporary=True)
    except DomainError as error:
        return form_error(form, error, "admin/user.html", user=None)
    flash(_("Account created for %(email)s", email=form.email.data), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@admin_required
def user_edit(user_id: int):
    """Change an account's details, role, agency or team."""
    user = _get_or_404(User, user_id)
    form = _user_form(UserForm, user)
    if not form.validate_on_submit():
        return _page("admin/user.html", form, user=user, button=ButtonForm())
    if form.role.data is not user.role and not has_recent_auth():
        # Changing what someone may do is the most sensitive thing an administrator does.
        return reauth_redirect(url_for("admin.user_edit", user_id=user.id), action="role_change")
    try:
        operations.update_user(user, _user_values(form), by=current_user)
    except DomainError as error:
        return form_error(form, error, "admin/user.html", user=user, button=ButtonForm())
    flash(_("Account updated"), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@admin_required
def user_deactivate(user_id: int):
    """Stop an account signing in; its sessions end at once."""
    user = _get_or_404(User, user_id)
    try:
        operations.deactivate_user(user, by=current_user)
    except DomainError as error:
        return refuse(error, url_for("admin.user_edit", user_id=user.id))
    flash(_("%(name)s can no longer sign in", name=user.name), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@admin_required
def user_reactivate(user_id: int):
    """Let a deactivated account sign in again."""
    user = _get_or_404(User, user_id)
    operations.reactivate_user(user, by=current_user)
    flash(_("%(name)s can sign in again", name=user.name), "success")
    return redirect(url_for("admin.user_edit", user_id=user.id))


# Sign-in help for an account: password and two-step resets, ending its sessions.
from supervise.admin import security_routes  # noqa: E402, F401
