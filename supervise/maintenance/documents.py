"""Files in the document store that no record points to.

A file is written (and synced) before the transaction that records it commits, so a crash, a
killed worker or a refused request can leave a file behind with no row: never the other way
round. Such orphans hold family data nobody can reach, so ``flask documents cleanup`` deletes
them and ``flask doctor`` counts them. A file younger than ``min_age`` is never touched: its
request may still be about to commit.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from supervise.core.uploads import store_root
from supervise.extensions import db

# The folders store_bytes writes to, and the random names it gives files.
FOLDERS = ("generated", "templates", "uploads")
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(?:pdf|png|jpg|docx)")
DEFAULT_MIN_AGE = timedelta(hours=1)


@dataclass(frozen=True)
class Orphans:
    paths: list[str]  # relative to the store
    size: int


def referenced_paths() -> set[str]:
    """Every stored path a record points to."""
    from supervise.agreements.models import AgreementSignature
    from supervise.documents.models import DocumentTemplate, GeneratedDocument

    columns = (DocumentTemplate.path, GeneratedDocument.path, GeneratedDocument.pdf_path,
               AgreementSignature.scan_path)
    found: set[str] = set()
    for column in columns:
        found.update(p for p in db.session.scalars(sa.select(column).where(column.is_not(None))))
    return found


def find_orphans(min_age: timedelta = DEFAULT_MIN_AGE) -> Orphans:
    """Stored files older than ``min_age`` that no record points to."""
    root = store_root()
    referenced = referenced_paths()
    cutoff = time.time() - min_age.total_seconds()
    paths, size = [], 0
    for folder in FOLDERS:
        for path in sorted((root / folder).glob("*")) if (root / folder).is_dir() else []:
            relative = f"{folder}/{path.name}"
            if (path.is_file() and STORED_NAME.fullmatch(path.name)
                    and relative not in referenced and _modified(path) <= cutoff):
                paths.append(relative)
                size += path.stat().st_size
    return Orphans(paths, size)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()


def remove_orphans(min_age: timedelta = DEFAULT_MIN_AGE) -> Orphans:
    """Delete the orphans ``find_orphans`` reports; returns what was deleted."""
    orphans = find_orphans(min_age)
    root = store_root()
    for relative in orphans.paths:
        (root / relative).unlink(missing_ok=True)
    return orphans
