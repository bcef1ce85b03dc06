"""DOCX → PDF with LibreOffice, when it is installed.

Each conversion runs ``soffice --headless`` in a subprocess with its own temporary profile
directory (so conversions never share or corrupt a profile), a timeout from
``LIBREOFFICE_TIMEOUT``, and the export filter's tagged-PDF option on (headings, lists and tables
reach screen readers). Without LibreOffice the app still works and says why PDF is unavailable.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from supervise.core.errors import DomainError

# The writer_pdf_Export filter with its options as JSON (LibreOffice 7.4 and later).
TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


class PdfUnavailable(DomainError):
    """PDF cannot be produced here; ``message`` says why."""


@dataclass(frozen=True)
class PdfStatus:
    available: bool
    reason: str = ""


def status() -> PdfStatus:
    """Whether PDF can be produced on this server, and if not, why."""
    binary = current_app.config["LIBREOFFICE_BINARY"]
    if shutil.which(binary) is None:
        return PdfStatus(False, _(
            "PDF is not available because LibreOffice is not installed on this server (the "
            "‘%(binary)s’ program was not found). Download the Word document instead, or ask "
            "your administrator to install LibreOffice Writer.", binary=binary))
    return PdfStatus(True)


def to_pdf(docx: bytes) -> bytes:
    """Convert a DOCX (bytes) to a tagged PDF (bytes), or raise ``PdfUnavailable``."""
    state = status()
    if not state.available:
        raise PdfUnavailable(state.reason)
    with tempfile.TemporaryDirectory(prefix="supervise-pdf-") as work:
        folder = Path(work)
        source = folder / "document.docx"
        source.write_bytes(docx)
        _convert(folder, source)
        result = folder / "document.pdf"
        if not result.exists():
            raise PdfUnavailable(_("LibreOffice could not convert this document to PDF. "
                                   "Download the Word document instead."))
        return result.read_bytes()


def _convert(folder: Path, source: Path) -> None:
    timeout = current_app.config["LIBREOFFICE_TIMEOUT"]
    command = [
        current_app.config["LIBREOFFICE_BINARY"], "--headless", "--norestore", "--nologo",
        "--nolockcheck", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--convert-to", TAGGED_PDF, "--outdir", str(folder), str(source),
    ]
    environment = {**os.environ, "HOME": str(folder)}
    process = subprocess.Popen(command, cwd=folder, env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        _stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        _kill(process)
        raise PdfUnavailable(_("LibreOffice took longer than %(seconds)d seconds to make the "
                               "PDF, so it was stopped. Try again later, or download the Word "
                               "document instead.", seconds=timeout)) from error
    if process.returncode != 0:
        current_app.logger.warning("soffice exited %s: %s", process.returncode,
                                   (stderr or b"")[-500:].decode(errors="replace"))


def _kill(process: subprocess.Popen) -> None:
    """Stop soffice and anything it started (it runs in its own session)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
