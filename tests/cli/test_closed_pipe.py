"""``annotator … | head``: a reader that closes the pipe early is normal, not a bug."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli_errors import EXIT_PIPE_CLOSED


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Settings and data inside ``tmp_path``; a project with a few labelled pages."""
    variables = dict(os.environ)
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        variables[variable] = str(tmp_path / variable.lower())
    pages = tmp_path / "pages.jsonl"
    record = {
        "text": "Prices rose. I hate it.",
        "spans": [{"start": 0, "end": 12, "label": "Claim"}],
    }
    pages.write_text(json.dumps(record) + "\n", encoding="utf-8")
    imported = subprocess.run(
        [sys.executable, "-m", "annotator", "import", str(tmp_path / "p.annotator"), str(pages)],
        env=variables,
        capture_output=True,
        timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    return variables


def run_unread(env: dict[str, str], argv: list[str], stderr: int) -> tuple[int, str]:
    """Run ``annotator ARGV`` with its output's reader gone before the first line (as with
    ``head``); ``stderr`` is PIPE (read) or STDOUT (gone too). Returns the exit code and what
    was written to a read standard error."""
    with subprocess.Popen(
        [sys.executable, "-m", "annotator", *argv], env=env, stdout=subprocess.PIPE, stderr=stderr
    ) as process:
        assert process.stdout is not None
        process.stdout.close()
        written = process.stderr.read().decode() if process.stderr is not None else ""
        return process.wait(timeout=120), written


@pytest.mark.parametrize(
    "args", [["stats", "P"], ["stats", "P", "--json"], ["remove", "P", "--list-imports"]]
)
def test_a_closed_pipe_ends_the_command_quietly(
    env: dict[str, str], tmp_path: Path, args: list[str]
) -> None:
    argv = [str(tmp_path / "p.annotator") if arg == "P" else arg for arg in args]
    code, stderr = run_unread(env, argv, subprocess.PIPE)
    assert (code, stderr) == (EXIT_PIPE_CLOSED, "")


@pytest.mark.parametrize(
    "args",
    [
        ["export", "P", "-o", "-"],
        ["stats", "missing.annotator"],  # an error line, to a closed standard error
    ],
)
def test_a_closed_pipe_for_both_outputs_ends_quietly(
    env: dict[str, str], tmp_path: Path, args: list[str]
) -> None:
    """``annotator … 2>&1 | head -0``: even an error message has no reader left."""
    argv = [str(tmp_path / "p.annotator") if arg == "P" else arg for arg in args]
    code, _stderr = run_unread(env, argv, subprocess.STDOUT)
    assert code == EXIT_PIPE_CLOSED
    log = Path(env["XDG_STATE_HOME"]) / "annotator" / "log" / "annotator.log"
    assert not log.exists()  # nothing was taken for a bug


@pytest.mark.slow
def test_a_reader_that_stops_after_one_line_ends_the_export_quietly(
    env: dict[str, str], tmp_path: Path
) -> None:
    """``annotator export P -o - | head -1`` on an export larger than the pipe's buffer."""
    pages = tmp_path / "many.jsonl"
    lines = (json.dumps({"text": f"Page {n}. " + "Prices rose. " * 60}) for n in range(300))
    pages.write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = tmp_path / "many.annotator"
    imported = subprocess.run(
        [sys.executable, "-m", "annotator", "import", str(project), str(pages)],
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    with subprocess.Popen(
        [sys.executable, "-m", "annotator", "export", str(project), "-o", "-"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=120)
    assert json.loads(first)["text"].startswith("Page 0.")
    assert (code, stderr) == (EXIT_PIPE_CLOSED, "")
