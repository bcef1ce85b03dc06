"""The audit trail of a case, for a line manager of someone on its case team."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from supervise.audit import queries
from supervise.audit.forms import TrailFilterForm
from supervise.cases.access import case_route
from supervise.cases.models import Case
from supervise.core.htmx import is_htmx
from supervise.core.paging import page_number

bp = Blueprint("audit", __name__, url_prefix="/cases")


@bp.route("/<int:case_id>/audit")
@case_route
def case_trail(case: Case):
    """Who viewed and changed what on this case, when and from where; filtered and paged."""
    if not queries.can_audit_case(current_user, case):
        abort(404)
    form = TrailFilterForm(request.args, queries.trail_people(case.id))
    valid = form.validate()
    page = queries.case_trail(case.id, form.filters(), page=page_number()) if valid \
        else None
    context = {"case": case, "form": form, "page": page, "filter_args": _filter_args(),
               "audit_action": queries.action_label, "audit_object": queries.object_label}
    status = 200 if valid else 422
    if is_htmx():
        return render_template("audit/_trail.html", **context), status
    return render_template("audit/case_trail.html", **context), status


def _filter_args() -> dict[str, list[str]]:
    return {k: request.args.getlist(k) for k in request.args if k != "page"}
