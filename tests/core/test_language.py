"""The interface is ready for Welsh: the switch in the header changes the language."""

from __future__ import annotations


def test_switching_to_welsh_translates_the_header(world, login_as, client):
    login_as("practitioner")
    english = client.get("/cases").text
    assert ">Cases<" in english or "Cases\n" in english
    response = client.post("/language", data={"lang": "cy", "next": "/cases"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/cases")
    welsh = client.get("/cases").text
    assert 'lang="cy"' in welsh
    assert "Achosion" in welsh and "Allgofnodi" in welsh
    client.post("/language", data={"lang": "en", "next": "/cases"})
    assert "Achosion" not in client.get("/cases").text


def test_an_unknown_language_is_ignored(client, app, db):
    client.post("/language", data={"lang": "xx", "next": "/login"})
    assert 'lang="en"' in client.get("/login").text


def test_accessibility_statement_is_linked_from_every_page(client, app, db):
    login_page = client.get("/login").text
    assert 'href="/accessibility"' in login_page
    statement = client.get("/accessibility")
    assert statement.status_code == 200
    assert "WCAG) 2.2 at level AA" in statement.text


def test_a_template_follows_a_change_of_language_within_one_request(app, db):
    """Templates look their translations up once per request — and again when the language
    changes inside it (``force_locale``, as a Welsh document rendered from an English page)."""
    from flask import render_template_string, session
    from flask_babel import force_locale, refresh

    with app.test_request_context("/"):
        assert render_template_string("{{ _('Cases') }}") == "Cases"
        with force_locale("cy"):
            assert render_template_string("{{ _('Cases') }}") == "Achosion"
        assert render_template_string("{{ _('Cases') }}") == "Cases"
        # Choosing another language mid-request (Flask-Babel's refresh() forgets the locale).
        session["lang"] = "cy"
        refresh()
        assert render_template_string("{{ _('Cases') }}") == "Achosion"
