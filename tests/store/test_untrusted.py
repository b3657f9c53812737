"""Tests for :mod:`annotator.store.untrusted`: someone else's project file, read and checked."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
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


HOSTILE: dict[str, tuple[tuple[str, ...], str]] = {
    "trigger": (
        ("CREATE TRIGGER t AFTER INSERT ON labels BEGIN DELETE FROM spans; END",),
        r"holds a trigger \('t'\)",
    ),
    "view": (("CREATE VIEW v AS SELECT * FROM spans",), r"holds a view \('v'\)"),
    "extra-table": (("CREATE TABLE extra (x)",), r"a table our schema does not have \('extra'\)"),
    "extra-index": (("CREATE INDEX odd ON spans (note)",), r"an index our schema does not have"),
    "wrong-hash": (
        ("UPDATE documents SET sha256 = lower(hex(randomblob(32))) WHERE id = 2",),
        r"table documents, row 2: sha256 is not the hash of the text",
    ),
    "char-count": (
        ("UPDATE documents SET char_count = 3 WHERE id = 1",),
        r"table documents, row 1: char_count 3 is not 36",
    ),
    "span-past-the-end": (
        ('UPDATE spans SET "end" = 999 WHERE start = 26',),
        r"table spans, row '[0-9a-f]{32}': 26-999 is outside the text \(0-36\)",
    ),
    "span-not-integer": (
        # INTEGER affinity turns '1' into 1, but keeps 0.5 a REAL.
        ("UPDATE spans SET start = 0.5 WHERE start = 0 AND document_id = 2",),
        r"table spans, row '[0-9a-f]{32}': 0.5-26 is outside the text",
    ),
    "unknown-label": (
        ("UPDATE spans SET label_id = 77 WHERE document_id = 2",),
        r"label 77 does not exist",
    ),
    "unknown-annotator": (
        ("UPDATE document_status SET annotator_id = 5 WHERE document_id = 1",),
        r"table document_status, row '1/5': annotator 5 does not exist",
    ),
    "status": (
        ("UPDATE document_status SET status = 'lost' WHERE document_id = 1",),
        r"unknown status 'lost'",
    ),
    "empty-name": (
        ("UPDATE annotators SET name = ' '",),
        r"table annotators, row 1: name is empty",
    ),
    "long-label": (
        ("UPDATE labels SET name = printf('%.101c', 'x') WHERE id = 3",),
        r"table labels, row 3: name is longer than 100",
    ),
    "bad-time": (
        ("UPDATE spans SET updated_at = 'yesterday' WHERE document_id = 2",),
        r"the time 'yesterday' cannot be read",
    ),
    "meta-not-object": (
        ("UPDATE documents SET meta = '[1, 2]' WHERE id = 3",),
        r"table documents, row 3: meta is not a JSON object",
    ),
    "meta-garbage": (
        ("UPDATE documents SET meta = '{oops' WHERE id = 3",),
        r"table documents, row 3: meta is not valid JSON",
    ),
    "colour": (("UPDATE labels SET color = 'red' WHERE id = 1",), r"the colour 'red' is not"),
    "newer-revision": (
        ("UPDATE alembic_version SET version_num = '9999'",),
        r"newer version of Annotator \(schema '9999'\)",
    ),
    "no-revision": (("DELETE FROM alembic_version",), r"has no readable schema revision"),
    "no-import-records": (("DROP TABLE imports",), r"lacks tables of a project file \(imports\)"),
    "foreign-id": (("PRAGMA application_id = 7",), r"not an annotator project"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_file_is_refused_untouched(bob: Path, case: str) -> None:
    statements, match = HOSTILE[case]
    execute(bob, *statements)
    refused(bob, match)


@pytest.mark.parametrize(
    ("name", "make", "match"),
    [
        ("missing", lambda p: None, "no such file"),
        ("folder", Path.mkdir, "is a folder, not a project file"),
        ("empty", Path.touch, "is empty, not a project file"),
        ("text", lambda p: p.write_text("hello " * 50), r"not a SQLite database"),
        ("short", lambda p: p.write_bytes(b"SQLite format 3\x00"), r"not a SQLite database"),
    ],
)
def test_what_is_not_a_project_file(
    tmp_path: Path, name: str, make: Callable[[Path], object], match: str
) -> None:
    path = tmp_path / f"{name}.annotator"
    make(path)
    refused(path, match)


def test_a_garbage_header_is_refused(bob: Path) -> None:
    data = bytearray(bob.read_bytes())
    data[16:18] = b"\x12\x34"  # no such page size
    data[28:32] = b"\xff\xff\xff\xff"  # four billion pages
    bob.write_bytes(bytes(data))
    refused(bob, r"damaged or not a project file|is damaged")


def test_a_damaged_page_is_refused(bob: Path) -> None:
    with closing(sqlite3.connect(bob)) as connection:
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'spans'"
        ).fetchone()[0]
    data = bytearray(bob.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    start = (root - 1) * size
    data[start + 8 : start + size] = b"\xa5" * (size - 8)  # scribble over the spans' page
    bob.write_bytes(bytes(data))
    refused(bob, r"damaged|cannot be read")


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
