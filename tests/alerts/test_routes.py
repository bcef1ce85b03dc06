"""Risk alert pages through the client, and the banner on every page of the case."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from supervise import clock
from supervise.alerts.models import RiskAlert
from tests.access.registry import extend_world
from tests.access.test_access import ROUTES, RULES, url_for_rule
from tests.incidents.factories import make_alert, make_incident


def _viewer(endpoint: str) -> str | None:
    """Someone the access matrix lets open the page (the manager where they may); None when the
    world's record is past the state the page is for (it redirects rather than shows)."""
    rule = RULES[endpoint]
    allowed = [r for r in ("manager", "practitioner", "hv") if r in rule.allowed
               and rule.get_status.get(r, 200) == 200]
    return allowed[0] if allowed else None


CASE_PAGES = sorted({(endpoint, path) for endpoint, path, method in ROUTES
                     if method == "GET" and path.startswith("/cases/<int:case_id>")
                     and not path.endswith((".csv", ".docx", ".pdf")) and _viewer(endpoint)})


@pytest.mark.parametrize(("endpoint", "path"), CASE_PAGES, ids=[p for _, p in CASE_PAGES])
def test_every_page_of_the_case_shows_the_alert_and_links_to_it(client, world, login_as, db,
                                                                endpoint, path):
    """Every GET page under /cases/<id>/ — this issue's and every other domain's."""
    extend_world(world)
    alert = db.session.get(RiskAlert, world.ids["alert_id"])
    login_as(_viewer(endpoint))
    response = client.get(url_for_rule(path, world.ids))
    assert response.status_code == 200, path
    assert "app-risk-banner--high" in response.text, path
    assert f'href="/cases/{world.case.id}/alerts/{alert.id}"' in response.text, path


def test_the_banner_goes_when_the_alert_is_removed(client, world, login_as, db):
    alert = make_alert(world.case, world.users["practitioner"])
    login_as("practitioner")
    url = f"/cases/{world.case.id}/alerts/{alert.id}/remove"
    assert client.post(url, data={"removal_reason": "", "version": alert.version}).status_code \
        == 422
    assert "app-risk-banner--high" in client.get(f"/cases/{world.case.id}").text
    response = client.post(url, data={"removal_reason": "Family moved", "version": alert.version})
    assert response.status_code == 302
    assert "app-risk-banner" not in client.get(f"/cases/{world.case.id}").text
    history = client.get(f"/cases/{world.case.id}/alerts").text
    assert "Family moved" in history and "Removed" in history


def test_the_banner_says_when_the_review_is_overdue(client, world, login_as):
    make_alert(world.case, world.users["practitioner"],
               review_date=clock.today() + timedelta(days=2))
    login_as("hv")
    assert "review overdue" not in client.get(f"/cases/{world.case.id}").text
    with time_machine.travel(clock.now() + timedelta(days=4), tick=False):
        login_as("hv")
        assert "review overdue since" in client.get(f"/cases/{world.case.id}").text


def test_the_alert_form_is_filled_in_from_the_incident(client, world, login_as):
    incident = make_incident(world.case, world.users["practitioner"])
    login_as("practitioner")
    page = client.get(f"/cases/{world.case.id}/alerts/new?incident={incident.id}").text
    assert "Proposed from the incident" in page
    assert 'value="shouting" checked' in page and 'value="joint-visits-only" checked' in page
    assert 'value="medium" checked' in page and "The family home" in page


def test_raising_an_alert_through_the_form_from_an_incident(client, world, login_as, db):
    incident = make_incident(world.case, world.users["practitioner"])
    review = clock.today() + timedelta(days=20)
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/alerts/new", data={
        "incident": str(incident.id), "level": "high", "behaviours": ["shouting"],
        "precautions": ["joint-visits-only", "neutral-venue"], "reason": "Shouting at visits",
        "review_date": [str(review.day), str(review.month), str(review.year)]})
    assert response.status_code == 302
    alert = db.session.scalar(sa.select(RiskAlert))
    assert alert.incident_id == incident.id and alert.precautions == ["joint-visits-only",
                                                                      "neutral-venue"]
    assert "Read the incident record" in client.get(response.headers["Location"]).text


def test_an_alert_without_behaviours_or_precautions_is_refused_with_values_kept(
        client, world, login_as, db):
    login_as("hv")
    response = client.post(f"/cases/{world.case.id}/alerts/new", data={
        "level": "low", "reason": "Something", "review_date": ["1", "1", "2099"]})
    assert response.status_code == 422
    assert "Select the behaviours seen or the precautions" in response.text
    assert ">Something</textarea>" in response.text
    assert db.session.scalar(sa.select(RiskAlert)) is None


def test_reviewing_an_alert_through_the_form(client, world, login_as, db):
    alert = make_alert(world.case, world.users["practitioner"])
    later = clock.today() + timedelta(days=60)
    login_as("hv")
    response = client.post(f"/cases/{world.case.id}/alerts/{alert.id}/review", data={
        "version": alert.version, "level": "high", "behaviours": ["animals-as-threat"],
        "precautions": ["joint-visits-only"], "notes": "Dogs still there",
        "next_review_date": [str(later.day), str(later.month), str(later.year)]})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Dogs still there" in page
    assert db.session.get(RiskAlert, alert.id).review_date == later


def test_a_review_from_a_stale_form_keeps_what_was_typed(client, world, login_as, db):
    alert = make_alert(world.case, world.users["practitioner"])
    later = clock.today() + timedelta(days=60)
    data = {"version": alert.version, "level": "high", "behaviours": ["animals-as-threat"],
            "precautions": ["joint-visits-only"], "notes": "Second opinion",
            "next_review_date": [str(later.day), str(later.month), str(later.year)]}
    login_as("hv")
    client.post(f"/cases/{world.case.id}/alerts/{alert.id}/review",
                data={**data, "notes": "First"})
    response = client.post(f"/cases/{world.case.id}/alerts/{alert.id}/review", data=data)
    assert response.status_code == 409 and "Second opinion" in response.text


def test_a_colleague_is_not_offered_removal_of_someone_elses_alert(client, world, login_as):
    alert = make_alert(world.case, world.users["practitioner"])
    login_as("hv")
    page = client.get(f"/cases/{world.case.id}/alerts/{alert.id}").text
    assert "Remove this alert" not in page and "Review this alert" in page
    response = client.get(f"/cases/{world.case.id}/alerts/{alert.id}/remove",
                          follow_redirects=True)
    assert "Only the person who raised this alert or a line manager" in response.text
