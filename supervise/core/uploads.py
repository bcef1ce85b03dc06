"""Files people upload and files the app generates, for every feature that has them.

A file's type is decided by its content (magic bytes; a DOCX must be a zip holding
``word/document.xml``), never by its name or the browser's word. Files are stored under a random
name inside ``DOCUMENT_STORE`` — never under static — and always served as attachments with
``X-Content-Type-Options: nosniff``. Records keep the stored path (relative to the store) and the
file's SHA-256, so a download can prove the file is the one that was stored.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import secrets
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Response, current_app, send_file
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput

from supervise.core.errors import DomainError


@dataclass(frozen=True)
class FileType:
    key: str
    media_type: str
    extension: str
    label: Any


FILE_TYPES = {
    "pdf": FileType("pdf", "application/pdf", ".pdf", _l("PDF")),
    "png": FileType("png", "image/png", ".png", _l("PNG image")),
    "jpeg": FileType("jpeg", "image/jpeg", ".jpg", _l("JPEG image")),
    "docx": FileType(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx", _l("Word document (DOCX)")),
}
# A DOCX is a zip: refuse one whose contents would unpack to more than this (a "zip bomb").
UNZIPPED_LIMIT = 100 * 1024 * 1024


class UploadRejected(DomainError):
    """The file was not accepted; ``message`` says why in the user's terms."""


class TamperedFile(DomainError):
    """A stored file no longer matches the SHA-256 recorded when it was stored."""


@dataclass(frozen=True)
class StoredFile:
    path: str  # relative to DOCUMENT_STORE
    sha256: str
    size: int
    file_type: str  # a key of FILE_TYPES


def sniff(data: bytes) -> str | None:
    """The type of a file from its first bytes (and, for DOCX, its zip directory)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return "docx"
    return None


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    names = {entry.filename for entry in entries}
    unpacked = sum(entry.file_size for entry in entries)
    return {"word/document.xml", "[Content_Types].xml"} <= names and unpacked <= UNZIPPED_LIMIT


def describe_size(size: int) -> str:
    """``10 MB``, ``512 KB``: how big a limit is, in words people use."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{max(size // 1024, 1)} KB"


def read_upload(file: Any, *, allowed: Iterable[str], field: str = "file") -> tuple[bytes, str]:
    """The bytes and type of an uploaded file, or ``UploadRejected`` saying what is wrong."""
    allowed = tuple(allowed)
    if file is None or not getattr(file, "filename", ""):
        raise UploadRejected(_("Select a file"), field=field)
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    data = file.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadRejected(_("The selected file must be smaller than %(size)s",
                               size=describe_size(limit)), field=field)
    if not data:
        raise UploadRejected(_("The selected file is empty"), field=field)
    file_type = sniff(data)
    if file_type not in allowed:
        raise UploadRejected(_("The selected file must be a %(types)s",
                               types=_or(allowed)), field=field)
    return data, file_type


def _or(keys: tuple[str, ...]) -> str:
    labels = [str(FILE_TYPES[key].label) for key in keys]
    if len(labels) == 1:
        return labels[0]
    return _("%(first)s or %(last)s", first=", ".join(labels[:-1]), last=labels[-1])


def store_root() -> Path:
    return Path(current_app.config["DOCUMENT_STORE"])


def store_bytes(data: bytes, file_type: str, folder: str) -> StoredFile:
    """Write ``data`` under a new random name in ``folder`` of the store."""
    if file_type not in FILE_TYPES or not re.fullmatch(r"[a-z][a-z0-9_-]*", folder):
        raise ValueError(f"cannot store a {file_type!r} file in {folder!r}")
    relative = f"{folder}/{secrets.token_hex(16)}{FILE_TYPES[file_type].extension}"
    path = store_root() / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as handle:  # "x": a random name never overwrites anything
        handle.write(data)
        # On disk before the record that points to it commits: a crash may leave a file
        # without a record (`flask documents cleanup`), never a record without its file.
        handle.flush()
        os.fsync(handle.fileno())
    return StoredFile(relative, hashlib.sha256(data).hexdigest(), len(data), file_type)


def save_upload(file: Any, *, allowed: Iterable[str], folder: str,
                field: str = "file") -> StoredFile:
    """Check an uploaded file by its content and store it under a random name."""
    data, file_type = read_upload(file, allowed=allowed, field=field)
    return store_bytes(data, file_type, folder)


def resolve(relative: str) -> Path:
    """The absolute path of a stored file; refuses anything outside the store."""
    root = store_root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ValueError("stored paths stay inside DOCUMENT_STORE")
    return path


def read_stored(relative: str, sha256: str | None = None) -> bytes:
    """A stored file's bytes, checked against the SHA-256 recorded when it was stored."""
    try:
        data = resolve(relative).read_bytes()
    except (OSError, ValueError) as error:
        raise TamperedFile(_("The stored file is missing. Ask your administrator to restore it "
                             "from the backup.")) from error
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise TamperedFile(_("The stored file does not match the fingerprint recorded when it "
                             "was stored, so it is not being sent. Ask your administrator to "
                             "restore it from the backup."))
    return data


def send_bytes(data: bytes, file_type: str, download_name: str) -> Response:
    """Serve a file as a download, never to be displayed or sniffed by the browser."""
    response = send_file(io.BytesIO(data), mimetype=FILE_TYPES[file_type].media_type,
                         as_attachment=True, download_name=download_name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def filename_part(text: str) -> str:
    """``Harper family`` → ``Harper-family``: ASCII letters, digits and hyphens only."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")[:60] or "document"


def file_field(label: Any, *, hint: Any = None) -> FileField:
    """A GOV.UK file upload field (the form needs ``enctype="multipart/form-data"``)."""
    return FileField(label, description=hint or "", widget=GovFileInput())
