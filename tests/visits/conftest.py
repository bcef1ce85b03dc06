"""Visits tests run at a fixed moment: Wednesday 10 March 2027, 08:00 UK (GMT = UTC)."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

START = datetime(2027, 3, 10, 8, 0)


@pytest.fixture
def clock_at():
    """Time stands still at ``START`` until the test moves it: ``clock_at.move_to(...)``."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller
