"""Build the agreement templates shipped with Supervise (English, Welsh, bilingual, easy read).

    .venv/bin/python -m supervise.agreements.build_templates

writes ``supervise/documents/shipped/agreement/<variant>.docx``. The wording is in
``template_words.py``; this module lays it out as a family would want to receive it: a clear
title, the children's names, headings, short paragraphs, a table of what is expected and a
signature block with a line-manager line. The files are docxtpl templates (``{{ }}``, and
``{%p %}`` / ``{%tr %}`` for paragraph and table-row loops) and can be edited in Word.
"""

from __future__ import annotations

from pathlib import Path

from docx.shared import Cm

from supervise.agreements.template_words import BILINGUAL_VALUES, CY, EASY_READ, EN
from supervise.documents.builder import Writer, cell_text, header_row
from supervise.documents.registry import SHIPPED

OUT = SHIPPED / "agreement"
# --- Standard layout: English, Welsh, and bilingual (Welsh first) --------------------------


def _words(variant: str) -> list[dict[str, str]]:
    """The wording to show, one dict per language, Welsh first."""
    return {"en": [EN], "cy": [CY], "cy_en": [CY, EN]}[variant]


def _join(words: list[dict[str, str]], key: str) -> str:
    return " / ".join(w[key].strip() for w in words)


def _paras(writer: Writer, words: list[dict[str, str]], key: str) -> None:
    for w in words:
        writer.para(w[key], lang=w["lang"] if len(words) > 1 else "")


def _value(words: list[dict[str, str]], key: str) -> str:
    return BILINGUAL_VALUES[key] if len(words) > 1 and key in BILINGUAL_VALUES else words[0][key]


def build_standard(variant: str) -> Writer:
    words = _words(variant)
    writer = Writer(words[0]["lang"], 12, _join(words, "title"))
    writer.title(_join(words, "title"))
    _paras(writer, words, "subtitle")
    _summary(writer, words)
    writer.heading(_join(words, "why_heading"))
    _paras(writer, words, "why_intro")
    writer.para("{{ grounds }}")
    writer.heading(_join(words, "behaviours_heading"))
    _paras(writer, words, "behaviours_intro")
    writer.tag("{%p for b in behaviours %}")
    writer.para(_value(words, "behaviour_line"), indent=True)
    writer.tag("{%p endfor %}")
    writer.heading(_join(words, "risk_heading"))
    writer.para("{{ risk_assessment }}")
    writer.heading(_join(words, "expectations_heading"))
    _expectations(writer, words)
    _closing_sections(writer, words)
    _signatures(writer, words)
    writer.footer(_value(words, "footer"), _value(words, "of"))
    return writer


def _summary(writer: Writer, words: list[dict[str, str]]) -> None:
    rows = [("family", "{{ family_name }}"), ("children", _value(words, "children_value")),
            ("parties", words[0]["party_value"]), ("version", _value(words, "version_value")),
            ("review_by", _value(words, "review_value")), ("reference", "{{ case_reference }}")]
    table = writer.table(len(rows), [5.0, 12.0])
    for row, (key, value) in zip(table.rows, rows, strict=True):
        cell_text(row.cells[0], _join(words, key), bold=True)
        cell_text(row.cells[1], value)


def _expectations(writer: Writer, words: list[dict[str, str]]) -> None:
    table = writer.table(4, [1.0, 7.0, 5.5, 3.5])
    header_row(table.rows[0], ["", _join(words, "col_what"), _join(words, "col_how"),
                                _join(words, "col_when")])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for e in expectations %}")
    cells = table.rows[2].cells
    cell_text(cells[0], "{{ e.number }}")
    cell_text(cells[1], "{{ e.what }}")
    cells[1].add_paragraph("{%p if e.child_focus %}")
    why = cells[1].add_paragraph()
    why.add_run(_join(words, "why_matters") + " ").italic = True
    why.add_run("{{ e.child_focus }}").italic = True
    cells[1].add_paragraph("{%p endif %}")
    cell_text(cells[2], "{{ e.how_measured }}")
    cell_text(cells[3], _value(words, "when_value"))
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")


def _closing_sections(writer: Writer, words: list[dict[str, str]]) -> None:
    for heading, variable in (("agencies_heading", "agency_commitments"),
                              ("consequences_heading", "consequences")):
        writer.heading(_join(words, heading))
        writer.para("{{ " + variable + " }}")
    writer.tag("{%p if contingency %}")
    writer.heading(_join(words, "contingency_heading"))
    writer.para("{{ contingency }}")
    writer.tag("{%p endif %}")
    writer.heading(_join(words, "review_heading"))
    _paras(writer, words, "review_text")
    writer.heading(_join(words, "contact_heading"))
    writer.para("{{ contact_details }}")
    writer.heading(_join(words, "rights_heading"))
    _paras(writer, words, "rights_text")


