"""The chronology as a document kind, for professionals (a court bundle, a strategy meeting, a
case transfer): the variables its templates use, and the context built from the entries the
timeline's filters select (or from sample data, for previews and template checks).

Every value is plain text, a list or a small dict — never a model — so a template can reach
nothing but what is listed here.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from supervise import clock
from supervise.chronology.export import export_rows
from supervise.chronology.queries import Entry, Filters
from supervise.documents.registry import DocumentKind, register_kind
from supervise.events.categories import label_for
from supervise.templating import uk_date, uk_datetime

KIND = "chronology"
VARIANT = "en"  # a document for professionals: English only, no easy-read version

VARIABLES = {
    "case_reference": _l("The case reference"),
    "family_name": _l("The family's name, e.g. ‘Harper family’"),
    "children": _l("The children on the case, as a phrase"),
    "date_range": _l("The dates the chronology covers, e.g. ‘1 March 2026 to 31 March 2026’ "
                     "or ‘All dates’"),
    "filters": _l("The filters applied other than dates: a list, each with name and value "
                  "(empty when every entry is included)"),
    "order": _l("‘Oldest first’ or ‘Newest first’"),
    "entry_count": _l("How many entries there are"),
    "entries": _l("The entries: a list, each with date, category, summary, details (a list of "
                  "paragraphs), children, children_seen, recorded_by, agency, reported_by, "
                  "recorded_at, linked_record, link, is_typed_in and addenda (a list, each with "
                  "when, by, agency and text)"),
    "produced_at": _l("When the document was produced"),
    "produced_by": _l("Who produced it: name, job_title and agency"),
}
REQUIRED = {
    _l("case reference"): ("case_reference",),
    _l("dates covered"): ("date_range",),
    _l("filters applied"): ("filters",),
    _l("entries"): ("entries",),
}


def date_range(filters: Filters) -> str:
    """The dates a filtered chronology covers, in words."""
    start, end = filters.date_from, filters.date_to
    if start and end:
        return _("%(start)s to %(end)s", start=uk_date(start), end=uk_date(end))
    if start:
        return _("From %(start)s", start=uk_date(start))
    if end:
        return _("Up to %(end)s", end=uk_date(end))
    return _("All dates")


def filter_list(filters: Filters, agencies: dict[int, str]) -> list[dict[str, str]]:
    """The filters other than dates and order, as name and value."""
    chosen = []
    if filters.category:
        chosen.append({"name": _("Category"), "value": label_for(filters.category)})
    if filters.agency_id:
        chosen.append({"name": _("Recorded by agency"),
                       "value": agencies.get(filters.agency_id, str(filters.agency_id))})
    return chosen


def _entry(entry: Entry, row: dict[str, str], site: str) -> dict[str, Any]:
    source = entry.source
    link = source[1] if source and source[1] else ""
    return {
        **row,
        "details": [line for line in row["details"].splitlines() if line.strip()],
        "is_typed_in": entry.is_manual,
        "linked_record": source[0] if source else (
            _("Typed into the chronology") if entry.is_manual else _("Recorded by Supervise")),
        "link": site + link if link else "",
        "addenda": [{"when": uk_datetime(a.recorded_at), "by": a.recorded_by.name,
                     "agency": a.source_agency.name if a.source_agency else "",
                     "text": a.text} for a in entry.addenda],
    }


def chronology_context(case: Any, entries: list[Entry], filters: Filters, by: Any,
                       agencies: dict[int, str], site: str = "") -> dict[str, Any]:
    """Everything a chronology template may show. ``site`` makes links to records absolute."""
    rows = export_rows(entries, {p.id: p for p in case.people})
    return {
        "case_reference": case.reference, "family_name": case.family_name,
        "children": ", ".join(p.full_name for p in case.people if p.is_child),
        "date_range": date_range(filters), "filters": filter_list(filters, agencies),
        "order": _("Newest first") if filters.newest_first else _("Oldest first"),
        "entry_count": len(entries),
        "entries": [_entry(e, row, site) for e, row in zip(entries, rows, strict=True)],
        "produced_at": uk_datetime(clock.now()),
        "produced_by": {"name": by.name, "job_title": by.job_title,
                        "agency": by.agency.name if by.agency else ""},
    }


def sample_context() -> dict[str, Any]:
    """A fictional family's chronology, for previews and for checking uploaded templates."""
    today = clock.today()
    start = date(today.year, 1, 1)
    return {
        "case_reference": "SUP-2026-00000", "family_name": "Sample family",
        "children": "Alex Sample, Unborn baby Sample",
        "date_range": f"{uk_date(start)} to {uk_date(today)}",
        "filters": [{"name": "Category", "value": "Missed appointment"}],
        "order": "Oldest first", "entry_count": 2,
        "entries": [_sample_entry("3 March 2026", "Did not attend the 2-year review",
                                  typed_in=True),
                    _sample_entry("10 March 2026", "Missed the dental appointment",
                                  typed_in=False)],
        "produced_at": uk_datetime(clock.now()),
        "produced_by": {"name": "Priya Shah", "job_title": "Social worker",
                        "agency": "Northshire Children's Services"},
    }


def _sample_entry(day: str, summary: str, *, typed_in: bool) -> dict[str, Any]:
    return {
        "date": day, "category": "Missed appointment", "summary": summary,
        "details": ["Mother said the bus was late.", "Rebooked for next week."] if typed_in
        else [],
        "children": "Alex Sample" if typed_in else "", "children_seen": "",
        "recorded_by": "Priya Shah", "agency": "Northshire Children's Services",
        "reported_by": "Northtown clinic" if typed_in else "", "recorded_at": f"{day} at 4:10pm",
        "source": "", "is_typed_in": typed_in,
        "linked_record": "Typed into the chronology" if typed_in else "Breach record",
        "link": "" if typed_in else "https://supervise.example/cases/1/breaches/2",
        "addenda": [{"when": f"{day} at 5:00pm", "by": "Priya Shah",
                     "agency": "Northshire Children's Services",
                     "text": "The clinic confirmed the new date."}] if typed_in else [],
    }


CHRONOLOGY = register_kind(DocumentKind(
    name=KIND, label=_l("Chronology"), variables=VARIABLES, required=REQUIRED,
    sample_context=sample_context, variants=(VARIANT,)))
