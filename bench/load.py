"""Load generator: the main pages over loopback HTTP against a running server (gunicorn), signed
in as a practitioner (worker-001) and their line manager (manager-01) from ``flask seed-load``.

Each page in turn gets ``--seconds`` of traffic from ``--threads`` threads, every thread with its
own keep-alive connection and its own signed-in session (as separate people would be). Reports
throughput, p50/p95/p99 and errors per page, and each page's p95 as a multiple of the floor's:
``/accessibility`` renders the base layout and touches no table beyond the signed-in user, so it
is what the framework, the session check and the network cost on their own.

Standard library only (threads + http.client). Sign-in is rate-limited: start the server with
relaxed LOGIN_LIMIT_PER_IP / LOGIN_LIMIT_PER_ACCOUNT for the run (bench/RESULTS.md says how).

Run:  .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --threads 4 --seconds 20
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

PASSWORD_ENV = "SUPERVISE_LOAD_PASSWORD"  # noqa: S105  (the variable's name)
FLOOR = "floor /accessibility"


@dataclass
class Session:
    """One signed-in browser: a keep-alive connection and its cookies."""

    host: str
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()  # the server closed a kept-alive connection: open a new one
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.read().decode("utf-8", "replace")

    def sign_in(self, email: str, password: str) -> None:
        _, page = self.request("GET", "/login")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        form = {"email": email, "password": password, "next": ""}
        if token:
            form["csrf_token"] = token.group(1)
        status, _ = self.request("POST", "/login", urlencode(form))
        if status != 302:
            raise SystemExit(f"signing in as {email} answered {status} (rate limit? password?)")


@dataclass
class Result:
    times: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0


def hammer(sessions: list[Session], path: str, seconds: float) -> Result:
    """Every session requests ``path`` back to back for ``seconds``."""
    result, lock = Result(), threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(session: Session) -> None:
        while time.perf_counter() < deadline:
            began = time.perf_counter()
            try:
                status, _ = session.request("GET", path)
            except (http.client.HTTPException, OSError):
                status = 0
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                result.times.append(elapsed)
                result.errors += status != 200

    threads = [threading.Thread(target=worker, args=(s,)) for s in sessions]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.elapsed = time.perf_counter() - started
    return result


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--case", type=int, help="case id (default: worker-001's first listed)")
    args = parser.parse_args()
    password = os.environ.get(PASSWORD_ENV) or sys.exit(f"set {PASSWORD_ENV}")
    target = urlsplit(args.url)

    def sessions(email: str) -> list[Session]:
        signed = [Session(target.hostname, target.port or 80) for _ in range(args.threads)]
        for session in signed:
            session.sign_in(email, password)
        return signed

    worker, manager = sessions("worker-001@load.test"), sessions("manager-01@load.test")
    case = args.case or int(re.search(r'href="/cases/(\d+)"',
                                      worker[0].request("GET", "/cases")[1]).group(1))
    pages = [(FLOOR, worker, "/accessibility"),
             ("practitioner dashboard", worker, "/"),
             ("manager dashboard", manager, "/"),
             ("case page", worker, f"/cases/{case}"),
             ("chronology", worker, f"/cases/{case}/chronology"),
             ("cases list", worker, "/cases"),
             ("cases list (manager)", manager, "/cases")]
    print(f"{args.url}: {args.threads} threads per page, {args.seconds:g} s each "
          f"(after {args.warmup:g} s warm-up); case {case}", flush=True)
    rows = []
    for name, signed, path in pages:
        hammer(signed, path, args.warmup)
        result = hammer(signed, path, args.seconds)
        rows.append((name, result))
        print(f"  {name}: {len(result.times)} requests, {result.errors} errors", flush=True)
    return report(rows)


def report(rows: list[tuple[str, Result]]) -> int:
    floor = percentile(dict(rows)[FLOOR].times, 0.95)
    print("\n| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors | p95 ÷ floor p95 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, result in rows:
        p95 = percentile(result.times, 0.95)
        print(f"| {name} | {len(result.times):,} | {len(result.times) / result.elapsed:.1f} | "
              f"{statistics.median(result.times):.1f} | {p95:.1f} | "
              f"{percentile(result.times, 0.99):.1f} | {result.errors} | {p95 / floor:.2f} |")
    return 1 if any(result.errors for _, result in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
