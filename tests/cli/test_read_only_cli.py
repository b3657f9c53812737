"""A project in a read-only folder (issue 13, 9): ``stats`` and ``export`` still read it,
and a command that writes says in one line why it cannot."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from read_only_places import in_read_only_folder, read_only_file, read_only_folder

from annotator.core.model import DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project

pytestmark = pytest.mark.slow  # several processes, each loading SQLAlchemy


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    variables = dict(os.environ)
    for variable, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")):
        variables[variable] = str(home / sub)
    variables["XDG_STATE_HOME"] = str(home / "state")
    return variables


def annotator(
    env: dict[str, str], folder: Path | None, *args: str
) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "annotator", *args]
    if folder is not None:
        argv = in_read_only_folder(folder, argv)
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)


def test_a_project_in_a_read_only_folder_can_be_read_but_not_written(
    tmp_path: Path, env: dict[str, str]
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "p.annotator"
    project = Project.open(path, "alice")
    project.importer.import_drafts(
        [DocumentDraft(text="Prices rose five percent.", title="Page", source="p.txt")],
        ImportOptions(default_annotator="alice"),
        ImportReport(),
    )
    project.close()  # its log moved into the file: nothing beside it
    before = path.read_bytes()
    output = tmp_path / "out.jsonl"
    page = tmp_path / "page.txt"
    page.write_text("Another page.", encoding="utf-8")
    with read_only_folder(folder):
        stats = annotator(env, folder, "stats", str(path), "--json")
        export = annotator(env, folder, "export", str(path), "-o", str(output))
        imported = annotator(env, folder, "import", str(path), str(page))
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["documents"] == 1
    assert "read-only" in stats.stderr  # a note saying why it was only read
    assert export.returncode == 0, export.stderr
    assert json.loads(output.read_text(encoding="utf-8"))["text"] == "Prices rose five percent."
    assert imported.returncode == 1
    [line] = imported.stderr.strip().splitlines()
    assert line.startswith("annotator: error: Cannot open")
    assert f"{folder} is read-only" in line  # its folder, or the drive holding it
    assert "Traceback" not in stats.stderr + export.stderr + imported.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["p.annotator"]


def test_an_import_into_a_project_file_that_cannot_be_written_is_refused_once_naming_it(
    tmp_path: Path, env: dict[str, str]
) -> None:
    path = tmp_path / "p.annotator"
    Project.open(path, "alice").close()
    pages = []
    for number in range(1, 5):
        pages.append(tmp_path / f"f{number}.txt")
        pages[-1].write_text(f"Page {number}.", encoding="utf-8")
    with read_only_file(path):
        imported = annotator(env, None, "import", str(path), *map(str, pages))
    assert imported.returncode == 1
    [line] = imported.stderr.strip().splitlines()  # once, not once per input file
    assert line.startswith(f"annotator: error: Cannot open {path} for work: ")
    assert "read-only" in line
    assert "f1.txt" not in line
    assert imported.stdout == ""
