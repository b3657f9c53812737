"""Tests for :mod:`annotator.store.untrusted`: someone else's project file, read and checked."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from project_files import TEXTS, add_work, annotator_file, downgrade, execute, file_hash

from annotator.core.model import DocStatus, DocumentDraft
from annotator.errors import InputError
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.store.untrusted import read_untrusted_project


@pytest.fixture
def bob(tmp_path: Path) -> Path:
    return annotator_file(
        tmp_path / "bob.annotator",
        "bob",
        [(0, "Claim", 0, 25, "checked"), (0, "Opinion", 26, 36, None), (1, "Claim", 0, 26, None)],
        statuses=[(0, DocStatus.DONE)],
        notes=[(1, "unsure")],
    )


def refused(path: Path, match: str) -> None:
    before = file_hash(path) if path.is_file() else None
    with pytest.raises(InputError, match=match) as raised:
        read_untrusted_project(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert "\n" not in str(raised.value)
    if before is not None:
        assert file_hash(path) == before


def test_a_good_file_is_read_whole_and_left_alone(bob: Path) -> None:
    before = file_hash(bob)
    names = sorted(p.name for p in bob.parent.iterdir())
    incoming = read_untrusted_project(bob)
    assert list(incoming.annotators.values()) == ["bob"]
    assert [d.text for d in incoming.documents.values()] == list(TEXTS)
    assert [(s.start, s.end, s.note) for s in incoming.spans] == [
        (0, 25, "checked"),
        (26, 36, None),
        (0, 26, None),
    ]
    assert sorted((s.status, s.note) for s in incoming.statuses) == [
        ("done", None),
        ("in_progress", "unsure"),
    ]
    assert [label.name for label in incoming.labels.values()] == ["Claim", "Opinion", "Boilerplate"]
    assert file_hash(bob) == before
    assert sorted(p.name for p in bob.parent.iterdir()) == names  # no -shm, no -wal beside it


# Every way a file is refused: tests/store/test_untrusted_refusals.py.


def test_a_file_received_with_its_wal_is_read_whole(tmp_path: Path) -> None:
    """Its last commits sit in the -wal: they are read, and nothing beside it is created."""
    original = tmp_path / "live.annotator"
    received = tmp_path / "received"
    received.mkdir()
    project = Project.open(original, "carol")  # stays open, so nothing is checkpointed
    try:
        project.importer.import_drafts(
            [DocumentDraft(text=TEXTS[0], title="Page", source="page.txt")],
            ImportOptions(default_annotator="carol"),
            ImportReport(),
        )
        add_work(project, [(0, "Claim", 0, 25, None)], [(0, DocStatus.DONE)])
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{original}{suffix}", received / f"live.annotator{suffix}")
    finally:
        project.close()
    copy = received / "live.annotator"
    names = sorted(p.name for p in received.iterdir())
    before = file_hash(copy)
    # Without its log the file holds no documents yet: the data really is in the -wal.
    with closing(sqlite3.connect(f"{copy.as_uri()}?mode=ro&immutable=1", uri=True)) as c:
        tables = {row[0] for row in c.execute("SELECT name FROM sqlite_master")}
        assert "documents" not in tables or c.execute(
            "SELECT count(*) FROM documents"
        ).fetchone() == (0,)
    incoming = read_untrusted_project(copy)
    assert list(incoming.annotators.values()) == ["carol"]
    assert [(s.start, s.end) for s in incoming.spans] == [(0, 25)]
    assert [s.status for s in incoming.statuses] == ["done"]
    assert file_hash(copy) == before
    assert (
        sorted(p.name for p in received.iterdir())
        == names
        == ["live.annotator", "live.annotator-wal"]
    )


def test_an_older_revision_is_upgraded_on_a_copy(bob: Path) -> None:
    downgrade(bob, "0002")
    with closing(sqlite3.connect(bob)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    before = file_hash(bob)
    incoming = read_untrusted_project(bob)
    assert len(incoming.spans) == 3
    assert file_hash(bob) == before
    assert list(bob.parent.glob("*.bak")) == []


def _rollback_journal(path: Path) -> None:
    """Switch a file out of WAL mode, as a file made by another tool may be."""
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA journal_mode=DELETE").fetchone() == ("delete",)
    assert path.read_bytes()[18:20] == b"\x01\x01"  # the header's rollback-journal mark


def test_a_newer_file_in_rollback_journal_mode_is_refused_byte_identical(bob: Path) -> None:
    """Opening a rollback-journal file for writing would switch it to WAL (rewriting its
    header): the check of its version reads a private copy, so the file stays as it was."""
    execute(bob, "UPDATE alembic_version SET version_num = '9999'")
    _rollback_journal(bob)
    before, names = bob.read_bytes(), sorted(p.name for p in bob.parent.iterdir())
    refused(bob, r"newer version of Annotator \(schema '9999'\)")
    assert bob.read_bytes() == before
    assert sorted(p.name for p in bob.parent.iterdir()) == names


@pytest.mark.parametrize("journal", ["wal", "rollback"])
def test_a_read_only_file_in_a_read_only_folder_is_read_and_left_alone(
    bob: Path, journal: str
) -> None:
    if journal == "rollback":
        _rollback_journal(bob)
    before, names = bob.read_bytes(), sorted(p.name for p in bob.parent.iterdir())
    bob.chmod(0o444)
    bob.parent.chmod(0o555)
    try:
        incoming = read_untrusted_project(bob)
    finally:
        bob.parent.chmod(0o755)
        bob.chmod(0o644)
    assert len(incoming.spans) == 3
    assert bob.read_bytes() == before
    assert sorted(p.name for p in bob.parent.iterdir()) == names
