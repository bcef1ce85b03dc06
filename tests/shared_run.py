"""A folder every process of one test run shares (pytest-xdist runs several), and a lock in it.

The controller (or the only process) makes the folder when pytest starts
(``tests/security/log_capture.py``) and names it in the environment the workers inherit.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RUN_FOLDER_VARIABLE = "SUPERVISE_TEST_RUN_DIR"


def run_folder() -> Path:
    return Path(os.environ[RUN_FOLDER_VARIABLE])


@contextmanager
def run_lock(name: str) -> Iterator[Path]:
    """Hold ``name`` against every other process of this run; yields the shared folder."""
    folder = run_folder()
    with open(folder / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield folder
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
