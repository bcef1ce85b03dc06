"""Agreements through the browser's eyes: forms that re-render with errors, the lifecycle by
button, downloads that are attachments, and records of another case that 404."""

from __future__ import annotations

import hashlib
import io
import shutil
from datetime import timedelta

import pytest
import sqlalchemy as sa

from supervise import clock
from supervise.agreements.models import Agreement, AgreementState
from supervise.extensions import db
from supervise.templating import uk_date
from tests.agreements.factories import make_approved, make_draft, make_issued, make_signed
from tests.factories import make_case

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SCRIPT = '<script>alert("x")</script>'


def _url(agreement: Agreement, action: str = "") -> str:
    base = f"/cases/{agreement.case_id}/agreements/{agreement.id}"
    return f"{base}/{action}" if action else base


def _date(name: str, day) -> dict[str, list[str]]:
    """A GOV.UK date input posts its three parts under one name."""
    return {name: [str(day.day), str(day.month), str(day.year)]}


def _details(world, **values) -> dict:
    carer = next(p for p in world.case.adults if p.is_carer)
    return {"parties": [str(carer.id)], "grounds": "Zara is not seen", "agency_commitments":
            "Visit fortnightly", "risk_assessment": "It counts", "consequences": "A court order",
            "contact_details": "Pat, 01632 960 000",
            **_date("review_date", clock.today() + timedelta(days=30)), **values}


def test_the_agreements_tab_lists_the_cases_agreements(world, login_as, client):
    agreement = make_draft(world)
    login_as("hv")
    page = client.get(f"/cases/{world.case.id}/agreements")
    assert page.status_code == 200
    assert _url(agreement) in page.text and 'aria-current="page">Agreements' in page.text


def test_a_draft_is_started_from_the_form(world, login_as, client):
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/agreements/new", data=_details(world))
    assert response.status_code == 302
    agreement = db.session.scalar(sa.select(Agreement))
    assert response.headers["Location"].endswith(_url(agreement))
    assert [p.given_name for p in agreement.parties] == ["Zoe"]


def test_the_new_form_is_prefilled_with_the_default_wording(world, login_as, client):
    login_as("practitioner")
    page = client.get(f"/cases/{world.case.id}/agreements/new").text
    assert "apply to the court for an order to protect Zara" in page


def test_an_incomplete_draft_form_comes_back_with_errors_and_nothing_saved(world, login_as,
                                                                            client):
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/agreements/new",
                           data=_details(world, grounds="", parties=[],
                                         review_date=["31", "2", "2027"]))
    assert response.status_code == 422
    assert "Enter why you are worried" in response.text
    assert "Select the family members this agreement is with" in response.text
    assert "Enter a real date for review date" in response.text
    assert db.session.scalar(sa.select(sa.func.count(Agreement.id))) == 0


def test_hostile_text_is_escaped_on_the_page(world, login_as, client):
    login_as("practitioner")
    client.post(f"/cases/{world.case.id}/agreements/new", data=_details(world, grounds=SCRIPT))
    agreement = db.session.scalar(sa.select(Agreement))
    page = client.get(_url(agreement)).text
    assert SCRIPT not in page and "&lt;script&gt;" in page


def test_behaviours_are_added_from_the_list_and_written(world, login_as, client):
    agreement = make_draft(world, complete=False)
    login_as("practitioner")
    page = client.get(_url(agreement, "behaviours"))
    assert "Using dogs or other animals as a threat" in page.text
    response = client.post(_url(agreement, "behaviours"),
                           data={"behaviours": ["shouting"], "other": "Spitting\n\nKicking"})
    assert response.status_code == 302
    assert [c.text for c in agreement.behaviours] == ["Shouting or raising voices", "Spitting",
                                                      "Kicking"]
    assert client.post(_url(agreement, "behaviours"), data={}).status_code == 422


