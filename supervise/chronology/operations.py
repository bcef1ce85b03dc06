"""Typing an entry into the chronology, and correcting one with a dated addendum.

Entries are never edited or deleted. Generated entries are corrected in the record they came
from; typed-in entries only by an addendum, signed and dated automatically
(``lancs:recording-information``).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from supervise import clock
from supervise.accounts.models import User
from supervise.audit.operations import record_audit
from supervise.cases.models import Case, PersonKind
from supervise.chronology.models import ChronologyAddendum, ManualEntry
from supervise.core.errors import DomainError, IllegalTransition
from supervise.events.models import CaseEvent
from supervise.events.operations import record_event, record_sighting
from supervise.extensions import db

# What a practitioner types in (lancs:chronology; lancs:isolation-of-a-child-or-young-person).
# Incidents, non-cooperation, alerts, agreements, breaches and visits come from their records.
MANUAL_CATEGORIES = (
    "household_change", "address_move", "school_change", "legal_status", "injury", "hospital",
    "disclosure", "child_seen", "missed_appointment", "cancelled_appointment",
    "school_absence", "health_non_engagement", "other",
)


def record_entry(case: Case, values: dict[str, Any], *, by: User) -> CaseEvent:
    """Type an entry into the chronology; children seen are recorded as seen (and alone)."""
    category, summary, occurred_on = _checked(values)
    seen = _children(case, values.get("seen_ids"), "seen_ids", born=True)
    alone = _children(case, values.get("seen_alone_ids"), "seen_alone_ids", born=True)
    concerned = _children(case, values.get("child_ids"), "child_ids")
    event = record_event(case, category, summary, by=by, occurred_at=_midday(occurred_on),
                         reported_by=values.get("reported_by") or "")
    entry = ManualEntry(event_id=event.id, case_id=case.id, details=values.get("details") or "",
                        child_ids=sorted({c.id for c in concerned + seen + alone}))
    db.session.add(entry)
    db.session.flush()
    # Seen alone is seen: a child ticked only as "seen alone" is recorded once, alone.
    for child in {c.id: c for c in seen + alone}.values():
        record_sighting(child, event.occurred_at, alone=child in alone, by=by, source=event)
    record_audit("create", entry, user=by,
                 changes={"category": [None, category], "summary": [None, summary]})
    return event


def _checked(values: dict[str, Any]) -> tuple[str, str, date]:
    category, summary = values.get("category"), values.get("summary") or ""
    if category not in MANUAL_CATEGORIES:
        raise DomainError(_("Select what kind of event it was"), field="category")
    if not summary:
        raise DomainError(_("Enter what happened"), field="summary")
    if len(summary) > 500:
        raise DomainError(_("The summary must be 500 characters or fewer"), field="summary")
    occurred_on: date | None = values.get("occurred_on")
    if occurred_on is None or occurred_on > clock.today():
        raise DomainError(_("The date must be today or in the past"), field="occurred_on")
    return category, summary, occurred_on


def _children(case: Case, ids: list[Any] | None, field: str, *, born: bool = False) -> list[Any]:
    """The family's children with these ids; only a born child can have been seen."""
    wanted = {int(i) for i in ids or []}
    children = [p for p in case.people if p.id in wanted and p.is_child]
    if len(children) != len(wanted):
        raise DomainError(_("Choose children in this family"), field=field)
    if born and any(p.kind is not PersonKind.CHILD for p in children):
        raise DomainError(_("Only a born child can be seen"), field=field)
    return children


def _midday(day: date) -> datetime:
    return datetime.combine(day, time(12, 0))


def manual_entry_for(event: CaseEvent) -> ManualEntry | None:
    """The typed-in details of an event; ``None`` for an entry Supervise generated."""
    return db.session.scalar(sa.select(ManualEntry).where(ManualEntry.event_id == event.id))


def add_addendum(case: Case, event: CaseEvent, text: str, *, by: User) -> ChronologyAddendum:
    """Correct or add to a typed-in entry; dated and signed, and the entry itself unchanged."""
    if event.case_id != case.id:
        raise DomainError(_("That entry is not on this case"))
    if manual_entry_for(event) is None:
        raise IllegalTransition(_("This entry was generated from another record: correct that "
                                  "record instead"))
    if not text:
        raise DomainError(_("Enter the addendum"), field="text")
    addendum = ChronologyAddendum(event_id=event.id, case_id=case.id, text=text,
                                  recorded_at=clock.now(), recorded_by_id=by.id,
                                  source_agency_id=by.agency_id)
    db.session.add(addendum)
    db.session.flush()
    record_audit("create", addendum, user=by)
    return addendum
