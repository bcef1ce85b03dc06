"""Load-test concerns (``supervise/demo/load.py``): incidents towards workers on a few cases,
risk alerts on some (a few past their review), and observations of non-cooperation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from supervise import clock, guidance
from supervise.alerts.models import AlertLevel, RiskAlert
from supervise.demo.load import Org, insert_ids
from supervise.demo.load_cases import Spec, event
from supervise.incidents.models import (
    Incident,
    NonCooperationRecord,
    PoliceDecision,
    needs_police_decision,
)

INCIDENT_SHARE, ALERT_SHARE, NON_COOPERATION_SHARE = 0.06, 0.10, 0.10


def seed(org: Org, specs: list[Spec], now: Any) -> dict[str, int]:
    return {"incidents": _incidents(org, specs, now), "risk_alerts": _alerts(org, specs),
            "non_cooperation": _non_cooperation(org, specs)}


def _incidents(org: Org, specs: list[Spec], now: Any) -> int:
    behaviours = [item.id for item in guidance.load("behaviours").items]
    version = guidance.load("behaviours").version
    rows, owners = [], []
    for spec in specs:
        if not spec.showcase and spec.rng.random() >= INCIDENT_SHARE:
            continue
        for _ in range(spec.rng.randint(1, 2)):
            worker = spec.rng.choice(spec.team)[0]
            chosen = spec.rng.sample(behaviours, spec.rng.randint(1, 3))
            when = now - timedelta(days=2) if spec.showcase else spec.moment()
            police = needs_police_decision(chosen)
            reviewed = (now - when).days > 14
            rows.append({
                "case_id": spec.case_id, "occurred_at": when, "location": "The family home",
                "worker_id": worker, "behaviours": chosen, "behaviours_version": version,
                "other_behaviour": "", "person_ids": [spec.adults[0][0]],
                "others_involved": "", "what_happened": "Shouted at the worker at the door.",
                "worker_response": "Stayed calm and left.", "manager_told_directly": True,
                "managers_notified": [org.manager_of[worker]],
                "police_decision_required": police,
                "police_decision": PoliceDecision.INFORMED if police else None,
                "police_reason": "Violence towards a worker" if police else "",
                "police_reference": "", "impacts": [], "impacts_version": "",
                "impact_notes": "", "support": [], "support_version": "", "support_notes": "",
                "recorded_at": when + timedelta(hours=1), "recorded_by_id": worker,
                "reviewed_at": when + timedelta(days=3) if reviewed else None,
                "reviewed_by_id": org.manager_of[worker] if reviewed else None,
                "review_cause": "Frustration at the child protection plan." if reviewed else "",
                "review_decision": "Joint visits from now on." if reviewed else ""})
            owners.append(spec)
    for row, spec, incident_id in zip(rows, owners, insert_ids(Incident, rows), strict=True):
        event(org, spec, "incident", "Hostility towards a worker at the door",
              row["occurred_at"], row["worker_id"], ("incidents", incident_id))
    return len(rows)


def _alerts(org: Org, specs: list[Spec]) -> int:
    behaviours = [item.id for item in guidance.load("behaviours").items]
    today = clock.today()
    rows, owners = [], []
    for spec in specs:
        if not spec.showcase and spec.rng.random() >= ALERT_SHARE:
            continue
        removed = not spec.showcase and (not spec.is_open or spec.rng.random() < 0.1)
        raised = spec.moment()
        rows.append({
            "case_id": spec.case_id, "level": spec.rng.choice(list(AlertLevel)),
            "behaviours": spec.rng.sample(behaviours, 2), "precautions": [],
            "reason": "Threatened the social worker during a visit.",
            "review_date": today + timedelta(
                days=-10 if spec.showcase else spec.rng.randint(-30, 90)),
            "raised_at": raised, "raised_by_id": spec.lead,
            "removed_at": spec.until if removed else None,
            "removed_by_id": spec.lead if removed else None,
            "removal_reason": "Case closed" if removed else "", "incident_id": None})
        owners.append(spec)
    for row, spec, alert_id in zip(rows, owners, insert_ids(RiskAlert, rows), strict=True):
        event(org, spec, "risk_alert", "Risk alert raised", row["raised_at"], spec.lead,
              ("risk_alerts", alert_id))
    return len(rows)


def _non_cooperation(org: Org, specs: list[Spec]) -> int:
    kinds = guidance.load("non_cooperation_types")
    rows, owners = [], []
    for spec in specs:
        if spec.rng.random() >= NON_COOPERATION_SHARE:
            continue
        for _ in range(spec.rng.randint(1, 2)):
            kind = spec.rng.choice(kinds.items)
            when = spec.moment()
            rows.append({
                "case_id": spec.case_id, "observed_on": when.date(), "kind": kind.id,
                "kind_version": kinds.version, "person_ids": [spec.adults[0][0]],
                "observed": "Cancelled the visit at short notice again.", "reasons": [],
                "reasons_version": "", "reasons_notes": "", "response": "Rearranged.",
                "recorded_at": when, "recorded_by_id": spec.lead})
            owners.append(spec)
    ids = insert_ids(NonCooperationRecord, rows)
    for row, spec, record_id in zip(rows, owners, ids, strict=True):
        event(org, spec, "non_cooperation", row["observed"], row["recorded_at"], spec.lead,
              ("non_cooperation_records", record_id))
    return len(rows)
