"""UK dates and times, written out by hand for speed, say exactly what Babel's CLDR patterns
(``d MMMM yyyy``, ``h:mma``) say, in English and in Welsh."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from babel.dates import format_date, format_time
from flask_babel import force_locale

from supervise import clock
from supervise.templating import uk_date, uk_datetime, uk_time


@pytest.mark.parametrize("locale", ["en", "cy"])
def test_dates_and_times_match_babel(app, locale):
    days = [date(2026, month, day) for month in range(1, 13) for day in (1, 9, 28)]
    # A UK summer day, so the times cross midnight, noon and the hour's turn in UK time.
    times = [datetime(2026, 7, 1, 0, 0) + timedelta(minutes=37 * n) for n in range(80)]
    with app.test_request_context("/"), force_locale(locale):
        for day in days:
            assert uk_date(day) == format_date(day, "d MMMM yyyy", locale=locale)
        for moment in times:
            local = clock.to_uk(moment).replace(tzinfo=None)
            assert uk_time(moment) == format_time(local, "h:mma", locale=locale).lower()
            assert uk_date(moment) == format_date(local.date(), "d MMMM yyyy", locale=locale)


def test_a_missing_date_or_time_is_blank(app):
    with app.test_request_context("/"):
        assert uk_date(None) == uk_time(None) == uk_datetime(None) == ""
        assert uk_datetime(datetime(2026, 3, 3, 14, 5)) == "3 March 2026 at 2:05pm"
