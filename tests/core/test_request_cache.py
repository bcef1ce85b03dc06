"""An answer shared by the parts of one page: computed once per request, never across them."""

from __future__ import annotations

from supervise.core.request_cache import per_request

calls: list[int] = []


@per_request
def _square(number: int) -> int:
    calls.append(number)
    return number * number


def test_once_per_request_for_the_same_arguments(app):
    calls.clear()
    with app.test_request_context("/"):
        assert [_square(3), _square(3), _square(4)] == [9, 9, 16]
    assert calls == [3, 4]
    with app.test_request_context("/"):
        _square(3)
    assert calls == [3, 4, 3]


def test_outside_a_request_nothing_is_cached(app):
    calls.clear()
    with app.app_context():
        _square(2)
        _square(2)
    assert calls == [2, 2]
