"""``annotator backups`` and ``annotator restore``, and the backup before a command writes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from backup_helpers import damage_last_page

from annotator.cli import main
from annotator.services.backups import BackupService
from annotator.settings import Settings, SettingsStore


@pytest.fixture(autouse=True)
def _user_alice() -> None:
    SettingsStore().save(Settings(annotator_name="alice"))


def pages(folder: Path, name: str, *texts: str) -> Path:
    path = folder / name
    path.write_text("".join(json.dumps({"text": text}) + "\n" for text in texts), "utf-8")
    return path


def test_import_into_an_existing_project_backs_it_up_first_and_backups_lists_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "news.annotator"
    assert main(["import", str(project), str(pages(tmp_path, "a.jsonl", "one", "two"))]) == 0
    assert BackupService(project).backups() == []  # a new project has nothing to lose
    assert main(["import", str(project), str(pages(tmp_path, "b.jsonl", "three"))]) == 0
    capsys.readouterr()

    assert main(["backups", str(project)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Backups of {project}, oldest first (local times):"
    [row, name] = lines[1:-2]
    assert "before-import" in row and "2 documents" in row and "0 spans" in row and " KB " in row
    assert name.strip().endswith(".before-import.bak")
    assert lines[-2] == f"They are in {BackupService(project).folder}."
    assert lines[-1].startswith(f"Restore one with: annotator restore {project} --latest")


def test_the_list_shows_seconds_counts_in_words_and_marks_what_restore_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Failed before: minutes only (two backups a few seconds apart looked the same),
    "1 spans", lines of 130 characters, and a damaged backup shown with its counts."""
    project = tmp_path / "news.annotator"
    one = {"text": "one", "spans": [{"start": 0, "end": 3, "label": "Claim"}]}
    (tmp_path / "a.jsonl").write_text(json.dumps(one) + "\n", "utf-8")
    main(["import", str(project), str(tmp_path / "a.jsonl")])
    main(["import", str(project), str(pages(tmp_path, "b.jsonl", "two"))])
    main(["import", str(project), str(pages(tmp_path, "c.jsonl", "three"))])
    sound, damaged = BackupService(project).backups()
    damage_last_page(damaged.path)
    capsys.readouterr()
    assert main(["backups", str(project)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d  before-import .*", lines[1])
    assert re.search(r" 1 document +1 span$", lines[1])
    assert lines[2].strip() == sound.path.name
    assert lines[3].endswith("damaged: restore refuses it")
    assert all(len(line) < 100 for line in lines[1:5])


def test_restore_with_latest_and_a_name_says_choose_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Failed before: argparse's "unrecognized arguments", from the top-level command."""
    project = tmp_path / "news.annotator"
    for both in (["--latest", "x.bak"], ["x.bak", "--latest"]):
        with pytest.raises(SystemExit):
            main(["restore", str(project), *both])
        error = capsys.readouterr().err.splitlines()[-1]
        assert error == "annotator restore: error: choose --latest or a backup's name, not both"


def test_an_import_goes_on_when_its_backup_cannot_be_made_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Failed before: the warning said "Your work in the project is saved as before."."""
    project = tmp_path / "news.annotator"
    main(["import", str(project), str(pages(tmp_path, "a.jsonl", "one"))])
    folder = BackupService(project).folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the backup folder goes")
    capsys.readouterr()
    assert main(["import", str(project), str(pages(tmp_path, "b.jsonl", "two"))]) == 0
    [warning] = capsys.readouterr().err.splitlines()
    assert warning.startswith(f"annotator: warning: Could not back up news.annotator to {folder}")
    assert warning.endswith(". The import goes on without a backup.")
    assert "saved as before" not in warning


def test_restore_latest_brings_back_the_project_before_the_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "news.annotator"
    main(["import", str(project), str(pages(tmp_path, "a.jsonl", "one", "two"))])
    main(["import", str(project), str(pages(tmp_path, "b.jsonl", "three"))])
    capsys.readouterr()
    assert main(["restore", str(project), "--latest"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith(f"Restored {project} from news.annotator.")
    assert "the file as it was is kept as" in line and line.endswith(".before-restore.bak.")
    main(["stats", str(project)])
    assert capsys.readouterr().out.startswith("Documents: 2 ")


def test_restore_of_a_missing_project_in_a_process_of_its_own(tmp_path: Path) -> None:
    project = tmp_path / "news.annotator"
    main(["import", str(project), str(pages(tmp_path, "a.jsonl", "one", "two"))])
    main(["import", str(project), str(pages(tmp_path, "b.jsonl", "three"))])
    [backup] = BackupService(project).backups()
    project.unlink()
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "restore", str(project), backup.path.name],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path.cwd(),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"Restored {project} from {backup.path.name}; there was no project file to keep.\n"
    )
    assert project.is_file()


def test_restore_without_backups_or_with_an_unknown_one_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "news.annotator"
    assert main(["backups", str(project)]) == 0
    assert capsys.readouterr().out.startswith("No backups of news.annotator yet (they go to ")
    assert main(["restore", str(project), "--latest"]) == 1
    [error] = capsys.readouterr().err.splitlines()
    assert error.startswith("annotator: error: There is no sound backup of news.annotator in ")
    assert main(["restore", str(project), "nothing.bak"]) == 1
    [error] = capsys.readouterr().err.splitlines()
    assert error.startswith("annotator: error: nothing.bak: no such backup")
    with pytest.raises(SystemExit):
        main(["restore", str(project)])  # --latest or a backup: one is needed
