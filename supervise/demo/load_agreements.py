"""Load-test written agreements (``supervise/demo/load.py``) on a few cases — most signed, some
issued, drafted or ended — with their clauses and parties, and breaches of signed ones (some
followed up, some not)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from supervise import clock, guidance
from supervise.agreements.models import (
    Agreement,
    AgreementClause,
    AgreementSignature,
    AgreementState,
    ClauseKind,
    agreement_parties,
)
from supervise.breaches.models import Breach, BreachFollowUp, BreachSource
from supervise.demo.load import Org, insert_ids, insert_rows
from supervise.demo.load_cases import Spec, event
from supervise.extensions import db

AGREEMENT_SHARE, BREACH_SHARE = 0.05, 0.3
STATES = ((AgreementState.SIGNED,) * 10 + (AgreementState.ISSUED,) * 3
          + (AgreementState.SUBMITTED,) * 2 + (AgreementState.DRAFT,) * 2
          + (AgreementState.ENDED,) * 3)
EXPECTATIONS = ("Take the children to school every day.",
                "Attend every health appointment for the baby.")


def seed(org: Org, specs: list[Spec], now: Any) -> dict[str, int]:
    chosen = [(s, _showcase_state(s) if s.showcase else s.rng.choice(STATES)) for s in specs
              if s.showcase or s.rng.random() < AGREEMENT_SHARE]
    if not chosen:
        return {"agreements": 0, "breaches": 0}
    ids = insert_ids(Agreement, [_agreement_row(org, s, state) for s, state in chosen])
    db.session.execute(sa.update(Agreement).where(Agreement.id.in_(ids))
                       .values(lineage_id=Agreement.id).execution_options(
                           synchronize_session=False))
    behaviours = _clauses(chosen, ids)
    insert_rows(agreement_parties, [{"agreement_id": aid, "person_id": person}
                                    for (s, _), aid in zip(chosen, ids, strict=True)
                                    for person, _ in s.adults])
    signed = [(s, aid) for (s, state), aid in zip(chosen, ids, strict=True)
              if state in (AgreementState.SIGNED, AgreementState.ENDED)]
    insert_rows(AgreementSignature, [
        {"agreement_id": aid, "case_id": s.case_id, "signed_on": s.opened.date(),
         "signed_by": ", ".join(name for _, name in s.adults), "witnessed_by": "",
         "recorded_at": s.opened, "recorded_by_id": s.lead} for s, aid in signed])
    for (s, state), aid in zip(chosen, ids, strict=True):
        event(org, s, "agreement", f"Written agreement, version 1: {state.label.lower()}",
              s.opened + timedelta(days=7), s.lead, ("agreements", aid))
    return {"agreements": len(ids), "breaches": _breaches(org, signed, behaviours)}


def _showcase_state(spec: Spec) -> AgreementState:
    """worker-001's showcase cases: one signed (with breaches), one waiting for approval, one
    returned with comments — a panel each on the dashboards."""
    showcase = (AgreementState.SIGNED, AgreementState.SUBMITTED, AgreementState.RETURNED)
    return showcase[min(spec.number // max(1, spec.number_step), len(showcase) - 1)]


def _agreement_row(org: Org, spec: Spec, state: AgreementState) -> dict[str, Any]:
    drafted = spec.opened + timedelta(days=1)
    decided = state not in (AgreementState.DRAFT, AgreementState.SUBMITTED)
    review = (clock.today() + timedelta(days=spec.rng.randint(-20, 60))) if decided else None
    if spec.showcase and state is AgreementState.SIGNED:
        review = clock.today() - timedelta(days=3)  # and past its review
    return {
        "case_id": spec.case_id, "state": state, "version_number": 1, "lineage_id": None,
        "supersedes_id": None, "grounds": "Repeated hostility towards workers at visits.",
        "agency_commitments": "Visit fortnightly; share concerns the same day.",
        "risk_assessment": "Risk of harm to the children and to workers.",
        "consequences": "A strategy discussion and legal advice.", "contingency":
        "Call the duty team.", "review_date": review, "contact_details": "Duty: 01632 960000",
        "behaviours_version": guidance.load("behaviours").version, "created_at": drafted,
        "created_by_id": spec.lead, "updated_at": drafted,
        "submitted_at": drafted if state is not AgreementState.DRAFT else None,
        "decided_at": drafted + timedelta(days=1) if decided else None,
        "decided_by_id": org.manager_of[spec.lead] if decided else None,
        "return_comments": "Add what the family will do about school attendance."
        if state is AgreementState.RETURNED else "",
        "issued_at": drafted + timedelta(days=2) if decided and state is not
        AgreementState.RETURNED else None,
        "issued_by_id": spec.lead if decided and state is not AgreementState.RETURNED
        else None, "document_id": None,
        "review_due": review,
        "ended_at": spec.until if state is AgreementState.ENDED else None,
        "superseded_at": None}


def _clauses(chosen: list[tuple[Spec, AgreementState]], ids: list[int]) -> dict[int, list[int]]:
    """Two behaviours and two expectations each; returns each agreement's behaviour ids."""
    items = guidance.load("behaviours").items
    rows = []
    for (spec, _), agreement_id in zip(chosen, ids, strict=True):
        for position, item in enumerate(spec.rng.sample(items, 2)):
            rows.append({"agreement_id": agreement_id, "kind": ClauseKind.BEHAVIOUR,
                         "position": position, "guidance_id": item.id, "text": item.text,
                         "how_measured": "", "due_by": None, "child_focus": ""})
        for position, text in enumerate(EXPECTATIONS, start=2):
            rows.append({"agreement_id": agreement_id, "kind": ClauseKind.EXPECTATION,
                         "position": position, "guidance_id": "", "text": text,
                         "how_measured": "School and clinic records.", "due_by": None,
                         "child_focus": "So the children are safe and seen."})
    behaviours: dict[int, list[int]] = {}
    for row, clause_id in zip(rows, insert_ids(AgreementClause, rows), strict=True):
        if row["kind"] is ClauseKind.BEHAVIOUR:
            behaviours.setdefault(row["agreement_id"], []).append(clause_id)
    return behaviours


