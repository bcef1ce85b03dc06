"""Agreements in each state on the world's case, built through the real operations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from supervise import clock
from supervise.agreements import lifecycle, operations
from supervise.agreements.models import Agreement, AgreementState

GROUNDS = "Zara has missed three nursery sessions and workers have not seen her bedroom."


def carer(world: Any):
    return next(p for p in world.case.adults if p.is_carer)


def make_draft(world: Any, *, by: str = "practitioner", complete: bool = True,
               **values: Any) -> Agreement:
    """A draft on the world's case with the carer as party; ``complete`` adds two behaviours
    (one from the guidance, one written) and one expectation."""
    author = world.users[by]
    details = {"grounds": GROUNDS, "agency_commitments": "Pat will visit every two weeks.",
               "contact_details": "Pat Practitioner, 01632 960 000",
               "review_date": clock.today() + timedelta(days=60), **values}
    agreement = operations.start_draft(world.case, details, [carer(world)], by=author)
    if complete:
        operations.add_behaviours(agreement, ["swearing"], ["Phoning the nursery to shout"],
                                  by=author)
        operations.add_expectation(agreement, {
            "text": "Take Zara to every nursery session", "how_measured": "The nursery tells us",
            "due_by": clock.today() + timedelta(days=30), "child_focus": "So Zara can learn"},
            by=author)
    return agreement


def make_approved(world: Any, **values: Any) -> Agreement:
    agreement = make_draft(world, **values)
    lifecycle.submit(agreement, by=agreement.created_by)
    lifecycle.approve(agreement, by=world.users["manager"])
    return agreement


def make_issued(world: Any, variant: str = "en", **values: Any) -> Agreement:
    agreement = make_approved(world, **values)
    lifecycle.issue(agreement, variant, by=agreement.created_by)
    return agreement


def make_signed(world: Any, **values: Any) -> Agreement:
    agreement = make_issued(world, **values)
    lifecycle.record_signature(agreement, clock.today(), "Zoe Testfamily", "", None,
                               by=agreement.created_by)
    return agreement


_DOCUMENT: dict[str, bytes] = {}


def make_signed_without_rendering(world: Any) -> Agreement:
    """A signed agreement whose document is one generated earlier in this process: for the
    access matrix, which needs the records hundreds of times but never reads the document."""
    from supervise.agreements.document import sample_context
    from supervise.core import uploads
    from supervise.documents import library
    from supervise.documents.models import GeneratedDocument

    agreement = make_approved(world)
    if "docx" not in _DOCUMENT:
        _DOCUMENT["docx"] = library.render("agreement", "en", sample_context())
    stored = uploads.store_bytes(_DOCUMENT["docx"], "docx", "generated")
    document = GeneratedDocument(case_id=agreement.case_id, kind="agreement", variant="en",
                                 template_label="shipped", template_sha256="0" * 64,
                                 path=stored.path, sha256=stored.sha256, size=stored.size,
                                 created_by_id=agreement.created_by_id)
    agreement.document = document
    agreement.state, agreement.issued_at = AgreementState.ISSUED, clock.now()
    agreement.issued_by_id, agreement.review_due = agreement.created_by_id, agreement.review_date
    lifecycle.record_signature(agreement, clock.today(), "Zoe Testfamily", "", None,
                               by=agreement.created_by)
    return agreement
