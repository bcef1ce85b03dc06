"""The administrator's template library: upload (checked, problems listed with their
paragraph), preview with sample data, choose the version in use, go back to the shipped one."""

from __future__ import annotations

import io

import docx
import sqlalchemy as sa

from supervise.documents.models import DocumentTemplate
from supervise.extensions import db
from tests.documents.helpers import agreement_template

BASE = "/admin/templates/agreement/en"


def _upload(client, data: bytes, notes: str = "New layout"):
    return client.post(f"{BASE}/upload", content_type="multipart/form-data",
                       data={"file": (io.BytesIO(data), "template.docx"), "notes": notes})


def test_the_library_lists_every_variant_and_what_it_uses(world, login_as, client):
    login_as("admin")
    page = client.get("/admin/templates").text
    for label in ("English", "Welsh", "Welsh and English (bilingual)",
                  "Easy read and large print, English", "Easy read and large print, Welsh"):
        assert label in page
    assert "Shipped with Supervise" in page and "No template" in page


def test_a_good_template_is_kept_as_a_new_version_not_yet_in_use(world, login_as, client):
    login_as("admin")
    response = _upload(client, agreement_template("Our own header"))
    assert response.status_code == 302
    template = db.session.scalar(sa.select(DocumentTemplate))
    assert template.version_number == 1 and not template.active
    page = client.get(BASE).text
    assert "Use version 1" in page and "New layout" in page


def test_a_template_with_mistakes_is_refused_with_each_problem_and_paragraph(world, login_as,
                                                                            client):
    login_as("admin")
    response = _upload(client, agreement_template("Dear {{ mum }}", "Hello {{ name ++ }}"))
    assert response.status_code == 422
    assert "Paragraph 3 (“Hello {{ name ++ }}" in response.text
    assert db.session.scalar(sa.select(sa.func.count(DocumentTemplate.id))) == 0
    response = _upload(client, agreement_template("Dear {{ mum }}"))
    assert response.status_code == 422
    assert "Paragraph 2 (“Dear {{ mum }}”): “mum” is not a variable" in response.text


def test_a_file_that_is_not_a_docx_is_refused_next_to_the_field(world, login_as, client):
    login_as("admin")
    response = _upload(client, b"%PDF-1.4 not a template")
    assert response.status_code == 422
    assert "The selected file must be a Word document (DOCX)" in response.text


def test_a_version_is_previewed_with_sample_data_then_put_in_use(world, login_as, client):
    login_as("admin")
    uploaded = agreement_template("Preview for {{ family_name }}")
    _upload(client, uploaded)
    template = db.session.scalar(sa.select(DocumentTemplate))
    preview = client.get(f"/admin/templates/versions/{template.id}/preview.docx")
    assert preview.headers["Content-Disposition"].startswith("attachment;")
    text = [p.text for p in docx.Document(io.BytesIO(preview.data)).paragraphs]
    assert "Preview for Sample family" in text
    original = client.get(f"/admin/templates/versions/{template.id}/template.docx")
    assert original.data == uploaded
    client.post(f"/admin/templates/versions/{template.id}/activate")
    assert template.active
    client.post(f"{BASE}/use-shipped")
    assert not template.active


def test_the_shipped_template_can_be_downloaded_and_previewed(world, login_as, client):
    login_as("admin")
    template = client.get(f"{BASE}/shipped/template.docx")
    assert template.status_code == 200 and b"{{ consequences }}" in _xml(template.data)
    preview = client.get(f"{BASE}/shipped/preview.docx")
    assert b"Sample family" in _xml(preview.data)


def _xml(data: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")
