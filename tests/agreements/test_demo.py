"""The demo data shows every agreement state, an overdue breach and an agreement past review."""

from __future__ import annotations

import sqlalchemy as sa

from supervise.agreements.models import Agreement, AgreementState
from supervise.breaches.models import Breach, BreachEscalation
from supervise.demo import seed_demo


def test_the_demo_has_agreements_in_every_state_and_breaches_to_act_on(app, db):
    app.config["DEMO_PASSWORD"] = "demo-password-for-tests"
    try:
        seed_demo()
    finally:
        app.config["DEMO_PASSWORD"] = None
    agreements = list(db.session.scalars(sa.select(Agreement)))
    assert {a.state for a in agreements} == set(AgreementState)
    assert any(a.is_past_review() for a in agreements)
    breaches = list(db.session.scalars(sa.select(Breach)))
    assert any(b.is_overdue() for b in breaches)
    assert any(b.follow_up is not None for b in breaches)
    assert db.session.scalar(sa.select(BreachEscalation).where(
        BreachEscalation.decided_at.is_(None))) is not None
    assert all(a.document.sha256 for a in agreements if a.state not in {
        AgreementState.DRAFT, AgreementState.SUBMITTED, AgreementState.RETURNED,
        AgreementState.APPROVED})
