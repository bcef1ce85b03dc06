"""Bad input on the case forms: a clear message next to the field, what was typed kept, nothing
half-saved, never a 500 — and whatever is saved comes back escaped."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from supervise.cases.models import Address, Case, Person
from supervise.extensions import db

SCRIPT = '<script>alert("x")</script>'
HOSTILE = [
    pytest.param("", id="empty"),
    pytest.param("x" * 100_000, id="100kB"),
    pytest.param("Zoë \u202eevil\u202c \u0301\u0301 ﷽ 👩‍👧", id="unicode"),
    pytest.param(SCRIPT, id="script"),
    pytest.param("'; DROP TABLE cases; --", id="sql"),
    pytest.param("{{ 7*7 }}</w:t><w:t>", id="template-and-docx"),
    pytest.param("bad\x00null\x07bell", id="control"),
]


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _case_form(value: str) -> dict[str, str]:
    return {"family_name": value, "summary": value, "language": value,
            "document_language": "en", "communication_notes": value, "cultural_notes": value,
            "my_role": value}


@pytest.mark.parametrize("value", HOSTILE)
def test_new_case_form_survives_hostile_input(value, world, login_as, client):
    login_as("practitioner")
    before = _count(Case)
    response = client.post("/cases/new", data=_case_form(value))
    assert response.status_code in {302, 422}
    if response.status_code == 422:
        assert "govuk-error-summary" in response.text
        assert _count(Case) == before
        if value and len(value) < 1000 and "\x00" not in value:
            assert SCRIPT not in response.text  # kept, but escaped
    else:
        case = db.session.scalar(sa.select(Case).order_by(Case.id.desc()))
        assert case.family_name == value.strip()
        page = client.get(f"/cases/{case.id}").text
        assert SCRIPT not in page
        if value == SCRIPT:
            assert "&lt;script&gt;" in page


@pytest.mark.parametrize("value", HOSTILE)
def test_person_form_survives_hostile_input(value, world, login_as, client):
    login_as("practitioner")
    before = _count(Person)
    response = client.post(f"/cases/{world.case.id}/people/new", data={
        "kind": "child", "given_name": value, "family_name": value, "notes": value,
        "date_of_birth-day": value[:10], "date_of_birth-month": "2",
        "date_of_birth-year": "2020"})
    assert response.status_code in {302, 422}
    if response.status_code == 422:
        assert _count(Person) == before
        assert "govuk-error-message" in response.text


@pytest.mark.parametrize("value", HOSTILE)
def test_address_form_survives_hostile_input(value, world, login_as, client):
    login_as("practitioner")
    before = _count(Address)
    response = client.post(f"/cases/{world.case.id}/addresses/new", data={
        "line1": value, "town": value, "postcode": value, "notes": value})
    assert response.status_code in {302, 422}
    if response.status_code == 422:
        assert _count(Address) == before


def test_hostile_search_terms_are_answered_not_crashed(world, login_as, client):
    login_as("practitioner")
    for value in ["%", "_", "\\", SCRIPT, "x" * 5000, "\x00"]:
        response = client.get("/cases", query_string={"q": value, "status": "all"})
        assert response.status_code in {200, 422}
        assert SCRIPT not in response.text


def test_an_unknown_choice_is_an_error_next_to_the_field(world, login_as, client):
    login_as("practitioner")
    response = client.post(f"/cases/{world.case.id}/edit", data={
        "family_name": "Zebedee family", "language": "English", "status": "exploded",
        "document_language": "klingon"})
    assert response.status_code == 422
    assert "Select status from the options shown" in response.text
    assert "Select language for written documents from the options shown" in response.text
    assert "could not coerce" not in response.text
    assert db.session.get(Case, world.case.id).family_name == "Zebedee family"
