"""Checking a DOCX template before anyone can use it.

An uploaded template is refused, with every problem listed, when its Jinja has a syntax error,
uses a variable its kind does not provide, lacks a required section (for agreements: the
consequences, the review date and the signatures), or fails to render the kind's sample data.
Problems name the paragraph where they are, with its text, when that can be worked out.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import docx
from docxtpl import DocxTemplate
from flask_babel import gettext as _
from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError, meta
from jinja2.sandbox import SecurityError
from lxml.etree import XMLSyntaxError

from supervise.documents.registry import DocumentKind
from supervise.documents.rendering import environment, render_bytes

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Problem:
    message: str
    paragraph: int | None = None  # 1-based, counted through the body, then headers and footers
    excerpt: str = ""

    def __str__(self) -> str:
        if self.paragraph is None:
            return self.message
        return _("Paragraph %(number)d (“%(text)s”): %(message)s", number=self.paragraph,
                 text=self.excerpt, message=self.message)


@dataclass(frozen=True)
class _Part:
    name: str
    lines: list[str]  # the part's XML as docxtpl renders it: one paragraph per line
    paragraphs: list[str]  # the text of each paragraph as written in Word
    first_paragraph: int  # the number of this part's first paragraph in the whole document

    def locate(self, line_number: int) -> tuple[int | None, str]:
        """The paragraph (number, text) that a line of the rendered XML comes from."""
        if not 1 <= line_number <= len(self.lines):
            return None, ""
        text = _TAG.sub("", self.lines[line_number - 1])
        found = [(len(p), i) for i, p in enumerate(self.paragraphs) if p.strip() and p in text]
        if not found:
            return None, ""
        index = max(found)[1]
        return self.first_paragraph + index, _excerpt(self.paragraphs[index])

    def first_use(self, pattern: re.Pattern[str]) -> tuple[int | None, str]:
        for index, text in enumerate(self.paragraphs):
            if pattern.search(text):
                return self.first_paragraph + index, _excerpt(text)
        return None, ""


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:79] + "…"


def _paragraph_texts(xml: str) -> list[str]:
    return [_TAG.sub("", p) for p in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.DOTALL)]


def _parts(data: bytes) -> list[_Part]:
    """The body, headers and footers of a template, patched the way docxtpl renders them."""
    template = DocxTemplate(io.BytesIO(data))
    template.init_docx()
    sources = [("body", template.get_xml())]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        sources += [(uri.rsplit("/", 1)[-1], template.get_part_xml(part))
                    for _key, part in template.get_headers_footers(uri)]
    parts, paragraph = [], 1
    for name, xml in sources:
        patched = re.sub(r"<w:p([ >])", r"\n<w:p\1", template.patch_xml(xml))
        texts = _paragraph_texts(xml)
        parts.append(_Part(name, patched.split("\n"), texts, paragraph))
        paragraph += len(texts)
    return parts


def validate(kind: DocumentKind, data: bytes) -> list[Problem]:
    """Every problem with ``data`` as a template of ``kind``; empty when it can be used."""
    try:
        parts = _parts(data)
    except Exception:  # noqa: BLE001 — python-docx raises many types for a broken package
        return [Problem(_("The file is not a Word document that can be opened. Save it from "
                          "Word or LibreOffice as a .docx file and try again."))]
    env = environment()
    problems: list[Problem] = []
    used: set[str] = set()
    for part in parts:
        try:
            parsed = env.parse("\n".join(part.lines))
        except TemplateSyntaxError as error:
            number, excerpt = part.locate(error.lineno)
            problems.append(Problem(_syntax_message(error), number, excerpt))
            continue
        used |= meta.find_undeclared_variables(parsed) - set(env.globals)
    if problems:
        return problems  # what a broken part uses cannot be known, so stop here
    problems += _unknown_variables(kind, used, parts)
    problems += _missing_sections(kind, used)
    if not problems:
        problems += _sample_render(kind, data)
    return problems


def _syntax_message(error: TemplateSyntaxError) -> str:
    return _("there is a mistake in the template code: %(detail)s", detail=error.message or "")


def _unknown_variables(kind: DocumentKind, used: set[str], parts: list[_Part]) -> list[Problem]:
    problems = []
    for name in sorted(used - set(kind.variables)):
        number, excerpt = _first_use(name, parts)
        problems.append(Problem(
            _("“%(name)s” is not a variable %(kind)s templates can use. Check the spelling "
              "against the list of variables.", name=name, kind=str(kind.label).lower()),
            number, excerpt))
    return problems


def _first_use(name: str, parts: list[_Part]) -> tuple[int | None, str]:
    pattern = re.compile(r"(\{\{|\{%)[^}%]*\b" + re.escape(name) + r"\b")
    for part in parts:
        found = part.first_use(pattern)
        if found[0] is not None:
            return found
    return None, ""


def _missing_sections(kind: DocumentKind, used: set[str]) -> list[Problem]:
    problems = []
    for section, names in kind.required.items():
        if not used & set(names):
            wanted = _(" or ").join("{{ " + name + " }}" for name in names)
            problems.append(Problem(_("The template has no %(section)s section: it must use "
                                      "%(variables)s.", section=str(section),
                                      variables=wanted)))
    return problems


def _sample_render(kind: DocumentKind, data: bytes) -> list[Problem]:
    """Render the kind's sample data: catches misspelt fields, loops over text, and so on."""
    try:
        rendered = render_bytes(data, kind.sample_context())
        docx.Document(io.BytesIO(rendered))
    except UndefinedError as error:
        return [Problem(_("the template asks for something the data does not have: "
                          "%(detail)s", detail=error.message or ""))]
    except SecurityError as error:
        return [Problem(_("the template tries something templates may not do: %(detail)s",
                          detail=str(error)))]
    except TemplateError as error:
        return [Problem(_("the template could not be filled in: %(detail)s",
                          detail=getattr(error, "message", None) or str(error)))]
    except (XMLSyntaxError, ValueError, KeyError) as error:
        return [Problem(_("filling in the template produced a broken document (%(detail)s). "
                          "Check that each {%% … %%} tag is in its own paragraph or table row.",
                          detail=_short(error)))]
    return []


def _short(error: Any) -> str:
    text = str(error)
    return text if len(text) <= 160 else text[:159] + "…"
