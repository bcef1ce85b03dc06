"""Writing DOCX templates with python-docx: the blocks every shipped template is made of.

A ``Writer`` lays out a document a family can read — Arial, generous spacing, headings that
screen readers and tagged PDF understand, table header rows, page numbers — and writes docxtpl
tags (``{{ }}``, ``{%p %}``, ``{%tr %}``) as plain text where the template needs them. Build
scripts for each document kind (e.g. ``supervise/agreements/build_templates.py``) use it.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FIXED_TIME = datetime(2026, 1, 1)
INK = RGBColor(0x0B, 0x0C, 0x0C)
BRAND = RGBColor(0x10, 0x61, 0x65)


class Writer:
    """A document under construction, with the few kinds of block our templates use."""

    def __init__(self, lang: str, size: int, title: str):
        self.doc = Document()
        self.size = size
        self._styles(lang, size)
        section = self.doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.0))
        props = self.doc.core_properties
        props.title, props.author, props.subject = title, "Supervise", title
        props.comments, props.keywords, props.language = "", "", lang

    def _styles(self, lang: str, size: int) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name, normal.font.size, normal.font.color.rgb = "Arial", Pt(size), INK
        normal.paragraph_format.space_after = Pt(size * 0.6)
        normal.paragraph_format.line_spacing = 1.5 if size >= 16 else 1.15
        _set_lang(normal.element.get_or_add_rPr(), lang)
        for level, scale in ((1, 1.5), (2, 1.25), (0, 1.9)):
            style = styles["Title" if level == 0 else f"Heading {level}"]
            style.font.name, style.font.size = "Arial", Pt(round(size * scale))
            style.font.bold, style.font.color.rgb = True, BRAND if level < 2 else INK
            style.paragraph_format.space_before = Pt(size * (0.4 if level == 0 else 1.2))
            style.paragraph_format.keep_with_next = True
            _set_lang(style.element.get_or_add_rPr(), lang)
            fonts = style.element.rPr.rFonts
            for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                fonts.attrib.pop(qn(f"w:{attribute}"), None)  # the theme font would win
            for attribute in ("ascii", "hAnsi", "cs"):
                fonts.set(qn(f"w:{attribute}"), "Arial")

    def title(self, text: str) -> None:
        self.doc.add_paragraph(text, style="Title")

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.add_heading(text, level=level)

    def para(self, text: str = "", *, bold: str = "", lang: str = "", indent: bool = False):
        paragraph = self.doc.add_paragraph()
        if bold:
            run = paragraph.add_run(bold)
            run.bold = True
            _run_lang(run, lang)
        _run_lang(paragraph.add_run(text), lang)
        if indent:
            paragraph.paragraph_format.left_indent = Cm(1.0)
            paragraph.paragraph_format.first_line_indent = Cm(-0.8)
        return paragraph

    def tag(self, text: str) -> None:
        """A paragraph holding only a ``{%p … %}`` tag: docxtpl removes it when rendering."""
        self.doc.add_paragraph(text)

    def table(self, rows: int, widths: list[float]):
        table = self.doc.add_table(rows=rows, cols=len(widths))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)  # the grid, which LibreOffice follows
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
        return table

    def footer(self, text: str, of: str) -> None:
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        for run_text, field in ((text, "PAGE"), (of, "NUMPAGES")):
            run = paragraph.add_run(run_text)
            run.font.size = Pt(max(self.size - 2, 10))
            _field(paragraph, field, self.size)

    def save(self, path: Path) -> None:
        """Write the template; the same wording always gives the same bytes (no timestamps),
        so rebuilding changes the committed files only when their content changes."""
        props = self.doc.core_properties
        props.created = props.modified = FIXED_TIME
        props.last_modified_by, props.revision = "Supervise", 1
        _without_word_2010_styles(self.doc)
        _only_styles_in_use(self.doc)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(_without_timestamps(buffer.getvalue()))


def _without_word_2010_styles(doc) -> None:
    """Leave out python-docx's ``stylesWithEffects.xml``: a 440 kB copy of the styles only
    Word 2010 reads (later versions neither need nor write it), which every document
    generated from the template would otherwise carry and compress again."""
    part = doc.part
    for key, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(key)


_STYLE_REFERENCES = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyleLink", "w:styleLink")
_STYLE_LINKS = ("w:basedOn", "w:next", "w:link")


def _only_styles_in_use(doc) -> None:
    """Keep the styles the template's parts use (with those they are based on, follow with
    or link to, and the defaults), not python-docx's 160: its 350 kB ``styles.xml`` is parsed,
    written and compressed again for every document generated. Word and LibreOffice still
    offer every built-in style (``w:latentStyles`` stays)."""
    styles = doc.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.findall(qn("w:style"))}
    wanted = {style_id for style_id, style in by_id.items() if style.get(qn("w:default")) == "1"}
    for part in doc.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None or element is styles:
            continue
        for tag in _STYLE_REFERENCES:
            wanted.update(found.get(qn("w:val")) for found in element.iter(qn(tag)))
    waiting = list(wanted)
    while waiting:
        style = by_id.get(waiting.pop())
        for tag in _STYLE_LINKS if style is not None else ():
            linked = style.find(qn(tag))
            if linked is not None and linked.get(qn("w:val")) not in wanted:
                wanted.add(linked.get(qn("w:val")))
                waiting.append(linked.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in wanted:
            styles.remove(style)


def _without_timestamps(data: bytes) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(entry.filename))
    return output.getvalue()


def _set_lang(rpr, lang: str) -> None:
    element = rpr.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        rpr.append(element)
    element.set(qn("w:val"), lang)


def _run_lang(run, lang: str) -> None:
    if lang:
        _set_lang(run._element.get_or_add_rPr(), lang)


def _field(paragraph, code: str, size: int) -> None:
    """A Word field (page number, number of pages) that updates itself."""
    run = paragraph.add_run()
    run.font.size = Pt(max(size - 2, 10))
    for kind, text in (("begin", None), (None, code), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        run._r.append(element)


def header_row(row, texts: list[str]) -> None:
    """Bold cells, repeated on every page and read as column headers (tagged PDF)."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)
    for cell, text in zip(row.cells, texts, strict=True):
        cell.paragraphs[0].add_run(text).bold = True


def cell_text(cell, text: str, bold: bool = False) -> None:
    cell.paragraphs[0].add_run(text).bold = bold
