"""Restoring a project from a backup: from a damaged or a missing file, the current file kept
aside first, never meeting the old log, and never while another process has it open."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from backup_helpers import Clock, add_pages, damage_last_page, mode
from project_files import file_hash

from annotator.services.backups import Backup, BackupService
from annotator.services.project import Project
from annotator.services.restore import RestoreError, choose_backup, restore
from annotator.store import backup_copy


@pytest.fixture
def backed_up(tmp_path: Path) -> Iterator[tuple[Path, Backup, Clock]]:
    """A closed project of 3 pages, its backup, and the clock the backup was made by."""
    path = tmp_path / "news.annotator"
    clock = Clock()
    project = Project.open(path, "alice")
    try:
        add_pages(project, 3)
        made = BackupService(path, project.store.engine, clock=clock).back_up("open")
    finally:
        project.close()
    assert made is not None
    clock.advance(minutes=5)
    yield path, made, clock


def documents(path: Path) -> int:
    project = Project.open(path, "alice", register_annotator=False)
    try:
        return project.catalog.document_count()
    finally:
        project.close()


def test_a_damaged_project_is_restored_and_kept_aside_as_it_was(
    backed_up: tuple[Path, Backup, Clock],
) -> None:
    path, made, clock = backed_up
    data = bytearray(path.read_bytes())
    data[4096:12288] = b"\xa5" * 8192  # pages of the file overwritten: damaged, not truncated
    path.write_bytes(bytes(data))
    service = BackupService(path, clock=clock)
    result = restore(service, choose_backup(service, None))
    assert result.source == made.path and result.kept is not None
    assert not result.kept_readable
    assert result.kept.read_bytes() == bytes(data)  # kept byte for byte, for .recover
    assert "damaged file as it was is kept" in result.line() and "\n" not in result.line()
    assert documents(path) == 3
    assert mode(path) == 0o600


def test_a_missing_project_is_restored(backed_up: tuple[Path, Backup, Clock]) -> None:
    path, _made, clock = backed_up
    path.unlink()
    service = BackupService(path, clock=clock)
    result = restore(service, choose_backup(service, None))
    assert result.kept is None and "no project file to keep" in result.line()
    assert documents(path) == 3


def leave_a_log(path: Path, pages: int) -> None:
    """Add pages in another process that ends without closing: they stay in the -wal."""
    script = textwrap.dedent(
        f"""
        import os, sys
        from pathlib import Path
        sys.path[:0] = {[str(Path.cwd()), str(Path(__file__).parents[1])]!r}
        from backup_helpers import add_pages
        from annotator.services.project import Project
        project = Project.open(Path({str(path)!r}), "alice")
        add_pages(project, {pages}, prefix="logged")
        os._exit(0)
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


def test_the_current_file_and_its_log_are_kept_aside_and_the_log_never_meets_the_backup(
    backed_up: tuple[Path, Backup, Clock],
) -> None:
    path, made, clock = backed_up
    leave_a_log(path, 2)
    wal = path.with_name(path.name + "-wal")
    assert wal.stat().st_size > 0  # two pages sit in the log only
    service = BackupService(path, clock=clock)
    result = restore(service, made.path)
    assert not wal.exists() or wal.stat().st_size == 0
    assert documents(path) == 3  # the backup's, not the backup with the old log replayed
    assert result.kept is not None and result.kept_readable
    assert result.kept.name == "news.annotator.2026-03-01T090500Z.before-restore.bak"
    kept = backup_copy.summary(result.kept)
    assert kept.documents == 5  # the file with its log
    assert mode(result.kept) == 0o600
    # And back again: the kept file is a backup like the others.
    clock.advance(minutes=1)
    restore(service, choose_backup(service, Path(result.kept.name)))
    assert documents(path) == 5


def test_a_restore_is_refused_while_another_process_has_the_project_open(
    backed_up: tuple[Path, Backup, Clock],
) -> None:
    path, made, clock = backed_up
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        sys.path.insert(0, {str(Path.cwd())!r})
        from annotator.services.project import Project
        project = Project.open(Path({str(path)!r}), "bob")
        print("open", flush=True)
        sys.stdin.readline()
        project.close()
        """
    )
    other = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert other.stdout is not None and other.stdout.readline() == "open\n"
        before = file_hash(path)
        service = BackupService(path, clock=clock)
        with pytest.raises(RestoreError, match="is open in Annotator or another program"):
            restore(service, made.path)
        assert file_hash(path) == before
        assert [b.reason for b in service.backups()] == ["open"]  # nothing kept aside either
    finally:
        other.communicate("\n", timeout=60)
    restore(service, made.path)  # closed there: now it can


def test_a_damaged_backup_or_a_file_that_is_not_one_is_refused(
    backed_up: tuple[Path, Backup, Clock], tmp_path: Path
) -> None:
    path, made, clock = backed_up
    before = file_hash(path)
    service = BackupService(path, clock=clock)
    data = bytearray(made.path.read_bytes())
    data[4096:8192] = b"\x00\x01" * 2048
    made.path.write_bytes(bytes(data))
    with pytest.raises(RestoreError, match=r"Cannot restore from .*: it is damaged"):
        restore(service, made.path)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n")
    with pytest.raises(RestoreError, match="it is not an annotator project"):
        restore(service, notes)
    with pytest.raises(RestoreError, match="no sound backup"):
        choose_backup(service, None)
    assert file_hash(path) == before
    assert [b.reason for b in service.backups()] == ["open"]


def test_the_restored_project_opening_makes_no_copy_of_the_backup_just_restored(
    backed_up: tuple[Path, Backup, Clock],
) -> None:
    """Failed before: the window's opening backup, 3 s after a restore, copied the backup
    just restored and took a rolling slot; the opening itself changed the file (to WAL)."""
    path, made, clock = backed_up
    leave_a_log(path, 1)  # work since the backup: the restore keeps it aside
    service = BackupService(path, clock=clock)
    restore(service, made.path)
    project = Project.open(path, "alice")
    try:
        clock.advance(seconds=3)
        opening = BackupService(path, project.store.engine, clock=clock).back_up("open")
        assert opening is None
    finally:
        project.close()
    assert [b.reason for b in service.backups()] == ["open", "before-restore"]
    add_pages_and_close(path)
    assert BackupService(path, clock=clock).back_up("periodic") is not None  # work: backed up


def add_pages_and_close(path: Path) -> None:
    project = Project.open(path, "alice")
    try:
        add_pages(project, 1, prefix="new")
    finally:
        project.close()


def test_a_backup_restore_would_refuse_shows_no_contents(
    backed_up: tuple[Path, Backup, Clock],
) -> None:
    """Failed before: a damaged backup whose documents could still be counted showed its
    counts, like a sound one, though a restore refuses it."""
    path, made, clock = backed_up
    service = BackupService(path, clock=clock)
    assert service.contents(made) is not None
    damage_last_page(made.path)
    assert service.contents(made) is None
    with pytest.raises(RestoreError, match="it is damaged"):
        restore(service, made.path)
