"""``flask visits notify-overdue`` against a real SMTP server started by the test: managers are
emailed once when a visit becomes overdue and once more when it turns red — never twice."""

from __future__ import annotations

import socket
from datetime import datetime

import pytest
from aiosmtpd.controller import Controller

from supervise.notifications.models import Notification
from supervise.visits.models import OverdueAlert
from supervise.visits.notifier import notify_overdue
from tests.visits import factories as vf

pytestmark = pytest.mark.usefixtures("clock_at")


class Inbox:
    """Collects every message the server receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802  (aiosmtpd's name)
        self.messages.append((list(envelope.rcpt_tos), envelope.content.decode()))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    saved = {k: app.config[k] for k in ("MAIL_BACKEND", "SMTP_HOST", "SMTP_PORT")}
    app.config.update(MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    yield inbox
    app.config.update(saved)
    controller.stop()


def test_nothing_is_sent_while_the_visit_is_not_overdue(world, smtp):
    vf.in_progress(world)
    assert notify_overdue() == []
    assert smtp.messages == []


def test_an_overdue_visit_emails_the_line_managers_once(world, smtp, clock_at, db):
    plan = vf.in_progress(world)
    clock_at.move_to(datetime(2027, 3, 10, 9, 5))
    report = notify_overdue()
    assert len(report) == 1 and "amber alert sent to manager@example.test" in report[0]
    assert len(smtp.messages) == 1
    recipients, content = smtp.messages[0]
    assert recipients == ["manager@example.test"]
    assert "Pat Practitioner has not checked out" in content
    assert f"/cases/{world.case.id}/visits/{plan.visit_id}/escalate" in content
    assert db.session.query(Notification).filter_by(kind="visit_overdue").count() == 1
    # Run every minute from cron: nothing new, nothing sent again.
    clock_at.move_to(datetime(2027, 3, 10, 9, 6))
    assert notify_overdue() == []
    assert len(smtp.messages) == 1


def test_turning_red_sends_one_more_alert_and_then_none(world, smtp, clock_at):
    vf.in_progress(world)
    clock_at.move_to(datetime(2027, 3, 10, 9, 5))
    notify_overdue()
    clock_at.move_to(datetime(2027, 3, 10, 9, 31))
    notify_overdue()
    notify_overdue()
    assert len(smtp.messages) == 2
    assert "URGENT" in smtp.messages[1][1]


def test_a_visit_first_seen_when_already_red_gets_one_alert(world, smtp, clock_at, db):
    plan = vf.in_progress(world)
    clock_at.move_to(datetime(2027, 3, 10, 11, 0))
    notify_overdue()
    notify_overdue()
    assert len(smtp.messages) == 1
    assert {a.level for a in db.session.query(OverdueAlert).filter_by(
        visit_id=plan.visit_id)} == {"amber", "red"}


def test_a_resolved_or_checked_out_visit_is_not_alerted(world, smtp, clock_at):
    from supervise.visits import operations

    plan = vf.in_progress(world)
    clock_at.move_to(datetime(2027, 3, 10, 9, 5))
    operations.record_escalation(plan.visit, "resolved", "Rang in", by=world.users["manager"])
    assert notify_overdue() == []
    assert smtp.messages == []


def test_a_failed_send_is_retried_on_the_next_run(world, smtp, clock_at, app, db):
    vf.in_progress(world)
    clock_at.move_to(datetime(2027, 3, 10, 9, 5))
    port = app.config["SMTP_PORT"]
    app.config["SMTP_PORT"] = _free_port()  # nothing listens there
    report = notify_overdue()
    assert "NOT sent" in report[0]
    assert db.session.query(OverdueAlert).count() == 0
    app.config["SMTP_PORT"] = port
    notify_overdue()
    assert len(smtp.messages) == 1


def test_the_command_prints_in_development(world, app, clock_at, capsys):
    vf.in_progress(world)
    clock_at.move_to(datetime(2027, 3, 10, 9, 5))
    app.config["MAIL_BACKEND"] = "console"
    result = app.test_cli_runner().invoke(args=["visits", "notify-overdue"])
    assert result.exit_code == 0, result.output
    assert "MAIL_BACKEND=console" in result.output and "amber alert sent" in result.output
