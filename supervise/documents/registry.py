"""The kinds of document Supervise generates for families, and the variants each comes in.

A domain registers its kind once (``register_kind``): the variables its templates may use, the
sections a template must have, and a sample context for previews and validation. The template
library, the renderer and the administrator's upload page work for every registered kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask_babel import lazy_gettext as _l

SHIPPED = Path(__file__).parent / "shipped"


@dataclass(frozen=True)
class Variant:
    """A language and format a document can be produced in."""

    code: str
    label: Any
    language: str  # "en", "cy" or "cy_en" (bilingual), as Case.document_language
    accessible: bool = False  # easy read and large print


VARIANTS = {
    "en": Variant("en", _l("English"), "en"),
    "cy": Variant("cy", _l("Welsh"), "cy"),
    "cy_en": Variant("cy_en", _l("Welsh and English (bilingual)"), "cy_en"),
    "easy_read_en": Variant("easy_read_en", _l("Easy read and large print, English"), "en",
                            accessible=True),
    "easy_read_cy": Variant("easy_read_cy", _l("Easy read and large print, Welsh"), "cy",
                            accessible=True),
}


@dataclass(frozen=True)
class DocumentKind:
    name: str
    label: Any
    # Top-level template variables → what each holds (shown to administrators).
    variables: Mapping[str, Any]
    # Sections a template must have → the variables that stand for it (any one of them).
    required: Mapping[Any, tuple[str, ...]]
    sample_context: Callable[[], dict[str, Any]]
    variants: tuple[str, ...] = tuple(VARIANTS)

    def shipped_path(self, variant: str) -> Path | None:
        """The template shipped with Supervise for ``variant``, if there is one."""
        path = SHIPPED / self.name / f"{variant}.docx"
        return path if path.exists() else None

    def check_context(self, context: Mapping[str, Any]) -> None:
        """A context must give every variable the kind declares, and nothing else."""
        missing = set(self.variables) - set(context)
        extra = set(context) - set(self.variables)
        if missing or extra:
            raise ValueError(f"{self.name} context: missing {sorted(missing)}, "
                             f"undeclared {sorted(extra)}")


_KINDS: dict[str, DocumentKind] = {}


def register_kind(kind: DocumentKind) -> DocumentKind:
    unknown = set(kind.variants) - set(VARIANTS)
    if unknown:
        raise ValueError(f"unknown variants {sorted(unknown)}")
    _KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> DocumentKind | None:
    return _KINDS.get(name)


def kinds() -> list[DocumentKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.name)


def preferred_variants(language: str, accessible: bool) -> list[str]:
    """Variants in the order a family with these needs would want them."""
    order = [f"easy_read_{language}"] if accessible else []
    order.append(language)
    if accessible and language != "en":
        order.append("easy_read_en")
    order.append("en")
    return [code for code in dict.fromkeys(order) if code in VARIANTS]


def needs_of(case: Any) -> tuple[str, bool]:
    """A case's document language and whether it needs accessible documents (``gwent:4.2``)."""
    return case.document_language.value, bool(case.needs_accessible_documents)
