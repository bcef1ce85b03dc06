"""A pytest plugin (loaded by tests/conftest.py): every log line written during the whole run —
the ``supervise.security`` JSON lines and anything else at WARNING or above — goes to one folder,
one file per test process, and the run's log is scanned for family names after every other test.

Run in one process, the scanning test (``scans_whole_run``) is sorted last. Run across processes
(pytest-xdist), a test cannot know the others have finished, so the controller scans every
process's file once they all have (``pytest_sessionfinish``) and fails the run if it finds any.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.shared_run import RUN_FOLDER_VARIABLE

LOG_PATH = pytest.StashKey[Path]()
_HANDLER = pytest.StashKey[logging.Handler]()
_OWNS_FOLDER = pytest.StashKey[bool]()
MARKER = "scans_whole_run"


def _worker(config: pytest.Config) -> str | None:
    return getattr(config, "workerinput", {}).get("workerid")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: runs after every other test in the session")
    worker = _worker(config)
    if worker is None:
        # The controller (or the only process): make the folder; xdist workers inherit it.
        folder = Path(tempfile.mkdtemp(prefix="supervise-logs-"))
        os.environ[RUN_FOLDER_VARIABLE] = str(folder)
    else:
        folder = Path(os.environ[RUN_FOLDER_VARIABLE])
    config.stash[_OWNS_FOLDER] = worker is None
    path = folder / f"run-{worker or 'main'}.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    # The security logger does not propagate (it has its own output), so both get the handler.
    logging.getLogger("supervise.security").addHandler(handler)
    logging.getLogger().addHandler(handler)
    config.stash[LOG_PATH] = path
    config.stash[_HANDLER] = handler


def whole_run_lines(folder: Path) -> list[str]:
    """Every line every process of this run has written so far."""
    lines: list[str] = []
    for path in sorted(folder.glob("run-*.log")):
        lines.extend(path.read_text(encoding="utf-8").splitlines())
    return lines


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under xdist, the controller scans what every worker wrote once all have finished."""
    config = session.config
    if _worker(config) is not None or not config.pluginmanager.has_plugin("dsession"):
        return
    from tests.security.test_log_scan import family_words, leaks

    found = leaks(whole_run_lines(config.stash[LOG_PATH].parent), family_words())
    if found:
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_sep("=", "family data in the logs of this run", red=True)
        for word, line in found[:20]:
            reporter.write_line(f"{word!r}: {line[:300]}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_unconfigure(config: pytest.Config) -> None:
    handler = config.stash.get(_HANDLER, None)
    if handler is None:
        return
    logging.getLogger("supervise.security").removeHandler(handler)
    logging.getLogger().removeHandler(handler)
    handler.close()
    if config.stash.get(_OWNS_FOLDER, False):
        shutil.rmtree(config.stash[LOG_PATH].parent, ignore_errors=True)


def _ensure_attached(config: pytest.Config) -> None:
    """Alembic's ``fileConfig`` (run by the migrations) replaces the root logger's handlers."""
    handler = config.stash.get(_HANDLER, None)
    if handler is None:
        return
    for name in ("supervise.security", ""):
        target = logging.getLogger(name)
        if handler not in target.handlers:
            target.addHandler(handler)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    _ensure_attached(item.config)
    yield
    _ensure_attached(item.config)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    last = [item for item in items if item.get_closest_marker(MARKER)]
    items[:] = [item for item in items if not item.get_closest_marker(MARKER)] + last


@pytest.fixture
def whole_run_log(request: pytest.FixtureRequest) -> Path:
    """The folder every log line of this run is written to (one file per process)."""
    handler = request.config.stash[_HANDLER]
    handler.flush()
    return request.config.stash[LOG_PATH].parent


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(json.loads(record.getMessage()))


@pytest.fixture
def security_events():
    """The security events written during the test, parsed from their JSON lines."""
    logger = logging.getLogger("supervise.security")
    collector = _Collector()
    logger.addHandler(collector)
    yield collector.records
    logger.removeHandler(collector)


def events_named(records: list[dict], name: str) -> list[dict]:
    return [record for record in records if record["event"] == name]
