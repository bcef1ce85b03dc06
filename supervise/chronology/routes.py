"""The chronology of a case: the timeline with its filters and patterns, typed-in entries,
addenda, and the exports (CSV, and DOCX through the documents service).

Every view: load (through the access helper) → validate → operate → respond.
"""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from supervise import clock
from supervise.audit.operations import record_audit
from supervise.audit.queries import can_audit_case
from supervise.auth.recent import require_recent_auth
from supervise.cases.access import case_route, get_in_case_or_404
from supervise.cases.models import Case
from supervise.cases.navigation import register_case_tab
from supervise.chronology import export, operations, queries
from supervise.chronology.document import CHRONOLOGY, VARIANT, chronology_context
from supervise.chronology.forms import AddendumForm, EntryForm, TimelineFilterForm
from supervise.chronology.patterns import case_patterns
from supervise.core.errors import DomainError
from supervise.core.htmx import is_htmx
from supervise.core.paging import page_number
from supervise.core.views import form_error, refuse
from supervise.documents import library
from supervise.events.models import CaseEvent

bp = Blueprint("chronology", __name__, url_prefix="/cases")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

register_case_tab(_l("Chronology"), "chronology.index", 5, prefix="chronology.")


@bp.route("/<int:case_id>/chronology")
@case_route
def index(case: Case):
    """The timeline, newest first, filtered in place (htmx) or by a plain GET form."""
    form = TimelineFilterForm(request.args, queries.source_agencies(case.id))
    valid = form.validate()
    page = queries.timeline(case.id, form.filters(), page=page_number()) if valid else None
    context = {"case": case, "form": form, "page": page, "export_args": _export_args(),
               "names": {person.id: person.full_name for person in case.people}}
    status = 200 if valid else 422
    if is_htmx():
        return render_template("chronology/_timeline.html", **context), status
    return render_template("chronology/index.html", patterns=case_patterns(case),
                           can_audit=can_audit_case(current_user, case), **context), status


def _export_args() -> dict[str, list[str]]:
    return {k: request.args.getlist(k) for k in request.args if k != "page"}


def _export_selection(case: Case) -> tuple[queries.Filters, list[queries.Entry], dict] | None:
    """The filters in the address and the entries they select; ``None`` when the filters are
    invalid (an edited or stale address): exporting the whole case instead would hand over
    more than the person asked for."""
    agencies = queries.source_agencies(case.id)
    form = TimelineFilterForm(request.args, agencies)
    if not form.validate():
        return None
    filters = form.filters()
    return filters, queries.all_entries(case.id, filters), {a.id: a.name for a in agencies}


def _back_to_the_filters(case: Case) -> Response:
    """An export asked for with filters that do not make sense: nothing is exported, and the
    timeline with those filters says what is wrong with them."""
    flash(_("Nothing was downloaded: correct the filters, then download again."), "error")
    return redirect(url_for("chronology.index", case_id=case.id, **_export_args()))


def _attachment(data: str | bytes, case: Case, extension: str, mimetype: str) -> Response:
    name = f"chronology-{case.reference}-{clock.today().isoformat()}.{extension}"
    return Response(data, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})


# Exporting a whole case is the riskiest read there is: both exports need a recent password.
@bp.route("/<int:case_id>/chronology.csv")
@case_route
@require_recent_auth("case_export")
def export_csv(case: Case):
    """The chronology as the filters select it, as CSV, in date order."""
    selection = _export_selection(case)
    if selection is None:
        return _back_to_the_filters(case)
    rows = export.export_rows(selection[1], {p.id: p for p in case.people})
    record_audit("export", case, changes={"format": [None, "csv"], "entries": [None, len(rows)]})
    return _attachment(export.to_csv(rows), case, "csv", "text/csv")


@bp.route("/<int:case_id>/chronology.docx")
@case_route
@require_recent_auth("case_export")
def export_docx(case: Case):
    """The chronology as the filters select it, as a Word document for professionals."""
    selection = _export_selection(case)
    if selection is None:
        return _back_to_the_filters(case)
    filters, entries, agencies = selection
    context = chronology_context(case, entries, filters, current_user, agencies,
                                 site=request.host_url.rstrip("/"))
    try:
        data = library.render(CHRONOLOGY.name, VARIANT, context)
    except DomainError as error:
        return refuse(error, url_for("chronology.index", case_id=case.id, **_export_args()))
    record_audit("export", case, changes={"format": [None, "docx"],
                                          "entries": [None, len(entries)]})
    return _attachment(data, case, "docx", DOCX)


@bp.route("/<int:case_id>/chronology/new", methods=["GET", "POST"])
@case_route
def new(case: Case):
    """Type an entry into the chronology: dated, sourced, and concerning which children."""
    form = EntryForm(case)
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("chronology/new.html", case=case, form=form), status
    try:
        operations.record_entry(case, form.changed_values(*EntryForm.FIELDS), by=current_user)
    except DomainError as error:
        return form_error(form, error, "chronology/new.html", case=case)
    flash(_("Added to the chronology"), "success")
    return redirect(url_for("chronology.index", case_id=case.id))


@bp.route("/<int:case_id>/chronology/<int:event_id>/addendum", methods=["GET", "POST"])
@case_route
def addendum(case: Case, event_id: int):
    """Correct or add to a typed-in entry with a dated addendum."""
    event = get_in_case_or_404(CaseEvent, case, event_id)
    entry = queries.with_details([event])[0]
    if not entry.is_manual:
        return refuse(DomainError(_("This entry was generated from another record: correct "
                                    "that record instead")),
                      url_for("chronology.index", case_id=case.id))
    form = AddendumForm()
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render_template("chronology/addendum.html", case=case, entry=entry,
                               form=form), status
    try:
        operations.add_addendum(case, event, form.text.data, by=current_user)
    except DomainError as error:
        return form_error(form, error, "chronology/addendum.html", case=case, entry=entry)
    flash(_("Addendum added"), "success")
    return redirect(url_for("chronology.index", case_id=case.id))
