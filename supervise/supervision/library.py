"""The supervision prompt library (``guidance/supervision.yaml``) as typed, validated objects.

The items are loaded and checked by the guidance loader (stable ids, valid references); this
module adds what supervision needs on top: the sections, each prompt's answer type, scope and
the rules attached to it (``share_if_yes``, ``worker_risk``, ``concern_if``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from supervise import guidance
from supervise.guidance import GuidanceDataError, GuidanceItem
from supervise.guidance.references import check_reference

NAME = "supervision"
ANSWER_TYPES = ("yes_no_unsure", "text", "scale", "checklist")
SCOPES = ("case", "session")
ASKERS = ("practitioner", "manager")
YES_NO_UNSURE = ("yes", "no", "unsure")


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    description: str
    refs: tuple[str, ...]
    private: bool = False


@dataclass(frozen=True)
class Prompt:
    """One prompt: its guidance item plus how it is answered and what an answer triggers."""

    item: GuidanceItem
    section: str
    answer_type: str
    scope: str
    asked_by: str
    hint: str
    share_if_yes: bool
    worker_risk: bool
    concern_if: str
    options: tuple[Option, ...]
    scale: tuple[int, int, str, str] | None

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def text(self) -> str:
        return self.item.text

    @property
    def refs(self) -> tuple[str, ...]:
        return self.item.refs

    def is_concern(self, answer: str) -> bool:
        """True when ``answer`` is the one that suggests a problem."""
        return bool(self.concern_if) and answer == self.concern_if

    def allowed_answers(self) -> tuple[str, ...]:
        if self.answer_type == "yes_no_unsure":
            return YES_NO_UNSURE
        if self.answer_type == "scale" and self.scale:
            return tuple(str(n) for n in range(self.scale[0], self.scale[1] + 1))
        return ()


@dataclass(frozen=True)
class Library:
    version: str
    title: str
    sections: tuple[Section, ...]
    prompts: tuple[Prompt, ...]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def prompt(self, prompt_id: str) -> Prompt | None:
        return next((p for p in self.prompts if p.id == prompt_id), None)

    def prompts_in(self, section: str, scope: str | None = None) -> list[Prompt]:
        return [p for p in self.prompts
                if p.section == section and (scope is None or p.scope == scope)]

    def sections_with(self, scope: str) -> list[Section]:
        """Sections that have at least one prompt of ``scope``, in library order."""
        return [s for s in self.sections if self.prompts_in(s.key, scope)]

    @property
    def private_sections(self) -> set[str]:
        return {s.key for s in self.sections if s.private}


@cache
def library() -> Library:
    """Load and validate the library once per process."""
    items = guidance.load(NAME)
    raw = yaml.safe_load((guidance.HERE / f"{NAME}.yaml").read_text(encoding="utf-8"))
    sections = tuple(_section(entry) for entry in raw["sections"])
    keys = {s.key for s in sections}
    prompts = tuple(_prompt(item, keys) for item in items.items)
    return Library(version=items.version, title=items.title, sections=sections,
                   prompts=prompts)


def _section(entry: dict[str, Any]) -> Section:
    refs = tuple(entry.get("refs") or ())
    for ref in refs:
        check_reference(ref)
    return Section(key=entry["key"], title=entry["title"],
                   description=" ".join(str(entry.get("description", "")).split()),
                   refs=refs, private=bool(entry.get("private", False)))


def _prompt(item: GuidanceItem, sections: set[str]) -> Prompt:
    extra = item.extra
    prompt = Prompt(
        item=item,
        section=extra.get("section", ""),
        answer_type=extra.get("answer", ""),
        scope=extra.get("scope", "case"),
        asked_by=extra.get("asked_by", "practitioner"),
        hint=extra.get("hint", ""),
        share_if_yes=bool(extra.get("share_if_yes", False)),
        worker_risk=bool(extra.get("worker_risk", False)),
        concern_if=str(extra.get("concern_if", "") or ""),
        options=tuple(_option(o) for o in extra.get("options") or ()),
        scale=_scale(extra.get("scale")),
    )
    _check(prompt, sections)
    return prompt


def _option(entry: dict[str, Any]) -> Option:
    refs = tuple(entry.get("refs") or ())
    for ref in refs:
        check_reference(ref)
    return Option(id=entry["id"], label=entry["label"], refs=refs)


def _scale(entry: dict[str, Any] | None) -> tuple[int, int, str, str] | None:
    if not entry:
        return None
    return int(entry["min"]), int(entry["max"]), entry["min_label"], entry["max_label"]


def _check(prompt: Prompt, sections: set[str]) -> None:
    problems = []
    if prompt.section not in sections:
        problems.append(f"unknown section {prompt.section!r}")
    if prompt.answer_type not in ANSWER_TYPES:
        problems.append(f"unknown answer type {prompt.answer_type!r}")
    if prompt.scope not in SCOPES or prompt.asked_by not in ASKERS:
        problems.append("scope or asked_by not recognised")
    if prompt.concern_if and prompt.concern_if not in prompt.allowed_answers():
        problems.append(f"concern_if {prompt.concern_if!r} is not a possible answer")
    if (prompt.share_if_yes or prompt.worker_risk) and prompt.answer_type != "yes_no_unsure":
        problems.append("share_if_yes and worker_risk need a yes/no answer")
    if (prompt.answer_type == "checklist") != bool(prompt.options):
        problems.append("a checklist, and only a checklist, has options")
    if (prompt.answer_type == "scale") != (prompt.scale is not None):
        problems.append("a scale, and only a scale, has a scale")
    if len({o.id for o in prompt.options}) != len(prompt.options):
        problems.append("duplicate option ids")
    if problems:
        raise GuidanceDataError(f"supervision prompt {prompt.id!r}: " + "; ".join(problems))
