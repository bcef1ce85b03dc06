"""The categories of the case event log, in the chronology's words (``lancs:chronology``).

Stored as short strings so a feature adds a category without a schema change.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

CATEGORIES = {
    "case_opened": _l("Case opened"),
    "case_record": _l("Case record changed"),
    "household_change": _l("Household change"),
    "address_move": _l("Address move"),
    "case_team": _l("Case team change"),
    "school_change": _l("School change"),
    "legal_status": _l("Legal status"),
    "injury": _l("Injury"),
    "hospital": _l("Hospital attendance or admission"),
    "disclosure": _l("Disclosure"),
    "child_seen": _l("Child seen"),
    "missed_appointment": _l("Missed appointment"),
    "cancelled_appointment": _l("Cancelled appointment"),
    "school_absence": _l("School absence"),
    "health_non_engagement": _l("Health non-engagement"),
    "non_cooperation": _l("Non-cooperation"),
    "incident": _l("Incident towards a worker"),
    "risk_alert": _l("Risk alert"),
    "agreement": _l("Written agreement"),
    "breach": _l("Breach of agreement"),
    "visit": _l("Visit"),
    "no_access_visit": _l("No-access visit"),
    "supervision_decision": _l("Supervision decision"),
    "concern_shared": _l("Concern shared with the case team"),
    "other": _l("Other significant event"),
}


def label_for(category: str) -> str:
    return str(CATEGORIES.get(category, category))


def is_known(category: str) -> bool:
    return category in CATEGORIES
