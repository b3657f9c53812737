"""Owner-only files and folders, and where a project's backups go."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from annotator.owner_only import create_private_file, make_private, private_folder
from annotator.settings import project_backup_folder

posix_only = pytest.mark.skipif(os.name != "posix", reason="modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_private_folder_is_created_owner_only_and_narrows_an_open_one(tmp_path: Path) -> None:
    made = private_folder(tmp_path / "a" / "logs")
    assert mode(made) == 0o700
    opened = tmp_path / "open"
    opened.mkdir(mode=0o755)
    opened.chmod(0o755)
    private_folder(opened)
    assert mode(opened) == 0o700


@posix_only
def test_private_file_is_created_owner_only_and_kept_when_present(tmp_path: Path) -> None:
    target = tmp_path / "p.annotator"
    old = os.umask(0)
    try:
        create_private_file(target)
    finally:
        os.umask(old)
    assert mode(target) == 0o600 and target.stat().st_size == 0
    target.write_bytes(b"kept")
    create_private_file(target)
    assert target.read_bytes() == b"kept"
    target.chmod(0o644)
    make_private(target)
    assert mode(target) == 0o600


def test_backup_folders_differ_for_same_named_projects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    first = project_backup_folder(tmp_path / "one" / "news.annotator")
    second = project_backup_folder(tmp_path / "two" / "news.annotator")
    assert first != second
    assert first.name.startswith("news.annotator-") and second.name.startswith("news.annotator-")
    assert first == project_backup_folder(tmp_path / "one" / ".." / "one" / "news.annotator")
