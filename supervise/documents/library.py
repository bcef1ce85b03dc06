"""The template library: which template each kind and variant uses, and rendering with it.

For a kind and variant the active uploaded version is used; without one, the template shipped
with Supervise. ``render(kind, variant, context)`` is what other features call.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from supervise.core.errors import DomainError
from supervise.core.uploads import read_stored
from supervise.documents.models import DocumentTemplate
from supervise.documents.registry import (
    DocumentKind,
    get_kind,
    needs_of,
    preferred_variants,
)
from supervise.documents.rendering import render_bytes
from supervise.extensions import db


class NoTemplate(DomainError):
    """There is no template for this kind and variant."""


@dataclass(frozen=True)
class TemplateSource:
    """The template a document is generated from, and how to name it in the record."""

    kind: str
    variant: str
    label: str  # "shipped" or "version 3"
    sha256: str
    data: bytes
    template_id: int | None = None


def kind_or_error(name: str) -> DocumentKind:
    kind = get_kind(name)
    if kind is None:
        raise NoTemplate(f"unknown document kind {name!r}")
    return kind


def active_versions(kind: str) -> dict[str, DocumentTemplate]:
    """The active uploaded version of each variant of ``kind`` (one query)."""
    rows = db.session.scalars(sa.select(DocumentTemplate).where(
        DocumentTemplate.kind == kind, DocumentTemplate.active.is_(True)))
    return {row.variant: row for row in rows}


def available_variants(kind_name: str) -> list[str]:
    """The variants of a kind that have a template, uploaded or shipped."""
    kind = kind_or_error(kind_name)
    active = active_versions(kind_name)
    return [v for v in kind.variants if v in active or kind.shipped_path(v) is not None]


def default_variant(kind_name: str, language: str, accessible: bool) -> str:
    """The variant a family with these needs gets unless someone chooses another."""
    available = available_variants(kind_name)
    for code in preferred_variants(language, accessible):
        if code in available:
            return code
    if not available:
        raise NoTemplate(_("There is no template for this document yet. Ask your "
                           "administrator to upload one."))
    return available[0]


def variant_for_case(kind_name: str, case: Any) -> str:
    """The variant a case's family gets by default: its document language, and easy read or
    large print when it needs them (``gwent:4.2``)."""
    return default_variant(kind_name, *needs_of(case))


def active_template(kind_name: str, variant: str) -> TemplateSource:
    """The template to generate ``kind`` in ``variant`` from now."""
    kind = kind_or_error(kind_name)
    if variant not in kind.variants:
        raise NoTemplate(_("That language or format is not available for this document"))
    row = active_versions(kind_name).get(variant)
    if row is not None:
        data = _stored_template(row.path, row.sha256)
        return TemplateSource(kind_name, variant, row.label, row.sha256, data, row.id)
    return shipped_template(kind, variant)


def shipped_template(kind: DocumentKind, variant: str) -> TemplateSource:
    path = kind.shipped_path(variant)
    if path is None:
        raise NoTemplate(_("There is no template in this language or format yet. Ask your "
                           "administrator to upload one, or choose another."))
    data = _shipped_bytes(str(path))
    return TemplateSource(kind.name, variant, "shipped", hashlib.sha256(data).hexdigest(), data)


@lru_cache(maxsize=64)
def _shipped_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


@lru_cache(maxsize=64)
def _stored_template(path: str, sha256: str) -> bytes:
    # Keyed by the SHA-256 too: a stored template never changes, so its bytes can be kept.
    return read_stored(path, sha256)


def render(kind_name: str, variant: str, context: dict[str, Any]) -> bytes:
    """Generate a DOCX of ``kind`` in ``variant`` from ``context`` with the active template."""
    kind_or_error(kind_name).check_context(context)
    return render_bytes(active_template(kind_name, variant).data, context)


def render_source(source: TemplateSource, context: dict[str, Any]) -> bytes:
    """Generate a DOCX from a template already chosen (so the record names the one used)."""
    kind_or_error(source.kind).check_context(context)
    return render_bytes(source.data, context)
