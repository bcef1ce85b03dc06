"""Daylight and working hours, for the no-lone-visits-after-dark precaution (``gwent:6.1``:
"Risky visits should be undertaken in daylight whenever possible"; ``lancs:keeping-workers-safe``:
"in daylight and in working hours").

Sunrise and sunset are approximate UK local clock times for the middle of each month (between
Cardiff and Preston, the two guidance areas), rounded to the safe side: a visit that might end
after dark counts as after dark.
"""

from __future__ import annotations

from datetime import datetime, time

from flask import current_app

from supervise import clock

# month: (sunrise, sunset), UK local clock time (BST from April to October).
DAYLIGHT = {
    1: (time(8, 15), time(16, 30)), 2: (time(7, 35), time(17, 20)),
    3: (time(6, 40), time(18, 10)), 4: (time(6, 35), time(20, 0)),
    5: (time(5, 35), time(20, 50)), 6: (time(4, 55), time(21, 25)),
    7: (time(5, 15), time(21, 15)), 8: (time(6, 0), time(20, 30)),
    9: (time(6, 50), time(19, 25)), 10: (time(7, 40), time(18, 15)),
    11: (time(7, 30), time(16, 30)), 12: (time(8, 10), time(16, 0)),
}


def outside_daylight_or_hours(start: datetime, end: datetime) -> bool:
    """True when a visit (naive UTC start and end) is not wholly in daylight and working hours."""
    first, last = clock.to_uk(start), clock.to_uk(end)
    opens, closes = current_app.config["VISIT_WORKING_HOURS"]
    if first.weekday() >= 5 or first.date() != last.date():
        return True
    sunrise, sunset = DAYLIGHT[first.month]
    starts, ends = first.time(), last.time()
    return starts < max(sunrise, time(opens)) or ends > min(sunset, time(closes))
