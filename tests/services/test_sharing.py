"""A copy of the project that can be sent: one file holding every committed change."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from project_files import TEXTS, add_work, dump, import_all

from annotator.core.model import DocStatus, DocumentDraft
from annotator.services import sharing
from annotator.services.project import Project
from annotator.services.sharing import ShareError, ShareTargetExistsError
from annotator.store.db import APPLICATION_ID


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """alice's project, open, with work committed (still in its -wal)."""
    project = Project.open(tmp_path / "alice.annotator", "alice")
    import_all(project, [DocumentDraft(text, f"Page {n}", "p.txt") for n, text in enumerate(TEXTS)])
    add_work(project, [(0, "Claim", 0, 25, "a note")], [(0, DocStatus.DONE)], [(1, "odd")])
    yield project
    project.close()


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    """Read a file alone, read-only, as someone it was sent to would."""
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        return connection.execute(sql).fetchall()


def test_the_copy_holds_every_commit_made_while_the_project_is_open(
    project: Project, tmp_path: Path
) -> None:
    wal = project.path.with_name(project.path.name + "-wal")
    assert wal.stat().st_size > 0, "the latest work is in the log"

    shared = tmp_path / "shared.annotator"
    result = project.sharing.share(shared)

    assert result.path == shared
    assert result.bytes == shared.stat().st_size
    sent = tmp_path / "sent"
    sent.mkdir()
    shutil.copyfile(shared, sent / "shared.annotator")  # without anything beside it
    alone = sent / "shared.annotator"
    assert rows(alone, "SELECT note FROM spans") == [("a note",)]
    assert rows(alone, "SELECT status, note FROM document_status ORDER BY document_id") == [
        ("done", None),
        ("new", "odd"),
    ]
    assert rows(alone, "PRAGMA application_id") == [(APPLICATION_ID,)]
    assert rows(alone, "PRAGMA integrity_check") == [("ok",)]
    header = alone.read_bytes()[:20]
    assert (header[18], header[19]) == (1, 1), "a rollback-journal file: no -wal needed"
    assert not list(tmp_path.glob("*.part")) and not list(tmp_path.glob(".*.part"))
    # The copy is a whole project: it opens and merges like any other.
    reopened = Project.open(alone, "lead")
    try:
        assert [d.title for d in reopened.catalog.document_summaries(-1)] == [
            "Page 0",
            "Page 1",
            "Page 2",
        ]
    finally:
        reopened.close()


def test_the_open_project_itself_is_never_overwritten(project: Project, tmp_path: Path) -> None:
    before = dump(project.path)
    link = tmp_path / "link.annotator"
    link.symlink_to(project.path)
    for target in (project.path, tmp_path / "." / "alice.annotator", link):
        with pytest.raises(ShareError, match="is the project you have open"):
            project.sharing.share(target)
    assert dump(project.path) == before


def test_an_existing_copy_is_replaced_whole_only_when_asked(
    project: Project, tmp_path: Path
) -> None:
    target = tmp_path / "shared.annotator"
    project.sharing.share(target)
    add_work(project, [(2, "Opinion", 0, 5, None)])
    with pytest.raises(ShareTargetExistsError, match=r"shared\.annotator already exists"):
        project.sharing.share(target)
    assert rows(target, "SELECT count(*) FROM spans") == [(1,)]
    project.sharing.share(target, replace=True)
    assert rows(target, "SELECT count(*) FROM spans") == [(2,)]


def test_a_project_open_in_another_window_is_never_replaced(
    project: Project, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.annotator"
    other = Project.open(victim, "bob")  # another window's project, its work in its -wal
    try:
        before = dump(victim)
        for replace in (False, True):
            with pytest.raises(ShareError) as refused:
                project.sharing.share(victim, replace=replace)
            assert str(refused.value) == (
                f"{victim} is open in Annotator or another program; close it first."
            )
        assert dump(victim) == before
    finally:
        other.close()


@pytest.mark.parametrize("beside", ["-wal", "-shm", "-journal"])
def test_a_file_with_unsaved_work_beside_it_is_never_replaced(
    project: Project, tmp_path: Path, beside: str
) -> None:
    target = tmp_path / "old.annotator"
    target.write_bytes(b"an older project")
    target.with_name(target.name + beside).write_bytes(b"")
    with pytest.raises(ShareError, match="is open in Annotator or another program"):
        project.sharing.share(target, replace=True)
    assert target.read_bytes() == b"an older project"


def test_a_target_that_is_not_a_regular_file_is_refused(project: Project, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.annotator"
    os.mkfifo(pipe)
    with pytest.raises(ShareError, match=r"pipe\.annotator is a named pipe, not a file"):
        project.sharing.share(pipe, replace=True)
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert not list(tmp_path.glob(".*.part"))


def test_a_link_to_a_file_is_written_through(project: Project, tmp_path: Path) -> None:
    real = tmp_path / "kept" / "shared.annotator"
    real.parent.mkdir()
    real.write_bytes(b"an older copy")
    link = tmp_path / "link.annotator"
    link.symlink_to(real)
    result = project.sharing.share(link, replace=True)
    assert link.is_symlink() and link.resolve() == real
    assert result.path == real
    assert rows(real, "SELECT count(*) FROM spans") == [(1,)]


def test_a_full_disk_leaves_the_old_copy_and_nothing_half_written(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "shared.annotator"
    target.write_bytes(b"the previous copy")

    def full(_engine: object, partial: Path) -> None:
        partial.write_bytes(b"half a database")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(sharing, "vacuum_into", full)
    with pytest.raises(ShareError, match=r"the disk is full\. Free some space"):
        project.sharing.share(target, replace=True)
    assert target.read_bytes() == b"the previous copy"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["alice.annotator", "alice.annotator-wal", "alice.annotator-shm", "shared.annotator"]
    )


def test_an_unwritable_folder_is_named(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("annotator.services.sharing.tempfile.mkstemp", refuse)
    with pytest.raises(ShareError, match=r"the folder .* cannot be written to"):
        project.sharing.share(tmp_path / "shared.annotator")


def test_a_missing_folder_and_a_copy_in_use_are_refused(project: Project, tmp_path: Path) -> None:
    with pytest.raises(ShareError, match="does not exist"):
        project.sharing.share(tmp_path / "nowhere" / "shared.annotator")
    other = Project.open(tmp_path / "other.annotator", "bob")
    try:
        add_work(other, statuses=[])
        import_all(other, [DocumentDraft("Text.", "T", "t.txt")])
        with pytest.raises(ShareError, match="is open in Annotator or another program"):
            project.sharing.share(tmp_path / "other.annotator")
    finally:
        other.close()


def test_a_checkpoint_moves_the_log_into_the_project_file(project: Project, tmp_path: Path) -> None:
    wal = project.path.with_name(project.path.name + "-wal")
    assert wal.stat().st_size > 0
    assert project.store.checkpoint()
    assert wal.stat().st_size == 0
    mailed = tmp_path / "mailed.annotator"
    shutil.copyfile(project.path, mailed)
    assert rows(mailed, "SELECT note FROM spans") == [("a note",)]
