"""Uploads: type by content, a size limit, random names inside the store, files proven
unchanged, and downloads that are always attachments the browser must not sniff."""

from __future__ import annotations

import io
import zipfile

import pytest
from werkzeug.datastructures import FileStorage

from supervise.core import uploads
from supervise.core.uploads import TamperedFile, UploadRejected
from tests.documents.helpers import docx_bytes

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n"


def _file(data: bytes, name: str = "scan.pdf") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


@pytest.mark.parametrize(("data", "kind"), [(PDF, "pdf"), (PNG, "png"), (JPEG, "jpeg"),
                                            (b"<html><script>", None), (b"", None)])
def test_the_type_comes_from_the_content(data, kind):
    assert uploads.sniff(data) == kind


def test_a_docx_is_a_zip_holding_word_document_xml():
    assert uploads.sniff(docx_bytes("Hello")) == "docx"
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("notes.txt", "not a document")
    assert uploads.sniff(plain_zip.getvalue()) is None


def test_a_docx_that_would_unpack_to_too_much_is_refused():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (uploads.UNZIPPED_LIMIT + 1))
    assert uploads.sniff(bomb.getvalue()) is None


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(app):
    with app.test_request_context(), pytest.raises(UploadRejected) as refused:
        uploads.read_upload(_file(b"<script>alert(1)</script>", "scan.pdf"),
                            allowed=("pdf", "png", "jpeg"), field="scan")
    assert refused.value.field == "scan"
    assert refused.value.message == "The selected file must be a PDF, PNG image or JPEG image"


def test_a_file_over_the_size_limit_is_refused(app):
    app.config["UPLOAD_MAX_BYTES"] = 1024
    try:
        with app.test_request_context(), pytest.raises(UploadRejected, match="smaller than 1 KB"):
            uploads.read_upload(_file(PDF + b"x" * 2000), allowed=("pdf",))
    finally:
        app.config["UPLOAD_MAX_BYTES"] = 10 * 1024 * 1024


def test_an_empty_or_missing_file_is_refused(app):
    with app.test_request_context():
        with pytest.raises(UploadRejected, match="empty"):
            uploads.read_upload(_file(b""), allowed=("pdf",))
        with pytest.raises(UploadRejected, match="Select a file"):
            uploads.read_upload(None, allowed=("pdf",))


def test_a_stored_file_gets_a_random_name_inside_the_store_whatever_it_was_called(app):
    with app.test_request_context():
        stored = uploads.save_upload(_file(PNG, "../../static/evil.html"), allowed=("png",),
                                     folder="uploads")
        path = uploads.resolve(stored.path)
    assert stored.file_type == "png" and stored.path.startswith("uploads/")
    assert "evil" not in stored.path and stored.path.endswith(".png")
    assert path.read_bytes() == PNG
    assert str(app.config["DOCUMENT_STORE"]) in str(path)
    assert "static" not in str(path.relative_to(app.config["DOCUMENT_STORE"]))


def test_paths_outside_the_store_are_refused(app):
    with app.test_request_context(), pytest.raises(ValueError):
        uploads.resolve("../../etc/passwd")


def test_a_changed_file_is_not_served(app):
    with app.test_request_context():
        stored = uploads.store_bytes(PDF, "pdf", "uploads")
        uploads.resolve(stored.path).write_bytes(PDF + b"tampered")
        with pytest.raises(TamperedFile):
            uploads.read_stored(stored.path, stored.sha256)


def test_downloads_are_attachments_that_are_never_sniffed(app):
    with app.test_request_context():
        response = uploads.send_bytes(PDF, "pdf", "SUP-1-agreement.pdf")
    assert response.headers["Content-Disposition"] == "attachment; filename=SUP-1-agreement.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.mimetype == "application/pdf"


def test_download_names_are_plain_ascii():
    assert uploads.filename_part("Zoë's family/../\u202e") == "Zoe-s-family"
