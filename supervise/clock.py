"""One source of "now" for the whole app.

Every rule that depends on time (overdue visits, breach due dates, supervision cadence, session
timeouts) asks this module, so tests move time with ``time-machine`` instead of sleeping.
Datetimes are stored naive in UTC (SQLite has no time zones) and shown in UK time.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def now() -> datetime:
    """The current moment as a naive UTC datetime, the form the database stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """Today's date in the UK, where the work happens."""
    return datetime.now(UK).date()


def to_uk(moment: datetime) -> datetime:
    """A stored naive-UTC datetime as UK local time, for display."""
    return moment.replace(tzinfo=UTC).astimezone(UK)


def from_uk(moment: datetime) -> datetime:
    """A naive UK local datetime (as typed by a user) as naive UTC for storage."""
    return moment.replace(tzinfo=UK).astimezone(UTC).replace(tzinfo=None)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days (Monday–Friday) after ``start``."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current
