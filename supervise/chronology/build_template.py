"""Build the chronology template shipped with Supervise.

    .venv/bin/python -m supervise.chronology.build_template

writes ``supervise/documents/shipped/chronology/en.docx``: landscape A4, marked
OFFICIAL-SENSITIVE, with what a professional reading it needs first (the case, the dates
covered and the filters applied, so a partial chronology never passes for a whole one), then one
table row per entry — date, category, what happened (with its addenda under it), source (who and
which agency) and the record it links to. The header row repeats on every page. It is a docxtpl
template (``{{ }}``, ``{%p %}``, ``{%tr %}``) and can be edited in Word.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from supervise.documents.builder import Writer, cell_text, header_row
from supervise.documents.registry import SHIPPED

OUT = SHIPPED / "chronology"
TITLE = "Chronology"
MARKING = "OFFICIAL-SENSITIVE"
# Landscape A4 less 2 cm margins: 25.7 cm for date, category, what happened, source, record.
COLUMNS = [2.9, 3.3, 10.0, 5.0, 4.5]


def build() -> Writer:
    writer = Writer("en-GB", 10, TITLE)
    _landscape(writer)
    _marking(writer)
    writer.title(TITLE)
    _summary(writer)
    writer.para("Entries generated from other records (incidents, visits, breaches and so on) "
                "name the record they came from. Typed-in entries are never changed: "
                "corrections and additions are dated addenda, shown under the entry.")
    writer.heading("Entries")
    writer.tag("{%p if not entries %}")
    writer.para("No entries match these filters.")
    writer.tag("{%p endif %}")
    _entries(writer)
    writer.footer("Chronology {{ case_reference }}. Page ", " of ")
    return writer


def _landscape(writer: Writer) -> None:
    section = writer.doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)


def _marking(writer: Writer) -> None:
    paragraph = writer.doc.sections[0].header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(MARKING)
    run.bold, run.font.size = True, Pt(10)


def _summary(writer: Writer) -> None:
    rows = [("Case reference", "{{ case_reference }}"), ("Family", "{{ family_name }}"),
            ("Children", "{{ children }}"), ("Dates covered", "{{ date_range }}"),
            ("Filters applied", None), ("Order", "{{ order }}"),
            ("Entries", "{{ entry_count }}"),
            ("Produced", "{{ produced_at }} by {{ produced_by.name }}, "
                         "{{ produced_by.job_title }}, {{ produced_by.agency }}")]
    table = writer.table(len(rows), [5.0, 20.7])
    for row, (label, value) in zip(table.rows, rows, strict=True):
        cell_text(row.cells[0], label, bold=True)
        if value is not None:
            cell_text(row.cells[1], value)
            continue
        cell = row.cells[1]
        cell_text(cell, "{%p for f in filters %}")
        cell.add_paragraph("{{ f.name }}: {{ f.value }}")
        cell.add_paragraph("{%p endfor %}")
        cell.add_paragraph("{%p if not filters %}")
        cell.add_paragraph("None: every entry on the case in these dates")
        cell.add_paragraph("{%p endif %}")


def _entries(writer: Writer) -> None:
    table = writer.table(4, COLUMNS)
    header_row(table.rows[0], ["Date", "Category", "What happened", "Source",
                               "Linked record"])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for e in entries %}")
    cells = table.rows[2].cells
    cell_text(cells[0], "{{ e.date }}")
    cell_text(cells[1], "{{ e.category }}")
    _what_happened(cells[2])
    _source(cells[3])
    cell_text(cells[4], "{{ e.linked_record }}")
    _optional(cells[4], "e.link", "{{ e.link }}")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")


def _what_happened(cell) -> None:
    cell_text(cell, "{{ e.summary }}", bold=True)
    cell.add_paragraph("{%p for line in e.details %}")
    cell.add_paragraph("{{ line }}")
    cell.add_paragraph("{%p endfor %}")
    _optional(cell, "e.children", "Concerning: {{ e.children }}")
    _optional(cell, "e.children_seen", "Seen: {{ e.children_seen }}")
    cell.add_paragraph("{%p for a in e.addenda %}")
    addendum = cell.add_paragraph()
    addendum.paragraph_format.left_indent = Cm(0.4)
    addendum.add_run("Addendum, {{ a.when }}, {{ a.by }}{% if a.agency %} ({{ a.agency }})"
                     "{% endif %}: ").bold = True
    addendum.add_run("{{ a.text }}")
    cell.add_paragraph("{%p endfor %}")


def _source(cell) -> None:
    cell_text(cell, "{{ e.recorded_by }}")
    _optional(cell, "e.agency", "{{ e.agency }}")
    _optional(cell, "e.reported_by", "Reported by {{ e.reported_by }}")
    cell.add_paragraph("Recorded {{ e.recorded_at }}")


def _optional(cell, condition: str, text: str) -> None:
    """A paragraph shown only when ``condition`` holds (its tags in paragraphs of their own)."""
    cell.add_paragraph("{%p if " + condition + " %}")
    cell.add_paragraph(text)
    cell.add_paragraph("{%p endif %}")


def build_all(folder: Path = OUT) -> list[Path]:
    """Write the shipped chronology template into ``folder``."""
    path = folder / "en.docx"
    build().save(path)
    return [path]


if __name__ == "__main__":
    for written_path in build_all():
        print(written_path)  # noqa: T201
