"""Small DOCX files for tests, built with python-docx."""

from __future__ import annotations

import io

import docx

# Every required section of an agreement template, one paragraph each.
REQUIRED = [
    "{%p for b in behaviours %}", "{{ b.text }}", "{%p endfor %}",
    "{%p for e in expectations %}", "{{ e.what }}", "{%p endfor %}",
    "{{ consequences }}", "Review by {{ review_date }}",
    "{%p for p in parties %}", "Signed: {{ p.name }}", "{%p endfor %}",
    "Line manager: {{ manager.name }}",
]


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def agreement_template(*extra: str) -> bytes:
    """A minimal valid agreement template, with ``extra`` paragraphs first."""
    return docx_bytes("{{ family_name }}", *extra, *REQUIRED)
