"""The benchmark suite still runs: ``python -m benchmarks --quick`` in a subprocess.

Only the shape of the report is checked. Timings never go into tests: they depend on the
machine, and the quick sizes are too small to mean anything.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.bench_formats import measurement_names

REPO_ROOT = Path(__file__).resolve().parent.parent
MEASUREMENTS = {
    "startup",
    "open_document",
    "open_document_huge",
    "open_document_stored",
    "add_span",
    "open_project",
    "filter_by_status",
    "filter_by_notes",
    "import_documents",
    "export_spans",
    "peak_memory",
    "agreement",
    "suggest_detector",
    "suggest_learned",
    "suggest_first_screen",
    # Each registered format's export and import (those whose library is installed).
    *measurement_names(),
}


@pytest.mark.slow
def test_quick_benchmark_run_writes_a_complete_report(tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json", str(report_path)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["quick"] is True
    measurements = {m["name"]: m for m in report["measurements"]}
    assert set(measurements) == MEASUREMENTS
    for name, measurement in measurements.items():
        assert measurement["error"] is None, name
        for key in ("ours", "baseline", "ratio"):
            value = measurement[key]
            assert isinstance(value, int | float) and math.isfinite(value), (name, key, value)
        assert isinstance(measurement["passed"], bool), name
        target = measurement["target"]
        assert target is None or target["direction"] in ("<=", ">="), name
    assert report["summary"]["measurements"] == len(MEASUREMENTS)
    for name in MEASUREMENTS:
        assert name in done.stdout  # the printed table names every measurement


def test_every_registered_format_is_measured_both_ways_where_it_reads_back() -> None:
    from annotator.formats.registry import default_registry

    names = measurement_names()
    writers = default_registry().writers
    assert {name.split("_", 1)[1] for name in names if name.startswith("export_")} == set(writers)
    assert {"import_jsonl", "import_doccano", "import_labelstudio", "import_parquet"} <= set(names)
    assert "import_csv" not in names  # a row per span out, a row per document in
