"""In the browser, start to finish: an administrator creates an account; its owner changes
the first password, sets up two-step verification by typing the key (as a screen-reader user
would), keeps the recovery codes, signs out, and signs in again with a code — axe-clean, no
CSP errors, and the sign-in also works with JavaScript off."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, check_accessibility

pytestmark = pytest.mark.browser

EMAIL = "bea.browser@demo-two-step.test"
FIRST = "first password from the administrator"
CHOSEN = "my own long passphrase for work"


def _sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def _create_account(page, base: str) -> None:
    _sign_in(page, base, "admin@demo.test", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/admin"))
    page.goto(f"{base}/admin/users/new")
    page.get_by_label("Full name").fill("Bea Browser")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Practitioner").check()
    page.get_by_label("Agency").select_option(label="Northshire Children's Services")
    page.get_by_label("Team").select_option(label="Safeguarding North (Northshire Children's "
                                                  "Services)")
    page.get_by_label("First password").fill(FIRST)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/admin/users$"))
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/signed-out$"))


def _session_keys(context) -> set[str]:
    """What the session cookie holds (it is signed, not encrypted, so it can be read)."""
    import base64
    import json
    import zlib

    cookies = [c["value"] for c in context.cookies() if c["name"] == "supervise"]
    if not cookies:
        return set()
    payload = cookies[0].split(".")[1] if cookies[0].startswith(".") else cookies[0].split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if cookies[0].startswith("."):
        raw = zlib.decompress(raw)
    return set(json.loads(raw))


@pytest.fixture(scope="module")
def secret(browser, live_server):
    """Bea's account, her own password and her authenticator key, made through the browser."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    _create_account(page, live_server)
    _sign_in(page, live_server, EMAIL, FIRST)
    page.wait_for_url(re.compile(r"/account/password$"))  # must choose her own first
    page.get_by_label("Current password").fill(FIRST)
    page.get_by_label("New password", exact=True).fill(CHOSEN)
    page.get_by_label("Confirm new password").fill(CHOSEN)
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url(re.compile(r"/account$"))
    page.get_by_role("link", name="Manage two-step verification").click()
    page.get_by_role("button", name="Set up two-step verification").click()
    page.wait_for_url(re.compile(r"/account/two-step/set-up$"))
    check_accessibility(page)
    key = page.locator("#mfa-key").inner_text().replace(" ", "")
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    page.get_by_label("Code from the app").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Turn on two-step verification").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    codes = page.locator(".app-recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    check_accessibility(page)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/signed-out$"))
    assert _session_keys(context) <= {"csrf_token"}  # nobody is signed in any more
    context.close()
    return key, codes


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_signing_in_needs_the_code_from_the_app(request, javascript, secret, live_server,
                                               console):
    key, recovery_codes = secret
    page = request.getfixturevalue("page" if javascript else "page_without_js")
    _sign_in(page, live_server, EMAIL, CHOSEN)
    page.wait_for_url(re.compile(r"/login/code$"))
    check_accessibility(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page)
    # Codes are never accepted twice, and this test does not wait for the clock: the run with
    # JavaScript uses the app's next code (one step ahead is allowed for drift), the run
    # without uses a recovery code.
    code = pyotp.TOTP(key).at(time.time() + 30) if javascript else recovery_codes[0]
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server}/")
    page.goto(f"{live_server}/account")
    assert "Where you are signed in" in page.inner_text("main")
    check_accessibility(page)
    page.get_by_role("button", name="Sign out everywhere").click()
    page.wait_for_url(re.compile(r"/signed-out$"))
    assert "You have signed out" in page.inner_text("main")
    assert not console.problems(), console.problems()
