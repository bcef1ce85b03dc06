"""``flask visits notify-overdue``: email the line managers of every worker newly overdue
(amber) or newly past the grace period (red). Idempotent: each (visit, level) is recorded in
``overdue_alerts`` under a unique key before its email goes, so running it every minute from
cron — even two runs at once — never sends the same alert twice. A send that fails is rolled
back and tried again on the next run."""

from __future__ import annotations

import smtplib
from datetime import datetime

import click
import sqlalchemy as sa
from flask import current_app, url_for
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from supervise import clock
from supervise.extensions import db
from supervise.notifications.operations import notify
from supervise.templating import uk_time
from supervise.visits.mail import send_mail
from supervise.visits.models import OverdueAlert, Visit, VisitStatus
from supervise.visits.queries import grace


def overdue_alerts_due(now: datetime) -> list[tuple[Visit, str, list[str]]]:
    """(visit, level to send, levels to record) for each unresolved overdue visit not yet
    alerted at its current level."""
    visits = list(db.session.scalars(
        sa.select(Visit).where(Visit.status == VisitStatus.IN_PROGRESS,
                               Visit.expected_return_at < now)
        .options(joinedload(Visit.practitioner), joinedload(Visit.plan),
                 joinedload(Visit.case), selectinload(Visit.escalations))).unique())
    sent: dict[int, set[str]] = {}
    if visits:
        for visit_id, level in db.session.execute(
                sa.select(OverdueAlert.visit_id, OverdueAlert.level)
                .where(OverdueAlert.visit_id.in_([v.id for v in visits]))):
            sent.setdefault(visit_id, set()).add(level)
    due = []
    for visit in visits:
        level = visit.overdue_level(grace(), now)
        if visit.is_resolved or level is None or level in sent.get(visit.id, set()):
            continue
        record = ["amber", "red"] if level == "red" else ["amber"]
        due.append((visit, level, [lv for lv in record if lv not in sent.get(visit.id, set())]))
    return due


def notify_overdue(now: datetime | None = None) -> list[str]:
    """Send every alert that is due; returns a line per alert for the log."""
    now = now or clock.now()
    report = []
    for visit, level, record in overdue_alerts_due(now):
        managers = visit.practitioner.line_managers
        emails = [m.email for m in managers]
        try:
            with db.session.begin_nested():
                for lv in record:
                    db.session.add(OverdueAlert(visit_id=visit.id, level=lv, sent_at=now,
                                                recipients=emails))
                db.session.flush()
                _send(visit, level, managers, emails, now)
        except IntegrityError:
            report.append(f"visit {visit.id}: {level} alert already sent by another run")
            continue
        except (OSError, smtplib.SMTPException) as error:
            report.append(f"visit {visit.id}: {level} alert NOT sent ({error}); will retry")
            continue
        db.session.commit()
        report.append(f"visit {visit.id}: {level} alert sent to {', '.join(emails) or 'nobody'}")
    return report


def _send(visit: Visit, level: str, managers: list, emails: list[str], now: datetime) -> None:
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        link = url_for("visits.escalate", case_id=visit.case_id, visit_id=visit.id)
        external = url_for("visits.escalate", case_id=visit.case_id, visit_id=visit.id,
                           _external=True)
        minutes = int((now - visit.expected_return_at).total_seconds() // 60)
        worker = visit.practitioner.name
        headline = (f"{'URGENT: ' if level == 'red' else ''}{worker} has not checked out of "
                    f"a visit: {minutes} minutes overdue")
        notify(managers, "visit_overdue", headline, link=link, case_id=visit.case_id)
        if emails:
            send_mail(emails, headline, _body(visit, level, minutes, external))


def _body(visit: Visit, level: str, minutes: int, link: str) -> str:
    plan = visit.plan
    joint = plan.joint_visitor.name if plan.joint_visitor else "nobody (lone visit)"
    return "\n".join([
        f"{visit.practitioner.name} was expected back from a visit at "
        f"{uk_time(visit.expected_return_at)} (UK time) and has not checked out.",
        f"Overdue by {minutes} minutes "
        f"({'red: past the grace period' if level == 'red' else 'amber'}).",
        "",
        f"Case: {visit.case.reference}",
        f"Where: {plan.venue_address or plan.venue_kind.label}",
        f"With: {joint}",
        f"Police present: {'yes' if plan.police_present else 'no'}",
        "",
        "Record each step you take (tried the worker, the joint visitor, their emergency",
        "contact, called the police) until the worker is safe; their safety details are here:",
        link,
    ])


@click.command("notify-overdue")
def notify_overdue_command() -> None:
    """Email line managers about newly overdue or newly red visits (run every minute)."""
    for line in notify_overdue():
        click.echo(line)
    db.session.commit()
