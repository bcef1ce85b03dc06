"""The agreement lifecycle: who may approve, what issuing freezes, signing, reviews, versions."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import docx
import pytest
import time_machine

from supervise import clock
from supervise.agreements import lifecycle
from supervise.agreements.models import (
    AgreementState,
    FrozenAgreement,
    ReviewOutcome,
)
from supervise.agreements.operations import start_new_version
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.core.uploads import resolve
from supervise.documents.operations import document_bytes
from supervise.events.models import CaseEvent
from supervise.extensions import db
from supervise.notifications.models import Notification
from tests.agreements.factories import (
    make_approved,
    make_draft,
    make_issued,
    make_signed,
)


def _events(agreement) -> list[str]:
    rows = db.session.query(CaseEvent).filter_by(source_type="agreements",
                                                 source_id=agreement.id).order_by(CaseEvent.id)
    return [e.summary for e in rows]


def test_submitting_needs_a_behaviour_an_expectation_and_a_review_date(world):
    agreement = make_draft(world, complete=False)
    with pytest.raises(DomainError):
        lifecycle.submit(agreement, by=world.users["practitioner"])
    assert agreement.state is AgreementState.DRAFT


def test_submitting_tells_the_authors_line_manager(world):
    agreement = make_draft(world)
    lifecycle.submit(agreement, by=world.users["practitioner"])
    assert agreement.state is AgreementState.SUBMITTED
    note = db.session.query(Notification).filter_by(kind="agreement_submitted").one()
    assert note.user_id == world.users["manager"].id
    assert note.link == f"/cases/{world.case.id}/agreements/{agreement.id}"


def test_an_author_without_a_line_manager_cannot_submit(world):
    agreement = make_draft(world, by="hv")  # the health visitor's team has no manager
    with pytest.raises(DomainError, match="no line manager"):
        lifecycle.submit(agreement, by=world.users["hv"])


def test_the_authors_line_manager_approves(world):
    agreement = make_approved(world)
    assert agreement.state is AgreementState.APPROVED
    assert agreement.decided_by == world.users["manager"]
    assert any("approved by Mo Manager" in s for s in _events(agreement))


@pytest.mark.parametrize("who", ["practitioner", "hv", "manager2", "outsider"])
def test_nobody_but_a_line_manager_of_the_author_may_approve(world, who):
    agreement = make_draft(world)
    lifecycle.submit(agreement, by=world.users["practitioner"])
    with pytest.raises(NotAllowed):
        lifecycle.approve(agreement, by=world.users[who])
    assert agreement.state is AgreementState.SUBMITTED


def test_a_manager_never_approves_an_agreement_they_wrote(world):
    from supervise.accounts import operations as accounts

    north = world.teams["north"]
    accounts.set_team_managers(north, [world.users["manager"], world.users["manager2"]],
                               by=None)
    world.users["manager2"].team_id = north.id
    agreement = make_draft(world, by="manager")
    lifecycle.submit(agreement, by=world.users["manager"])
    with pytest.raises(NotAllowed, match="You wrote this agreement"):
        lifecycle.approve(agreement, by=world.users["manager"])
    lifecycle.approve(agreement, by=world.users["manager2"])  # another manager of the team
    assert agreement.state is AgreementState.APPROVED


def test_returning_needs_comments_and_lets_the_author_change_it(world):
    agreement = make_draft(world)
    lifecycle.submit(agreement, by=world.users["practitioner"])
    with pytest.raises(DomainError):
        lifecycle.return_for_changes(agreement, "  ", by=world.users["manager"])
    lifecycle.return_for_changes(agreement, "Add the school's role", by=world.users["manager"])
    assert agreement.state is AgreementState.RETURNED and agreement.is_editable
    note = db.session.query(Notification).filter_by(kind="agreement_returned").one()
    assert note.user_id == world.users["practitioner"].id
    lifecycle.submit(agreement, by=world.users["practitioner"])
    assert agreement.state is AgreementState.SUBMITTED


def test_withdrawing_an_approved_agreement_voids_the_approval(world):
    agreement = make_approved(world)
    with pytest.raises(NotAllowed):
        lifecycle.withdraw(agreement, by=world.users["hv"])  # only the author
    lifecycle.withdraw(agreement, by=world.users["practitioner"])
    assert agreement.state is AgreementState.DRAFT and agreement.decided_by_id is None


def test_only_an_approved_agreement_can_be_issued(world):
    agreement = make_draft(world)
    with pytest.raises(IllegalTransition):
        lifecycle.issue(agreement, "en", by=world.users["practitioner"])


def test_issuing_stores_the_document_with_its_sha256_and_version(world):
    agreement = make_issued(world)
    document = agreement.document
    assert agreement.state is AgreementState.ISSUED and agreement.version_number == 1
    data = resolve(document.path).read_bytes()
    assert hashlib.sha256(data).hexdigest() == document.sha256
    assert document.kind == "agreement" and document.variant == "en"
    assert document.template_label == "shipped" and len(document.template_sha256) == 64
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Swearing" in text and "Phoning the nursery to shout" in text
    assert agreement.review_due == agreement.review_date


def test_the_issued_content_can_never_change(world):
    agreement = make_issued(world)
    agreement.grounds = "Rewritten after issue"
    with pytest.raises(FrozenAgreement):
        db.session.flush()
    db.session.rollback()


def test_a_clause_of_an_issued_agreement_can_never_change(world):
    agreement = make_issued(world)
    agreement.behaviours[0].text = "Something else"
    with pytest.raises(FrozenAgreement):
        db.session.flush()
    db.session.rollback()


def test_the_sha256_of_an_issued_version_never_changes(world):
    agreement = make_issued(world)
    before = (agreement.document.sha256, document_bytes(agreement.document))
    lifecycle.record_signature(agreement, clock.today(), "Zoe Testfamily", "", None,
                               by=world.users["practitioner"])
    lifecycle.review(agreement, ReviewOutcome.CONTINUE, "Going well",
                     clock.today() + timedelta(days=30), by=world.users["practitioner"])
    newer = start_new_version(agreement, by=world.users["practitioner"])
    lifecycle.submit(newer, by=world.users["practitioner"])
    lifecycle.approve(newer, by=world.users["manager"])
    lifecycle.issue(newer, "en", by=world.users["practitioner"])
    assert (agreement.document.sha256, document_bytes(agreement.document)) == before
    assert newer.document.sha256 != before[0]


def test_issuing_a_new_version_supersedes_the_one_in_force(world):
    signed = make_signed(world)
    newer = start_new_version(signed, by=world.users["practitioner"])
    lifecycle.submit(newer, by=world.users["practitioner"])
    lifecycle.approve(newer, by=world.users["manager"])
    assert signed.state is AgreementState.SIGNED  # until the new version is issued
    lifecycle.issue(newer, "en", by=world.users["practitioner"])
    assert signed.state is AgreementState.SUPERSEDED and signed.superseded_at is not None
    assert newer.version_number == 2 and newer.state is AgreementState.ISSUED
    assert any("superseded by version 2" in s for s in _events(signed))


def test_signing_records_who_when_and_the_witness(world):
    agreement = make_issued(world)
    lifecycle.record_signature(agreement, clock.today(), "Zoe Testfamily", "Hana Visitor", None,
                               by=world.users["practitioner"])
    signature = agreement.signature
    assert agreement.state is AgreementState.SIGNED
    assert (signature.signed_by, signature.witnessed_by) == ("Zoe Testfamily", "Hana Visitor")
    assert any("signed by Zoe Testfamily, witnessed by Hana Visitor" in s
               for s in _events(agreement))


def test_an_agreement_cannot_be_signed_before_it_was_issued(world):
    agreement = make_issued(world)
    with pytest.raises(DomainError) as refused:
        lifecycle.record_signature(agreement, clock.today() - timedelta(days=1), "Zoe", "",
                                   None, by=world.users["practitioner"])
    assert refused.value.field == "signed_on"


def test_a_review_that_continues_moves_the_review_date_on(world):
    agreement = make_signed(world)
    later = clock.today() + timedelta(days=90)
    lifecycle.review(agreement, ReviewOutcome.CONTINUE, "Kept to it", later,
                     by=world.users["practitioner"])
    assert agreement.review_due == later and agreement.review_date != later
    assert agreement.state is AgreementState.SIGNED


def test_a_review_that_continues_needs_a_future_review_date(world):
    agreement = make_signed(world)
    with pytest.raises(DomainError):
        lifecycle.review(agreement, ReviewOutcome.CONTINUE, "x", clock.today(),
                         by=world.users["practitioner"])


def test_a_review_can_end_the_agreement(world):
    agreement = make_signed(world)
    lifecycle.review(agreement, ReviewOutcome.END, "Case closing", None,
                     by=world.users["practitioner"])
    assert agreement.state is AgreementState.ENDED and not agreement.is_in_force
    assert any("reviewed and ended" in s for s in _events(agreement))


def test_a_review_that_changes_it_starts_the_next_version(world):
    agreement = make_signed(world)
    lifecycle.review(agreement, ReviewOutcome.CHANGE, "Needs a new term",
                     clock.today() + timedelta(days=14), by=world.users["practitioner"])
    assert agreement.successor is not None and agreement.successor.is_editable


def test_an_agreement_in_force_is_flagged_once_past_its_review_date(world):
    agreement = make_signed(world)
    assert not agreement.is_past_review()
    with time_machine.travel(agreement.review_date + timedelta(days=1), tick=False):
        assert agreement.is_past_review()


def test_every_lifecycle_step_writes_to_the_case_event_log(world):
    agreement = make_signed(world)
    lifecycle.review(agreement, ReviewOutcome.END, "Done", None, by=world.users["practitioner"])
    summaries = _events(agreement)
    for word in ("drafted", "submitted", "approved", "issued", "signed", "reviewed"):
        assert any(word in s for s in summaries), (word, summaries)
