"""Two windows on one project: nothing acknowledged to either is lost or duplicated.

Two processes edit the same document of the same layer at random - labels, relabels,
removals, undos and redos - often from views the other has made stale. Every change either
window committed is logged in commit order; replaying the log must give exactly the spans
the file holds; no window may remove or change a span it was not showing as it was (that
is how one window's undo destroyed the other's work); the layer, which forbids overlaps,
must hold none; and each window, once it has looked, must show what the file holds.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from annotator.core.model import DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project

DRIVER = Path(__file__).with_name("two_windows_driver.py")
TEXT = (
    "The council said the bridge cost £23.6m, more than planned. 😀 Critics called it a "
    "waste of money, and residents agreed at Tuesday's meeting. Share on X · Copy link · "
    "Donate today to keep local news free. Posted by mod_anna — joined 2011, 4,210 posts.\r\n"
    "I think the new bridge is lovely; the old one was falling apart anyway.\n"
)
STEPS = 120


def replay(log: Path) -> dict[str, tuple[int, int, int]]:
    """The spans the logged changes leave, in the order they were committed."""
    spans: dict[str, tuple[int, int, int]] = {}
    for line in log.read_text("utf-8").splitlines():
        entry = json.loads(line)
        # A window removes or changes only spans it was showing exactly so.
        assert entry.get("seen", True), f"overwrote what it never saw: {entry}"
        for kind in ("added", "changed", "removed"):
            if kind in entry:
                span = entry[kind]
                if kind == "removed":
                    assert spans.pop(span["id"], None) is not None, f"removed twice: {span}"
                else:
                    assert (kind == "added") == (span["id"] not in spans), f"{kind}: {span}"
                    spans[span["id"]] = (span["start"], span["end"], span["label"])
    return spans


def stored(path: Path) -> dict[str, tuple[int, int, int]]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute('SELECT id, start, "end", label_id FROM spans').fetchall()
    connection.close()
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


@pytest.mark.slow
@pytest.mark.parametrize("seeds", [(1, 2), (3, 4), (5, 6)])
def test_two_processes_lose_and_duplicate_nothing(tmp_path: Path, seeds: tuple[int, int]) -> None:
    path = tmp_path / "shared.annotator"
    project = Project.open(path, "alice")
    project.importer.import_drafts(
        [DocumentDraft(TEXT, "Bridge", "bridge.txt")],
        ImportOptions(default_annotator="alice"),
        ImportReport(),
    )
    project.close()
    lock, log = tmp_path / "lock", tmp_path / "log.jsonl"
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}
    runs = [
        subprocess.Popen(
            [sys.executable, str(DRIVER), str(path), str(seed), str(STEPS), str(lock), str(log)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for seed in seeds
    ]
    reports = []
    for run in runs:
        out, errors = run.communicate(timeout=300)
        assert run.returncode == 0, errors
        reports.append(json.loads(out.strip().splitlines()[-1]))
    in_file = stored(path)
    assert replay(log) == in_file
    layer = sorted(in_file.values())
    for (_, first_end, _), (second_start, _, _) in pairwise(layer):
        assert first_end <= second_start, layer
    for report in reports:  # each window shows what the file holds
        assert report["view"] == sorted([key, *value] for key, value in in_file.items())
    # The run did what it is meant to: many edits, some of them refused as stale.
    assert len(in_file) >= 5
    assert log.read_text("utf-8").count("\n") >= STEPS