def _signatures(writer: Writer, words: list[dict[str, str]]) -> None:
    writer.heading(_join(words, "signatures_heading"))
    _paras(writer, words, "signatures_text")
    table = writer.table(7, [7.5, 6.0, 3.5])
    header_row(table.rows[0], [_join(words, k) for k in ("col_name", "col_signature",
                                                           "col_date")])
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for p in parties %}")
    cell_text(table.rows[2].cells[0], "{{ p.name }}")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    for row, key in zip(table.rows[4:], ("practitioner_row", "manager_row", "witness_row"),
                        strict=True):
        cell_text(row.cells[0], _value(words, key))
        row.height = Cm(1.6)
    table.rows[2].height = Cm(1.6)


# --- Easy read and large print -------------------------------------------------------------


def build_easy_read() -> Writer:
    w = EASY_READ
    writer = Writer(w["lang"], 16, w["title"])
    writer.title(w["title"])
    for key in ("intro", "between", "family"):
        writer.para(w[key])
    for heading, item, line in (("parties_heading", "p in parties", "party_line"),
                                ("children_heading", "c in children", "child_line")):
        writer.heading(w[heading])
        writer.tag("{%p for " + item + " %}")
        writer.para(w[line])
        writer.tag("{%p endfor %}")
    writer.heading(w["why_heading"])
    writer.para("{{ grounds }}")
    writer.heading(w["behaviours_heading"])
    writer.para(w["behaviours_intro"])
    writer.tag("{%p for b in behaviours %}")
    writer.para(w["behaviour_line"], indent=True)
    writer.tag("{%p endfor %}")
    writer.heading(w["risk_heading"])
    writer.para("{{ risk_assessment }}")
    _easy_expectations(writer)
    _easy_closing(writer)
    writer.footer(w["footer"], w["of"])
    return writer


def _easy_expectations(writer: Writer) -> None:
    w = EASY_READ
    writer.heading(w["expectations_heading"])
    writer.tag("{%p for e in expectations %}")
    writer.heading(w["what_line"], level=2)
    writer.para("{{ e.how_measured }}", bold=w["how_label"])
    writer.para("{{ e.by_when }}", bold=w["when_label"])
    writer.tag("{%p if e.child_focus %}")
    writer.para("{{ e.child_focus }}", bold=w["why_label"])
    writer.tag("{%p endif %}")
    writer.tag("{%p endfor %}")


def _easy_closing(writer: Writer) -> None:
    w = EASY_READ
    for heading, variable in (("agencies_heading", "agency_commitments"),
                              ("consequences_heading", "consequences")):
        writer.heading(w[heading])
        writer.para("{{ " + variable + " }}")
    writer.tag("{%p if contingency %}")
    writer.heading(w["contingency_heading"])
    writer.para("{{ contingency }}")
    writer.tag("{%p endif %}")
    writer.heading(w["review_heading"])
    writer.para(w["review_text"])
    writer.para(w["review_text2"])
    writer.heading(w["contact_heading"])
    writer.para("{{ contact_details }}")
    writer.heading(w["rights_heading"])
    for line in w["rights"]:
        writer.para(line)
    writer.heading(w["signatures_heading"])
    writer.para(w["signatures_text"])
    writer.tag("{%p for p in parties %}")
    writer.para("{{ p.name }}", bold="")
    writer.para(w["sign_line"])
    writer.para(w["date_line"])
    writer.tag("{%p endfor %}")
    for key in ("practitioner_line", "manager_line"):
        writer.para(w[key])
        writer.para(w["sign_line"])
        writer.para(w["date_line"])
    writer.para(w["witness_line"])
    writer.para(w["version_line"])


BUILDERS = {
    "en": lambda: build_standard("en"),
    "cy": lambda: build_standard("cy"),
    "cy_en": lambda: build_standard("cy_en"),
    "easy_read_en": build_easy_read,
}


def build_all(folder: Path = OUT) -> list[Path]:
    """Write every shipped agreement template into ``folder``."""
    written = []
    for variant, build in BUILDERS.items():
        path = folder / f"{variant}.docx"
        build().save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in build_all():
        print(written_path)  # noqa: T201
