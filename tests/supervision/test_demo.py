"""The demo data shows supervision's three states of concern: a held session with actions, a
cancelled one not re-arranged, and an overdue practitioner."""

from __future__ import annotations

import sqlalchemy as sa

from supervise.accounts.models import User
from supervise.demo import seed_demo
from supervise.events.models import CaseEvent
from supervise.supervision import queries
from supervise.supervision.models import SessionStatus
from supervise.supervision.status import statuses


def test_the_demo_has_a_held_session_a_cancellation_and_an_overdue_practitioner(app, db):
    app.config["DEMO_PASSWORD"] = "demo-password-for-tests"
    try:
        seed_demo()
    finally:
        app.config["DEMO_PASSWORD"] = None
    priya = db.session.scalar(sa.select(User).where(User.email == "practitioner@demo.test"))
    sessions = queries.sessions_of(priya.id)
    signed = [s for s in sessions if s.status is SessionStatus.SIGNED]
    assert signed and queries.actions_agreed(signed[0])
    assert any(a.is_open and a.is_overdue() for a in queries.actions_agreed(signed[0]))
    assert queries.shares_for(signed[0]) and queries.decisions_for(signed[0])
    standing = statuses([priya])[0]
    assert standing.is_overdue
    assert [s.cancellation_reason for s in standing.waiting] == [
        "Called to an emergency strategy meeting"]
    decisions = db.session.scalars(sa.select(CaseEvent).where(
        CaseEvent.category == "supervision_decision")).all()
    assert all(e.occurred_at < signed[0].signed_at for e in decisions)
