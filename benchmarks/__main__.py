"""``python -m benchmarks [--quick] [--json OUT] [--only NAME ...] [--strict]``: run the suite.

Prints a table and writes a JSON report. Exits 0 when every benchmark ran (whatever the
figures), 2 when one could not run, and with ``--strict`` 1 when a figure misses its target.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path
from typing import Any

from benchmarks.bench_formats import measurement_names as format_measurement_names
from benchmarks.report import Measurement, failed, table, write_json
from benchmarks.workspace import FULL, QUICK, REPO_ROOT, RESULTS_DIR, Workspace

#: Benchmark modules in running order, with the measurements each one reports.
BENCHMARKS: dict[str, tuple[str, ...]] = {
    "bench_startup": ("startup",),
    "bench_document": ("open_document", "open_document_huge", "open_document_stored"),
    "bench_add_span": ("add_span",),
    "bench_project": ("open_project", "filter_by_status", "filter_by_notes"),
    "bench_transfer": ("import_documents", "export_spans"),
    "bench_memory": ("peak_memory",),
    "bench_agreement": ("agreement",),
    "bench_suggest": ("suggest_detector", "suggest_learned", "suggest_first_screen"),
    # Every registered format whose library is installed: new formats join by themselves.
    "bench_formats": format_measurement_names(),
}
DEFAULT_REPORT = RESULTS_DIR / "latest.json"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Measure Annotator against same-run baselines; print a table, write JSON.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="small sizes: checks the suite works (CI smoke run)"
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_REPORT,
        metavar="OUT",
        help=f"where to write the JSON report (default: {DEFAULT_REPORT.relative_to(REPO_ROOT)})",
    )
    names = [name for group in BENCHMARKS.values() for name in group]
    parser.add_argument(
        "--only",
        nargs="+",
        choices=names,
        metavar="NAME",
        help=f"run only the benchmarks reporting these measurements ({', '.join(names)})",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 when a figure misses its target"
    )
    return parser


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False
        )
    except OSError:
        return ""
    return done.stdout.strip()


def _environment() -> dict[str, Any]:
    import PySide6
    import sqlalchemy
    from PySide6.QtCore import qVersion

    from annotator import __version__

    commit = _git("rev-parse", "--short", "HEAD")
    return {
        "annotator": __version__,
        "git_commit": commit or None,
        # Figures of uncommitted code cannot be reproduced from the commit alone.
        "annotator_uncommitted_changes": bool(_git("status", "--porcelain", "--", "annotator")),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "qt": qVersion(),
        "sqlalchemy": sqlalchemy.__version__,
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "qt_platform": os.environ.get("QT_QPA_PLATFORM"),
    }


def _run_module(module_name: str, workspace: Workspace) -> list[Measurement]:
    names = BENCHMARKS[module_name]
    print(f"running {module_name} ({', '.join(names)}) ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        run: Callable[[Workspace], list[Measurement]] = import_module(
            f"benchmarks.{module_name}"
        ).run
        results = run(workspace)
    except Exception as error:  # one broken benchmark must not hide the others' figures
        traceback.print_exc()
        return [failed(name, name, f"{type(error).__name__}: {error}") for name in names]
    print(f"  done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the chosen benchmarks; returns the exit status."""
    args = _parser().parse_args(argv)
    workspace = Workspace(QUICK if args.quick else FULL, quick=args.quick)
    started_at = datetime.now(UTC)
    started = time.perf_counter()
    measurements: list[Measurement] = []
    try:
        for module_name, names in BENCHMARKS.items():
            if args.only is None or set(names) & set(args.only):
                measurements.extend(_run_module(module_name, workspace))
    finally:
        workspace.close()
    header = {
        "suite": "annotator-benchmarks",
        "format": 1,
        "quick": args.quick,
        "started_at": started_at.isoformat(timespec="seconds"),
        "duration_s": round(time.perf_counter() - started, 1),
        "command": "python -m benchmarks" + (" --quick" if args.quick else ""),
        "environment": _environment(),
    }
    write_json(args.json, header, measurements)
    print(table(measurements))
    print(f"\nReport written to {args.json}")
    if any(m.error for m in measurements):
        return 2
    if args.strict and not all(m.passed for m in measurements):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
