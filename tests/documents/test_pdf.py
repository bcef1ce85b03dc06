"""PDF through LibreOffice: tagged, in its own profile, stopped after the timeout — and a clear
reason when LibreOffice is not installed."""

from __future__ import annotations

import os
import shutil
import stat

import pytest

from supervise.documents import pdf
from tests.documents.helpers import docx_bytes

HAVE_SOFFICE = shutil.which("soffice") is not None


@pytest.fixture
def binary(app):
    """Set LIBREOFFICE_BINARY for one test."""
    original = app.config["LIBREOFFICE_BINARY"], app.config["LIBREOFFICE_TIMEOUT"]

    def use(path: str, timeout: int = 60) -> None:
        app.config["LIBREOFFICE_BINARY"], app.config["LIBREOFFICE_TIMEOUT"] = path, timeout

    yield use
    app.config["LIBREOFFICE_BINARY"], app.config["LIBREOFFICE_TIMEOUT"] = original


def test_without_libreoffice_pdf_is_unavailable_and_says_why(app, binary):
    binary("no-such-soffice-here")
    with app.app_context():
        status = pdf.status()
        assert not status.available and "LibreOffice is not installed" in status.reason
        with pytest.raises(pdf.PdfUnavailable, match="no-such-soffice-here"):
            pdf.to_pdf(docx_bytes("Hello"))


def test_a_conversion_that_hangs_is_stopped_after_the_timeout(app, binary, tmp_path):
    hanging = tmp_path / "soffice"
    hanging.write_text("#!/bin/sh\nsleep 30\n")
    hanging.chmod(hanging.stat().st_mode | stat.S_IEXEC)
    binary(str(hanging), timeout=1)
    with app.app_context(), pytest.raises(pdf.PdfUnavailable, match="longer than 1 seconds"):
        pdf.to_pdf(docx_bytes("Hello"))


@pytest.mark.skipif(not HAVE_SOFFICE and os.environ.get("CI") != "true",
                    reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_a_document_converts_to_a_tagged_pdf(app):
    with app.app_context():
        data = pdf.to_pdf(docx_bytes("Written agreement", "Zebedee family"))
    assert data.startswith(b"%PDF-")
    assert b"/StructTreeRoot" in data and b"/MarkInfo" in data  # tagged for screen readers