def _breaches(org: Org, signed: list[tuple[Spec, int]], behaviours: dict[int, list[int]]) -> int:
    rows, owners = [], []
    for spec, agreement_id in signed:
        if not spec.showcase and spec.rng.random() >= BREACH_SHARE:
            continue
        for i in range(2 if spec.showcase else spec.rng.randint(1, 3)):
            when = spec.moment(spec.opened + timedelta(days=10))
            if spec.showcase:  # one past its follow-up date, one not yet due
                when = spec.until - timedelta(days=30 if i == 0 else 0)
            rows.append({
                "case_id": spec.case_id, "agreement_id": agreement_id,
                "clause_id": spec.rng.choice(behaviours[agreement_id]),
                "occurred_on": when.date(), "what_happened": "Shouted at the worker again.",
                "source": BreachSource.OBSERVED, "reported_by": "", "recorded_at": when,
                "recorded_by_id": spec.lead,
                "follow_up_due": clock.add_working_days(when.date(), 5), "escalation_id": None})
            owners.append(spec)
    ids = insert_ids(Breach, rows)
    follow_ups = []
    for row, spec, breach_id in zip(rows, owners, ids, strict=True):
        event(org, spec, "breach", "Breach of the written agreement", row["recorded_at"],
              spec.lead, ("breaches", breach_id))
        if not spec.showcase and spec.rng.random() < 0.6:
            follow_ups.append({
                "breach_id": breach_id, "case_id": spec.case_id,
                "action_taken": "Discussed with mother.", "manager_advice_sought": False,
                "manager_advice": "", "legal_advice_sought": False, "legal_advice": "",
                "outcome": "Agreement stands.", "recorded_at": row["recorded_at"],
                "recorded_by_id": spec.lead, "updated_at": row["recorded_at"]})
    insert_rows(BreachFollowUp, follow_ups)
    return len(ids)
