"""Benchmark: the main pages at growing caseloads — server time and SQL query count.

Loads the ``flask seed-load`` organisation (50 teams, 500 users) and grows its caseload to each
N in turn (1,000, 10,000, 50,000 by default: case k is the same family at every N, so the case
pages show the same family while the tables around it grow). At each N it asks, through the test
client, for the practitioner's dashboard (worker-001), the line manager's dashboard (manager-01,
worker-001's manager), worker-001's first case and its chronology: ``--runs`` requests each after
one warm-up, median and 95th percentile, and the statements each ran. Exits 1 when a page's query
count grows with N.

Run:  .venv/bin/python bench/queries.py                        (SQLite in a temporary folder)
      BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \\
          .venv/bin/python bench/queries.py --sizes 1000,10000,50000
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from supervise import clock, create_app  # noqa: E402
from supervise.extensions import db  # noqa: E402
from tests.querycount import Counter  # noqa: E402

PASSWORD = "load-password-for-benchmarks"  # noqa: S105  (a throwaway database)
PAGES = (  # name, who asks, path (with {case})
    ("practitioner dashboard", "worker", "/"),
    ("manager dashboard", "manager", "/"),
    ("case page", "worker", "/cases/{case}"),
    ("chronology", "worker", "/cases/{case}/chronology"),
)


def _database() -> tuple[str, object]:
    server = os.environ.get("BENCH_DATABASE_URL")
    if not server:
        folder = tempfile.mkdtemp(prefix="supervise-bench-")
        return f"sqlite:///{folder}/bench.db", None
    from tests.conftest import _create_postgres_database, _drop_postgres_database

    url, name = _create_postgres_database(server)
    return url, lambda: _drop_postgres_database(server, name)


def _measure(client, engine, path: str, runs: int) -> tuple[float, float, int]:
    """Median and p95 milliseconds, and the statements of the last request (each request
    runs in its own app context, as in production)."""
    times, count = [], 0
    for run in range(runs + 1):
        counter = Counter()
        sa.event.listen(engine, "before_cursor_execute", counter)
        began = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - began) * 1000
        sa.event.remove(engine, "before_cursor_execute", counter)
        assert response.status_code == 200, (path, response.status_code)
        if run:  # the first request warms caches
            times.append(elapsed)
            count = counter.count
    return statistics.median(times), statistics.quantiles(times, n=20)[-1], count


def _signed_in(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, (email, response.status_code)
    return client


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]

    from flask_migrate import upgrade

    from supervise.demo import load, load_supervision

    url, cleanup = _database()
    app = create_app("test", SQLALCHEMY_DATABASE_URI=url, WTF_CSRF_ENABLED=False,
                     SERVER_NAME="localhost")
    rows: list[tuple] = []
    try:
        with app.app_context():
            upgrade()
            org = load.seed_organisation(PASSWORD, seed=1)
            db.session.commit()
            engine = db.engine
        clients = {"worker": _signed_in(app, "worker-001@load.test"),
                   "manager": _signed_in(app, "manager-01@load.test")}
        loaded, now = 0, clock.now().replace(second=0, microsecond=0)
        for size in sizes:
            began = time.perf_counter()
            with app.app_context():
                _, ids = load.seed_cases(org, loaded, size, 1, now, progress=lambda _l: None)
                if not loaded:
                    load_supervision.seed_supervision(org, ids, 1, now)
                    db.session.commit()
                load.analyse()
                case = db.session.scalar(sa.select(sa.func.min(sa.text("id"))).select_from(
                    sa.table("cases")))
            print(f"N={size:,}: seeded in {time.perf_counter() - began:.0f} s", flush=True)
            loaded = size
            for name, who, path in PAGES:
                median, p95, count = _measure(clients[who], engine, path.format(case=case),
                                              args.runs)
                rows.append((size, name, median, p95, count))
                print(f"  {name}: {median:.1f} / {p95:.1f} ms, {count} queries", flush=True)
        with app.app_context():
            db.engine.dispose()
    finally:
        if cleanup:
            cleanup()
    return _report(url.split(":", 1)[0].split("+")[0], sizes, rows, args.runs)


def _report(dialect: str, sizes: list[int], rows: list[tuple], runs: int) -> int:
    print(f"\n{dialect}, {runs} requests per page after one warm-up\n")
    print("| page | N | median ms | p95 ms | queries | p95 ÷ p95 at smallest N |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    grew = []
    for name, _who, _path in PAGES:
        mine = [r for r in rows if r[1] == name]
        for size, _name, median, p95, count in mine:
            print(f"| {name} | {size:,} | {median:.1f} | {p95:.1f} | {count} | "
                  f"{p95 / mine[0][3]:.2f} |")
        if any(r[4] > mine[0][4] for r in mine):
            grew.append(name)
    if grew:
        print(f"\nQUERY COUNT GREW WITH N: {', '.join(grew)}")
        return 1
    print(f"\nQuery counts constant in N across {', '.join(f'{s:,}' for s in sizes)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
