"""Answers computed once per request and shared by the parts of a page that ask the same
question — two dashboard panels showing two halves of one list, say.

Only for reads: the cache lives in the request's WSGI environment, so it ends with the
request, and a request that changes data must not read through it afterwards (the dashboard
and its panels only read).
Outside a request (a command, a scheduled job) nothing is cached: such code may run long.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import has_request_context, request

P = ParamSpec("P")
T = TypeVar("T")


def per_request(compute: Callable[P, T]) -> Callable[P, T]:
    """Run ``compute`` once per request for the same arguments (hashable: ids, or model
    objects, which are one object per row within a request's session)."""

    @wraps(compute)
    def cached(*args: P.args, **kwargs: P.kwargs) -> T:
        if not has_request_context():
            return compute(*args, **kwargs)
        answers = request.environ.setdefault("supervise.per_request", {})
        key = (compute.__module__, compute.__qualname__, args, tuple(sorted(kwargs.items())))
        if key not in answers:
            answers[key] = compute(*args, **kwargs)
        return answers[key]

    return cached
