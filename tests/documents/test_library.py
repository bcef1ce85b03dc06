"""The template library: which template is used, the family's default variant, and the
administrator's versions."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from supervise.cases.models import DocumentLanguage
from supervise.core.errors import DomainError
from supervise.documents import library, operations
from supervise.documents.registry import needs_of, preferred_variants
from tests.documents.helpers import agreement_template


def _upload(world, data: bytes, variant: str = "en"):
    return operations.upload_template("agreement", variant,
                                      FileStorage(io.BytesIO(data), "mine.docx"),
                                      "A new layout", by=world.users["admin"])


@pytest.mark.parametrize(("language", "accessible", "expected"), [
    ("en", False, "en"), ("cy", False, "cy"), ("cy_en", False, "cy_en"),
    ("en", True, "easy_read_en"), ("cy", True, "cy"), ("cy_en", True, "cy_en"),
])
def test_the_default_variant_follows_the_familys_needs(world, language, accessible, expected):
    assert library.default_variant("agreement", language, accessible) == expected


def test_large_print_or_verbal_preference_makes_documents_accessible(world):
    case = world.case
    assert needs_of(case) == ("en", False)
    case.verbal_preferred = True
    assert needs_of(case) == ("en", True)
    case.document_language = DocumentLanguage.WELSH
    assert needs_of(case) == ("cy", True)
    assert library.variant_for_case("agreement", case) == "cy"  # no easy read Welsh yet


def test_an_uploaded_easy_read_welsh_template_becomes_the_welsh_default(world):
    assert preferred_variants("cy", True)[0] == "easy_read_cy"
    template = _upload(world, agreement_template(), variant="easy_read_cy")
    operations.activate(template, by=world.users["admin"])
    assert library.default_variant("agreement", "cy", True) == "easy_read_cy"


def test_without_an_active_upload_the_shipped_template_is_used(world):
    assert library.active_template("agreement", "en").label == "shipped"


def test_an_uploaded_version_is_used_only_once_activated(world):
    template = _upload(world, agreement_template("My own layout"))
    assert template.version_number == 1 and not template.active
    assert library.active_template("agreement", "en").label == "shipped"
    operations.activate(template, by=world.users["admin"])
    source = library.active_template("agreement", "en")
    assert (source.label, source.template_id) == ("version 1", template.id)
    second = _upload(world, agreement_template("Another"))
    operations.activate(second, by=world.users["admin"])
    assert not template.active and second.active and second.version_number == 2
    operations.use_shipped("agreement", "en", by=world.users["admin"])
    assert library.active_template("agreement", "en").label == "shipped"


def test_a_template_with_problems_is_not_kept(world):
    with pytest.raises(operations.TemplateRejected) as rejected:
        _upload(world, agreement_template("{{ unknown_thing }}"))
    assert "unknown_thing" in str(rejected.value.problems[0])
    assert library.active_versions("agreement") == {}


def test_only_an_administrator_changes_templates(world):
    with pytest.raises(DomainError):
        operations.upload_template("agreement", "en",
                                   FileStorage(io.BytesIO(agreement_template()), "x.docx"),
                                   "", by=world.users["manager"])


def test_a_variant_without_a_template_cannot_be_rendered(world):
    with pytest.raises(library.NoTemplate):
        library.active_template("agreement", "easy_read_cy")
