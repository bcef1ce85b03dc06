"""Rendering DOCX templates with docxtpl, safely.

Templates run in Jinja's sandbox — ``ImmutableSandboxedEnvironment``, the ``SandboxedEnvironment``
that also refuses to change lists and dicts (no access to Python internals), with
``StrictUndefined`` (a misspelt variable is an error, never a silent blank in a family's letter)
and ``autoescape=True`` (a value is XML-escaped, so ``</w:t><w:t>`` in a field cannot break the
document). Values are also made inert for docxtpl's own post-processing: braces become XML
character references, so ``{{ 7*7 }}`` or ``{_{`` typed into a field appear exactly as typed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

T = TypeVar("T")

# Characters XML 1.0 cannot carry (and docxtpl's \a and \f paragraph/page markers).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def literal(value: Any) -> Markup:
    """A value as inert XML text: escaped, braces as character references, no control bytes."""
    if value is None:
        return Markup("")
    if isinstance(value, Markup):
        return value  # produced by the template itself (e.g. a filter), not by a field
    text = _NOT_XML.sub("", str(value).replace("\r\n", "\n"))
    escaped = str(escape(text))
    # Safe: the text was escaped above; only braces become character references.
    return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;"))  # noqa: S704


class Remembered(Generic[T]):
    """What was worked out from each of a template's parts, by the part's text: rendering
    works on the same strings every time. Forgotten all at once past ``size`` parts."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._answers: dict[str, T] = {}

    def get(self, source: str, work_out: Callable[[str], T]) -> T:
        answer = self._answers.get(source)
        if answer is None:
            if len(self._answers) >= self.size:
                self._answers.clear()
            answer = self._answers[source] = work_out(source)
        return answer


class DocumentEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox, remembering what it compiled: docxtpl compiles each part of a template
    (body, headers, footers, properties) from a string on every render, and a template's parts
    are the same strings every time."""

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True, finalize=literal)
        self._compiled: Remembered[Template] = Remembered(512)

    def from_string(self, source: Any, globals: Any = None,  # noqa: A002 — Jinja's own name
                    template_class: Any = None) -> Template:
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        return self._compiled.get(source, super().from_string)


_ENVIRONMENT = DocumentEnvironment()


def environment() -> DocumentEnvironment:
    """The Jinja environment every document template is rendered and validated in."""
    return _ENVIRONMENT


class _DocumentTemplate(DocxTemplate):
    """docxtpl's template, remembering how it cleaned up each part: before every render it
    rewrites the part's XML with a dozen regular expressions so Jinja can read the tags Word
    split across runs (a fifth of the time of issuing an agreement), and for a given part the
    result is always the same."""

    _patched: Remembered[str] = Remembered(64)

    def patch_xml(self, src_xml: str) -> str:
        return self._patched.get(src_xml, super().patch_xml)


def render_bytes(template: bytes, context: dict[str, Any]) -> bytes:
    """Render a DOCX template (its bytes) with ``context``; the DOCX produced, as bytes."""
    document = _DocumentTemplate(io.BytesIO(template))
    document.render(context, jinja_env=environment())
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
