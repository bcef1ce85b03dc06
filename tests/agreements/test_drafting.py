"""Drafting an agreement: its structured content, its clauses, who it is with, and that only a
draft (or one returned for changes) can change."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from supervise import clock, guidance
from supervise.agreements import lifecycle, operations
from supervise.agreements.models import AgreementClause, AgreementState, ClauseKind
from supervise.cases.models import PersonKind
from supervise.core.concurrency import StaleRecord
from supervise.core.errors import DomainError, IllegalTransition
from supervise.events.models import CaseEvent
from supervise.extensions import db
from tests.agreements.factories import carer, make_draft, make_issued
from tests.factories import make_person


def test_a_new_draft_has_the_default_consequences_up_to_a_court_order(world):
    agreement = make_draft(world, complete=False)
    assert agreement.state is AgreementState.DRAFT
    assert "court" in agreement.consequences and "Zara" in agreement.consequences
    assert "Zara" in agreement.risk_assessment
    assert agreement.version_number == 1 and agreement.lineage_id == agreement.id
    assert agreement.behaviours_version == guidance.load("behaviours").version


def test_the_default_wording_mentions_the_birth_plan_when_a_baby_is_expected(world):
    make_person(world.case, world.users["practitioner"], PersonKind.UNBORN, given_name="Baby")
    agreement = make_draft(world, complete=False)
    assert "birth of your baby" in agreement.risk_assessment


def test_the_default_wording_is_welsh_for_a_family_who_reads_welsh(world):
    from supervise.cases.models import DocumentLanguage

    world.case.document_language = DocumentLanguage.WELSH
    agreement = make_draft(world, complete=False)
    assert "llys am orchymyn" in agreement.consequences  # a court order
    assert "court" not in agreement.consequences


def test_an_agreement_must_be_with_an_adult_of_the_family(world):
    child = next(p for p in world.case.children)
    with pytest.raises(DomainError) as refused:
        operations.start_draft(world.case, {"grounds": "x"}, [child],
                               by=world.users["practitioner"])
    assert refused.value.field == "parties"
    with pytest.raises(DomainError):
        operations.start_draft(world.case, {"grounds": "x"}, [], by=world.users["practitioner"])


def test_behaviours_come_from_the_guidance_list_or_are_written_and_are_numbered(world):
    agreement = make_draft(world, complete=False)
    by = world.users["practitioner"]
    operations.add_behaviours(agreement, ["swearing", "animals-as-threat"], ["Spitting"], by=by)
    behaviours = agreement.behaviours
    assert [c.guidance_id for c in behaviours] == ["swearing", "animals-as-threat", ""]
    assert [c.reference for c in behaviours] == ["Behaviour 1", "Behaviour 2", "Behaviour 3"]
    assert behaviours[0].text == "Swearing" and behaviours[2].text == "Spitting"
    assert behaviours[0].text_in("cy") == "Rhegi"
    assert behaviours[2].text_in("cy") == "Spitting"


def test_a_clause_is_numbered_the_same_in_sql_as_in_python(world):
    """Lists cite terms without loading every clause: ``number_column`` must agree."""
    agreement = make_draft(world, complete=False)
    operations.add_behaviours(agreement, ["swearing", "animals-as-threat"], ["Spitting"],
                              by=world.users["practitioner"])
    db.session.flush()
    numbers = dict(db.session.execute(
        sa.select(AgreementClause.id, AgreementClause.number_column())
        .where(AgreementClause.agreement_id == agreement.id)).all())
    assert numbers == {clause.id: clause.number for clause in agreement.clauses}
    assert sorted(numbers.values()) != [1] * len(numbers)


def test_a_behaviour_already_chosen_is_not_added_twice(world):
    agreement = make_draft(world)
    with pytest.raises(DomainError):
        operations.add_behaviours(agreement, ["swearing"], [], by=world.users["practitioner"])
    assert len(agreement.behaviours) == 2


def test_an_unknown_behaviour_id_is_refused(world):
    agreement = make_draft(world, complete=False)
    with pytest.raises(DomainError):
        operations.add_behaviours(agreement, ["not-a-behaviour"], [],
                                  by=world.users["practitioner"])


def test_an_expectation_says_what_how_we_will_know_and_by_when(world):
    agreement = make_draft(world)
    clause = agreement.expectations[0]
    assert clause.kind is ClauseKind.EXPECTATION and clause.reference == "Expectation 1"
    assert clause.how_measured == "The nursery tells us" and clause.due_by is not None


def test_a_stale_expectation_edit_is_refused(world):
    agreement = make_draft(world)
    clause = agreement.expectations[0]
    seen = clause.version
    operations.update_expectation(clause, {"text": "Changed by a colleague"},
                                  by=world.users["hv"], seen_version=seen)
    with pytest.raises(StaleRecord):
        operations.update_expectation(clause, {"text": "Mine"}, by=world.users["practitioner"],
                                      seen_version=seen)


def test_a_stale_details_edit_is_refused(world):
    agreement = make_draft(world)
    seen = agreement.version
    operations.update_details(agreement, {"grounds": "Colleague's words"}, [carer(world)],
                              by=world.users["hv"], seen_version=seen)
    with pytest.raises(StaleRecord):
        operations.update_details(agreement, {"grounds": "Mine"}, [carer(world)],
                                  by=world.users["practitioner"], seen_version=seen)


def test_a_clause_can_be_removed_from_a_draft(world):
    agreement = make_draft(world)
    operations.remove_clause(agreement.behaviours[1], by=world.users["practitioner"])
    assert [c.text for c in agreement.behaviours] == ["Swearing"]


def test_a_submitted_agreement_can_no_longer_be_changed(world):
    agreement = make_draft(world)
    lifecycle.submit(agreement, by=world.users["practitioner"])
    by = world.users["practitioner"]
    with pytest.raises(IllegalTransition):
        operations.update_details(agreement, {"grounds": "New"}, [carer(world)], by=by)
    with pytest.raises(IllegalTransition):
        operations.add_behaviours(agreement, ["shouting"], [], by=by)
    with pytest.raises(IllegalTransition):
        operations.remove_clause(agreement.expectations[0], by=by)


def test_drafting_is_recorded_in_the_case_event_log(world):
    agreement = make_draft(world)
    events = db.session.query(CaseEvent).filter_by(source_type="agreements",
                                                   source_id=agreement.id).all()
    assert [e.category for e in events] == ["agreement"]
    assert "drafted" in events[0].summary


def test_a_new_version_copies_the_content_into_a_draft(world):
    issued = make_issued(world)
    draft = operations.start_new_version(issued, by=world.users["practitioner"])
    assert draft.state is AgreementState.DRAFT and draft.version_number == 2
    assert draft.lineage_id == issued.lineage_id and draft.supersedes is issued
    assert [c.text for c in draft.clauses] == [c.text for c in issued.clauses]
    assert {c.id for c in draft.clauses}.isdisjoint({c.id for c in issued.clauses})
    assert draft.parties == issued.parties and draft.grounds == issued.grounds
    assert issued.state is AgreementState.ISSUED  # still in force until v2 is issued
    with pytest.raises(IllegalTransition):
        operations.start_new_version(issued, by=world.users["practitioner"])


def test_only_an_issued_agreement_can_have_a_new_version(world):
    with pytest.raises(IllegalTransition):
        operations.start_new_version(make_draft(world), by=world.users["practitioner"])


def test_review_date_in_the_past_is_still_a_draft_until_submitted(world):
    agreement = make_draft(world, review_date=clock.today() - timedelta(days=1))
    assert not agreement.is_past_review()  # only agreements in force are flagged
