"""Real damage in real project files: a page of a table overwritten, as a failing disk or a
half-copied file leaves it."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

from annotator.core.model import DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.store.damage import QUICK_CHECK_MAX_BYTES

#: Each page's text is about this long: 60 pages fill several pages of the documents table.
PAGE_TEXT = "Prices rose five percent in the spring. I hate it. " * 40


def project_with_pages(
    path: Path, count: int = 60, annotator: str = "alice", *, long: bool = False
) -> Path:
    """A project at ``path`` holding ``count`` pages of text; closed (and so checkpointed).
    ``long`` pages' text is longer than a database page: it goes to overflow pages, which
    listing the documents (their titles) never reads."""
    project = Project.open(path, annotator)
    body = PAGE_TEXT * 5 if long else PAGE_TEXT
    try:
        drafts = [
            DocumentDraft(text=f"Page {n}. {body}", title=f"Page {n}", source=f"{n}.txt")
            for n in range(count)
        ]
        project.importer.import_drafts(
            drafts, ImportOptions(default_annotator=annotator), ImportReport()
        )
    finally:
        project.close()
    return path


def pad_past_quick_check(path: Path) -> None:
    """Make the project larger than the size checked at open, with a real row (a setting)."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute(
            "INSERT INTO project_settings (key, value) VALUES ('padding', ?)",
            ("x" * (QUICK_CHECK_MAX_BYTES + 1024 * 1024),),
        )
        connection.commit()
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert path.stat().st_size > QUICK_CHECK_MAX_BYTES


def damage_documents_page(path: Path, kind: str = "leaf") -> int:
    """Overwrite a page of the documents table (one holding pages' text) with garbage.

    ``kind`` is the dbstat page type: "leaf" (rows, read by any listing of the documents) or
    "overflow" (the last part of the last long text, read only when that page is shown).

    The page is found through ``PRAGMA page_size`` and the ``dbstat`` table; the file must
    be closed (no write-ahead log beside it), and is left so.

    Returns:
        The page's number.
    """
    with closing(sqlite3.connect(path)) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        leaves = connection.execute(
            "SELECT pageno FROM dbstat WHERE name = 'documents' AND pagetype = ? ORDER BY pageno",
            (kind,),
        ).fetchall()
    assert len(leaves) >= 2, f"the documents table needs {kind} pages to damage"
    page = int(leaves[len(leaves) // 2 if kind == "leaf" else -1][0])
    with path.open("r+b") as handle:
        handle.seek((page - 1) * page_size)
        handle.write(b"\xff" * page_size)
    return page


def fingerprint(path: Path) -> str:
    """The file's bytes, as a hash: equal fingerprints mean an untouched file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def side_files(path: Path) -> list[str]:
    """The names of the -wal, -shm and -journal files beside ``path`` that exist."""
    return sorted(
        side.name
        for side in path.parent.iterdir()
        if side.name.startswith(path.name) and side.name != path.name
    )


def damage_index_root(path: Path, index: str) -> None:
    """Overwrite the root page of ``index`` with garbage: damage that a read which does not
    use the index (an export of everything) would pass over without a sign."""
    with closing(sqlite3.connect(path)) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND name = ?", (index,)
        ).fetchone()
    with path.open("r+b") as handle:
        handle.seek((int(root) - 1) * page_size)
        handle.write(b"\xff" * page_size)
