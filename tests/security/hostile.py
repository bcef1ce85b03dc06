"""Hostile values for the input sweep, and how to tell that one got through unescaped."""

from __future__ import annotations

import unicodedata

from hypothesis import strategies as st

# Markers: if any of these appear verbatim in a response, markup we sent was not escaped, or a
# template expression we sent was evaluated.
SCRIPT = '<script>alert("sweep")</script>'
IMG = '"><img src=x onerror=alert("sweep")>'
JINJA = "{{ 'sweep'|upper }}{% raw %}"
JINJA_EVALUATED = "SWEEP"
DOCX = '</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">sweep-docx'
UNESCAPED_MARKERS = ('<script>alert("sweep")', "<img src=x onerror", "<w:rPr>")

# One example of each kind, sent to every field at once before the generated examples.
CATEGORIES: dict[str, str] = {
    "empty": "",
    "100kB": "x" * 100_000,
    "control": "bad\x00nul\x07bell\x1b[31m\x7f\x85",
    "unicode": "Zoë \u202eevil\u202c e\u0301\u0301\u0301 ﷽ 👩‍👧 \ufeff\u200b 𝕏 ﬃ",
    "html": SCRIPT + IMG,
    "sql": "'; DROP TABLE cases; -- \" OR 1=1 -- %_\\",
    "template": JINJA + " ${7*7} #{7*7} <%= 7*7 %>",
    "docx": DOCX + "]]><!-- &amp; &lt;",
}

_SNIPPETS = [" \t\u00a0\u2003 ", "-1e309", SCRIPT, IMG, JINJA, DOCX,
             "'; DROP TABLE cases; --", "' OR '1'='1", "%", "_", "\\",
             "\u202e", "\u0301", "\x00", "\r\n", "\n\n\n", "../../etc/passwd", "NaN", "-0",
             "99999999999999999999", "2026-02-30", "31", "0", "javascript:alert(1)"]


@st.composite
def hostile_text(draw) -> str:
    """A value from one of the categories, a generated one, or a few glued together."""
    atom = st.one_of(
        st.sampled_from(list(CATEGORIES.values())),
        st.sampled_from(_SNIPPETS),
        st.text(min_size=0, max_size=40),
        st.text(alphabet=st.characters(categories=["Cc", "Cf", "Mn", "Zs"]), max_size=12),
        st.integers(min_value=-(10 ** 30), max_value=10 ** 30).map(str),
    )
    parts = draw(st.lists(atom, min_size=1, max_size=3))
    return "".join(parts)


def normalised(value: str) -> str:
    """How the app keeps typed text (core/forms.py ``_clean``): NFC, CRLF as LF, stripped."""
    return unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()


def unescaped_markers(html: str) -> list[str]:
    return [marker for marker in UNESCAPED_MARKERS if marker in html]
