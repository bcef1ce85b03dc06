"""Benchmark: the line manager's live overdue panel (``GET /visits/overdue``) with 1,000 and
then 10,000 visits in the database — server time and query count. The query count must not
grow with the number of visits.

Run:  .venv/bin/python bench/overdue_panel.py            (SQLite in a temporary folder)
      BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python \
          bench/overdue_panel.py                          (a throwaway database on PostgreSQL)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
import time_machine
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from supervise import create_app  # noqa: E402
from supervise.extensions import db  # noqa: E402

NOW = datetime(2027, 3, 10, 12, 0)  # a Wednesday, GMT
OVERDUE = 40  # in progress past their return: what the panel shows
RUNS = 30


def _database() -> tuple[str, object]:
    server = os.environ.get("BENCH_DATABASE_URL")
    if not server:
        folder = tempfile.mkdtemp(prefix="supervise-bench-")
        return f"sqlite:///{folder}/bench.db", None
    from tests.conftest import _create_postgres_database, _drop_postgres_database

    url, name = _create_postgres_database(server)
    return url, lambda: _drop_postgres_database(server, name)


def _add_visits(ids_of: dict[str, int], count: int, overdue: int) -> None:
    """``count`` visits by the team, each with a plan and its sign-off; ``overdue`` of them in
    progress and late, the rest completed. Inserted in bulk (the operations are tested
    elsewhere); the approval guard still applies to every row."""
    author, manager, case = ids_of["practitioner"], ids_of["manager"], ids_of["case"]
    conn = db.session.connection()
    first = (conn.execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM visits")).scalar() or 0) + 1
    ids = range(first, first + count)
    start = NOW - timedelta(days=30)
    conn.execute(sa.text(
        "INSERT INTO visits (id, case_id, practitioner_id, status, cancelled_by_family, "
        "cancel_reason, no_access_notes, who_present, children_seen, observations, "
        "observations_version, not_assessed, what_was_done, requirements, created_at, version) "
        "VALUES (:id, :case, :who, 'planned', false, '', '', '', '[]', '{}', '', '', '', '[]', "
        ":at, 1)"), [{"id": i, "case": case, "who": author, "at": start} for i in ids])
    conn.execute(sa.text(
        "INSERT INTO action_plans (id, case_id, visit_id, author_id, status, planned_start, "
        "duration_minutes, venue_kind, venue_address, purpose, police_present, police_details, "
        "risks, checklist, checklist_version, return_comments, created_at, updated_at, version) "
        "VALUES (:id, :case, :id, :who, 'signed_off', :at, 60, 'home', '1 Test Street', 'x', "
        "false, '', '[]', '{}', '', '', :at, :at, 2)"),
        [{"id": i, "case": case, "who": author,
          "at": start + timedelta(minutes=i)} for i in ids])
    conn.execute(sa.text(
        "INSERT INTO plan_signoffs (id, plan_id, visit_id, author_id, plan_version, snapshot, "
        "signed_by_id, signed_at, in_force, void_reason) VALUES (:id, :id, :id, :who, 1, '{}', "
        ":mgr, :at, true, '')"),
        [{"id": i, "who": author, "mgr": manager, "at": start} for i in ids])
    late = set(list(ids)[-overdue:]) if overdue else set()
    conn.execute(sa.text(
        "UPDATE visits SET status = :status, approved_signoff_id = id, approval_in_force = true, "
        "approved_by_id = :mgr, approved_at = :at, checked_in_at = :at, "
        "expected_return_at = :back, checked_out_at = :out WHERE id = :id"),
        [{"id": i, "mgr": manager, "at": NOW - timedelta(hours=3),
          "status": "in_progress" if i in late else "completed",
          "back": NOW - timedelta(minutes=5 + (i % 90)),
          "out": None if i in late else NOW - timedelta(hours=2)} for i in ids])
    db.session.commit()


def _measure(client, engine) -> tuple[float, float, int]:
    """Median and 95th-percentile time of the panel, and its query count (each request runs
    in its own app context, as in production)."""
    statements: list[str] = []

    def count(*_args) -> None:
        statements.append("q")

    times = []
    for run in range(RUNS + 1):
        statements.clear()
        event.listen(engine, "before_cursor_execute", count)
        began = time.perf_counter()
        response = client.get("/visits/overdue", headers={"HX-Request": "true"})
        elapsed = time.perf_counter() - began
        event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200, response.status_code
        if run:  # the first request warms caches
            times.append(elapsed * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[-1], len(statements)


def main() -> None:
    from flask_migrate import upgrade

    from tests import factories

    url, cleanup = _database()
    app = create_app("test", SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False,
                     SERVER_NAME="localhost", VISIT_POLL_SECONDS=30)
    rows = []
    try:
        with time_machine.travel(NOW, tick=False):
            with app.app_context():
                upgrade()
                world = factories.build_world()
                ids_of = {"practitioner": world.users["practitioner"].id,
                          "manager": world.users["manager"].id, "case": world.case.id}
                db.session.commit()
                engine = db.engine
            client = app.test_client()
            client.post("/login", data={"email": "manager@example.test",
                                        "password": factories.PASSWORD})
            for total in (1_000, 10_000):
                with app.app_context():
                    existing = db.session.scalar(sa.text("SELECT COUNT(*) FROM visits"))
                    _add_visits(ids_of, total - existing, OVERDUE if not existing else 0)
                rows.append((total, *_measure(client, engine)))
            with app.app_context():
                db.engine.dispose()
    finally:
        if cleanup:
            cleanup()
    dialect = url.split(":", 1)[0].split("+")[0]
    print("| database | visits | overdue shown | median ms | p95 ms | queries |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for total, median, p95, queries in rows:
        print(f"| {dialect} | {total:,} | {OVERDUE} | {median:.1f} | {p95:.1f} | {queries} |")
    assert rows[0][3] == rows[1][3], "the query count grew with the number of visits"


if __name__ == "__main__":
    main()
