"""The versioning audit: every record two people can edit refuses a stale save, says what
changed and keeps what was typed — shown here with two real sessions (two test clients), on
SQLite and on PostgreSQL. Cases, people, plans, supervision notes and answers have their own
tests (tests/core/test_concurrency.py, tests/visits, tests/supervision); these cover the gaps
the audit found."""

from __future__ import annotations

import re

import pytest

from supervise import clock
from supervise.agreements import lifecycle
from supervise.agreements.models import Agreement, AgreementState
from supervise.breaches import operations as breaches
from supervise.breaches.models import Breach, BreachSource
from supervise.core.models import apply_changes
from supervise.extensions import db
from tests.agreements.factories import make_draft, make_signed_without_rendering
from tests.conftest import PASSWORD


def _second_browser(app, user):
    other = app.test_client()
    assert other.post("/login", data={"email": user.email, "password": PASSWORD}
                      ).status_code == 302
    return other


def _version_on(page: str) -> str:
    return re.search(r'name="version" (?:type="hidden" )?value="(\d+)"', page).group(1)


def test_the_first_follow_up_of_a_breach_is_never_overwritten_by_a_second(world, app, client,
                                                                          login_as):
    agreement = make_signed_without_rendering(world)
    breach = breaches.record_breach(agreement, agreement.behaviours[0], {
        "occurred_on": clock.today(), "what_happened": "Swore at the health visitor",
        "source": BreachSource.OBSERVED, "reported_by": ""}, by=world.users["practitioner"])
    url = f"/cases/{world.case.id}/agreements/breaches/{breach.id}/follow-up"
    manager = _second_browser(app, world.users["manager"])
    login_as("practitioner")
    mine, theirs = _version_on(client.get(url).text), _version_on(manager.get(url).text)
    assert mine == theirs == "0"  # both started from an empty form
    assert manager.post(url, data={"action_taken": "Wrote to her", "outcome": "Noted",
                                   "version": theirs}).status_code == 302

    response = client.post(url, data={"action_taken": "Phoned her", "outcome": "Apologised",
                                      "version": mine})
    assert response.status_code == 409
    assert "Mo Manager saved changes to this record" in response.text
    assert "is now saved as “Wrote to her” (you typed “Phoned her”)" in response.text
    assert "Phoned her</textarea>" in response.text
    assert db.session.get(Breach, breach.id).follow_up.action_taken == "Wrote to her"

    again = client.post(url, data={"action_taken": "Phoned her", "outcome": "Apologised",
                                   "version": _version_on(response.text)})
    assert again.status_code == 302  # having seen it, saving over it is deliberate
    assert db.session.get(Breach, breach.id).follow_up.action_taken == "Phoned her"


def test_a_manager_approves_only_the_agreement_version_they_read(world, app, client, login_as):
    agreement = make_draft(world)
    author = world.users["practitioner"]
    lifecycle.submit(agreement, by=author)
    url = f"/cases/{world.case.id}/agreements/{agreement.id}"
    login_as("manager")
    read = _version_on(client.get(url).text)
    # Meanwhile the author takes it back, changes what the agencies will do, and resubmits.
    lifecycle.withdraw(agreement, by=author)
    apply_changes(agreement, {"agency_commitments": "Pat will visit once a month."})
    lifecycle.submit(agreement, by=author)

    response = client.post(url + "/approve", data={"version": read}, follow_redirects=True)
    assert "saved changes to this record" in response.text
    assert db.session.get(Agreement, agreement.id).state is AgreementState.SUBMITTED
    current = _version_on(client.get(url).text)
    assert client.post(url + "/approve", data={"version": current}).status_code == 302
    assert db.session.get(Agreement, agreement.id).state is AgreementState.APPROVED


def test_returning_an_agreement_keeps_the_comments_when_it_changed_meanwhile(world, client,
                                                                           login_as):
    agreement = make_draft(world)
    author = world.users["practitioner"]
    lifecycle.submit(agreement, by=author)
    url = f"/cases/{world.case.id}/agreements/{agreement.id}/return"
    login_as("manager")
    read = _version_on(client.get(url).text)
    lifecycle.withdraw(agreement, by=author)
    lifecycle.submit(agreement, by=author)

    response = client.post(url, data={"comments": "Add the school", "version": read})
    assert response.status_code == 409
    assert "Add the school</textarea>" in response.text


@pytest.mark.parametrize("model", ["Case", "Person", "Address", "CaseTeamMember", "Agreement",
                                   "AgreementClause", "ActionPlan", "SupervisionSession",
                                   "SessionCase", "SupervisionAnswer", "BreachFollowUp",
                                   "BreachEscalation", "Visit", "Incident", "RiskAlert"])
def test_every_record_people_edit_is_versioned(model):
    """The audit's list: a record edited through a form carries a version column."""
    from supervise.extensions import db as extension

    mapper = next(m for m in extension.Model.registry.mappers if m.class_.__name__ == model)
    assert mapper.version_id_col is not None, f"{model} is edited by people but not Versioned"
