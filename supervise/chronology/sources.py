"""Where a generated chronology entry came from, as a link to its source record.

Each feature that writes to the case event log registers the page that shows its records, by
table name: ``register_source("visits", _l("Visit"), "visits.show", "visit_id")``. An entry
from a table nobody registered is still shown, without a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Source:
    label: Any  # a lazy string
    endpoint: str
    id_arg: str | None = None  # the URL argument taking the record's id; None for a list page


_SOURCES: dict[str, Source] = {}


def register_source(table: str, label: Any, endpoint: str, id_arg: str | None = None) -> None:
    """Say which page shows records of ``table`` (the ``source_type`` of their events)."""
    _SOURCES[table] = Source(label, endpoint, id_arg)


def link_for(event: Any) -> tuple[str, str | None] | None:
    """``(label, url)`` of the record an event was generated from; ``None`` when it has none."""
    if event.source_type is None:
        return None
    source = _SOURCES.get(event.source_type)
    if source is None:
        return str(_l("Another Supervise record")), None
    args = {source.id_arg: event.source_id} if source.id_arg else {}
    return str(source.label), url_for(source.endpoint, case_id=event.case_id, _external=False,
                                      **args)


# The foundation's records, and this issue's.
register_source("cases", _l("Case record"), "cases.show")
register_source("people", _l("Family record"), "cases.family")
register_source("addresses", _l("Addresses"), "cases.family")
register_source("case_team_members", _l("Case team"), "cases.team")
register_source("incidents", _l("Incident record"), "incidents.show", "incident_id")
register_source("non_cooperation_records", _l("Non-cooperation record"),
                "incidents.non_cooperation_show", "record_id")
register_source("risk_alerts", _l("Risk alert"), "alerts.show", "alert_id")
