"""Checking an uploaded template: syntax errors and unknown variables reported with their
paragraph, required sections present, and a sample render that works."""

from __future__ import annotations

from supervise.agreements.document import AGREEMENT
from supervise.documents.validation import validate
from tests.documents.helpers import REQUIRED, agreement_template, docx_bytes


def _messages(data: bytes) -> list[str]:
    return [str(problem) for problem in validate(AGREEMENT, data)]


def test_a_complete_template_has_no_problems(app):
    with app.app_context():
        assert validate(AGREEMENT, agreement_template("Dear {{ parties[0].name }}")) == []


def test_a_syntax_error_names_the_paragraph_and_its_text(app):
    with app.app_context():
        problems = validate(AGREEMENT, agreement_template("Intro", "Hello {{ family_name ++ }}"))
    assert len(problems) == 1
    assert problems[0].paragraph == 3
    assert "Hello {{ family_name ++ }}" in problems[0].excerpt
    assert str(problems[0]).startswith("Paragraph 3 (“Hello")


def test_an_unclosed_block_is_reported(app):
    with app.app_context():
        messages = _messages(agreement_template("{% if grounds %}", "Grounds"))
    assert messages and "mistake in the template code" in messages[0]


def test_an_unknown_variable_is_named_with_its_paragraph(app):
    with app.app_context():
        problems = validate(AGREEMENT, agreement_template("One", "Hello {{ mothers_name }}"))
    assert len(problems) == 1
    assert "“mothers_name” is not a variable" in problems[0].message
    assert problems[0].paragraph == 3


def test_each_missing_required_section_is_reported(app):
    without = [p for p in REQUIRED if "consequences" not in p and "review_date" not in p]
    with app.app_context():
        messages = _messages(docx_bytes("{{ family_name }}", *without))
    assert any("no consequences section" in m for m in messages)
    assert any("no review date section" in m and "review_date_cy" in m for m in messages)


def test_a_template_without_signatures_is_refused(app):
    without = REQUIRED[:REQUIRED.index("{%p for p in parties %}")] + REQUIRED[-1:]
    with app.app_context():
        messages = _messages(docx_bytes(*without))
    assert any("signatures of the family" in m for m in messages)


def test_a_misspelt_field_of_a_known_variable_fails_the_sample_render(app):
    with app.app_context():
        messages = _messages(agreement_template("{{ manager.surname }}"))
    assert messages and "does not have" in messages[0] and "surname" in messages[0]


def test_python_internals_are_refused_by_the_sample_render(app):
    with app.app_context():
        messages = _messages(agreement_template("{{ family_name.__class__.__mro__ }}"))
    assert messages and "may not do" in messages[0]


def test_a_file_that_is_not_a_word_document_is_refused(app):
    with app.app_context():
        messages = _messages(b"PK\x03\x04 not really a zip")
    assert messages == ["The file is not a Word document that can be opened. Save it from "
                        "Word or LibreOffice as a .docx file and try again."]


def test_paragraphs_are_counted_as_written_even_after_paragraph_tags(app):
    template = agreement_template("{%p if grounds %}", "{{ grounds }}", "{%p endif %}",
                                  "Hello {{ name ++ }}")
    with app.app_context():
        problems = validate(AGREEMENT, template)
    assert [(p.paragraph, p.excerpt) for p in problems] == [(5, "Hello {{ name ++ }}")]
