"""A list shown in part: its first rows and the whole list's size, from window-counted rows."""

from __future__ import annotations

from dataclasses import dataclass

from supervise.core.paging import FirstRows


@dataclass(frozen=True)
class Item:
    id: int
    name: str


def test_rows_of_one_value_and_the_count_give_the_values_and_the_total():
    first = FirstRows.counted([("a", 7), ("b", 7)])
    assert first.rows == ["a", "b"] and first.total == 7
    assert len(first) == 2 and list(first) == ["a", "b"] and first


def test_make_builds_each_item_from_the_columns_before_the_count():
    first = FirstRows.counted([(1, "Nowak", 12), (2, "Shah", 12)], Item)
    assert first.rows == [Item(1, "Nowak"), Item(2, "Shah")] and first.total == 12


def test_no_rows_is_an_empty_list_of_none():
    first = FirstRows.counted([], Item)
    assert first.rows == [] and first.total == 0 and not first
