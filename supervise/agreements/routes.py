"""Written agreements on a case: the list, drafting, and the agreement page.

Every view: load (through the case access helper) → validate → operate → respond. The lifecycle
steps (submit, approve, issue, sign, review…) are in ``lifecycle_routes.py`` on this blueprint;
breaches are a blueprint nested under it, so every page counts as the case's Agreements tab.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from supervise import guidance
from supervise.agreements import document as _document  # noqa: F401  (registers the kind)
from supervise.agreements import operations, panels, queries  # noqa: F401  (panels register)
from supervise.agreements.forms import AgreementForm, BehavioursForm, ExpectationForm
from supervise.agreements.lifecycle import may_decide
from supervise.agreements.models import Agreement, AgreementClause
from supervise.agreements.wording import default_wording
from supervise.breaches import queries as breach_queries
from supervise.cases.access import case_route, get_in_case_or_404
from supervise.cases.models import Case, Person
from supervise.cases.navigation import register_case_tab
from supervise.core.errors import DomainError
from supervise.core.forms import ButtonForm, to_choices
from supervise.core.htmx import is_htmx
from supervise.core.views import form_error, refuse
from supervise.documents import pdf
from supervise.documents.registry import VARIANTS
from supervise.extensions import db

bp = Blueprint("agreements", __name__, url_prefix="/cases/<int:case_id>/agreements")

register_case_tab(_l("Agreements"), "agreements.index", 40, prefix="agreements.")


def load_agreement(case: Case, agreement_id: int) -> Agreement:
    """An agreement of this case, or 404."""
    return get_in_case_or_404(Agreement, case, agreement_id)


def load_clause(agreement: Agreement, clause_id: int) -> AgreementClause:
    """A clause of this agreement (never one of another agreement reached by a swapped id)."""
    clause = db.session.get(AgreementClause, clause_id)
    if clause is None or clause.agreement_id != agreement.id:
        abort(404)
    return clause


def back_to(agreement: Agreement) -> str:
    return url_for("agreements.show", case_id=agreement.case_id, agreement_id=agreement.id)


def _page(template: str, form, **context):
    return render_template(template, form=form, **context), 422 if form.errors else 200


@bp.route("")
@case_route
def index(case: Case):
    """The case's written agreements, their breaches and anything waiting on them."""
    return render_template(
        "agreements/index.html", case=case, agreements=queries.for_case(case.id),
        breaches=breach_queries.for_case(case.id),
        escalations=breach_queries.escalations_for_case(case.id))


def _agreement_form(case: Case, agreement: Agreement | None) -> AgreementForm:
    form = AgreementForm(obj=agreement)
    form.parties.choices = to_choices((p.id, p.full_name) for p in case.adults)
    if request.method == "GET":
        if agreement is not None:
            form.parties.data = [str(p.id) for p in agreement.parties]
        else:
            form.parties.data = [str(p.id) for p in case.adults if p.is_carer]
            for name, value in default_wording(case).items():
                form[name].data = value
    return form


def _chosen_parties(case: Case, form: AgreementForm) -> list[Person]:
    ids = {int(i) for i in form.parties.data or [] if str(i).isdigit()}
    return [p for p in case.people if p.id in ids]


@bp.route("/new", methods=["GET", "POST"])
@case_route
def new(case: Case):
    """Start a written agreement with the family (``gwent:2.4``)."""
    form = _agreement_form(case, None)
    if not form.validate_on_submit():
        return _page("agreements/details.html", form, case=case, agreement=None)
    try:
        agreement = operations.start_draft(case, form.changed_values(*AgreementForm.FIELDS),
                                           _chosen_parties(case, form), by=current_user)
    except DomainError as error:
        return form_error(form, error, "agreements/details.html", case=case, agreement=None)
    flash(_("Draft agreement started: now add the behaviours and what the family needs to do"),
          "success")
    return redirect(back_to(agreement))


@bp.route("/<int:agreement_id>")
@case_route
def show(case: Case, agreement_id: int):
    """The agreement: its content, where it is in its lifecycle, and what can be done next."""
    agreement = load_agreement(case, agreement_id)
    versions = queries.versions_of(agreement)
    breaches = breach_queries.for_case(case.id, agreement.id)
    waiting = [e for e in breach_queries.escalations_for_case(case.id, agreement.id)
               if not e.is_decided]
    return render_template(
        "agreements/show.html", case=case, agreement=agreement, versions=versions,
        breaches=breaches, escalations=waiting, button=ButtonForm(),
        may_decide=may_decide(agreement, current_user), pdf_status=pdf.status(),
        variants=VARIANTS)


