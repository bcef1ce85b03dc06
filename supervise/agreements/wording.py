"""Plain-language wording for agreements (``gwent:4.2``), in the family's language: the default
text of a new agreement, the children's names as a phrase, and dates as the family reads them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from babel.dates import format_date

from supervise import guidance
from supervise.cases.models import Case, Person, PersonKind

VOWELS = "aeiouwyâêîôûŵŷAEIOUWYÂÊÎÔÛŴŶ"


def in_language(day: date | None, language: str) -> str:
    """``3 March 2027`` or ``3 Mawrth 2027``."""
    if day is None:
        return ""
    return format_date(day, "d MMMM y", locale="cy" if language == "cy" else "en_GB")


def child_name(person: Person, language: str) -> str:
    if person.kind is PersonKind.UNBORN:
        return "eich babi yn y groth" if language == "cy" else "your unborn baby"
    return person.known_as or person.given_name


def join_names(names: Sequence[str], language: str) -> str:
    """``Ava, Leo and Mia`` / ``Ava, Leo a Mia`` (``ac`` before a vowel in Welsh)."""
    if not names:
        return "eich plant" if language == "cy" else "your children"
    if len(names) == 1:
        return names[0]
    joiner = "and"
    if language == "cy":
        joiner = "ac" if names[-1][:1] in VOWELS else "a"
    return f"{', '.join(names[:-1])} {joiner} {names[-1]}"


def children_of(case: Case) -> list[Person]:
    """The children an agreement is about: the children and unborn children in the household."""
    return [p for p in case.children if p.in_household]


def _wording(item_id: str, language: str, **values: Any) -> str:
    item = guidance.load("agreement_wording").get(item_id)
    assert item is not None, item_id
    text = item.label_cy if language == "cy" and item.label_cy else item.label
    return text.format(**values)


def _one_language(case: Case, language: str) -> dict[str, str]:
    children = children_of(case)
    names = join_names([child_name(p, language) for p in children], language)
    risk = _wording("risk-assessment", language, children=names)
    if any(p.kind is PersonKind.UNBORN for p in children):
        risk += " " + _wording("risk-assessment-unborn", language)
    return {"risk_assessment": risk,
            "consequences": _wording("consequences", language, children=names)}


def default_wording(case: Case) -> dict[str, str]:
    """The editable default text of a new agreement, in the case's document language."""
    language = case.document_language.value
    if language != "cy_en":
        return _one_language(case, language)
    welsh, english = _one_language(case, "cy"), _one_language(case, "en")
    return {key: f"{welsh[key]}\n\n{english[key]}" for key in welsh}


def wording_version() -> str:
    return guidance.load("agreement_wording").version
