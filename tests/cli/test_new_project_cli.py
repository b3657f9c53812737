"""``import`` and ``merge`` into a project they create: a typo must not leave a stray project.

Run in-process, with real files: the project file, SQLite's files beside it, and folders.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from project_files import annotator_file

from annotator.cli import main
from annotator.settings import Settings, SettingsStore


@pytest.fixture(autouse=True)
def _user_alice() -> None:
    """The settings of a user called "alice" (in the test's own config folder)."""
    SettingsStore().save(Settings(annotator_name="alice"))


def _listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.mark.parametrize("missing", ["nothere.jsonl", "bad.jsonl"])
def test_an_import_that_adds_nothing_creates_no_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], missing: str
) -> None:
    (tmp_path / "bad.jsonl").write_text("not json\n", encoding="utf-8")
    before = _listing(tmp_path)
    project = tmp_path / "NEW.annotator"
    assert main(["import", str(project), str(tmp_path / missing)]) == 1
    said = capsys.readouterr()
    assert said.err.startswith(f"annotator: refused {tmp_path / missing}")
    assert said.out.splitlines() == [
        "0 file(s) imported; 0 new document(s); 0 already in the project; 0 span(s) added; "
        "1 file(s) refused.",
        f"Nothing was added, so {project} was not created.",
    ]
    assert _listing(tmp_path) == before, "no project file, no -wal, -shm or -journal"


def test_a_merge_that_adds_nothing_creates_no_team_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.annotator").write_text("not a project " * 20, encoding="utf-8")
    before = _listing(tmp_path)
    team = tmp_path / "NEW_TEAM.annotator"
    args = [
        "merge",
        str(team),
        str(tmp_path / "nothere.annotator"),
        str(tmp_path / "notes.annotator"),
    ]
    assert main(args) == 1
    said = capsys.readouterr()
    assert said.out.splitlines()[-2:] == [
        "0 file(s) merged, 2 refused.",
        f"Nothing was added, so {team} was not created.",
    ]
    assert len(said.err.splitlines()) == 2
    assert _listing(tmp_path) == before


@pytest.mark.parametrize("command", ["import", "merge"])
def test_a_project_that_existed_is_kept_when_nothing_is_added(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    project = annotator_file(tmp_path / "p.annotator", "bob")
    empty = tmp_path / "empty.annotator"  # an empty file opens as a new project, but was there
    empty.touch()
    for path in (project, empty):
        assert main([command, str(path), str(tmp_path / "nothere")]) == 1
        assert "was not created" not in capsys.readouterr().out
        assert path.is_file()
    with closing(sqlite3.connect(project)) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (3,)


def test_an_import_that_adds_something_keeps_the_new_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "page.txt").write_text("A page.\n", encoding="utf-8")
    project = tmp_path / "NEW.annotator"
    assert main(["import", str(project), str(tmp_path / "page.txt"), str(tmp_path / "x")]) == 1
    assert "was not created" not in capsys.readouterr().out
    with closing(sqlite3.connect(project)) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (1,)


def test_a_project_named_by_a_dangling_link_is_taken_back_and_the_link_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "NEW.annotator"
    link.symlink_to(tmp_path / "target.annotator")  # the project is created where it points
    assert main(["import", str(link), str(tmp_path / "nothere.jsonl")]) == 1
    assert capsys.readouterr().out.endswith(f"Nothing was added, so {link} was not created.\n")
    assert link.is_symlink()
    assert _listing(tmp_path) == ["NEW.annotator"]


def test_a_new_project_that_cannot_be_opened_is_taken_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A folder where SQLite's -wal must go: the project file is created, then opening fails.
    project = tmp_path / "NEW.annotator"
    (tmp_path / "NEW.annotator-wal").mkdir()
    (tmp_path / "page.txt").write_text("A page.\n", encoding="utf-8")
    assert main(["import", str(project), str(tmp_path / "page.txt")]) == 1
    said = capsys.readouterr()
    assert said.err.startswith(f"annotator: error: Cannot open {project}")
    assert len(said.err.splitlines()) == 1
    assert _listing(tmp_path) == ["NEW.annotator-wal", "page.txt"], "the folder was there"


@pytest.mark.parametrize("command", ["import", "merge"])
def test_a_missing_folder_is_refused_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    (tmp_path / "page.txt").write_text("A page.\n", encoding="utf-8")
    project = tmp_path / "nowhere" / "NEW.annotator"
    assert main([command, str(project), str(tmp_path / "page.txt")]) == 1
    said = capsys.readouterr()
    assert said.err == (
        f"annotator: error: Cannot create {project}: the folder {project.parent} does not exist.\n"
    )
    assert _listing(tmp_path) == ["page.txt"]
