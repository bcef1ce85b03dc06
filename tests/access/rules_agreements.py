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
