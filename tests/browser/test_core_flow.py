"""Sign in, search cases, open a case, edit it — with and without JavaScript, axe-clean,
and no CSP errors in the console."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_page_is_accessible(page, live_server, console):
    page.goto(f"{live_server}/login")
    check_accessibility(page)
    assert not console.problems()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_practitioner_signs_in_searches_opens_and_edits_a_case(
        request, javascript, live_server, console):
    page = request.getfixturevalue("page" if javascript else "page_without_js")
    sign_in(page, live_server, "practitioner@demo.test")
    check_accessibility(page)

    page.get_by_role("link", name="Cases", exact=True).click()
    page.wait_for_url(re.compile(r"/cases"))
    check_accessibility(page)
    search = page.get_by_label("Search by family name, reference, person or postcode")
    search.fill("harper")
    if javascript:
        # Active search: the results update in place without pressing the button.
        page.wait_for_function(
            "() => document.querySelector('#case-results').textContent.includes('1 case')")
    else:
        page.get_by_role("button", name="Search").click()
    expect(page.locator("#case-results").get_by_role("link", name="Harper family")).to_be_visible()
    assert "Nowak family" not in page.locator("#case-results").inner_text()

    page.locator("#case-results").get_by_role("link", name="Harper family").click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Harper family"
    expect(page.locator(".app-risk-banner--high")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("button", name="Edit case").click()
    check_accessibility(page)
    page.get_by_label("Family name").fill("")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error:")
    check_accessibility(page)

    page.get_by_label("Family name").fill("Harper-Cole family")
    page.get_by_label("Large print").check()
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Harper-Cole family"
    assert "Large print" in page.inner_text("main")
    for tab in ["Family", "Case team"]:
        page.get_by_role("link", name=tab, exact=True).click()
        expect(page.locator(".app-risk-banner--high")).to_be_visible()
        check_accessibility(page)
    # Put the name back for the other run.
    page.get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="Edit case").click()
    page.get_by_label("Family name").fill("Harper family")
    page.get_by_role("button", name="Save changes").click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    assert not console.problems(), console.problems()


def test_outsider_cannot_see_a_north_case(page, live_server):
    sign_in(page, live_server, "outsider@demo.test")
    page.goto(f"{live_server}/cases")
    assert "Harper family" not in page.inner_text("main")
    assert "Reid family" in page.inner_text("main")


def test_administrator_pages_are_accessible(page, live_server, console):
    page.goto(f"{live_server}/login")
    page.get_by_label("Email address").fill("admin@demo.test")
    page.get_by_label("Password", exact=True).fill("browser-demo-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/admin"))
    for link in ["Agencies", "Teams", "Users"]:
        page.get_by_role("link", name=link, exact=True).first.click()
        check_accessibility(page)
    page.get_by_role("link", name="Priya Shah").click()
    check_accessibility(page)
    assert not console.problems(), console.problems()
