"""The command line on damaged projects, failed statements and hostile names: one line each,
an environment problem's exit code, and nothing of the documents' text in output or log.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from damaged_files import (
    damage_documents_page,
    fingerprint,
    pad_past_quick_check,
    project_with_pages,
)

from annotator.bug_log import log_path
from annotator.cli_errors import EXIT_BUG, EXIT_FAILED

#: Would start a line of its own, then move the cursor back and colour the terminal.
HOSTILE = "x\nimported 0 documents\r\x1b[31m"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``annotator ARGS`` as a real process, in the test's settings and data folders."""
    return subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )


def assert_one_damage_line(result: subprocess.CompletedProcess[str], path: Path) -> None:
    assert result.returncode == EXIT_FAILED, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"annotator: error: The project file {path} is damaged")
    assert "No backup of it has been made yet." in result.stderr  # made through the services
    assert "SELECT" not in result.stderr and "bug" not in result.stderr


@pytest.mark.parametrize("command", [["stats"], ["export", "-o", "OUT"]])
def test_a_damaged_project_is_one_line_and_an_environment_problem(
    tmp_path: Path, command: list[str]
) -> None:
    path = project_with_pages(tmp_path / "p.annotator")
    damage_documents_page(path)
    before = fingerprint(path)

    out = tmp_path / "out.jsonl"
    result = run(command[0], path, *[str(out) if arg == "OUT" else arg for arg in command[1:]])

    assert_one_damage_line(result, path)
    assert fingerprint(path) == before
    assert not out.exists()


def test_damage_past_the_checked_size_is_told_when_read(tmp_path: Path) -> None:
    path = project_with_pages(tmp_path / "p.annotator")
    pad_past_quick_check(path)
    damage_documents_page(path)

    result = run("export", path, "-o", tmp_path / "out.jsonl")

    assert_one_damage_line(result, path)
    assert not (tmp_path / "out.jsonl").exists()


def test_a_failed_statement_shows_no_text_or_parameters(tmp_path: Path) -> None:
    """A document INSERT that fails (here refused by a trigger) is a bug: reported, but
    neither the terminal nor the log gets the statement's values, which hold the text."""
    path = project_with_pages(tmp_path / "p.annotator", count=2)
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(
            "CREATE TRIGGER refuse_pages BEFORE INSERT ON documents "
            "BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END"
        )
        connection.commit()
    marker = "PRIVATE-7f3a9c-TEXT"
    pages = tmp_path / "pages.jsonl"
    pages.write_text(json.dumps({"text": f"{marker} is a secret page."}) + "\n", encoding="utf-8")

    result = run("import", path, pages)

    assert result.returncode == EXIT_BUG
    assert result.stderr.count("\n") == 1, result.stderr
    assert "IntegrityError" in result.stderr
    log = log_path().read_text(encoding="utf-8")
    assert "refused by a trigger" in log  # the details are kept ...
    assert marker not in result.stderr + result.stdout + log  # ... but not the text
    assert "[parameters:" not in log


def test_hostile_names_cannot_forge_report_lines(tmp_path: Path) -> None:
    """File names with line breaks and escapes stay inside their line; label and annotator
    names holding them are refused (the name rules), in one line that shows them escaped."""
    folder = tmp_path / "in"
    folder.mkdir()
    record = {
        "text": "Prices rose. I hate it.",
        "spans": [{"start": 0, "end": 6, "label": "Claim", "annotator": "ann"}],
    }
    (folder / f"good{HOSTILE}.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (folder / f"bad{HOSTILE}.jsonl").write_text("not json\n", encoding="utf-8")
    hostile_label = {
        "text": "Rain.",
        "spans": [{"start": 0, "end": 4, "label": f"Claim{HOSTILE}", "annotator": "ann"}],
    }
    (folder / "label.jsonl").write_text(json.dumps(hostile_label) + "\n", encoding="utf-8")
    long_name = {
        "text": "Snow.",
        "spans": [{"start": 0, "end": 4, "label": "Claim", "annotator": "A" * 300}],
    }
    (folder / "long.jsonl").write_text(json.dumps(long_name) + "\n", encoding="utf-8")
    project = tmp_path / "p.annotator"

    imported = run("import", project, folder, "--create-labels")
    stats = run("stats", project)

    out = imported.stdout + imported.stderr + stats.stdout
    assert "\r" not in out and "\x1b" not in out
    assert imported.stdout.count("\n") == 1, imported.stdout  # the summary, one line
    assert imported.stderr.count("\n") == 3, imported.stderr  # one line per refused file
    assert not any(line.startswith("imported 0") for line in out.splitlines())
    assert "x\\nimported 0 documents\\r\\x1b[31m" in imported.stderr  # the names, escaped
    (long_line,) = [line for line in imported.stderr.splitlines() if "long.jsonl" in line]
    assert "longer than 200 characters" in long_line and len(long_line) < 400
