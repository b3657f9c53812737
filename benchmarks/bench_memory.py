"""Peak memory with the long page open in the main window vs. the bare viewer, same text.

Each side runs in a fresh interpreter (``python -m benchmarks.probe memory-app|memory-bare``).
Every module is imported first, then the ``QApplication`` is created and the resident set size
read (``/proc/self/statm``): that is the starting point. Ours then opens a project holding only
the 1 MB page and its 10,000 spans and shows it in the ``MainWindow``; the bare viewer reads the
same text from a file into a ``QPlainTextEdit`` in a ``QMainWindow``. Both windows get the same
size, are shown, have their events delivered and are painted in full; then the peak resident set
size is read (``VmHWM`` in ``/proc/self/status``; ``getrusage().ru_maxrss`` would include the
parent's size, which Linux carries into a child's maximum across fork and exec). The figure is
the peak minus the starting point: what showing the page costs, without the fixed cost of the
libraries (our SQLAlchemy and Alembic imports are left out, as Qt's are on both sides). Totals,
and the growth of our window on an empty project (its fixed cost), are in the details.
One unmeasured run of each goes first; then they alternate and the medians are compared.
"""

from __future__ import annotations

from annotator.services.project import Project
from benchmarks.bench_startup import run_probe
from benchmarks.report import Measurement, median, ratio
from benchmarks.workspace import ANNOTATOR, Workspace

TARGET = 1.5
MB = 1024 * 1024


def run(workspace: Workspace) -> list[Measurement]:
    """Alternate the two probes; compare median growth."""
    project = str(workspace.page_project)
    text = str(workspace.page_text_file)
    run_probe(workspace, "memory-app", project)  # warm the file-system cache, not measured
    run_probe(workspace, "memory-bare", text)
    ours: list[dict[str, float]] = []
    bare: list[dict[str, float]] = []
    for _ in range(workspace.sizes.memory_runs):
        ours.append(run_probe(workspace, "memory-app", project)[1])
        bare.append(run_probe(workspace, "memory-bare", text)[1])
    # For the diagnosis: what the window costs before any document is in it.
    empty = workspace.fresh("empty.annotator")
    Project.open(empty, ANNOTATOR).close()
    empty_window = run_probe(workspace, "memory-app", str(empty))[1]
    ours_mb = median([r["growth"] / MB for r in ours])
    bare_mb = median([r["growth"] / MB for r in bare])
    return [
        Measurement(
            name="peak_memory",
            title=f"Peak memory growth with the {len(workspace.page.text) / 1e6:.1f} MB page "
            "open in the main window, vs. a bare QPlainTextEdit with the same text",
            unit="MB",
            ours=ours_mb,
            baseline=bare_mb,
            ratio=ratio(ours_mb, bare_mb),
            target=TARGET,
            details={
                "ours_peak_total_mb": median([r["peak_rss"] / MB for r in ours]),
                "baseline_peak_total_mb": median([r["peak_rss"] / MB for r in bare]),
                "ours_start_mb": median([r["start_rss"] / MB for r in ours]),
                "baseline_start_mb": median([r["start_rss"] / MB for r in bare]),
                "ours_empty_window_mb": empty_window["growth"] / MB,
                "runs": len(ours),
            },
            note="peak RSS (VmHWM) minus RSS right after creating the QApplication "
            "(library code excluded on both sides); our window on an empty project alone: "
            f"{empty_window['growth'] / MB:.1f} MB",
        )
    ]
