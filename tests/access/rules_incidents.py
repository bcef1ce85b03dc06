"""Rules for incidents, non-cooperation, risk alerts, the chronology and the audit trail."""

from tests.access.rules import Rule, case_rule
from tests.incidents.factories import make_alert, make_entry, make_incident, make_non_cooperation

# The world's incident is towards the practitioner: only their line manager reviews it; the
# others on the case see it and are sent back with the reason.
NOT_THE_REVIEWER = {"practitioner": 302, "hv": 302}

RULES = {
    "incidents.index": case_rule(),
    "incidents.new": case_rule(),
    "incidents.show": case_rule(),
    "incidents.review": case_rule(get_status=NOT_THE_REVIEWER),
    "incidents.non_cooperation_new": case_rule(),
    "incidents.non_cooperation_show": case_rule(),
    "alerts.index": case_rule(),
    "alerts.new": case_rule(),
    "alerts.show": case_rule(),
    "alerts.review": case_rule(),
    # The practitioner raised the world's alert; a line manager may also remove it.
    "alerts.remove": case_rule(get_status={"hv": 302}),
    "chronology.index": case_rule(),
    "chronology.export_csv": case_rule(),
    "chronology.export_docx": case_rule(),
    "chronology.new": case_rule(),
    "chronology.addendum": case_rule(),
    # Only a line manager of someone on the case team sees who viewed and changed it.
    "audit.case_trail": Rule(allowed=frozenset({"manager"})),
}


def extend(world) -> None:
    case, practitioner = world.case, world.users["practitioner"]
    world.ids["incident_id"] = make_incident(case, practitioner).id
    world.ids["record_id"] = make_non_cooperation(case, practitioner).id
    # No precautions: the world's visit plan (rules_visits) has no joint visitor, and the
    # matrix is about who reaches a route, not what an alert requires.
    world.ids["alert_id"] = make_alert(case, practitioner, precautions=[]).id
    world.ids["event_id"] = make_entry(case, practitioner).id