def test_an_expectation_needs_a_date_by_when(world, login_as, client):
    agreement = make_draft(world, complete=False)
    login_as("practitioner")
    response = client.post(_url(agreement, "expectations/new"),
                           data={"text": "Go to nursery", "how_measured": "Register"})
    assert response.status_code == 422 and "Enter by when" in response.text
    response = client.post(_url(agreement, "expectations/new"), data={
        "text": "Go to nursery", "how_measured": "Register",
        **_date("due_by", clock.today() + timedelta(days=7))})
    assert response.status_code == 302 and len(agreement.expectations) == 1


def test_a_stale_edit_keeps_what_was_typed_and_says_who_changed_it(world, login_as, client):
    agreement = make_draft(world)
    login_as("practitioner")
    seen = agreement.version
    client.post(_url(agreement, "edit"), data={**_details(world, grounds="First"),
                                               "version": str(seen)})
    response = client.post(_url(agreement, "edit"), data={**_details(world, grounds="Second"),
                                                          "version": str(seen)})
    assert response.status_code == 409
    assert "Pat Practitioner saved changes" in response.text and "Second" in response.text
    assert db.session.get(Agreement, agreement.id).grounds == "First"


def test_a_clause_is_removed_in_place_with_htmx(world, login_as, client):
    agreement = make_draft(world)
    clause = agreement.behaviours[1]
    login_as("practitioner")
    response = client.post(_url(agreement, f"clauses/{clause.id}/remove"),
                           headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.text == ""
    assert len(agreement.behaviours) == 1


def test_the_author_submits_and_the_line_manager_approves_by_button(world, login_as, client):
    agreement = make_draft(world)
    login_as("practitioner")
    assert client.post(_url(agreement, "submit")).status_code == 302
    assert client.post(_url(agreement, "approve")).status_code == 302
    assert agreement.state is AgreementState.SUBMITTED  # the author cannot approve
    page = client.get(_url(agreement)).text
    assert "You wrote this agreement, so you cannot approve it" in page
    login_as("manager")
    assert "Approve the agreement" in client.get(_url(agreement)).text
    client.post(_url(agreement, "approve"))
    assert db.session.get(Agreement, agreement.id).state is AgreementState.APPROVED


def test_the_manager_returns_it_with_comments(world, login_as, client):
    agreement = make_draft(world)
    from supervise.agreements import lifecycle

    lifecycle.submit(agreement, by=world.users["practitioner"])
    login_as("manager")
    assert client.post(_url(agreement, "return"), data={"comments": ""}).status_code == 422
    response = client.post(_url(agreement, "return"), data={"comments": "Name the school"})
    assert response.status_code == 302
    login_as("practitioner")
    page = client.get(_url(agreement)).text
    assert "Returned with comments" in page and "Name the school" in page


def test_the_issue_page_offers_the_familys_format_first(world, login_as, client):
    world.case.easy_read = True
    agreement = make_approved(world)
    login_as("practitioner")
    page = client.get(_url(agreement, "issue")).text
    assert "Easy read and large print, English" in page
    assert 'value="easy_read_en" checked' in page


def test_issuing_then_downloading_the_exact_document(world, login_as, client):
    agreement = make_approved(world)
    login_as("practitioner")
    assert client.post(_url(agreement, "issue"), data={"variant": "cy"}).status_code == 302
    assert agreement.state is AgreementState.ISSUED and agreement.document.variant == "cy"
    response = client.get(_url(agreement, "document.docx"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment; filename=SUP-")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert hashlib.sha256(response.data).hexdigest() == agreement.document.sha256
    page = client.get(_url(agreement)).text
    assert " ".join(agreement.document.sha256[i:i + 8] for i in range(0, 64, 8)) in page


def test_editing_an_issued_agreement_is_refused_with_the_reason(world, login_as, client):
    agreement = make_issued(world)
    login_as("practitioner")
    response = client.get(_url(agreement, "edit"), follow_redirects=True)
    assert "can no longer be changed" in response.text
    response = client.post(_url(agreement, "edit"), data=_details(world, grounds="Changed"))
    assert response.status_code == 302 and agreement.grounds != "Changed"


def test_without_libreoffice_the_page_says_why_there_is_no_pdf(world, login_as, client, app):
    agreement = make_issued(world)
    login_as("practitioner")
    app.config["LIBREOFFICE_BINARY"] = "no-soffice-here"
    try:
        page = client.get(_url(agreement)).text
        assert "PDF is not available because LibreOffice is not installed" in page
        response = client.get(_url(agreement, "document.pdf"), follow_redirects=True)
        assert "LibreOffice is not installed" in response.text
    finally:
        app.config["LIBREOFFICE_BINARY"] = "soffice"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_pdf_is_made_once_from_the_frozen_document(world, login_as, client):
    agreement = make_issued(world)
    login_as("practitioner")
    response = client.get(_url(agreement, "document.pdf"))
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    assert response.headers["Content-Disposition"].endswith("-v1.pdf")
    assert agreement.document.pdf_sha256 == hashlib.sha256(response.data).hexdigest()
    assert client.get(_url(agreement, "document.pdf")).data == response.data


def test_signing_with_a_scan_of_the_signed_copy(world, login_as, client):
    agreement = make_issued(world)
    login_as("practitioner")
    response = client.post(_url(agreement, "sign"), content_type="multipart/form-data", data={
        **_date("signed_on", clock.today()), "signed_by": "Zoe Testfamily",
        "scan": (io.BytesIO(PNG), "photo of the agreement.png")})
    assert response.status_code == 302, response.text[:2000]
    assert agreement.state is AgreementState.SIGNED
    download = client.get(_url(agreement, "signed-copy"))
    assert download.data == PNG and download.mimetype == "image/png"
    assert download.headers["Content-Disposition"].startswith("attachment;")


def test_a_scan_that_is_not_an_image_or_pdf_is_refused_next_to_the_field(world, login_as,
                                                                        client):
    agreement = make_issued(world)
    login_as("practitioner")
    response = client.post(_url(agreement, "sign"), content_type="multipart/form-data", data={
        **_date("signed_on", clock.today()), "signed_by": "Zoe",
        "scan": (io.BytesIO(b"<html>" + SCRIPT.encode()), "scan.pdf")})
    assert response.status_code == 422
    assert "The selected file must be a PDF, PNG image or JPEG image" in response.text
    assert agreement.state is AgreementState.ISSUED


def test_a_signed_copy_can_be_attached_later(world, login_as, client):
    agreement = make_signed(world)
    login_as("practitioner")
    assert "Attach the signed copy" in client.get(_url(agreement)).text
    response = client.post(_url(agreement, "signed-copy/upload"),
                           content_type="multipart/form-data",
                           data={"scan": (io.BytesIO(b"%PDF-1.4 scan"), "scan.pdf")})
    assert response.status_code == 302 and agreement.signature.scan_type == "pdf"


def test_a_review_is_recorded_from_the_form(world, login_as, client):
    agreement = make_signed(world)
    login_as("practitioner")
    response = client.post(_url(agreement, "review"), data={"outcome": "continue",
                                                            "notes": "Going well"})
    assert response.status_code == 422 and "Enter the next review date" in response.text
    response = client.post(_url(agreement, "review"), data={
        "outcome": "end", "notes": "Closing"})
    assert response.status_code == 302 and agreement.state is AgreementState.ENDED


def test_a_new_version_is_started_by_button(world, login_as, client):
    agreement = make_signed(world)
    login_as("practitioner")
    response = client.post(_url(agreement, "new-version"))
    newer = db.session.scalar(sa.select(Agreement).where(Agreement.version_number == 2))
    assert response.headers["Location"].endswith(_url(newer))


def test_an_agreement_of_another_case_is_not_found_through_this_case(world, login_as, client):
    agreement = make_draft(world)
    mine = make_case(world.users["practitioner"], "Another family")
    login_as("practitioner")
    assert client.get(f"/cases/{mine.id}/agreements/{agreement.id}").status_code == 404


def test_a_clause_of_another_agreement_is_not_found_through_this_one(world, login_as, client):
    first, second = make_draft(world), make_draft(world)
    login_as("practitioner")
    clause = second.expectations[0]
    assert client.get(_url(first, f"expectations/{clause.id}/edit")).status_code == 404
    assert client.post(_url(first, f"clauses/{clause.id}/remove")).status_code == 404


def test_the_dashboard_shows_the_manager_what_waits_for_approval(world, login_as, client):
    agreement = make_draft(world)
    from supervise.agreements import lifecycle

    lifecycle.submit(agreement, by=world.users["practitioner"])
    login_as("manager")
    page = client.get("/").text
    assert "Agreements waiting for your approval" in page and _url(agreement) in page
    line = _panel_line(page, "agreements_waiting_approval", agreement)
    assert agreement.case.family_name in line and "version 1" in line
    assert f"from {world.users['practitioner'].name}, sent {uk_date(clock.today())}" in line
    login_as("practitioner")
    assert "Agreements waiting for your approval" not in client.get("/").text


def test_the_dashboard_tells_the_author_who_returned_their_agreement(world, login_as, client):
    from supervise.agreements import lifecycle

    agreement = make_draft(world)
    lifecycle.submit(agreement, by=world.users["practitioner"])
    lifecycle.return_for_changes(agreement, "Name the school.", by=world.users["manager"])
    login_as("practitioner")
    line = _panel_line(client.get("/").text, "agreements_returned", agreement)
    assert agreement.case.family_name in line
    assert f"returned by {world.users['manager'].name}" in line


def _panel_line(page: str, panel: str, agreement) -> str:
    """The line of dashboard panel ``panel`` that links to ``agreement``."""
    section = page[page.index(f'id="panel-{panel}"'):]
    section = section[:section.index("</section>")]
    return section[section.index(_url(agreement)):].split("</li>", 1)[0]


def test_an_agreement_past_review_is_flagged_to_practitioner_and_manager(world, login_as,
                                                                       client):
    agreement = make_signed(world)
    agreement.review_due = clock.today() - timedelta(days=1)
    for who, sees in (("practitioner", True), ("manager", True), ("outsider", False)):
        login_as(who)
        page = client.get("/").text
        assert (_url(agreement) in page) is sees, who
        if sees:
            line = _panel_line(page, "agreements_past_review", agreement)
            assert agreement.case.family_name in line
            assert f"review was due {uk_date(agreement.review_due)}" in line
    login_as("practitioner")
    assert "was due for review" in client.get(_url(agreement)).text


def test_an_agreement_lists_its_own_versions_and_breaches_not_the_cases_others(
        world, login_as, client):
    from supervise.agreements.operations import start_new_version
    from supervise.breaches import operations as breaches
    from supervise.breaches.models import BreachSource

    def breach(agreement, what):
        return breaches.record_breach(agreement, agreement.behaviours[0], {
            "occurred_on": clock.today(), "what_happened": what,
            "source": BreachSource.OBSERVED, "reported_by": ""}, by=world.users["practitioner"])

    first = make_signed(world)
    shouted = breach(first, "Shouted at the nursery staff")
    second = start_new_version(first, by=world.users["practitioner"])
    other = make_signed(world)
    threw = breach(other, "Threw a cup at the worker")
    login_as("practitioner")

    def page(agreement):
        return client.get(f"/cases/{world.case.id}/agreements/{agreement.id}").text

    versions = page(second)
    assert "Version 2 (this one)" in versions
    assert f'agreements/{first.id}">Version 1</a>' in versions
    assert f"agreements/{other.id}\"" not in versions
    shown = page(first)
    assert f"breaches/{shouted.id}\"" in shown and f"breaches/{threw.id}\"" not in shown
    alone = page(other)
    assert "All versions" not in alone  # its only version
    assert f"breaches/{threw.id}\"" in alone and f"breaches/{shouted.id}\"" not in alone
