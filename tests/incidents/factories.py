"""Factories for incidents, non-cooperation records, risk alerts and chronology entries, built
through the real operations."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from supervise import clock
from supervise.alerts import operations as alerts
from supervise.alerts.models import AlertLevel, RiskAlert
from supervise.chronology import operations as chronology
from supervise.events.models import CaseEvent
from supervise.incidents import operations as incidents
from supervise.incidents.models import Incident, NonCooperationRecord, PoliceDecision


def incident_values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "occurred_at": clock.now() - timedelta(hours=2),
        "location": "The family home",
        "behaviours": ["shouting", "swearing"],
        "other_behaviour": "",
        "person_ids": [],
        "others_involved": "Mother's partner",
        "what_happened": "Shouted 'get out of my house' and swore repeatedly.",
        "worker_response": "Stayed calm, ended the visit and left.",
        "manager_told_directly": False,
        "police_decision": None,
        "police_reason": "",
        "police_reference": "",
        "impacts": ["fear"],
        "impact_notes": "",
        "support": [],
        "support_notes": "",
    }
    values.update(overrides)
    return values


def violent_values(**overrides: Any) -> dict[str, Any]:
    return incident_values(behaviours=["physical-violence"],
                           police_decision=PoliceDecision.INFORMED,
                           police_reason="Assault on a worker", **overrides)


def make_incident(case, worker, by=None, **overrides: Any) -> Incident:
    return incidents.record_incident(case, worker, incident_values(**overrides), by=by or worker)


def make_non_cooperation(case, by, **overrides: Any) -> NonCooperationRecord:
    values: dict[str, Any] = {"observed_on": clock.today(), "kind": "avoidance",
                              "person_ids": [], "observed": "Did not answer the door.",
                              "reasons": ["fear-of-removal"], "reasons_notes": "",
                              "response": ""}
    values.update(overrides)
    return incidents.record_non_cooperation(case, values, by=by)


def alert_values(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"level": AlertLevel.HIGH, "behaviours": ["animals-as-threat"],
                              "precautions": ["joint-visits-only"],
                              "reason": "Dogs set loose in the hallway",
                              "review_date": clock.today() + timedelta(days=30)}
    values.update(overrides)
    return values


def make_alert(case, by, **overrides: Any) -> RiskAlert:
    return alerts.raise_alert(case, alert_values(**overrides), by=by)


def make_entry(case, by, category: str = "missed_appointment",
               occurred_on: date | None = None, **overrides: Any) -> CaseEvent:
    values: dict[str, Any] = {"category": category, "occurred_on": occurred_on or clock.today(),
                              "summary": "Did not attend the clinic", "details": "",
                              "reported_by": "", "child_ids": [], "seen_ids": [],
                              "seen_alone_ids": []}
    values.update(overrides)
    return chronology.record_entry(case, values, by=by)


def at_midday(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=12)