@bp.route("/<int:agreement_id>/edit", methods=["GET", "POST"])
@case_route
def edit(case: Case, agreement_id: int):
    """Change a draft's content and who it is with."""
    agreement = load_agreement(case, agreement_id)
    if not agreement.is_editable:
        return _not_editable(agreement)
    form = _agreement_form(case, agreement)
    if not form.validate_on_submit():
        return _page("agreements/details.html", form, case=case, agreement=agreement)
    try:
        operations.update_details(agreement, form.changed_values(*AgreementForm.FIELDS),
                                  _chosen_parties(case, form), by=current_user,
                                  seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "agreements/details.html", case=case,
                          agreement=agreement)
    flash(_("Agreement updated"), "success")
    return redirect(back_to(agreement))


def _not_editable(agreement: Agreement):
    flash(_("This agreement is %(state)s and can no longer be changed. To change an issued "
            "agreement, start a new version.", state=agreement.state.label.lower()), "error")
    return redirect(back_to(agreement))


@bp.route("/<int:agreement_id>/behaviours", methods=["GET", "POST"])
@case_route
def behaviours(case: Case, agreement_id: int):
    """Add unacceptable behaviours: from the guidance's list, or described."""
    agreement = load_agreement(case, agreement_id)
    if not agreement.is_editable:
        return _not_editable(agreement)
    form = BehavioursForm()
    chosen = {c.guidance_id for c in agreement.behaviours}
    form.behaviours.choices = to_choices(
        (item_id, label) for item_id, label in guidance.choices("behaviours")
        if item_id not in chosen)
    if not form.validate_on_submit():
        return _page("agreements/behaviours.html", form, case=case, agreement=agreement)
    try:
        added = operations.add_behaviours(agreement, form.behaviours.data or [], form.written(),
                                          by=current_user)
    except DomainError as error:
        return form_error(form, error, "agreements/behaviours.html", case=case,
                          agreement=agreement)
    flash(_("%(count)d behaviours added", count=len(added)), "success")
    return redirect(back_to(agreement) + "#behaviours")


@bp.route("/<int:agreement_id>/expectations/new", methods=["GET", "POST"])
@case_route
def expectation_new(case: Case, agreement_id: int):
    """Add something the family needs to do, how we will know, and by when."""
    agreement = load_agreement(case, agreement_id)
    if not agreement.is_editable:
        return _not_editable(agreement)
    form = ExpectationForm()
    if not form.validate_on_submit():
        return _page("agreements/expectation.html", form, case=case, agreement=agreement,
                     clause=None)
    try:
        operations.add_expectation(agreement, form.changed_values(*ExpectationForm.FIELDS),
                                   by=current_user)
    except DomainError as error:
        return form_error(form, error, "agreements/expectation.html", case=case,
                          agreement=agreement, clause=None)
    flash(_("Expectation added"), "success")
    return redirect(back_to(agreement) + "#expectations")


@bp.route("/<int:agreement_id>/expectations/<int:clause_id>/edit", methods=["GET", "POST"])
@case_route
def expectation_edit(case: Case, agreement_id: int, clause_id: int):
    """Change an expectation of a draft."""
    agreement = load_agreement(case, agreement_id)
    clause = load_clause(agreement, clause_id)
    if not agreement.is_editable:
        return _not_editable(agreement)
    form = ExpectationForm(obj=clause)
    if not form.validate_on_submit():
        return _page("agreements/expectation.html", form, case=case, agreement=agreement,
                     clause=clause)
    try:
        operations.update_expectation(clause, form.changed_values(*ExpectationForm.FIELDS),
                                      by=current_user, seen_version=form.version.data)
    except DomainError as error:
        return form_error(form, error, "agreements/expectation.html", case=case,
                          agreement=agreement, clause=clause)
    flash(_("Expectation updated"), "success")
    return redirect(back_to(agreement) + "#expectations")


@bp.route("/<int:agreement_id>/clauses/<int:clause_id>/remove", methods=["POST"])
@case_route
def clause_remove(case: Case, agreement_id: int, clause_id: int):
    """Take a behaviour or expectation out of a draft."""
    agreement = load_agreement(case, agreement_id)
    clause = load_clause(agreement, clause_id)
    try:
        operations.remove_clause(clause, by=current_user)
    except DomainError as error:
        return refuse(error, back_to(agreement))
    if is_htmx():
        return "", 200  # the row is removed in place
    flash(_("Removed from the agreement"), "success")
    return redirect(back_to(agreement))


from supervise.agreements import lifecycle_routes  # noqa: E402,F401  (routes on this blueprint)
from supervise.breaches.routes import bp as breaches_bp  # noqa: E402

bp.register_blueprint(breaches_bp)
