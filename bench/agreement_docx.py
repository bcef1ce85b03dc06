"""Benchmark: generating one written-agreement DOCX through the app's document service, as a
ratio to a bare docxtpl render of the same template and context in the same process, and
agreements per second on one core.

    .venv/bin/python bench/agreement_docx.py [--rounds 60] [--variant en]

The service path is ``supervise.documents.library.render`` — the template library lookup (one
query), the context check, and the sandboxed, strict, autoescaping render with its compiled-
template cache. The bare path is ``DocxTemplate(template).render(context)`` with docxtpl's
default Jinja environment, then ``save``. Both produce the DOCX bytes in memory. Rounds
alternate between the two so that load from other processes hits both alike.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        return "pinned to one core"
    return "not pinned (no sched_setaffinity)"


def _bare(template: bytes, context: dict) -> bytes:
    from docxtpl import DocxTemplate

    document = DocxTemplate(io.BytesIO(template))
    document.render(context)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _timed(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--variant", default="en")
    options = parser.parse_args()
    pinned = _one_core()

    from flask_migrate import upgrade

    from supervise import create_app

    folder = Path(tempfile.mkdtemp(prefix="supervise-bench-"))
    app = create_app("test", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.db'}",
                     DOCUMENT_STORE=folder / "documents")
    with app.app_context():
        upgrade()
        from supervise.agreements.document import AGREEMENT, sample_context
        from supervise.documents import library

        context = sample_context()
        template = library.shipped_template(AGREEMENT, options.variant).data
        assert _bare(template, context)[:2] == library.render("agreement", options.variant,
                                                               context)[:2] == b"PK"
        for _ in range(5):  # warm up both paths
            _bare(template, context)
            library.render("agreement", options.variant, context)
        bare, service = [], []
        for _ in range(options.rounds):
            bare.append(_timed(_bare, template, context))
            service.append(_timed(library.render, "agreement", options.variant, context))
    _report(options, pinned, bare, service)


def _report(options, pinned: str, bare: list[float], service: list[float]) -> None:
    def ms(values: list[float]) -> str:
        ordered = sorted(values)
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        return f"median {statistics.median(values) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"

    ratio = statistics.median(service) / statistics.median(bare)
    print(f"python {platform.python_version()} on {platform.machine()}, {pinned}, "
          f"{options.rounds} rounds, variant {options.variant}")
    print(f"bare docxtpl render + save : {ms(bare)}")
    print(f"document service render    : {ms(service)}")
    print(f"ratio service / bare       : {ratio:.2f}")
    print(f"agreements per second      : {1 / statistics.median(service):.1f} on one core")


if __name__ == "__main__":
    main()
