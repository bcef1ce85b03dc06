"""Fixtures shared by the whole suite (STYLE.md rule 9).

The database: SQLite in a temporary file, or — when ``TEST_DATABASE_URL`` names a PostgreSQL
server — a fresh database created on it for this run and dropped afterwards. The schema is built
by the Alembic migrations once per run; every test then runs inside a transaction that is rolled
back, so tests never see each other's rows (requests inside a test commit to a savepoint).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy.engine import make_url

from supervise import create_app
from supervise.extensions import db as _db
from supervise.extensions import limiter
from tests import factories
from tests.shared_run import run_lock

PASSWORD = factories.PASSWORD
# Every log line of the run, scanned for family data at the end (tests/security/).
pytest_plugins = ["tests.security.log_capture"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``postgres_only`` tests (row locks, several app servers) skip on a SQLite run."""
    if os.environ.get("TEST_DATABASE_URL"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set TEST_DATABASE_URL")
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)


def _create_postgres_database(server_url: str) -> tuple[str, str]:
    url = make_url(server_url).set(drivername="postgresql+psycopg")
    name = f"supervise_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as error:
        if os.environ.get("CI") == "true":
            raise RuntimeError(f"PostgreSQL at {server_url} is unreachable under CI") from error
        pytest.exit(f"TEST_DATABASE_URL is set but PostgreSQL is unreachable: {error}", 2)
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False), name


def _drop_postgres_database(server_url: str, name: str) -> None:
    url = make_url(server_url).set(drivername="postgresql+psycopg")
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(
            sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
    admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'supervise-test.db'}"
        return
    url, name = _create_postgres_database(server)
    yield url
    _drop_postgres_database(server, name)


@pytest.fixture(scope="session")
def app(database_url: str, tmp_path_factory: pytest.TempPathFactory):
    """The app in test mode against the run's database, schema built by the migrations."""
    application = create_app(
        "test",
        SQLALCHEMY_DATABASE_URI=database_url,
        WTF_CSRF_ENABLED=False,
        DOCUMENT_STORE=tmp_path_factory.mktemp("documents"),
        SERVER_NAME="localhost",
    )
    with application.app_context():
        upgrade()
        _db.engine.dispose()
    # Tests keep an app context pushed (for the rolled-back session), and Flask reuses a pushed
    # context for test-client requests, so ``g`` would leak from one request into the next
    # (Flask-Login caches the user there). Give every request a fresh ``g``, as in production.
    application.before_request_funcs.setdefault(None, []).insert(0, _fresh_g)
    yield application
    with application.app_context():
        _db.engine.dispose()


def _fresh_g() -> None:
    from flask import g

    g.__dict__.clear()


@pytest.fixture(autouse=True)
def db(request: pytest.FixtureRequest) -> Iterator[object]:
    """Each test in a transaction rolled back at the end; the app's commits become savepoints."""
    if "app" not in request.fixturenames and not request.node.get_closest_marker("uses_db"):
        yield None
        return
    application = request.getfixturevalue("app")
    with application.app_context():
        connection = _db.engine.connect()
        outer = connection.begin()
        original = _db.session
        _db.session = sa.orm.scoped_session(
            sa.orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint",
                                query_cls=_db.Query),
            scopefunc=_app_ctx_id)
        _db.test_connection = connection  # for tests that roll back part of a test
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original
            del _db.test_connection
            outer.rollback()
            connection.close()
        limiter.reset()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def world(app, db):
    """The standard cast: two agencies, three teams, six users and one case with its records."""
    return factories.build_world()


@pytest.fixture
def login(client):
    """``login(user)`` signs the test client in as ``user`` through the real sign-in form."""

    def sign_in(user, password: str = PASSWORD):
        client.post("/logout")  # whoever was signed in before
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.text[:500]
        return client

    return sign_in


@pytest.fixture
def login_as(world, login):
    """``login_as("manager")`` signs in as one of the world's named users."""

    def sign_in(role: str):
        return login(world.users[role])

    return sign_in


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def redis_database():
    """A dedicated Redis database (``TEST_REDIS_URL``, which .ci/run sets), emptied before and
    after: ``(url, client)``. Every test using it holds the run's "redis" lock, so two test
    processes never empty it under each other."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but TEST_REDIS_URL is not set: .ci/run must export it")
        pytest.skip("set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/15) to test Redis storage")
    import redis

    server = redis.Redis.from_url(url)
    try:
        server.ping()
    except redis.exceptions.ConnectionError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis at {url} is unreachable under CI: {error}")
        pytest.skip(f"Redis at {url} is unreachable: {error}")
    with run_lock("redis"):
        server.flushdb()
        yield url, server
        server.flushdb()
    server.close()
