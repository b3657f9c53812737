"""Start-up: process start to the first painted frame of the main window.

Ours runs the real command line (``annotator.cli.main(["open", PROJECT])``) on a project that
holds the sample corpus, as a first start leaves it: settings are read, the project file is
opened and checked, the window is built, the first unfinished document is shown. The baseline
is a bare ``QMainWindow`` with a ``QPlainTextEdit``, a ``QTreeView`` and a ``QListView`` in a
splitter, at the same size: the same Qt libraries loaded, no application code. Both run in
fresh interpreters (``python -m benchmarks.probe``), under the offscreen platform, and both are
timed from just before the parent starts the process to the end of the first painted frame,
detected by the same application-wide event filter. Our window paints its first frame before
it opens the project (as a user sees it: the window at once, "Opening ..." in the status bar,
then the documents); the time until the frame that shows the first document is reported too,
in the details and the note, so that wait stays in plain view. One unmeasured run of each warms the
file-system cache; then the runs alternate, and the medians are compared.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.report import Measurement, median, ratio
from benchmarks.workspace import REPO_ROOT, Workspace

TARGET = 1.5


def run_probe(workspace: Workspace, *args: str) -> tuple[float, dict[str, float]]:
    """Run ``benchmarks.probe`` with ``args``; returns (seconds since start, its result)."""
    command = [sys.executable, "-m", "benchmarks.probe", *args]
    started = time.monotonic()
    done = subprocess.run(
        command,
        cwd=REPO_ROOT,
        env=workspace.subprocess_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"probe {' '.join(args)} failed: {done.stderr.strip()[-2000:]}")
    result: dict[str, float] = json.loads(lines[-1].removeprefix("RESULT "))
    return started, result


def _time_to_first_frame(workspace: Workspace, *args: str) -> tuple[float, float]:
    """Seconds to the first painted frame, and to the first frame with a document shown."""
    started, result = run_probe(workspace, *args)
    painted = result["painted_at"] - started
    return painted, result.get("document_at", result["painted_at"]) - started


def run(workspace: Workspace) -> list[Measurement]:
    """Measure start-up of our window and of the bare one."""
    project: Path = workspace.sample_project
    ours_args = ("startup-app", str(project))
    bare_args = ("startup-bare",)
    _time_to_first_frame(workspace, *ours_args)  # warm the caches, not measured
    _time_to_first_frame(workspace, *bare_args)
    ours: list[float] = []
    ours_document: list[float] = []
    bare: list[float] = []
    for _ in range(workspace.sizes.startup_runs):
        painted, document = _time_to_first_frame(workspace, *ours_args)
        ours.append(painted * 1000)
        ours_document.append(document * 1000)
        bare.append(_time_to_first_frame(workspace, *bare_args)[0] * 1000)
    ours_ms, bare_ms = median(ours), median(bare)
    document_ms = median(ours_document)
    return [
        Measurement(
            name="startup",
            title="Start-up to the first painted main window vs. a bare PySide6 window",
            unit="ms",
            ours=ours_ms,
            baseline=bare_ms,
            ratio=ratio(ours_ms, bare_ms),
            target=TARGET,
            details={
                "runs": len(ours),
                "ours_ms": ours,
                "baseline_ms": bare,
                "ours_first_document_ms": ours_document,
                "ours_first_document_median_ms": document_ms,
                "first_document_vs_baseline": ratio(document_ms, bare_ms),
            },
            note="the window shows before the project is opened; its first document is "
            f"painted after {document_ms:,.0f} ms ({ratio(document_ms, bare_ms):.2f}x the bare "
            "window's first frame)",
        )
    ]
