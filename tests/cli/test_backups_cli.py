"""``annotator backups`` and ``annotator restore``, and the backup before a command writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

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
    assert lines[0] == f"Backups of {project} (in {BackupService(project).folder}):"
    [row] = lines[1:-1]
    assert "before-import" in row and "2 documents" in row and "0 spans" in row
    assert row.rstrip().endswith(".before-import.bak") and " KB " in row
    assert lines[-1].startswith(f"Restore one with: annotator restore {project} --latest")


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
