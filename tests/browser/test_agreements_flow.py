"""A written agreement from start to finish in the browser: a practitioner drafts it, sends it
for approval, their line manager approves it, the practitioner issues it and downloads the
document — with and without JavaScript, axe-clean, and no CSP errors in the console."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import docx
import pytest
from playwright.sync_api import expect

from supervise import clock
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser


def _sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/signed-out"))


def _fill_date(page, legend: str, day) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _draft(page, live_server: str, family: str) -> str:
    sign_in(page, live_server, "practitioner@demo.test")
    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_role("link", name=family).first.click()
    page.get_by_role("link", name="Agreements", exact=True).click()
    check_accessibility(page)
    page.get_by_role("button", name="Draft an agreement").click()
    check_accessibility(page)
    page.get_by_role("button", name="Save and continue").click()  # empty: errors first
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Why are you worried?").fill("Mia told her teacher her dad hits her.")
    page.get_by_label("What will the agencies do?").fill("Priya will see Mia every week.")
    _fill_date(page, "Review date", clock.today() + timedelta(days=42))
    page.get_by_label("Who can the family contact?").fill("Priya Shah, 01632 960 214")
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url(re.compile(r"/agreements/\d+$"))
    url = page.url
    check_accessibility(page)

    page.get_by_role("link", name="Add unacceptable behaviours").click()
    page.get_by_label("Swearing").check()
    page.get_by_label("Other behaviours (optional)").fill("Filming workers on the doorstep")
    page.get_by_role("button", name="Add to the agreement").click()
    page.get_by_role("link", name="Add what the family needs to do").click()
    check_accessibility(page)
    page.get_by_label("What does the family need to do?").fill("Let Mia see her teacher alone")
    page.get_by_label("How will we know it has been done?").fill("The school tells us")
    _fill_date(page, "By when?", clock.today() + timedelta(days=14))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/agreements/\d+"))
    assert "Filming workers on the doorstep" in page.inner_text("main")
    page.get_by_role("button", name="Send for approval").click()
    assert "Waiting for approval" in page.inner_text("main")
    _sign_out(page)
    return url


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_draft_submit_approve_issue_download(request, javascript, live_server, console,
                                             tmp_path):
    page = request.getfixturevalue("page" if javascript else "page_without_js")
    url = _draft(page, live_server, "Walsh family")

    sign_in(page, live_server, "manager@demo.test")
    assert "Agreements waiting for your approval" in page.inner_text("main")
    page.goto(url)
    check_accessibility(page)
    page.get_by_role("button", name="Approve the agreement").click()
    assert "Agreement approved" in page.inner_text("main")
    _sign_out(page)

    sign_in(page, live_server, "practitioner@demo.test")
    page.goto(url)
    page.get_by_role("button", name="Issue the agreement").click()
    check_accessibility(page)
    # The Walsh family needs easy read: it is chosen already.
    assert page.get_by_label("Easy read and large print, English").is_checked()
    page.get_by_role("button", name="Issue the agreement").click()
    page.wait_for_url(re.compile(r"/agreements/\d+$"))
    assert "The issued document" in page.inner_text("main")
    check_accessibility(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download as Word (DOCX)").click()
    saved = tmp_path / "agreement.docx"
    info.value.save_as(saved)
    text = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
    assert "Walsh family" in text and "Filming workers on the doorstep" in text
    assert "Let Mia see her teacher alone" in text
    assert Path(saved).stat().st_size > 5000
    assert not console.problems(), console.problems()
