"""Nothing is lost when the app is killed: every change is committed the moment it is made."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.core.model import DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project

DRIVER = Path(__file__).with_name("kill9_driver.py")


def run_and_kill(project: Path, step: str, home: Path) -> None:
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
        ready, _, _ = select.select([process.stdout], [], [], 120)
        line = process.stdout.readline() if ready else ""
        os.kill(process.pid, signal.SIGKILL)
        _, errors = process.communicate(timeout=30)
    assert line.strip() == "READY", errors
    assert process.returncode == -signal.SIGKILL


def stored_spans(project: Path) -> list[tuple[str, str]]:
    """Read the file directly, as a fresh process after a crash would."""
    with sqlite3.connect(project) as connection:
        rows = connection.execute(
            'SELECT substr(d.text, s.start + 1, s."end" - s.start), l.name '
            "FROM spans s JOIN documents d ON d.id = s.document_id "
            "JOIN labels l ON l.id = s.label_id "
            "ORDER BY s.start"
        ).fetchall()
    connection.close()
    return [(text, label) for text, label in rows]


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

    run_and_kill(project_path, "first", tmp_path)
    assert stored_spans(project_path) == [("Bridge", "Claim")]

    run_and_kill(project_path, "second-then-undo", tmp_path)
    assert stored_spans(project_path) == [("Bridge", "Claim")]
    reopened = Project.open(project_path, "alice")  # and the project still opens normally
    reopened.close()
