"""A full supervision session in the browser, as the practitioner and their line manager: book,
prepare, answer, share, start, decide, agree actions, sign, print — with JavaScript (answers
save as they are given) and without it (every form posts), axe-clean, no console errors."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser


def test_the_manager_sees_overdue_and_cancelled_supervision_flagged(page, live_server, console):
    sign_in(page, live_server, "manager@demo.test")
    panel = page.locator("#panel-team_supervision")
    assert "Priya Shah" in panel.inner_text()
    assert "Overdue since" in panel.inner_text()
    assert "not re-arranged" in panel.inner_text()
    check_accessibility(page)
    page.get_by_role("link", name="Supervision", exact=True).click()
    check_accessibility(page)
    page.get_by_role("link", name="Priya Shah").click()
    assert "A cancelled session has not been re-arranged" in page.inner_text("main")
    check_accessibility(page)
    assert not console.problems(), console.problems()


def _fill_date(page, day: date) -> None:
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))


def _answer(page, prompt_id: str, choice: str, javascript: bool, notes: str = "") -> None:
    prompt = page.locator(f"#prompt-{prompt_id}")
    if notes:
        prompt.get_by_role("textbox").fill(notes)
    # Choosing the answer saves the prompt's answer and notes together at once.
    prompt.get_by_label(choice, exact=True).check()
    if javascript:  # saved as it is given: no button pressed
        page.wait_for_function(
            f"() => document.querySelector('#status-{prompt_id}').textContent.includes('Saved')")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_full_session_as_practitioner_and_manager(request, browser, javascript, live_server,
                                                    console):
    from tests.browser.conftest import _context_page

    manager_context, manager = _context_page(browser, javascript)
    practitioner_context, practitioner = _context_page(browser, javascript)
    console.listen(manager)
    console.listen(practitioner)
    try:
        session_url = _book(manager, live_server, days=2 if javascript else 3)
        _prepare(practitioner, live_server, session_url, javascript)
        _hold(manager, session_url, javascript)
        _sign_and_print(practitioner, manager, session_url)
        if javascript:  # the same forms and links either way; once is enough
            _shared_with_the_health_visitor(browser, live_server, javascript)
    finally:
        manager_context.close()
        practitioner_context.close()
    assert not console.problems(), console.problems()


def _book(page, base: str, days: int) -> str:
    sign_in(page, base, "manager@demo.test")
    page.get_by_role("link", name="Supervision", exact=True).click()
    page.get_by_role("link", name="Priya Shah").click()
    page.get_by_role("button", name="Book a session").click()
    check_accessibility(page)
    _fill_date(page, date.today() + timedelta(days=days))
    page.get_by_label("Time").fill("25:00")
    page.get_by_role("button", name="Book session").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label("Time").fill("10:30")
    page.get_by_role("button", name="Book session").click()
    page.wait_for_url(re.compile(r"/supervision/sessions/\d+$"))
    assert "Supervision with Priya Shah booked" in page.inner_text("main")
    check_accessibility(page)
    return page.url


def _prepare(page, base: str, session_url: str, javascript: bool) -> None:
    sign_in(page, base, "practitioner@demo.test")
    page.locator("#panel-my_supervision").get_by_role("link", name=re.compile("10:30am")).click()
    page.wait_for_url(session_url)
    page.get_by_role("link", name="Cases to discuss").click()
    check_accessibility(page)
    assert page.get_by_label("Harper family").is_checked()  # it has a risk alert
    page.get_by_role("button", name="Save cases to discuss").click()
    page.get_by_role("link", name="Harper family").click()
    assert "Door not answered" in page.inner_text("main")  # the threats she brings
    check_accessibility(page)
    page.get_by_role("link", name="Sharing concerns").click()
    check_accessibility(page)
    _answer(page, "sharing-intimidated", "Yes", javascript, notes="Since the dogs")
    _answer(page, "sharing-would-want-to-know", "Yes", javascript)
    if not javascript:
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url(re.compile(r"/sections/colluding$"))
    page.goto(session_url)
    page.get_by_role("link", name="Impact on me").click()
    check_accessibility(page)
    _answer(page, "impact-overall", "4", javascript)
    page.locator("#prompt-impact-support-needed").get_by_role("textbox").fill(
        "A debrief after each visit")
    if javascript:
        page.wait_for_function("() => document.querySelector("
                               "'#status-impact-support-needed').textContent.includes('Saved')")
    else:
        page.get_by_role("button", name="Save and continue").click()
    page.goto(session_url)
    page.get_by_role("link", name="Harper family").click()
    page.get_by_role("button", name="Share concerns").click()
    check_accessibility(page)
    page.get_by_label(re.compile("Hannah Vaughan")).check()
    page.get_by_role("button", name="Share with the case team").click()
    assert "Concerns shared with the case team" in page.inner_text("main")
    page.goto(session_url)
    page.get_by_role("button", name="Tell my line manager I have prepared").click()
    assert "prepared on" in page.inner_text("main")


def _hold(page, session_url: str, javascript: bool) -> None:
    page.goto(session_url)
    page.get_by_role("button", name="Start the session").click()
    assert "Session started" in page.inner_text("main")
    page.get_by_role("link", name="Harper family").click()
    page.get_by_role("link", name="Managing the risk").click()
    _answer(page, "planning-risk-to-worker", "Yes", javascript)
    if not javascript:
        page.get_by_role("button", name="Save and continue").click()
    page.goto(session_url)
    page.get_by_role("link", name="Harper family").click()
    assert "A risk to workers was identified" in page.inner_text("main")
    page.get_by_label("Agreed risk-management steps").fill("Joint visits with the police only")
    if javascript:
        page.wait_for_function(
            "() => document.querySelector('#case-notes-status').textContent.includes('Saved')")
    else:
        page.get_by_role("button", name="Save notes").click()
    page.get_by_label("Decision").fill("Visits only with the police until the alert is reviewed")
    page.get_by_role("button", name="Record decision").click()
    assert "Decision recorded on the case" in page.inner_text("main")
    check_accessibility(page)
    page.goto(session_url + "/actions")
    carried = page.get_by_role("button", name="Mark as done")
    if carried.count():
        carried.first.click()
    page.get_by_label("Action", exact=True).fill("Book the joint visit with the police")
    page.get_by_label("Priya Shah").check()
    _fill_date(page, date.today() + timedelta(days=7))
    page.get_by_role("button", name="Agree action").click()
    assert "Action agreed" in page.inner_text("main")
    check_accessibility(page)
    page.goto(session_url)
    page.get_by_role("button", name="Sign the record").click()
    assert "You have signed the record" in page.inner_text("main")


def _sign_and_print(practitioner, manager, session_url: str) -> None:
    practitioner.goto(session_url)
    practitioner.get_by_role("button", name="Sign the record").click()
    assert "Record signed by both" in practitioner.inner_text("main")
    practitioner.get_by_label("Addendum").fill("The police confirmed they will attend")
    practitioner.get_by_role("button", name="Add addendum").click()
    check_accessibility(practitioner)
    manager.goto(session_url + "/record")
    printed = manager.inner_text("main")
    for text in ("Are you intimidated by, or afraid of, the adult?", "Since the dogs",
                 "Joint visits with the police only", "A debrief after each visit",
                 "Visits only with the police", "Book the joint visit with the police",
                 "The police confirmed they will attend"):
        assert text in printed, text
    check_accessibility(manager)


def _shared_with_the_health_visitor(browser, base: str, javascript: bool) -> None:
    from tests.browser.conftest import _context_page

    context, page = _context_page(browser, javascript)
    try:
        sign_in(page, base, "hv@demo.test")
        page.get_by_role("link", name=re.compile("Notifications")).click()
        assert "shared concerns about the Harper family" in page.inner_text("main")
        page.get_by_role("button", name="Open").first.click()
        page.wait_for_url(re.compile(r"/shared-concerns/\d+$"))
        shared = page.inner_text("main")
        assert "Are you intimidated by, or afraid of, the adult?" in shared
        assert "A debrief after each visit" not in shared  # impact on me stays private
        check_accessibility(page)
        page.goto(page.url.split("/cases/")[0] + "/supervision")
        assert "Priya Shah" not in page.inner_text("main")
    finally:
        context.close()
