"""A practitioner's visit log, for file audits (``gwent:4.1``: audits help spot "records of
visits which did not take place"): every visit planned in a date range with who approved it,
check-in and check-out, expected return, overdue and escalation, no access and cancellation.

Seen by the practitioner and their line managers; anyone else gets 404. Only visits on cases
the viewer may see are listed (the others are counted), and every view is audited — on each
case shown, so the case's own audit trail says who looked at its visits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import abort, render_template, request
from flask_login import current_user, login_required

from supervise import clock
from supervise.accounts.models import User
from supervise.audit.operations import record_audit
from supervise.auth.security_log import deny
from supervise.extensions import db
from supervise.visits import queries
from supervise.visits.forms import VisitLogForm
from supervise.visits.models import Visit
from supervise.visits.routes import bp


@dataclass
class LogRow:
    visit: Visit
    overdue_now: bool
    alerts_sent: list[str]  # overdue alert levels sent: "amber", "red"


def worker_or_404(worker_id: int) -> User:
    """The practitioner whose log it is, for themselves or one of their line managers."""
    worker = db.session.get(User, worker_id)
    allowed = worker is not None and current_user.works_cases and (
        worker.id == current_user.id or current_user.line_manages(worker))
    if not allowed:
        deny("visit_log_not_visible")
        abort(404)
    return worker  # type: ignore[return-value]


def _start_of(day: date) -> datetime:
    return clock.from_uk(datetime.combine(day, time(0, 0)))


def log_rows(worker: User, start: date, end: date) -> tuple[list[LogRow], int]:
    """The rows the viewer may see, oldest first, and how many visits were left out."""
    since, until = _start_of(start), _start_of(end + timedelta(days=1))
    shown = queries.visit_log(worker.id, since, until, visible_to=current_user)
    alerts = queries.overdue_alerts_sent([v.id for v in shown])
    now = clock.now()
    rows = [LogRow(v, v.is_overdue(now), alerts.get(v.id, [])) for v in shown]
    return rows, queries.visit_log_count(worker.id, since, until) - len(shown)


def audit_log_view(worker: User, rows: list[LogRow], start: date, end: date) -> None:
    """One record of the view, and one on each case whose visits were shown."""
    record_audit("view", object_type="visit_logs",
                 changes={"worker": worker.id, "from": start.isoformat(), "to": end.isoformat()})
    for case_id in sorted({row.visit.case_id for row in rows}):
        record_audit("view", object_type="visits", case_id=case_id,
                     changes={"visit_log_of": worker.id})


@bp.route("/team/<int:worker_id>/visits")
@login_required
def visit_log(worker_id: int):
    """A practitioner's visits in a date range, for their line manager's audit."""
    worker = worker_or_404(worker_id)
    form = VisitLogForm(request.args)
    page = {"worker": worker, "form": form, "mine": worker.id == current_user.id}
    if not form.validate():
        return render_template("visits/visit_log.html", rows=None, **page), 422
    start, end = form.dates()
    rows, hidden = log_rows(worker, start, end)
    audit_log_view(worker, rows, start, end)
    return render_template("visits/visit_log.html", rows=rows, hidden=hidden, start=start,
                           end=end, **page)
