"""Backups restore every table and every document exactly; doctor says what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from supervise.extensions import db
from supervise.maintenance.backup import BackupError, create_backup, restore_backup
from supervise.maintenance.doctor import run_checks


def _snapshot() -> dict[str, list[tuple]]:
    tables = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table)).all()
        tables[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    db.session.rollback()
    return tables


def _files(store: Path) -> dict[str, bytes]:
    return {str(p.relative_to(store)): p.read_bytes() for p in store.rglob("*") if p.is_file()}


def test_a_backup_restores_every_table_and_document(own_app, tmp_path):
    store = Path(own_app.config["DOCUMENT_STORE"])
    (store / "agreements").mkdir(parents=True)
    (store / "agreements" / "a.docx").write_bytes(b"issued agreement v1")
    with own_app.app_context():
        before, documents = _snapshot(), _files(store)
        assert sum(len(rows) for rows in before.values()) > 50
        folder = create_backup(tmp_path / "backups")

        # Everything changes after the backup was taken...
        db.session.execute(sa.text("UPDATE cases SET family_name = 'Changed'"))
        db.session.execute(sa.text("DELETE FROM relationships"))
        db.session.commit()
        (store / "agreements" / "a.docx").write_bytes(b"tampered")
        (store / "stray.pdf").write_bytes(b"not in the backup")
        assert _snapshot() != before

        # ...and the restore brings back exactly what was backed up.
        restore_backup(folder)
        assert _snapshot() == before
    assert _files(store) == documents


def test_a_damaged_backup_is_refused_before_anything_changes(own_app, tmp_path):
    with own_app.app_context():
        folder = create_backup(tmp_path / "backups")
        before = _snapshot()
        database = next(p for p in folder.iterdir() if p.name.startswith("database"))
        database.write_bytes(database.read_bytes()[:-10] + b"0123456789")
        with pytest.raises(BackupError, match="missing or damaged"):
            restore_backup(folder)
        assert _snapshot() == before


def test_doctor_flags_an_unsafe_production_config(app, db):
    original = dict(app.config)
    app.config.update(SECRET_KEY="short", SESSION_COOKIE_SECURE=False, DEBUG=True)
    try:
        findings = {f.check: f for f in run_checks()}
    finally:
        app.config.clear()
        app.config.update(original)
    assert not findings["secret key"].ok
    assert not findings["HTTPS cookies"].ok
    assert not findings["debug"].ok
    assert findings["database"].ok and findings["migrations"].ok
