"""Rendering is sandboxed, strict about undefined variables, and makes every value literal."""

from __future__ import annotations

import io

import docx
import pytest
from jinja2 import UndefinedError
from jinja2.sandbox import SecurityError

from supervise.documents.rendering import environment, literal, render_bytes
from tests.documents.helpers import docx_bytes


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


@pytest.mark.parametrize("value", [
    "</w:t><w:t>", "{{ 7*7 }}", "{% for x in y %}", "{_{ x }_}", "<w:p/>", "a & b < c",
    "'quotes' \"double\"", "Zoë \u202eevil\u202c 👩‍👧", "{#p comment #}",
])
def test_a_hostile_value_appears_exactly_as_typed(value):
    data = render_bytes(docx_bytes("Name: {{ name }}."), {"name": value})
    assert _paragraphs(data) == [f"Name: {value}."]


def test_control_characters_are_dropped_so_the_xml_stays_valid():
    data = render_bytes(docx_bytes("{{ name }}"), {"name": "bell\x07 null\x00 formfeed\x0c"})
    assert _paragraphs(data) == ["bell null formfeed"]


def test_an_undefined_variable_is_an_error_not_a_blank():
    with pytest.raises(UndefinedError):
        render_bytes(docx_bytes("{{ nmae }}"), {"name": "x"})


def test_an_undefined_attribute_is_an_error_not_a_blank():
    with pytest.raises(UndefinedError):
        render_bytes(docx_bytes("{{ person.nmae }}"), {"person": {"name": "x"}})


def test_the_sandbox_refuses_python_internals():
    with pytest.raises(SecurityError):
        environment().from_string("{{ x.__class__.__mro__ }}").render(x="")
    with pytest.raises(SecurityError):
        environment().from_string("{{ f.__globals__ }}").render(f=lambda: None)


def test_the_environment_escapes_and_is_strict():
    env = environment()
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x="<a>{b}") == "&lt;a&gt;&#123;b&#125;"
    assert literal(None) == ""


def test_the_sandbox_refuses_to_change_the_data():
    with pytest.raises(SecurityError):
        environment().from_string("{{ items.append(1) }}").render(items=[])


def test_a_template_rendered_again_is_filled_in_afresh():
    """docxtpl's clean-up of a part is remembered between renders; what fills it in is not."""
    template = docx_bytes("{%p for p in people %}", "{{ p }}", "{%p endfor %}", "End.")
    first = render_bytes(template, {"people": ["Ann", "Ben"]})
    second = render_bytes(template, {"people": ["Cat"]})
    assert _paragraphs(first) == ["Ann", "Ben", "End."]
    assert _paragraphs(second) == ["Cat", "End."]


def test_the_remembered_clean_up_gives_docxtpls_own_document():
    from docxtpl import DocxTemplate

    template = docx_bytes("Dear {{ name }},", "{%p if late %}", "You are late.", "{%p endif %}")
    context = {"name": "Ms Nowak", "late": True}
    render_bytes(template, context)  # remembered now
    plain = DocxTemplate(io.BytesIO(template))
    plain.render(context, jinja_env=environment())
    output = io.BytesIO()
    plain.save(output)
    assert _paragraphs(render_bytes(template, context)) == _paragraphs(output.getvalue())
