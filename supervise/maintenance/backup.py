"""Backups that restore: the database and the document store, together.

A backup is a folder ``supervise-<UTC timestamp>/`` holding ``database.sqlite3`` (SQLite's online
backup API: consistent while the app keeps running) or ``database.pgdump`` (``pg_dump`` custom
format), ``documents.tar`` (every generated document and uploaded scan), and ``manifest.json``
with the SHA-256 of each file. ``restore`` checks the manifest before it touches anything.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import make_url

from supervise.extensions import db


class BackupError(RuntimeError):
    """A backup or restore could not be completed; the message says why."""


def create_backup(destination: Path) -> Path:
    """Write a new backup folder under ``destination`` and return its path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = destination / f"supervise-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        _backup_sqlite(url.database, folder / "database.sqlite3")
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
              f"--file={folder / 'database.pgdump'}", _libpq_url(url)])
    _archive_documents(folder / "documents.tar")
    _write_manifest(folder)
    return folder


def restore_backup(folder: Path) -> None:
    """Replace the database and document store with a backup's (the app must be stopped)."""
    _check_manifest(folder)
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        _restore_sqlite(folder / "database.sqlite3", url.database)
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", f"--dbname={_libpq_url(url)}",
              str(folder / "database.pgdump")])
    _restore_documents(folder / "documents.tar")


def _backup_sqlite(database: str | None, target: Path) -> None:
    if not database:
        raise BackupError("an in-memory SQLite database cannot be backed up")
    source = sqlite3.connect(database)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def _restore_sqlite(backup: Path, database: str | None) -> None:
    if not database:
        raise BackupError("an in-memory SQLite database cannot be restored into")
    source = sqlite3.connect(backup)
    live = sqlite3.connect(database)
    try:
        source.backup(live)  # page by page, inside SQLite's own locking
    finally:
        live.close()
        source.close()


def _libpq_url(url) -> str:  # type: ignore[no-untyped-def]
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client)"
                          ) from error
    except subprocess.CalledProcessError as error:
        # pg tools print the connection target, never data; keep their reason.
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()[-500:]}") from error


def _document_store() -> Path:
    return Path(current_app.config["DOCUMENT_STORE"])


def _archive_documents(target: Path) -> None:
    store = _document_store()
    with tarfile.open(target, "w") as archive:
        if store.exists():
            for path in sorted(store.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(store)))


def _restore_documents(archive_path: Path) -> None:
    store = _document_store()
    staging = store.with_name(store.name + ".restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(archive_path) as archive:
        archive.extractall(staging, filter="data")  # refuses absolute paths and ../
    if store.exists():
        shutil.rmtree(store)
    staging.rename(store)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_manifest(folder: Path) -> None:
    files = {p.name: _sha256(p) for p in sorted(folder.iterdir())}
    from supervise.maintenance.doctor import migration_heads

    manifest = {"created": datetime.now(UTC).isoformat(), "files": files,
                "migration": migration_heads()[0]}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def _check_manifest(folder: Path) -> None:
    path = folder / "manifest.json"
    if not path.exists():
        raise BackupError(f"{folder} has no manifest.json: not a Supervise backup")
    manifest = json.loads(path.read_text())
    for name, digest in manifest["files"].items():
        if not (folder / name).exists() or _sha256(folder / name) != digest:
            raise BackupError(f"{name} in {folder} is missing or damaged (SHA-256 differs)")
