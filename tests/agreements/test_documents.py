"""The documents families receive, opened with python-docx, from every shipped template: the
family name, every behaviour and expectation, the consequences and the review date are there,
in the right language, and hostile values appear exactly as typed."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from supervise.agreements import lifecycle, operations
from supervise.agreements.document import AGREEMENT, agreement_context, sample_context
from supervise.agreements.wording import in_language
from supervise.documents import library
from supervise.documents.operations import document_bytes
from supervise.documents.validation import validate
from tests.agreements.factories import make_approved, make_draft, make_issued

SHIPPED = ["en", "cy", "cy_en", "easy_read_en"]
HOSTILE = "</w:t><w:t>{{ 7*7 }} {% if 1 %}x{% endif %} {_{ & <b>bold</b>"


def _text(data: bytes) -> str:
    """Every paragraph of the body, the tables and the footer, as one string."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def test_every_variant_in_the_registry_has_a_template_except_easy_read_welsh(world):
    assert library.available_variants("agreement") == SHIPPED


@pytest.mark.parametrize("variant", SHIPPED)
def test_each_shipped_template_passes_its_own_checks(variant, app):
    with app.app_context():
        data = library.shipped_template(AGREEMENT, variant).data
        assert validate(AGREEMENT, data) == []


@pytest.mark.parametrize("variant", SHIPPED)
def test_the_issued_document_has_everything_the_family_must_read(variant, world):
    agreement = make_issued(world, variant=variant)
    text = _text(document_bytes(agreement.document))
    assert "Zebedee family" in text
    assert "Zara" in text
    welsh = variant in {"cy", "cy_en"}
    for clause in agreement.behaviours:
        assert clause.text_in("cy" if welsh else "en") in text
    for clause in agreement.expectations:
        assert clause.text in text and clause.how_measured in text
    assert agreement.consequences in text
    review = in_language(agreement.review_date, "cy" if welsh else "en")
    assert review in text
    assert "Mo Manager" in text  # the line manager's signature line
    assert "Zoe Testfamily" in text  # the family member who signs


def test_the_welsh_document_is_in_welsh(world):
    text = _text(document_bytes(make_issued(world, variant="cy").document))
    assert "Cytundeb ysgrifenedig" in text and "Llofnodion" in text
    assert "Rhegi" in text  # Swearing, from the guidance's Welsh wording
    assert "Signatures" not in text


def test_the_bilingual_document_puts_welsh_first_then_english(world):
    text = _text(document_bytes(make_issued(world, variant="cy_en").document))
    assert text.index("Llofnodion") < text.index("Signatures")
    assert "Rhegi / Swearing" in text


def test_the_easy_read_document_is_large_print(world):
    agreement = make_issued(world, variant="easy_read_en")
    document = docx.Document(io.BytesIO(document_bytes(agreement.document)))
    assert document.styles["Normal"].font.size.pt >= 16
    assert "Things that must stop" in _text(document_bytes(agreement.document))


@pytest.mark.parametrize("variant", SHIPPED)
def test_a_hostile_value_appears_literally_in_every_template(variant, world):
    agreement = make_draft(world, grounds=HOSTILE, contact_details=HOSTILE)
    by = world.users["practitioner"]
    operations.add_behaviours(agreement, [], [HOSTILE], by=by)
    operations.update_expectation(agreement.expectations[0], {"text": HOSTILE}, by=by)
    lifecycle.submit(agreement, by=by)
    lifecycle.approve(agreement, by=world.users["manager"])
    lifecycle.issue(agreement, variant, by=by)
    text = _text(document_bytes(agreement.document))
    assert text.count(HOSTILE) >= 4  # grounds, contacts, the behaviour, the expectation
    assert "{{ 7*7 }}" in text and "x{% endif %}" in text


def test_newlines_in_a_field_become_line_breaks_not_broken_xml(world):
    agreement = make_issued(world, grounds="First line\nSecond line")
    text = _text(document_bytes(agreement.document))
    assert "First line\nSecond line" in text


def test_the_sample_context_gives_exactly_the_declared_variables():
    AGREEMENT.check_context(sample_context())


def test_the_context_of_an_agreement_gives_exactly_the_declared_variables(world):
    AGREEMENT.check_context(agreement_context(make_approved(world), "en"))


def test_a_context_missing_a_variable_is_refused():
    context = sample_context()
    del context["consequences"]
    with pytest.raises(ValueError, match="consequences"):
        library.render("agreement", "en", context)


def test_dates_are_written_in_the_familys_language():
    assert in_language(date(2027, 3, 3), "en") == "3 March 2027"
    assert in_language(date(2027, 3, 3), "cy") == "3 Mawrth 2027"


def test_the_build_script_makes_the_shipped_templates(tmp_path):
    from supervise.agreements.build_templates import build_all

    built = build_all(tmp_path)
    assert sorted(path.stem for path in built) == sorted(SHIPPED)
    for path in built:
        shipped = AGREEMENT.shipped_path(path.stem)
        assert path.read_bytes() == shipped.read_bytes(), f"rebuild {path.name}: see README"


@pytest.mark.parametrize("variant", SHIPPED)
def test_a_shipped_template_carries_the_styles_it_uses_and_no_others(variant):
    import re
    import zipfile

    with zipfile.ZipFile(AGREEMENT.shipped_path(variant)) as template:
        names = template.namelist()
        relationships = template.read("word/_rels/document.xml.rels").decode()
        styles = template.read("word/styles.xml").decode()
        parts = [template.read(name).decode() for name in names
                 if name.startswith("word/") and name.endswith(".xml")]
    assert not any("stylesWithEffects" in name for name in names)  # Word 2010's copy
    assert "stylesWithEffects" not in relationships
    defined = set(re.findall(r'<w:style [^>]*w:styleId="([^"]+)"', styles))
    used = {found for part in parts for found in re.findall(
        r'<w:(?:pStyle|rStyle|tblStyle|basedOn|next|link) w:val="([^"]+)"', part)}
    assert used <= defined
    assert {"Normal", "Title", "Heading1", "ListBullet"} <= defined
    assert len(defined) < 25  # not python-docx's 164
