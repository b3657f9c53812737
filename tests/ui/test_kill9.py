"""Nothing is lost when the app is killed: every change is committed the moment it is made."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from crash_harness import make_project, read_state, run_window

from annotator.core.model import DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project

DRIVER = Path(__file__).with_name("kill9_driver.py")
#: CRASH_SEED=N replays a run; by default each run has a new seed (printed with a failure).
SEED = int(os.environ.get("CRASH_SEED", random.randrange(2**32)))


def run_and_kill(project: Path, step: str, home: Path) -> list[str]:
    """Run the window's ``step``, kill it once it says READY; returns what it acknowledged."""
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
    }
    with subprocess.Popen(
        [sys.executable, str(DRIVER), str(project), step],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as process:
        assert process.stdout is not None
        said: list[str] = []
        stuck = threading.Timer(120, process.kill)  # a window that never gets READY
        stuck.start()
        for line in process.stdout:
            said.append(line.strip())
            if said[-1] == "READY":
                break
        stuck.cancel()
        os.kill(process.pid, signal.SIGKILL)
        _, errors = process.communicate(timeout=30)
    assert said[-1:] == ["READY"], errors
    assert process.returncode == -signal.SIGKILL
    return said[:-1]


def stored_spans(project: Path) -> list[tuple[str, str, str]]:
    """Read the file directly, as a fresh process after a crash would."""
    with sqlite3.connect(project) as connection:
        rows = connection.execute(
            'SELECT s.id, substr(d.text, s.start + 1, s."end" - s.start), l.name '
            "FROM spans s JOIN documents d ON d.id = s.document_id "
            "JOIN labels l ON l.id = s.label_id "
            "ORDER BY s.start"
        ).fetchall()
    connection.close()
    return [(span_id, text, label) for span_id, text, label in rows]


@pytest.mark.slow
def test_span_survives_kill_9_and_undone_span_stays_undone(tmp_path: Path) -> None:
    project_path = tmp_path / "killed.annotator"
    project = Project.open(project_path, "alice")
    project.importer.import_drafts(
        [DocumentDraft("Bridge closes for fourteen months, council says.\n", "news", "news.txt")],
        ImportOptions(default_annotator="alice"),
        ImportReport(),
    )
    project.close()

    said = run_and_kill(project_path, "first", tmp_path)
    assert len(said) == 1, f"the label key acknowledged one span: {said}"
    [added] = said
    _, first, label, text = added.split(" ", 3)
    assert (label, text) == ("Claim", "Bridge")  # the key labelled the word, and said so
    assert stored_spans(project_path) == [(first, "Bridge", "Claim")]

    # The second word labelled (acknowledged after its commit), then undone: only the undo
    # proves anything if the label key really made the span first.
    said = run_and_kill(project_path, "second-then-undo", tmp_path)
    assert len(said) == 2, f"the label key, then the undo, acknowledged: {said}"
    added, removed = said
    _, second, label, text = added.split(" ", 3)
    assert (label, text) == ("Opinion", "closes")
    assert removed == f"REMOVED {second}"
    assert stored_spans(project_path) == [(first, "Bridge", "Claim")]
    reopened = Project.open(project_path, "alice")  # and the project still opens normally
    reopened.close()


@pytest.mark.slow
def test_random_kills_of_the_window_lose_no_acknowledged_change(tmp_path: Path) -> None:
    """The crash harness's window part: the real window labels, marks, undoes and redoes from
    the keyboard at a steady rate and is killed at random moments (crash_harness.py)."""
    project = tmp_path / "window.annotator"
    make_project(project, documents=2)
    figures = run_window(project, kills=6, seed=SEED, home=tmp_path / "home")
    assert figures.kills == 6
    assert figures.acknowledged >= 6, f"seed {SEED}: the window made too few changes"
    assert read_state(project).spans, "the window's labels are in the file"
    Project.open(project, "alice").close()  # and it opens normally
