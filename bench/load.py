"""Load generator: the main pages over loopback HTTP against a running server (gunicorn), signed
in as a practitioner (worker-001) and their line manager (manager-01) from ``flask seed-load``.

Each page in turn gets ``--seconds`` of traffic from ``--threads`` threads, every thread with its
own keep-alive connection and its own signed-in session (as separate people would be). Reports
throughput, p50/p95/p99 and errors per page, and each page's p95 as a multiple of the floor's:
``/accessibility`` renders the base layout and touches no table beyond the signed-in user, so it
is what the framework, the session check and the network cost on their own.

Then the writes, for ``--seconds`` together: the practitioner saving one of their visit plans
(open its form, post it back — the timed request is the save) while, in the same seconds, a
written agreement goes round its whole cycle again and again — a new version of the
practitioner's signed agreement, sent for approval, approved by the line manager, and issued,
which generates its document (the timed request is the issue). Every step is a real form post
with its CSRF token and version, as a browser sends it; each cycle leaves one more issued
version of that agreement behind.

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
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

PASSWORD_ENV = "SUPERVISE_LOAD_PASSWORD"  # noqa: S105  (the variable's name)
FLOOR = "floor /accessibility"
SAVE_PLAN = "saving a visit plan (POST)"
ISSUE = "generating an agreement (issue POST)"


class Forms(HTMLParser):
    """The forms on a page: each one's action and the fields a browser would send."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._text: list[str] | None = None  # an open <textarea>: name, text
        self._select: list | None = None  # an open <select>: name, first, selected
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((a.get("action", ""), []))
        elif not self.forms or (tag != "option" and not a.get("name")):
            return
        elif tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file") or (
                    kind in ("checkbox", "radio") and "checked" not in a):
                return
            self.forms[-1][1].append((a["name"], a.get("value", "on")))
        elif tag == "textarea":
            self._text = [a["name"], ""]
        elif tag == "select":
            self._select = [a["name"], None, None]
        elif tag == "option" and self._select is not None:
            self._select[1] = a.get("value", "") if self._select[1] is None else self._select[1]
            if "selected" in a:
                self._select[2] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._text is not None:
            name, text = self._text  # a browser drops the newline after <textarea>
            self.forms[-1][1].append((name, text[1:] if text.startswith("\n") else text))
            self._text = None
        elif tag == "select" and self._select is not None:
            name, first, chosen = self._select
            self.forms[-1][1].append((name, chosen if chosen is not None else first or ""))
            self._select = None

    def ending(self, suffix: str, page_path: str) -> tuple[str, str]:
        """The form whose action (the page's own address when it has none) ends with
        ``suffix``: its action and encoded fields."""
        for action, fields in self.forms:
            if (action or page_path).endswith(suffix):
                return action or page_path, urlencode(fields)
        raise LookupError(f"no form posting to …{suffix} on {page_path}")


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
        self.location = response.getheader("Location", "")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.read().decode("utf-8", "replace")

    def post_form(self, page_path: str, suffix: str) -> tuple[int, float]:
        """Open ``page_path`` and post back its form whose action ends with ``suffix``, as it
        stands: the status and the post's milliseconds."""
        _, page = self.request("GET", page_path)
        action, body = Forms(page).ending(suffix, page_path)
        began = time.perf_counter()
        status, _ = self.request("POST", action, body)
        return status, (time.perf_counter() - began) * 1000

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


def save_plans(worker: Session, plan: str, seconds: float) -> Result:
    """The practitioner saves their visit plan's details back to back (a draft or returned
    plan: its edit form, posted back as it stands, with the version it was read at)."""
    result, deadline = Result(), time.perf_counter() + seconds
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        status, elapsed = worker.post_form(f"{plan}/edit", "/edit")
        result.times.append(elapsed)
        result.errors += status != 302
    result.elapsed = time.perf_counter() - started
    return result


def issue_agreements(worker: Session, manager: Session, agreement: str,
                     seconds: float) -> Result:
    """Round and round: a new version of the issued or signed ``agreement``, sent for
    approval, approved by the line manager, issued (the document generated); then the same
    from the version just issued. Picks up wherever an earlier run left the agreement. Only
    the issue is timed."""
    result, deadline = Result(), time.perf_counter() + seconds
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        _, page = worker.request("GET", agreement)
        successor = re.search(r'href="(/cases/\d+/agreements/\d+)">Go to version', page)
        actions = {action or agreement for action, _ in Forms(page).forms}
        if successor:
            agreement = successor.group(1)
        elif f"{agreement}/new-version" in actions:
            worker.post_form(agreement, "/new-version")
            agreement = urlsplit(worker.location).path
        elif f"{agreement}/submit" in actions:
            worker.post_form(agreement, "/submit")
        elif f"{agreement}/issue" in page:
            status, elapsed = worker.post_form(f"{agreement}/issue", "/issue")
            result.times.append(elapsed)
            result.errors += status != 302
        elif manager.post_form(agreement, "/approve")[0] != 302:
            raise SystemExit(f"{agreement}: the line manager could not approve it")
    result.elapsed = time.perf_counter() - started
    return result


def writes(worker: Session, manager: Session, plan: str, agreement: str,
           seconds: float) -> list[tuple[str, Result]]:
    """Both kinds of write at once, each from its own connection."""
    results: dict[str, Result] = {}
    jobs = {SAVE_PLAN: lambda: save_plans(worker, plan, seconds),
            ISSUE: lambda: issue_agreements(Session(worker.host, worker.port, dict(
                worker.cookies)), manager, agreement, seconds)}
    threads = [threading.Thread(target=lambda n=n, job=job: results.__setitem__(n, job()))
               for n, job in jobs.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [(name, results[name]) for name in jobs if name in results]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    # Issuing is one request in five of its cycle (new version, submit, approve, issue): at
    # 15 s it gave 20–35 issues, too few for a p95 worth the name; 45 s gives about a hundred.
    parser.add_argument("--write-seconds", type=float, default=45,
                        help="how long the two writes run, side by side")
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
    home = worker[0].request("GET", "/")[1]
    plan = re.search(r'href="(/cases/\d+/plans/\d+)"',  # "Your visit plans"
                     home[home.index('id="panel-my_plans"'):])
    agreement = re.search(r'href="(/cases/\d+/agreements/\d+)"',  # "past their review date"
                          home[home.index('id="panel-agreements_past_review"'):])
    print(f"{args.url}: {args.threads} threads per page, {args.seconds:g} s each "
          f"(after {args.warmup:g} s warm-up), the writes {args.write_seconds:g} s; "
          f"case {case}", flush=True)
    rows = []
    for name, signed, path in pages:
        hammer(signed, path, args.warmup)
        result = hammer(signed, path, args.seconds)
        rows.append((name, result))
        print(f"  {name}: {len(result.times)} requests, {result.errors} errors", flush=True)
    if plan is None or agreement is None:
        raise SystemExit("worker-001's dashboard shows no visit plan or agreement to write to")
    for name, result in writes(worker[0], manager[0], plan.group(1), agreement.group(1),
                               args.write_seconds):
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
