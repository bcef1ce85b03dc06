"""Bad input on the agreement and breach forms: a message next to the field, nothing
half-saved, never a 500 — and what is saved comes back escaped on the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from supervise import clock
from supervise.agreements.models import Agreement, AgreementClause
from supervise.breaches.models import Breach, BreachFollowUp
from supervise.extensions import db
from tests.agreements.factories import make_draft, make_signed
from tests.cases.test_hostile_input import HOSTILE, SCRIPT


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _day(offset: int) -> list[str]:
    day = clock.today() + timedelta(days=offset)
    return [str(day.day), str(day.month), str(day.year)]


def _check(response, model, before: int, page_url=None, client=None) -> None:
    assert response.status_code in {302, 422}, response.status_code
    if response.status_code == 422:
        assert "govuk-error-summary" in response.text
        assert _count(model) == before
    elif page_url and client:
        assert SCRIPT not in client.get(page_url).text


@pytest.mark.parametrize("value", HOSTILE)
def test_the_agreement_form_survives_hostile_input(value, world, login_as, client):
    login_as("practitioner")
    carer = next(p for p in world.case.adults if p.is_carer)
    before = _count(Agreement)
    response = client.post(f"/cases/{world.case.id}/agreements/new", data={
        "parties": [str(carer.id)], "grounds": value, "agency_commitments": value,
        "risk_assessment": value, "consequences": value, "contact_details": value,
        "review_date": [value[:5], "2", "2030"]})
    _check(response, Agreement, before)


@pytest.mark.parametrize("value", HOSTILE)
def test_the_expectation_form_survives_hostile_input(value, world, login_as, client):
    agreement = make_draft(world, complete=False)
    login_as("practitioner")
    before = _count(AgreementClause)
    url = f"/cases/{world.case.id}/agreements/{agreement.id}"
    response = client.post(f"{url}/expectations/new", data={
        "text": value, "how_measured": value, "child_focus": value, "due_by": _day(7)})
    _check(response, AgreementClause, before, url, client)


@pytest.mark.parametrize("value", HOSTILE)
def test_the_breach_and_follow_up_forms_survive_hostile_input(value, world, login_as, client):
    agreement = make_signed(world)
    login_as("practitioner")
    before = _count(Breach)
    response = client.post(f"/cases/{world.case.id}/agreements/{agreement.id}/breaches/new",
                           data={"clause_id": str(agreement.behaviours[0].id),
                                 "occurred_on": _day(0), "what_happened": value,
                                 "source": "observed", "reported_by": value})
    _check(response, Breach, before)
    breach = db.session.scalar(sa.select(Breach))
    if breach is None:
        return
    url = f"/cases/{world.case.id}/agreements/breaches/{breach.id}"
    before = _count(BreachFollowUp)
    response = client.post(f"{url}/follow-up", data={
        "action_taken": value, "manager_advice_sought": "y", "manager_advice": value,
        "outcome": value})
    _check(response, BreachFollowUp, before, url, client)
