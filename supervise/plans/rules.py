"""What an action plan must satisfy before it is submitted, signed off or its visit approved:
the precautions the case's risk alerts require, and the safety checklist answered in full."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from supervise import guidance
from supervise.alerts.queries import required_precautions
from supervise.plans.models import ActionPlan, VenueKind
from supervise.templating import uk_datetime
from supervise.visits.daylight import outside_daylight_or_hours

CHECKLIST = "visit_safety_checklist"
ANSWERS = ("yes", "no", "na")


def unmet_precautions(plan: ActionPlan, required: set[str] | None = None) -> list[str]:
    """A sentence for each precaution an active alert requires that this plan does not meet."""
    required = required_precautions(plan.case_id) if required is None else required
    problems = []
    if "joint-visits-only" in required and plan.joint_visitor_id is None:
        problems.append(_("A risk alert on this case says joint visits only: name who is "
                          "going with you."))
    if "police-present" in required and not plan.police_present:
        problems.append(_("A risk alert on this case says the police must be present: "
                          "arrange police attendance and record it on the plan."))
    if "neutral-venue" in required and plan.venue_kind is VenueKind.HOME:
        problems.append(_("A risk alert on this case says neutral venue only: meet the "
                          "family at a neutral venue or the office, not at home."))
    if ("no-lone-visits-after-dark" in required and plan.joint_visitor_id is None
            and outside_daylight_or_hours(plan.planned_start, plan.expected_end)):
        problems.append(_("A risk alert on this case says no lone visits after dark or outside "
                          "working hours: move the visit into daylight working hours or name a "
                          "joint visitor."))
    return problems


def unanswered_items(plan: ActionPlan) -> list[guidance.GuidanceItem]:
    """Checklist items the plan has not answered in the current checklist version."""
    checklist = guidance.load(CHECKLIST)
    if plan.checklist_version != checklist.version:
        return list(checklist.items)
    answers = plan.checklist or {}
    return [item for item in checklist.items
            if (answers.get(item.id) or {}).get("answer") not in ANSWERS]


def snapshot(plan: ActionPlan) -> dict[str, Any]:
    """Exactly what a manager signs: every field of the plan, in plain values."""
    visitor = plan.joint_visitor
    return {
        "plan_version": plan.version,
        "planned_start": plan.planned_start.isoformat(),
        "planned_start_text": uk_datetime(plan.planned_start),
        "duration_minutes": plan.duration_minutes,
        "venue_kind": plan.venue_kind.value,
        "venue_address": plan.venue_address,
        "purpose": plan.purpose,
        "joint_visitor": ({"id": visitor.id, "name": visitor.name,
                           "agency": visitor.agency.name} if visitor else None),
        "police_present": plan.police_present,
        "police_details": plan.police_details,
        "risks": [dict(r) for r in plan.risks or []],
        "checklist_version": plan.checklist_version,
        "checklist": {k: dict(v) for k, v in (plan.checklist or {}).items()},
        "precautions_required": sorted(required_precautions(plan.case_id)),
    }
