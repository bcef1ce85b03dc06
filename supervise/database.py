"""Database wiring: SQLite pragmas, and one commit per request.

Operations only flush. A request that ends with a success or redirect commits once here; any
error response or exception leaves the transaction to be rolled back when the session is removed.
"""

from __future__ import annotations

import sqlite3

from flask import Flask, Response
from sqlalchemy import event
from sqlalchemy.engine import Engine

from supervise.extensions import db


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    """WAL, foreign keys and a busy timeout; let SQLAlchemy own transaction boundaries."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 15000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:  # type: ignore[no-untyped-def]
    """Take the write lock up front so concurrent writers queue instead of failing mid-way."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


# psycopg prepares a statement the fifth time it runs; PostgreSQL then switches to a generic
# plan, made without the parameters' values. For ours that is often a bad plan that grows with
# the tables: a practitioner's open cases walked every case in family-name order (16 ms at
# 10,000 cases) instead of their 50 team rows (1 ms). Plan every execution for its values.
# And cost a random read as what it is on an SSD, or a database in memory: about a sequential
# one (PostgreSQL's default, 4, is for spinning disks). With 4, the planner preferred reading
# all 15,000 open cases to looking up a practitioner's 300 (10 ms against 2 at 50,000 cases).
POSTGRES_OPTIONS = "-c plan_cache_mode=force_custom_plan -c random_page_cost=1.1"


def engine_options(url: str, options: dict) -> dict:
    """``options`` with what this app needs of a PostgreSQL connection."""
    if not url.startswith("postgresql"):
        return options
    connect_args = dict(options.get("connect_args", {}))
    connect_args["options"] = " ".join(filter(None, [connect_args.get("options"),
                                                     POSTGRES_OPTIONS]))
    return {**options, "connect_args": connect_args}


def init_app(app: Flask) -> None:
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    db.init_app(app)

    @app.after_request
    def commit_request(response: Response) -> Response:
        session = db.session()
        if response.status_code < 400 and session.in_transaction():
            session.commit()
        return response
