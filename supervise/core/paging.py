"""Lists shown a page at a time: the page asked for (``?page=``), and where it sits; and lists
shown only in part (a dashboard panel's first rows), with how many there are in all."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from math import ceil
from typing import Any, Generic, TypeVar

from flask import request

T = TypeVar("T")


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


@dataclass(frozen=True)
class FirstRows(Generic[T]):
    """The first rows of a longer list, and how many the whole list has."""

    rows: list[T]
    total: int

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __iter__(self) -> Iterator[T]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def counted(cls, rows: Sequence[Sequence[Any]],
                make: Callable[..., Any] | None = None) -> FirstRows[Any]:
        """From result rows whose last column is the whole list's size (``count() OVER ()``,
        taken before the limit). With ``make``, each row's other columns are its arguments;
        without, a row of one value and the count is that value, and a longer row stays the
        row, read by its columns' names."""
        if make is not None:
            items = [make(*row[:-1]) for row in rows]
        else:
            items = [row[0] if len(row) == 2 else row for row in rows]
        return cls(items, rows[0][-1] if rows else 0)
