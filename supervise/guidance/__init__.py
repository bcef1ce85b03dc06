"""Guidance content as data: every prompt, checklist and behaviour list with its source reference.

Files in this folder are YAML with a top-level ``version`` and a list of ``items``; each item
has a stable ``id``, its wording (``label``, optionally ``label_cy``) and ``refs`` — references
such as ``gwent:5.1`` or ``lancs:keeping-workers-safe`` checked against ``references.py``.
Loaded once per process; answers store the item id and the file's version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from flask_babel import get_locale

from supervise.guidance.references import check_reference

HERE = Path(__file__).parent


@dataclass(frozen=True)
class GuidanceItem:
    id: str
    label: str
    refs: tuple[str, ...]
    label_cy: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The wording in the interface language, falling back to English."""
        try:
            welsh = str(get_locale()) == "cy"
        except (RuntimeError, AttributeError):
            welsh = False
        return self.label_cy if welsh and self.label_cy else self.label


@dataclass(frozen=True)
class GuidanceList:
    name: str
    version: str
    title: str
    items: tuple[GuidanceItem, ...]

    def get(self, item_id: str) -> GuidanceItem | None:
        return next((item for item in self.items if item.id == item_id), None)

    @property
    def ids(self) -> list[str]:
        return [item.id for item in self.items]


class GuidanceDataError(ValueError):
    """A guidance file is malformed: a duplicate id or an unknown reference."""


@cache
def load(name: str) -> GuidanceList:
    """Load ``<name>.yaml`` from this folder, validating ids and references."""
    raw = yaml.safe_load((HERE / f"{name}.yaml").read_text(encoding="utf-8"))
    items = tuple(_item(entry) for entry in raw["items"])
    ids = [item.id for item in items]
    if len(ids) != len(set(ids)):
        raise GuidanceDataError(f"{name}.yaml has duplicate ids")
    for item in items:
        for ref in item.refs:
            check_reference(ref)
    return GuidanceList(name=name, version=str(raw["version"]), title=raw["title"], items=items)


def _item(entry: dict[str, Any]) -> GuidanceItem:
    known = {"id", "label", "label_cy", "refs"}
    refs = tuple(entry.get("refs") or ())
    if not refs:
        raise GuidanceDataError(f"guidance item {entry.get('id')!r} has no source reference")
    return GuidanceItem(
        id=entry["id"],
        label=entry["label"],
        label_cy=entry.get("label_cy", ""),
        refs=refs,
        extra={k: v for k, v in entry.items() if k not in known},
    )


def choices(name: str) -> list[tuple[str, str]]:
    """``(id, wording)`` pairs for a form's checkboxes or select."""
    return [(item.id, item.text) for item in load(name).items]
