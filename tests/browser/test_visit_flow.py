"""A visit from plan to check-out, in the browser, with and without JavaScript: the practitioner
plans it and submits the action plan, the line manager signs it off and approves the visit, the
practitioner checks in, time passes, the overdue visit appears on the manager's page (refreshing
itself with JavaScript; on reload without), the manager records an escalation step, and the
practitioner checks out. axe-clean on every page of the JavaScript run."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.browser.conftest import Console, _context_page, check_accessibility, sign_in

pytestmark = pytest.mark.browser
UK = ZoneInfo("Europe/London")


def _open(browser, javascript: bool):
    context, page = _context_page(browser, javascript)
    console = Console()
    console.listen(page)
    return context, page, console


def _plan_visit(page, base: str) -> str:
    """As the practitioner: plan a visit to the Nowak family and submit its action plan."""
    page.goto(f"{base}/cases")
    page.get_by_role("link", name="Nowak family").first.click()
    page.get_by_role("link", name="Visits", exact=True).click()
    check_accessibility(page)
    page.get_by_role("button", name="Plan a visit").click()
    tomorrow = datetime.now(UK).date() + timedelta(days=1)
    page.locator("#planned_date-day").fill(str(tomorrow.day))
    page.locator("#planned_date-month").fill(str(tomorrow.month))
    page.locator("#planned_date-year").fill(str(tomorrow.year))
    page.locator("#planned_time").fill("10:00")
    page.get_by_label("The family's home").check()
    page.get_by_label("Why are we visiting?").fill("To see Zofia and talk about the baby.")
    visitor = page.locator("#joint_visitor_id option", has_text="Hannah Vaughan")
    page.locator("#joint_visitor_id").select_option(visitor.get_attribute("value"))
    check_accessibility(page)
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/plans/\d+$"))
    plan_url = page.url
    check_accessibility(page)

    page.get_by_role("button", name="Add a risk").click()
    page.get_by_label("What is the risk?").fill("Father may be hostile at the door.")
    page.get_by_label("How will it be managed or reduced?").fill("Go with the health visitor.")
    page.get_by_role("button", name="Add risk").click()
    page.get_by_role("button", name="Answer the checklist").click()
    check_accessibility(page)
    for radio in page.locator("input[type=radio][value=yes]").all():
        radio.check()
    page.get_by_role("button", name="Save checklist").click()
    page.get_by_role("button", name="Submit for sign-off").click()
    assert "Plan sent to your line manager" in page.inner_text("main")
    return plan_url


def _sign_off_and_approve(page, plan_url: str) -> None:
    page.goto(plan_url)
    check_accessibility(page)
    page.get_by_role("button", name="Sign off this plan").click()
    assert "Plan signed off" in page.inner_text("main")
    page.get_by_role("button", name="Approve the visit").click()
    assert "Visit approved" in page.inner_text("main")
    check_accessibility(page)


def _check_in(page, plan_url: str, back: datetime) -> None:
    page.goto(plan_url)
    page.get_by_role("link", name="Approved").click()
    page.get_by_role("button", name="Check in").click()
    check_accessibility(page)
    page.get_by_label("When do you expect to be back?").fill(back.strftime("%H:%M"))
    page.get_by_role("button", name="Check in now").click()
    assert "Checked in" in page.inner_text("main")


def _nowak_row(page):
    return page.locator("#overdue-visits tr", has_text="Nowak family")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_plan_sign_off_approve_check_in_overdue_escalate_check_out(browser, live_server,
                                                                   javascript):
    practitioner, p_page, p_console = _open(browser, javascript)
    manager, m_page, m_console = _open(browser, javascript)
    try:
        sign_in(p_page, live_server, "practitioner@demo.test")
        plan_url = _plan_visit(p_page, live_server)
        sign_in(m_page, live_server, "manager@demo.test")
        _sign_off_and_approve(m_page, plan_url)
        back = datetime.now(UK) + timedelta(minutes=10)
        _check_in(p_page, plan_url, back)
        visit_url = p_page.url

        m_page.goto(f"{live_server}/")
        assert _nowak_row(m_page).count() == 0
        with time_machine.travel(datetime.now(UK) + timedelta(minutes=15), tick=True):
            if javascript:  # the panel refreshes itself: no reload
                _nowak_row(m_page).wait_for(timeout=45_000)
            else:
                m_page.reload()
            row = _nowak_row(m_page)
            assert "Overdue" in row.inner_text() and "NX21 KDP" in row.inner_text()
            check_accessibility(m_page)
            row.get_by_role("link", name=re.compile("Record a step")).click()
            check_accessibility(m_page)
            m_page.get_by_label("Tried to contact the worker").check()
            m_page.get_by_label("Notes").fill("Rang her mobile: no answer.")
            m_page.get_by_role("button", name="Record this step").click()
            assert "Rang her mobile" in m_page.inner_text("main")

            p_page.goto(visit_url)
            p_page.get_by_role("button", name="Check out").click()
            check_accessibility(p_page)
            p_page.get_by_label("Who was present?").fill("Katarzyna and Zofia.")
            p_page.get_by_label("Seen, and seen alone").check()
            for radio in p_page.locator("input[type=radio][name^=obs_][value=yes]").all():
                radio.check()
            p_page.get_by_label("What was done on the visit?").fill("We talked about the baby.")
            p_page.locator("#req_1_what").fill("Go to the antenatal appointment")
            p_page.locator("#req_1_who").fill("Katarzyna")
            p_page.get_by_role("button", name="Check out and save the record").click()
            assert "you are back safely" in p_page.inner_text("main")
            p_page.get_by_role("link", name=re.compile("Contact summary")).click()
            assert "Go to the antenatal appointment" in p_page.inner_text("main")
            check_accessibility(p_page)

            m_page.goto(f"{live_server}/")
            assert _nowak_row(m_page).count() == 0

            # The file audit: Priya's visit log, from the manager's team panel.
            m_page.get_by_role("link", name="Visit log of Priya Shah").click()
            m_page.wait_for_url(re.compile(r"/team/\d+/visits"))
            assert "Visit log of Priya Shah" in m_page.inner_text("h1")
            assert "with Hannah Vaughan" in m_page.inner_text("main")
            check_accessibility(m_page)
        assert not p_console.problems(), p_console.problems()
        assert not m_console.problems(), m_console.problems()
    finally:
        practitioner.close()
        manager.close()
