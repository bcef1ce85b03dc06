"""A crash between writing a file and committing its record leaves a file no record points
to: ``flask documents cleanup`` deletes it, never a file a record needs or one still in flight."""

from __future__ import annotations

import os
import time

from supervise.core import uploads
from supervise.maintenance.doctor import run_checks
from tests.agreements.factories import make_signed_without_rendering

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _age(relative: str, seconds: int) -> None:
    path = uploads.resolve(relative)
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_cleanup_deletes_only_old_files_no_record_points_to(app, world):
    agreement = make_signed_without_rendering(world)
    kept = agreement.document.path
    orphan = uploads.store_bytes(PNG, "png", "uploads").path  # its request never committed
    in_flight = uploads.store_bytes(PNG, "png", "uploads").path  # its request is committing
    _age(kept, 7200)
    _age(orphan, 7200)
    assert not {f.check: f for f in run_checks()}["orphaned documents"].ok

    result = app.test_cli_runner().invoke(args=["documents", "cleanup"])
    assert result.exit_code == 0, result.output
    assert f"{orphan}\n1 orphaned file(s)" in result.output
    assert not uploads.resolve(orphan).exists()
    assert uploads.resolve(kept).exists() and uploads.resolve(in_flight).exists()
    assert {f.check: f for f in run_checks()}["orphaned documents"].ok


def test_a_dry_run_deletes_nothing(app, world):
    orphan = uploads.store_bytes(PNG, "png", "uploads").path
    result = app.test_cli_runner().invoke(args=["documents", "cleanup", "--dry-run",
                                                "--min-age-minutes", "0"])
    assert orphan in result.output.splitlines()  # with any other test's rolled-back files
    assert "would be deleted." in result.output
    assert uploads.resolve(orphan).exists()
    uploads.resolve(orphan).unlink()
