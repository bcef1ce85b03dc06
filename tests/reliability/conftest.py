"""Reliability tests need what the rest of the suite avoids: a database committed for real, so
separate connections, threads and processes see each other's work.

``committed_url`` is a fresh database per test, copied from one migrated once per run — a file
copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL — and dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine import make_url

from supervise import create_app
from supervise.extensions import db
from tests.conftest import PASSWORD, _create_postgres_database, _drop_postgres_database


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    application = create_app("test", SQLALCHEMY_DATABASE_URI=url)
    with application.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database that each test's database is copied from."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        path = tmp_path_factory.mktemp("template") / "template.db"
        _migrate(f"sqlite:///{path}")
        yield str(path)
        return
    url, name = _create_postgres_database(server)
    _migrate(url)
    yield name
    _drop_postgres_database(server, name)


@pytest.fixture
def committed_url(migrated_template: str, tmp_path: Path) -> Iterator[str]:
    """A database of this test's own, schema in place, nothing in it, commits for real."""
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        target = tmp_path / "committed.db"
        shutil.copyfile(migrated_template, target)
        yield f"sqlite:///{target}"
        return
    admin_url = make_url(server).set(drivername="postgresql+psycopg")
    name = f"supervise_rel_{os.getpid()}_{secrets.token_hex(3)}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE "{migrated_template}"')
    admin.dispose()
    yield admin_url.set(database=name).render_as_string(hide_password=False)
    _drop_postgres_database(server, name)


@dataclass
class Committed:
    """An app over the committed database, and what the tests do with it."""

    app: Flask
    url: str

    def client_for(self, email: str):
        """A test client signed in as ``email`` (its own cookie jar: a separate browser)."""
        client = self.app.test_client()
        response = client.post("/login", data={"email": email, "password": PASSWORD})
        assert response.status_code == 302, response.text[:300]
        return client

    @contextmanager
    def row_locked(self, table: str, row_id: int) -> Iterator[Callable[[int], None]]:
        """Hold ``table``'s row ``row_id`` locked from another connection, so requests that
        need it queue up behind it; ``waiting(n)`` returns once ``n`` of them are waiting. On
        leaving, the lock goes and the queue runs in the order it formed."""
        engine = sa.create_engine(self.url)
        try:
            with engine.connect() as holder:
                transaction = holder.begin()
                rows = sa.table(table, sa.column("id"))
                holder.execute(sa.select(rows.c.id).where(rows.c.id == row_id)
                               .with_for_update())
                yield lambda count: _wait_for_waiters(engine, count)
                transaction.commit()
        finally:
            engine.dispose()


def _wait_for_waiters(engine: sa.Engine, count: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    with engine.connect() as watcher:
        while time.monotonic() < deadline:
            waiting = watcher.execute(sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'")).scalar_one()
            if waiting >= count:
                return
            watcher.rollback()  # pg_stat_activity is a snapshot per transaction
            time.sleep(0.02)
    raise AssertionError(f"expected {count} requests waiting for the row lock; they did not "
                         "wait (does the operation take it?)")


@pytest.fixture
def committed(committed_url: str, tmp_path: Path) -> Iterator[Committed]:
    application = create_app("test", SQLALCHEMY_DATABASE_URI=committed_url,
                             WTF_CSRF_ENABLED=False, DOCUMENT_STORE=tmp_path / "documents")
    yield Committed(application, committed_url)
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def redis_url(redis_database) -> str:
    """The Redis database for rate limits, emptied around the test (tests/conftest.py)."""
    return redis_database[0]
