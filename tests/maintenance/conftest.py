"""An app over a database of its own, committed for real (not the rolled-back test one)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from supervise import create_app
from supervise.extensions import db
from tests.conftest import _create_postgres_database, _drop_postgres_database


@pytest.fixture
def own_database(tmp_path: Path):
    """The URL of an empty database on the suite's engine (SQLite file or PostgreSQL)."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_path / 'own.db'}"
        return
    url, name = _create_postgres_database(server)
    yield url
    _drop_postgres_database(server, name)


@pytest.fixture
def own_app(own_database: str, tmp_path: Path):
    """An app over its own migrated database with the demo data committed."""
    from flask_migrate import upgrade

    application = create_app("test", SQLALCHEMY_DATABASE_URI=own_database,
                             DOCUMENT_STORE=tmp_path / "documents",
                             DEMO_PASSWORD="backup-test-password")
    with application.app_context():
        upgrade()
        from supervise.demo import seed_demo

        seed_demo()
        db.session.commit()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()
