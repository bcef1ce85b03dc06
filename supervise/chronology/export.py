"""Exporting the chronology. ``export_rows`` turns entries into plain columns, the same for every
format; ``to_csv`` writes them as CSV. A DOCX export (through the documents service) renders the
same rows into a template."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask_babel import lazy_gettext as _l

from supervise.chronology.queries import Entry
from supervise.templating import uk_date, uk_datetime

COLUMNS = (
    ("date", _l("Date")),
    ("category", _l("Category")),
    ("summary", _l("What happened")),
    ("details", _l("Details")),
    ("children", _l("Children concerned")),
    ("children_seen", _l("Children seen")),
    ("reported_by", _l("Reported by")),
    ("agency", _l("Source agency")),
    ("recorded_by", _l("Recorded by")),
    ("recorded_at", _l("Recorded at")),
    ("source", _l("Generated from")),
    ("addenda", _l("Addenda")),
)

# A spreadsheet would run a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_rows(entries: list[Entry], people: dict[int, Any]) -> list[dict[str, str]]:
    """One dict per entry, keyed by ``COLUMNS``, every value text."""
    return [_row(entry, people) for entry in entries]


def _row(entry: Entry, people: dict[int, Any]) -> dict[str, str]:
    event = entry.event
    source = entry.source
    return {
        "date": uk_date(event.occurred_at),
        "category": event.category_label,
        "summary": event.summary,
        "details": entry.manual.details if entry.manual else "",
        "children": "; ".join(people[i].full_name for i in
                              (entry.manual.child_ids if entry.manual else []) if i in people),
        "children_seen": "; ".join(_seen(s, people) for s in entry.seen),
        "reported_by": event.reported_by,
        "agency": event.source_agency.name if event.source_agency else "",
        "recorded_by": event.recorded_by.name if event.recorded_by else "Supervise",
        "recorded_at": uk_datetime(event.recorded_at),
        "source": source[0] if source else "",
        "addenda": "\n".join(f"{uk_datetime(a.recorded_at)}, {a.recorded_by.name}: {a.text}"
                             for a in entry.addenda),
    }


def _seen(sighting: Any, people: dict[int, Any]) -> str:
    person = people.get(sighting.person_id)
    name = person.full_name if person else str(sighting.person_id)
    return f"{name} ({_l('alone')})" if sighting.seen_alone else name


def to_csv(rows: list[dict[str, str]]) -> str:
    """The rows as CSV with a header line; formula-like cells are neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(label) for _, label in COLUMNS])
    for row in rows:
        writer.writerow([_safe(row[key]) for key, _ in COLUMNS])
    return buffer.getvalue()


def _safe(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value
