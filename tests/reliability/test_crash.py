"""Crash safety: gunicorn is SIGKILLed while browsers write cases, agreements and uploads —
its workers twice, the whole server once; after each restart the service works, and at the end the
database is intact, nothing is half-written, the audit log matches the data and, once
``flask documents cleanup`` has run, every stored file belongs to a record. On a file SQLite
database, and on PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

import hashlib
import http.client
import random
import re
import sqlite3
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from supervise import clock
from supervise.agreements.models import Agreement, AgreementSignature
from supervise.audit.models import AuditEvent
from supervise.cases.models import Case
from supervise.core import uploads
from supervise.events.models import CaseEvent
from supervise.extensions import db
from supervise.maintenance.documents import FOLDERS
from tests import factories
from tests.agreements.factories import make_signed_without_rendering
from tests.reliability.live import Browser, Reply, Server, start_server

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
# What is SIGKILLed each round: the workers (the master forks new ones), or the whole server
# (then started again).
KILLS = ("workers", "server", "workers")


def _seed(app) -> tuple[int, list[int]]:
    """The world, and signed agreements waiting for the scan of their signed copy."""
    with app.app_context():
        world = factories.build_world()
        signed = [make_signed_without_rendering(world).id for _ in range(12)]
        case_id = world.case.id
        db.session.commit()
    return case_id, signed


class Writers:
    """Two browsers (signed in once: their sessions outlive every crash) writing as fast as
    they can until the server dies under them."""

    def __init__(self, browsers: list[Browser], case_id: int, scans: list[int]):
        self.browsers, self.case_id, self.scans = browsers, case_id, scans
        self.lock = threading.Lock()

    def run(self, base: str, round_no: int) -> tuple[list[threading.Thread], dict]:
        state = {"saved": [0, 0], "errors": [], "writing": threading.Barrier(3, timeout=20),
                 "stop": threading.Event(), "posting": threading.Event()}
        jobs = (self._cases_and_agreements, self._scans)
        threads = [threading.Thread(target=self._loop, args=(n, job, base, round_no, state))
                   for n, job in enumerate(jobs)]
        for thread in threads:
            thread.start()
        return threads, state

    def _loop(self, n: int, job, base: str, round_no: int, state: dict) -> None:  # type: ignore[no-untyped-def]  # noqa: E501
        browser = self.browsers[n]
        browser.base = base
        browser.before_post = state["posting"].set
        try:
            for step in range(1000):
                if state["stop"].is_set():
                    return
                reply = job(browser, round_no, step)
                assert reply.status == 302, _errors_on(reply)  # saved: no refusal, no 500
                state["saved"][n] += 1
                if step == 0:
                    state["writing"].wait()  # the kill timer starts once both are writing
        except (OSError, http.client.HTTPException):
            return  # the server was killed: connection refused, reset or cut mid-reply
        except Exception as error:  # noqa: BLE001  (reported by the test, not lost in a thread)
            state["errors"].append(error)
            state["writing"].abort()

    def _cases_and_agreements(self, browser: Browser, round_no: int, step: int) -> Reply:
        if step % 2 == 0:
            return browser.submit("/cases/new", {
                "family_name": f"Crash {round_no}-{step} family",
                "my_role": "Allocated social worker", "document_language": "en"})
        review = clock.today() + timedelta(days=60)
        return browser.submit(f"/cases/{self.case_id}/agreements/new", {
            "grounds": "Zoe shouts at visitors", "agency_commitments": "Pat visits weekly",
            "risk_assessment": "Counts in the birth plan", "contact_details": "Pat, 01632",
            "consequences": "A court order", "review_date": [
                str(review.day), str(review.month), str(review.year)]})

    def _scans(self, browser: Browser, round_no: int, step: int) -> Reply:
        with self.lock:
            if not self.scans:  # every seeded agreement has its scan: write something else
                return self._cases_and_agreements(browser, round_no, step + 1000)
            agreement_id = self.scans.pop(0)
        path = f"/cases/{self.case_id}/agreements/{agreement_id}/signed-copy/upload"
        return browser.submit(path, files={"scan": ("signed.png", PNG)})


@pytest.fixture
def running() -> Iterator[list[Server]]:
    """Servers this test started: stopped at the end, whatever happened."""
    servers: list[Server] = []
    yield servers
    for server in servers:
        server.stop()


def test_killing_the_server_mid_write_leaves_nothing_half_written(committed, running, tmp_path):
    store = Path(committed.app.config["DOCUMENT_STORE"])
    case_id, scans = _seed(committed.app)
    log = tmp_path / "gunicorn.log"
    chance = random.Random(20270310)
    browsers: list[Browser] = []
    writers = Writers(browsers, case_id, scans)
    server = start_server(committed.url, store, log, workers=1)
    running.append(server)
    browsers.extend(Browser(server.base) for _ in range(2))
    for browser in browsers:
        browser.sign_in("practitioner@example.test")
    for round_no, victim in enumerate(KILLS):
        threads, state = writers.run(server.base, round_no)
        try:
            state["writing"].wait()
        except threading.BrokenBarrierError:
            pytest.fail(f"writers failed: {state['errors']} {log.read_text()[-1500:]}")
        state["posting"].clear()  # then kill it as a save reaches the server
        assert state["posting"].wait(timeout=20)
        threading.Event().wait(chance.uniform(0, 0.08))
        state["stop"].set()  # whatever is in flight now dies with the process
        if victim == "workers":
            server.kill_workers()
        else:
            server.kill()
            server = start_server(committed.url, store, log, workers=1)
            running.append(server)
        for thread in threads:
            thread.join(timeout=20)
        assert not state["errors"], state["errors"]
        assert all(state["saved"]), f"round {round_no}: {state['saved']} saves"

    browsers[0].base = server.base  # still signed in after every crash: sessions are in the DB
    assert browsers[0].submit("/cases/new", {"family_name": "After the crash family",
                                             "my_role": "Social worker",
                                             "document_language": "en"}).status == 302
    server.stop()

    if committed.url.startswith("sqlite"):
        _check_sqlite_file(make_url(committed.url).database)
    with committed.app.app_context():
        _check_nothing_half_written()
        _check_stored_files_match_their_records()
    result = committed.app.test_cli_runner().invoke(
        args=["documents", "cleanup", "--min-age-minutes", "0"])
    assert result.exit_code == 0, result.output
    with committed.app.app_context():
        _check_every_file_belongs_to_a_record(store)


def _errors_on(reply: Reply) -> str:
    found = re.findall(r'govuk-error-message">(.*?)</p>', reply.text, re.S)
    return f"{reply.status}: {' '.join(' '.join(e.split()) for e in found) or reply.text[:300]}"


def _check_sqlite_file(path: str) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        connection.close()


def _audited(object_type: str, action: str = "create") -> set[int]:
    return set(db.session.scalars(sa.select(AuditEvent.object_id).where(
        AuditEvent.object_type == object_type, AuditEvent.action == action)))


def _check_nothing_half_written() -> None:
    """Each save is one transaction: the record, its parts, its audit and its case event."""
    cases = db.session.scalars(sa.select(Case)).all()
    assert len(cases) >= len(KILLS) + 2  # the world's, one or more a round, the last
    for case in cases:
        assert case.team, f"case {case.id} has no case team"
    assert {c.id for c in cases} == _audited("cases")
    opened = set(db.session.scalars(sa.select(CaseEvent.case_id).where(
        CaseEvent.category == "case_opened")))
    assert opened == {c.id for c in cases}

    agreements = db.session.scalars(sa.select(Agreement)).all()
    assert len(agreements) >= 12  # the signed ones, and any drafts
    for agreement in agreements:
        assert agreement.parties, f"agreement {agreement.id} binds nobody"
        assert agreement.lineage_id == agreement.id or agreement.lineage_id is not None
    assert {a.id for a in agreements} == _audited("agreements")


def _check_stored_files_match_their_records() -> None:
    """No record points to a missing or partly written file."""
    signatures = db.session.scalars(sa.select(AgreementSignature).where(
        AgreementSignature.scan_path.is_not(None))).all()
    assert signatures, "no scan was attached before the kills"
    assert {s.id for s in signatures} == _audited("agreement_signatures", "attach_scan")
    for signature in signatures:
        data = uploads.resolve(signature.scan_path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == signature.scan_sha256


def _check_every_file_belongs_to_a_record(store: Path) -> None:
    from supervise.maintenance.documents import referenced_paths

    stored = {f"{folder}/{p.name}" for folder in FOLDERS
              for p in (store / folder).glob("*") if p.is_file()}
    assert stored == referenced_paths()
