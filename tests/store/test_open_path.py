"""Opening a project: refused files stay untouched, new files are the owner's alone."""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest

from annotator.errors import ProjectError
from annotator.services.project import Project


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_newer_project_in_rollback_journal_mode_is_refused_byte_for_byte(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.annotator"
    Project.open(path, "alice").close()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
    before = path.read_bytes()
    assert before[18:20] == b"\x01\x01"  # rollback-journal mode
    with pytest.raises(ProjectError, match="newer version"):
        Project.open(path, "alice")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.annotator"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_project_and_its_log_are_the_owners_alone(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    old_umask = os.umask(0o022)  # the usual umask, which would give 0644
    try:
        project = Project.open(path, "alice")
    finally:
        os.umask(old_umask)
    try:
        sides = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
        assert all(side.exists() for side in sides)
        assert {p.name: _mode(p) for p in (path, *sides)} == {
            "p.annotator": 0o600,
            "p.annotator-wal": 0o600,
            "p.annotator-shm": 0o600,
        }
    finally:
        project.close()
    assert _mode(path) == 0o600
