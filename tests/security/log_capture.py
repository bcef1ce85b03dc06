"""A pytest plugin (loaded by tests/conftest.py): every log line written during the whole run —
the ``supervise.security`` JSON lines and anything else at WARNING or above — goes to one file,
and the test that scans it for family names runs after every other test."""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from pathlib import Path

import pytest

LOG_PATH = pytest.StashKey[Path]()
_HANDLER = pytest.StashKey[logging.Handler]()
MARKER = "scans_whole_run"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: runs after every other test in the session")
    folder = Path(tempfile.mkdtemp(prefix="supervise-logs-"))
    path = folder / "whole-run.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    # The security logger does not propagate (it has its own output), so both get the handler.
    logging.getLogger("supervise.security").addHandler(handler)
    logging.getLogger().addHandler(handler)
    config.stash[LOG_PATH] = path
    config.stash[_HANDLER] = handler


def pytest_unconfigure(config: pytest.Config) -> None:
    handler = config.stash.get(_HANDLER, None)
    if handler is None:
        return
    logging.getLogger("supervise.security").removeHandler(handler)
    logging.getLogger().removeHandler(handler)
    handler.close()
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
    """The file every log line of this run was written to."""
    handler = request.config.stash[_HANDLER]
    handler.flush()
    return request.config.stash[LOG_PATH]


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
