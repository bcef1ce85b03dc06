"""Column helpers shared by every domain's models."""

from __future__ import annotations

import enum
from typing import Any

import sqlalchemy as sa


def enum_column(enum_cls: type[enum.Enum], **kwargs: Any) -> sa.Enum:
    """A portable enum: VARCHAR plus a CHECK constraint, storing the member's value."""
    return sa.Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda cls: [m.value for m in cls],
        validate_strings=True,
        name=enum_cls.__name__.lower(),
        **kwargs,
    )


def apply_changes(obj: Any, values: dict[str, Any], *,
                  seen_version: int | str | None = None) -> dict[str, list]:
    """Set each attribute that differs and return ``{field: [old, new]}`` for the audit log.

    ``seen_version`` is the version of a ``Versioned`` record the user loaded: a record saved
    by someone else since is refused with ``StaleRecord`` before anything changes.
    """
    if seen_version is not None:
        from supervise.core.concurrency import check_version

        check_version(obj, seen_version)
    changes: dict[str, list] = {}
    for name, new in values.items():
        old = getattr(obj, name)
        if old != new:
            setattr(obj, name, new)
            changes[name] = [_auditable(old), _auditable(new)]
    return changes


def _auditable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"
