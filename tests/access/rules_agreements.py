"""Rules for written agreements, breaches and their follow-ups (case-team routes).

The world gets a signed agreement with a breach that has been escalated and a PDF rendition
already made (so the matrix does not run LibreOffice for every role). Draft-only pages of a
signed agreement send everyone back to the agreement with the reason (302).
"""

from flask import current_app

from supervise import clock
from supervise.breaches import operations as breaches
from supervise.breaches.models import BreachSource
from supervise.core import uploads
from tests.access.rules import CASE_TEAM, case_rule

BACK = {role: 302 for role in CASE_TEAM}

RULES = {
    "agreements.index": case_rule(),
    "agreements.new": case_rule(),
    "agreements.show": case_rule(),
    "agreements.edit": case_rule(get_status=BACK),
    "agreements.behaviours": case_rule(get_status=BACK),
    "agreements.expectation_new": case_rule(get_status=BACK),
    "agreements.expectation_edit": case_rule(get_status=BACK),
    "agreements.clause_remove": case_rule(),
    "agreements.submit": case_rule(),
    "agreements.withdraw": case_rule(),
    "agreements.approve": case_rule(),
    "agreements.return_for_changes": case_rule(get_status=BACK),
    "agreements.issue": case_rule(get_status=BACK),
    "agreements.document": case_rule(),
    "agreements.document_as_pdf": case_rule(),
    "agreements.sign": case_rule(get_status=BACK),
    "agreements.scan": case_rule(),
    "agreements.signed_copy": case_rule(get_status=BACK),  # no signed copy attached yet
    "agreements.review": case_rule(),
    "agreements.new_version": case_rule(),
    "agreements.breaches.new": case_rule(),
    "agreements.breaches.show": case_rule(),
    "agreements.breaches.follow_up": case_rule(),
    "agreements.breaches.escalation": case_rule(),
}


def extend(world) -> None:
    from tests.agreements.factories import make_signed_without_rendering

    agreement = make_signed_without_rendering(world)
    document = agreement.document
    stored = uploads.store_bytes(b"%PDF-1.7 already converted", "pdf", "generated")
    document.pdf_path, document.pdf_sha256 = stored.path, stored.sha256
    # One breach that is escalated at once (the threshold is lowered for this setup only).
    config = current_app.config
    threshold, config["BREACH_ESCALATION_THRESHOLD"] = config["BREACH_ESCALATION_THRESHOLD"], 1
    try:
        breach = breaches.record_breach(agreement, agreement.behaviours[0], {
            "occurred_on": clock.today(), "what_happened": "Swore",
            "source": BreachSource.OBSERVED, "reported_by": ""}, by=world.users["practitioner"])
    finally:
        config["BREACH_ESCALATION_THRESHOLD"] = threshold
    world.ids.update(agreement_id=agreement.id, clause_id=agreement.expectations[0].id,
                     breach_id=breach.id, escalation_id=breach.escalation.id)


# --- Forms the hostile-input sweep cannot find on the world's pages (tests/security/) --------
# The world's agreement is signed, so its drafting and lifecycle forms are gone: each of these
# puts a fresh agreement on the world's case in the state that shows the form, through the real
# operations, and signs in as the person who fills it in.


def _page(agreement, suffix: str = "") -> str:
    return f"/cases/{agreement.case_id}/agreements/{agreement.id}{suffix}"


def _draft(world, login_as):
    """A draft by the practitioner with a behaviour clause and an expectation."""
    from tests.agreements.factories import make_draft

    agreement = make_draft(world)
    login_as("practitioner")
    return agreement


def _submitted(world):
    from supervise.agreements import lifecycle
    from tests.agreements.factories import make_draft

    agreement = make_draft(world)
    lifecycle.submit(agreement, by=agreement.created_by)
    return agreement


def _draft_details(world, client, login_as) -> str:
    return _page(_draft(world, login_as), "/edit")


def _draft_behaviours(world, client, login_as) -> str:
    return _page(_draft(world, login_as), "/behaviours")


def _draft_new_expectation(world, client, login_as) -> str:
    return _page(_draft(world, login_as), "/expectations/new")


def _draft_expectation(world, client, login_as) -> str:
    agreement = _draft(world, login_as)
    return _page(agreement, f"/expectations/{agreement.expectations[0].id}/edit")


def _draft_page(world, client, login_as) -> str:
    """The draft's page: a remove button on each clause, and send for approval."""
    return _page(_draft(world, login_as))


def _submitted_to_author(world, client, login_as) -> str:
    """The author may take a submitted agreement back."""
    agreement = _submitted(world)
    login_as("practitioner")
    return _page(agreement)


def _submitted_to_manager(world, client, login_as) -> str:
    """The author's line manager (never the author) approves from the agreement's page."""
    agreement = _submitted(world)
    login_as("manager")
    return _page(agreement)


def _submitted_for_return(world, client, login_as) -> str:
    agreement = _submitted(world)
    login_as("manager")
    return _page(agreement, "/return")


def _approved(world, client, login_as) -> str:
    from tests.agreements.factories import make_approved

    agreement = make_approved(world)
    login_as("practitioner")
    return _page(agreement, "/issue")


def _issued(world, client, login_as) -> str:
    from tests.agreements.factories import make_issued

    agreement = make_issued(world)
    login_as("practitioner")
    return _page(agreement, "/sign")


SWEEP_PREPARATIONS = {
    "agreements.edit": _draft_details,
    "agreements.behaviours": _draft_behaviours,
    "agreements.expectation_new": _draft_new_expectation,
    "agreements.expectation_edit": _draft_expectation,
    "agreements.clause_remove": _draft_page,
    "agreements.submit": _draft_page,
    "agreements.withdraw": _submitted_to_author,
    "agreements.approve": _submitted_to_manager,
    "agreements.return_for_changes": _submitted_for_return,
    "agreements.issue": _approved,
    "agreements.sign": _issued,
}
