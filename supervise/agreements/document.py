"""The written agreement as a document kind: the variables its templates use, and the context
built from an agreement (or from sample data, for previews and template checks).

Every value is plain text, a list or a small dict — never a model — so a template can reach
nothing but what is listed here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from supervise import clock
from supervise.agreements.models import Agreement, AgreementClause
from supervise.agreements.wording import child_name, children_of, in_language, join_names
from supervise.cases.models import PersonKind
from supervise.documents.registry import DocumentKind, register_kind

VARIABLES = {
    "family_name": _l("The family's name, e.g. ‘Harper family’"),
    "case_reference": _l("The case reference"),
    "children": _l("The children: a list, each with name, described and described_cy "
                   "(name with date of birth or due date) and is_unborn"),
    "children_names": _l("The children's names as a phrase, e.g. ‘Ava and Leo’"),
    "children_names_cy": _l("The children's names as a Welsh phrase, e.g. ‘Ava a Leo’"),
    "parties": _l("The family members the agreement is with: a list, each with name and "
                  "relationship"),
    "grounds": _l("Why we are worried (the grounds for concern)"),
    "behaviours": _l("Unacceptable behaviours: a list, each with number, text and text_cy"),
    "expectations": _l("What the family will do: a list, each with number, what, "
                       "how_measured, by_when, by_when_cy and child_focus"),
    "agency_commitments": _l("What the agencies will do"),
    "risk_assessment": _l("How the behaviours count in the assessment of risk"),
    "consequences": _l("The consequences of continued non-cooperation"),
    "contingency": _l("The contingency plan"),
    "review_date": _l("The review date, in English"),
    "review_date_cy": _l("The review date, in Welsh"),
    "contact_details": _l("Who to contact"),
    "practitioner": _l("The practitioner: name, job_title and agency"),
    "manager": _l("The approving line manager: name and job_title"),
    "issued_date": _l("The date issued, in English"),
    "issued_date_cy": _l("The date issued, in Welsh"),
    "version_number": _l("The agreement's version number"),
}
REQUIRED = {
    _l("unacceptable behaviours"): ("behaviours",),
    _l("expectations"): ("expectations",),
    _l("consequences"): ("consequences",),
    _l("review date"): ("review_date", "review_date_cy"),
    _l("signatures of the family"): ("parties",),
    _l("line manager's signature"): ("manager",),
}


def _language(variant: str) -> str:
    return "cy" if variant in {"cy", "easy_read_cy"} else "en"


def _behaviour(clause: AgreementClause, number: int) -> dict[str, Any]:
    return {"number": number, "text": clause.text, "text_cy": clause.text_in("cy")}


def _expectation(clause: AgreementClause, number: int) -> dict[str, Any]:
    return {"number": number, "what": clause.text, "how_measured": clause.how_measured,
            "by_when": in_language(clause.due_by, "en"),
            "by_when_cy": in_language(clause.due_by, "cy"), "child_focus": clause.child_focus}


def _child(person: Any) -> dict[str, Any]:
    unborn = person.kind is PersonKind.UNBORN
    day = person.expected_date if unborn else person.date_of_birth
    described = {}
    for language, due, born in (("en", "due", "born"), ("cy", "disgwylir", "ganwyd")):
        name = person.full_name if not unborn else child_name(person, language)
        word = due if unborn else born
        described[language] = f"{name} ({word} {in_language(day, language)})" if day else name
    return {"name": person.full_name, "described": described["en"],
            "described_cy": described["cy"], "is_unborn": unborn}


def agreement_context(agreement: Agreement, variant: str) -> dict[str, Any]:
    """Everything an agreement template may show, taken from the agreement and its case."""
    case, author = agreement.case, agreement.created_by
    children = children_of(case)
    relations = {link.person_id: link.relation for link in case.relationships}
    issued = (agreement.issued_at or clock.now()).date()
    manager = agreement.decided_by
    return {
        "family_name": case.family_name, "case_reference": case.reference,
        "children": [_child(p) for p in children],
        "children_names": join_names([child_name(p, "en") for p in children], "en"),
        "children_names_cy": join_names([child_name(p, "cy") for p in children], "cy"),
        "parties": [{"name": p.full_name, "relationship": relations.get(p.id, "")}
                    for p in agreement.parties],
        "grounds": agreement.grounds,
        "behaviours": [_behaviour(c, n) for n, c in enumerate(agreement.behaviours, 1)],
        "expectations": [_expectation(c, n) for n, c in enumerate(agreement.expectations, 1)],
        "agency_commitments": agreement.agency_commitments,
        "risk_assessment": agreement.risk_assessment, "consequences": agreement.consequences,
        "contingency": agreement.contingency,
        "review_date": in_language(agreement.review_date, "en"),
        "review_date_cy": in_language(agreement.review_date, "cy"),
        "contact_details": agreement.contact_details,
        "practitioner": {"name": author.name, "job_title": author.job_title,
                         "agency": author.agency.name},
        "manager": {"name": manager.name if manager else "",
                    "job_title": manager.job_title if manager else ""},
        "issued_date": in_language(issued, "en"), "issued_date_cy": in_language(issued, "cy"),
        "version_number": agreement.version_number,
    }


def sample_context() -> dict[str, Any]:
    """A fictional family's agreement, for previews and for checking uploaded templates."""
    today = clock.today()
    review = today + timedelta(weeks=12)
    due = today + timedelta(weeks=4)
    return {
        "family_name": "Sample family", "case_reference": "SUP-2026-00000",
        "children": [{"name": "Alex Sample", "described": "Alex Sample (born 4 May 2019)",
                      "described_cy": "Alex Sample (ganwyd 4 Mai 2019)", "is_unborn": False},
                     {"name": "Unborn baby", "described": "your unborn baby (due 1 June 2027)",
                      "described_cy": "eich babi yn y groth (disgwylir 1 Mehefin 2027)",
                      "is_unborn": True}],
        "children_names": "Alex and your unborn baby",
        "children_names_cy": "Alex ac eich babi yn y groth",
        "parties": [{"name": "Sam Sample", "relationship": "mother"},
                    {"name": "Chris Sample", "relationship": "father"}],
        "grounds": "Workers have not been able to see Alex at home since March.",
        "behaviours": [
            {"number": 1, "text": "Shouting or raising voices",
             "text_cy": "Gweiddi neu godi llais"},
            {"number": 2, "text": "Using dogs or other animals as a threat",
             "text_cy": "Defnyddio cŵn neu anifeiliaid eraill fel bygythiad"}],
        "expectations": [
            {"number": 1, "what": "Keep the dogs in the garden during every visit",
             "how_measured": "Workers will see the dogs are outside", "by_when": "every visit",
             "by_when_cy": "pob ymweliad", "child_focus": "So Alex can be seen safely at home"},
            {"number": 2, "what": "Take Alex to the dentist",
             "how_measured": "The dentist tells us",
             "by_when": in_language(due, "en"), "by_when_cy": in_language(due, "cy"),
             "child_focus": "Alex has toothache"}],
        "agency_commitments": "The social worker will visit every two weeks, with notice.",
        "risk_assessment": "We will take this behaviour into account when we assess the risks "
                           "to Alex and your unborn baby.",
        "consequences": "If the behaviour carries on, we may apply to the court for an order.",
        "contingency": "If the dogs are loose, the visit will stop and we will meet at the "
                       "family centre instead.",
        "review_date": in_language(review, "en"), "review_date_cy": in_language(review, "cy"),
        "contact_details": "Priya Shah, social worker: 01234 567890",
        "practitioner": {"name": "Priya Shah", "job_title": "Social worker",
                         "agency": "Northshire Children's Services"},
        "manager": {"name": "Morgan Ellis", "job_title": "Team manager"},
        "issued_date": in_language(today, "en"), "issued_date_cy": in_language(today, "cy"),
        "version_number": 1,
    }


AGREEMENT = register_kind(DocumentKind(
    name="agreement", label=_l("Written agreement"), variables=VARIABLES, required=REQUIRED,
    sample_context=sample_context))
