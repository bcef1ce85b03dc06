"""Record an incident → accept the risk alert it proposes → the banner is on every page of the
case → the chronology shows the incident → the manager's dashboard shows it for review.
With and without JavaScript, axe-clean, and no CSP errors in the console."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser

# Each run uses a family with no risk alert in the demo data, so they do not see each other's.
FAMILIES = {True: ("Begum family", "Rafiq Ali"), False: ("Pritchard family", "Rhian Pritchard")}
CASE_TABS = {"Overview": r"/cases/\d+$", "Chronology": r"/chronology$", "Family": r"/family$",
             "Case team": r"/team$", "Risk alerts": r"/alerts$", "Incidents": r"/incidents$"}


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_an_incident_raises_an_alert_everyone_sees_and_the_manager_reviews(
        request, javascript, live_server, console):
    page = request.getfixturevalue("page" if javascript else "page_without_js")
    family, aggressor = FAMILIES[javascript]
    place = f"Car park behind the clinic ({'js' if javascript else 'no js'})"

    sign_in(page, live_server, "practitioner@demo.test")
    page.get_by_role("link", name="Cases", exact=True).click()
    page.locator("#case-results").get_by_role("link", name=family).click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    assert page.locator(".app-risk-banner").count() == 0
    case_url = page.url

    page.get_by_role("link", name="Incidents", exact=True).click()
    page.wait_for_url(re.compile(r"/incidents$"))
    check_accessibility(page)
    page.get_by_role("button", name="Record an incident towards a worker").click()
    page.wait_for_url(re.compile(r"/incidents/new$"))
    check_accessibility(page)
    _fill_incident(page, place, aggressor, police=False)
    page.get_by_role("button", name="Record the incident").click()
    # Violence without a decision about the police is refused, with what was typed kept.
    page.locator(".govuk-error-summary").wait_for()
    assert "Select whether the police were informed" in page.inner_text(".govuk-error-summary")
    assert page.get_by_label("Where did it happen?").input_value() == place
    check_accessibility(page)
    page.get_by_label("The police were informed").check()
    page.get_by_label("Reason for the decision about the police").fill(
        "He pushed the worker: an assault (Gwent 6.2).")
    page.get_by_role("button", name="Record the incident").click()

    page.wait_for_url(re.compile(r"/alerts/new\?incident=\d+"))
    assert "The line manager has been told" in page.inner_text("main")
    assert page.get_by_label("High risk").is_checked()
    assert page.get_by_label("Police present").is_checked()
    assert page.get_by_label("Physical violence").is_checked()
    check_accessibility(page)
    page.get_by_role("button", name="Raise the alert").click()
    page.wait_for_url(re.compile(r"/alerts/\d+$"))
    assert "Everyone on the case team has been told" in page.inner_text("main")

    for tab, address in CASE_TABS.items():
        page.get_by_role("link", name=tab, exact=True).click()
        page.wait_for_url(re.compile(address))
        banner = page.locator(".app-risk-banner--high")
        expect(banner, message=tab).to_be_visible()
        assert "Police present" in banner.inner_text(), tab
        check_accessibility(page)

    page.goto(case_url + "/chronology")
    timeline = page.locator("#chronology-results")
    assert place in timeline.inner_text()
    page.get_by_label("Category").select_option("incident")
    if javascript:
        page.wait_for_function(
            "() => document.querySelector('#chronology-results').textContent.includes('1 entry')")
    else:
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(re.compile(r"category=incident"))
    assert "1 entry" in timeline.inner_text() and place in timeline.inner_text()
    assert "category=incident" in page.url
    check_accessibility(page)
    timeline.get_by_role("link", name="Incident record").click()
    page.wait_for_url(re.compile(r"/incidents/\d+$"))
    assert place in page.inner_text("main")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/signed-out"))
    sign_in(page, live_server, "manager@demo.test")
    panel = page.locator("#panel-incidents_unreviewed")
    assert family in panel.inner_text() and "Violence or threat to kill" in panel.inner_text()
    check_accessibility(page)
    panel.get_by_role("link", name=re.compile(family)).first.click()
    page.wait_for_url(re.compile(r"/incidents/\d+$"))
    page.get_by_role("button", name="Review this incident").click()
    page.wait_for_url(re.compile(r"/review$"))
    check_accessibility(page)
    page.get_by_label("What may have caused it?").fill("He fears the baby will be removed.")
    page.get_by_label("How will the work progress safely, and why?").fill(
        "Joint visits with police present until the core group meets.")
    page.get_by_role("button", name="Record the review").click()
    page.wait_for_url(re.compile(r"/incidents/\d+$"))
    assert "Review recorded" in page.inner_text("main")
    assert not console.problems(), console.problems()


def _fill_incident(page, place: str, aggressor: str, *, police: bool) -> None:
    yesterday = date.today() - timedelta(days=1)
    page.locator("#occurred_on-day").fill(str(yesterday.day))
    page.locator("#occurred_on-month").fill(str(yesterday.month))
    page.locator("#occurred_on-year").fill(str(yesterday.year))
    page.get_by_label("Time", exact=True).fill("10:15")
    page.get_by_label("Where did it happen?").fill(place)
    page.get_by_label("Physical violence").check()
    page.get_by_label("Shouting or raising voices").check()
    page.get_by_label(re.compile(aggressor)).check()
    page.get_by_label("What was said and done").fill(
        "He shouted 'get out of my house' and pushed the worker towards the door.")
    page.get_by_label("What the worker said and did").fill(
        "Said she was leaving, left, and rang her manager from the car.")
    page.get_by_label("Fear", exact=True).check()
    page.get_by_label("Debrief with the line manager").check()
