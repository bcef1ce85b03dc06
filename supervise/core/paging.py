"""Lists shown a page at a time: the page asked for (``?page=``), and where it sits."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

from flask import request


def page_number() -> int:
    """The page the address asks for; the first for anything that is not a sane number."""
    value = request.args.get("page", "1")
    return int(value) if value.isdigit() and len(value) < 7 else 1


def clamp(requested: int, total: int, size: int) -> int:
    """``requested``, moved onto a page that exists (the last, when past the end)."""
    return min(max(requested, 1), max(1, ceil(total / size)))


@dataclass(kw_only=True)
class Paging:
    """Which page of ``total`` items, ``size`` to a page (``templates/macros.html``'s
    ``pagination`` links them)."""

    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.size))

    @property
    def first_shown(self) -> int:
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last_shown(self) -> int:
        return min(self.total, self.number * self.size)
