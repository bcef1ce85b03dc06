"""Answers keep their prompt id, library version and wording; nobody's answer is silently
overwritten; a "yes" to a sharing question is shared through the product or given a reason,
and the record cannot be signed until each one is."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa

from supervise.audit.models import AuditEvent
from supervise.core.concurrency import StaleRecord
from supervise.core.errors import DomainError, IllegalTransition
from supervise.events.models import CaseEvent
from supervise.notifications.models import Notification
from supervise.supervision import answers, library, record
from supervise.supervision.library import library as prompt_library
from supervise.supervision.models import SessionStatus, ShareRecipient
from tests.factories import make_case
from tests.supervision import factories
from tests.supervision.factories import answer, held_session, make_session


def test_an_answer_keeps_its_prompt_id_library_version_and_wording(world):
    session = held_session(world)
    given = answer(session, "colluding-relieved-no-answer", world.users["practitioner"],
                   case=world.case, value="yes", notes="Twice this month")
    assert given.prompt_id == "colluding-relieved-no-answer"
    assert given.library_version == prompt_library().version
    assert given.prompt_text == "Am I relieved when there is no answer at the door?"
    assert given.section == "colluding" and given.case_id == world.case.id


def test_a_later_edit_of_the_library_never_rewrites_what_was_answered(world, monkeypatch):
    session = held_session(world)
    given = answer(session, "colluding-relieved-no-answer", world.users["practitioner"],
                   case=world.case, value="yes")
    edited = _library_with(monkeypatch, "colluding-relieved-no-answer", "Reworded?", "2099.1.1")
    assert given.prompt_text == "Am I relieved when there is no answer at the door?"
    assert given.library_version != edited.version
    # Answering again answers the wording now asked, and says so.
    again = answer(session, "colluding-relieved-no-answer", world.users["practitioner"],
                   case=world.case, value="no")
    assert (again.prompt_text, again.library_version) == ("Reworded?", "2099.1.1")


def _library_with(monkeypatch, prompt_id, label, version):
    current = prompt_library()
    prompts = tuple(
        dataclasses.replace(p, item=dataclasses.replace(p.item, label=label))
        if p.id == prompt_id else p for p in current.prompts)
    edited = dataclasses.replace(current, version=version, prompts=prompts)
    monkeypatch.setattr(library, "library", lambda: edited)
    monkeypatch.setattr(answers, "library", lambda: edited)
    monkeypatch.setattr(factories, "library", lambda: edited)
    return edited


def test_an_answer_that_is_not_one_of_the_choices_is_refused(world):
    session = held_session(world)
    with pytest.raises(DomainError):
        answer(session, "colluding-relieved-no-answer", world.users["practitioner"],
               case=world.case, value="maybe")
    with pytest.raises(DomainError):
        answer(session, "impact-signs", world.users["practitioner"], choices=["joy"])
    with pytest.raises(DomainError):
        answer(session, "impact-overall", world.users["practitioner"], value="9")


def test_a_case_question_needs_a_case_discussed_in_the_session(world):
    session = held_session(world)
    other = make_case(world.users["practitioner"], "Other family")
    with pytest.raises(DomainError):
        answer(session, "colluding-relieved-no-answer", world.users["practitioner"])
    with pytest.raises(DomainError):
        answer(session, "colluding-relieved-no-answer", world.users["practitioner"], case=other)


def test_a_blank_first_answer_saves_nothing(world):
    session = held_session(world)
    assert answer(session, "child-door-closed", world.users["practitioner"],
                  case=world.case) is None


def test_someone_elses_answer_saved_after_you_loaded_is_never_overwritten(world):
    session = held_session(world)
    prompt = prompt_library().prompt("child-door-closed")
    manager, practitioner = world.users["manager"], world.users["practitioner"]
    answers.save_answer(session, prompt, {"notes": "Frightened"}, by=manager, case=world.case,
                        seen_version="")
    with pytest.raises(StaleRecord):  # I loaded the page before the manager's answer existed
        answers.save_answer(session, prompt, {"notes": "Relieved"}, by=practitioner,
                            case=world.case, seen_version="")
    saved = answers.save_answer(session, prompt, {"notes": "Relieved"}, by=practitioner,
                                case=world.case, seen_version="1")
    assert saved.notes == "Relieved" and saved.version == 2


def test_your_own_saves_as_you_type_never_count_against_you(world):
    session = held_session(world)
    prompt = prompt_library().prompt("child-door-closed")
    practitioner = world.users["practitioner"]
    for text in ("F", "Fr", "Fri"):
        # Every request still carries the version the page was loaded with.
        saved = answers.save_answer(session, prompt, {"notes": text}, by=practitioner,
                                    case=world.case, seen_version="")
    assert saved.notes == "Fri"


def test_answers_are_private_to_the_impact_section_in_the_audit_log(world, db):
    session = held_session(world)
    practitioner = world.users["practitioner"]
    answer(session, "impact-continue-effectively", practitioner, case=world.case, value="no",
           notes="I cannot face Ryan again")
    answer(session, "colluding-relieved-no-answer", practitioner, case=world.case, value="yes")
    rows = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.object_type == "supervision_answers")).all()
    private = [r for r in rows if r.changes and "I cannot face Ryan" not in str(r.changes)]
    assert len(private) == 2
    impact = next(r for r in rows if r.changes.get("notes") == "changed")
    assert impact.case_id is None
    assert "I cannot face Ryan" not in str([r.changes for r in rows])
    assert any(r.case_id == world.case.id for r in rows)  # other answers stay on the trail


# --- Sharing ------------------------------------------------------------------------------------


def test_a_record_with_an_unshared_yes_cannot_be_signed(world):
    session = held_session(world)
    answer(session, "sharing-intimidated", world.users["practitioner"], case=world.case,
           value="yes")
    with pytest.raises(DomainError, match="share each"):
        record.sign(session, by=world.users["practitioner"])
    assert session.practitioner_signed_at is None


def test_sharing_notifies_each_chosen_member_in_any_agency_and_records_what_and_when(world, db):
    session = held_session(world)
    practitioner, hv = world.users["practitioner"], world.users["hv"]
    answer(session, "sharing-intimidated", practitioner, case=world.case, value="yes")
    answer(session, "sharing-would-want-to-know", practitioner, case=world.case, value="yes")
    share = answers.share_concerns(session, world.case, [hv], "I am afraid of Zoe's partner",
                                   by=practitioner)
    assert share.message == "I am afraid of Zoe's partner" and share.shared_at is not None
    assert {a.prompt_id for a in share.answers} == {"sharing-intimidated",
                                                    "sharing-would-want-to-know"}
    notes = db.session.scalars(sa.select(Notification).where(
        Notification.kind == "concern_shared")).all()
    assert {n.user_id for n in notes} == {hv.id, world.users["manager"].id}
    assert all(n.link == f"/cases/{world.case.id}/shared-concerns/{share.id}" for n in notes)
    recorded = db.session.scalars(sa.select(ShareRecipient)).all()
    assert {(r.user_id, r.notification_id is not None) for r in recorded} == {
        (hv.id, True), (world.users["manager"].id, True)}
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.category == "concern_shared"))
    assert event.source_id == share.id and "Hana Visitor" in event.summary
    record.sign(session, by=practitioner)  # nothing waiting now


def test_concerns_are_shared_only_with_the_case_team(world):
    session = held_session(world)
    answer(session, "sharing-intimidated", world.users["practitioner"], case=world.case,
           value="yes")
    with pytest.raises(DomainError):
        answers.share_concerns(session, world.case, [world.users["outsider"]], "Fear",
                               by=world.users["practitioner"])
    with pytest.raises(DomainError):
        answers.share_concerns(session, world.case, [], "Fear", by=world.users["practitioner"])


def test_a_recorded_reason_for_not_sharing_lets_the_record_be_signed(world):
    session = held_session(world)
    given = answer(session, "sharing-hostile-experience", world.users["practitioner"],
                   case=world.case, value="yes")
    with pytest.raises(DomainError):
        answers.record_not_sharing(given, session, " ", by=world.users["manager"])
    answers.record_not_sharing(given, session, "Shared at the strategy meeting this morning",
                               by=world.users["manager"])
    assert given.not_shared_by_id == world.users["manager"].id
    record.sign(session, by=world.users["practitioner"])
    record.sign(session, by=world.users["manager"])
    assert session.status is SessionStatus.SIGNED


def test_a_no_or_unsure_needs_no_sharing(world):
    session = held_session(world)
    answer(session, "sharing-intimidated", world.users["practitioner"], case=world.case,
           value="unsure")
    given = answer(session, "sharing-hostile-experience", world.users["practitioner"],
                   case=world.case, value="no")
    with pytest.raises(DomainError):
        answers.record_not_sharing(given, session, "Nothing to share",
                                   by=world.users["practitioner"])
    record.sign(session, by=world.users["practitioner"])


def test_a_signed_record_takes_no_more_answers(world):
    session = held_session(world)
    record.sign(session, by=world.users["practitioner"])
    record.sign(session, by=world.users["manager"])
    with pytest.raises(IllegalTransition):
        answer(session, "colluding-relieved-no-answer", world.users["practitioner"],
               case=world.case, value="yes")


def test_answers_can_be_prepared_before_the_session(world):
    session = make_session(world.users["practitioner"], world.users["manager"],
                           cases=[world.case])
    given = answer(session, "child-door-closed", world.users["practitioner"], case=world.case,
                   notes="Scared")
    assert given.id is not None and session.status is SessionStatus.SCHEDULED
