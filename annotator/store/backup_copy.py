"""SQLite copies of a project file: written whole and checked, or not at all.

A copy is made with SQLite's online backup API from a connection to the project, so it holds
every commit, also those still in the ``-wal`` beside the file, and is consistent however
busy the writer is. It is written to a hidden temporary name in the target's folder,
switched to rollback-journal mode (one file, readable without side files), checked with
``PRAGMA quick_check``, flushed to disk and only then renamed to its name; a failure (a full
disk) removes the temporary file. Copies are owner-only from the moment they exist.

The copy takes every page in one step. In WAL mode a reader never blocks the writer, so a
long copy does not hold up typing; a copy in several steps would instead start over each
time another connection commits, and a busy window could keep it from ever finishing.

Everything here is SQLite's; a project on a database server is backed up by the server.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from annotator.atomic import sync_folder
from annotator.owner_only import private_folder

#: "ANNT": the application id of a project file (see :data:`annotator.store.db.APPLICATION_ID`;
#: repeated here so that this module does not load SQLAlchemy).
APPLICATION_ID = 0x414E4E54
#: The side files SQLite may make beside a database.
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


class CopyCheckError(Exception):
    """The finished copy did not pass ``quick_check`` (its source is damaged)."""


@dataclass(frozen=True, slots=True)
class Summary:
    """What a copy holds, read without changing it.

    Attributes:
        documents: Its documents.
        spans: Its spans, every layer.
        revision: Its schema revision.
    """

    documents: int
    spans: int
    revision: str | None


def source_connection(project: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection to a project file that is not open in this process, to copy it from.

    Args:
        project: The file.
        read_only: Never write to it, not even to move its ``-wal`` into it on closing.

    Raises:
        sqlite3.Error: It cannot be opened.
    """
    where = f"{project.absolute().as_uri()}?mode=ro" if read_only else str(project)
    connection = sqlite3.connect(where, uri=True, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA busy_timeout=5000")
    return connection


def write_copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy the database of ``source`` to ``target`` (which must not exist), checked.

    Raises:
        sqlite3.Error, OSError: The copy could not be written (nothing is left behind).
        CopyCheckError: The copy was written but is damaged (nothing is left behind).
    """
    private_folder(target.parent)
    descriptor, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    os.close(descriptor)  # mkstemp made it owner-only; SQLite writes into the empty file
    temporary = Path(name)
    try:
        with closing(sqlite3.connect(temporary, isolation_level=None)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one file, readable without side files
            rows = copy.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            raise CopyCheckError(_first_line(rows))
        _fsync(temporary)
        temporary.replace(target)
    except BaseException:
        remove_with_side_files(temporary)
        raise
    sync_folder(target.parent)


def remove_with_side_files(path: Path) -> None:
    """Remove a database file we made and any side file SQLite left beside it."""
    for suffix in ("", *SIDE_SUFFIXES):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a backup that nobody writes: opened ``immutable``, so it
    makes no side files and ignores a write-ahead log.

    Raises:
        sqlite3.Error: The file cannot be opened.
    """
    uri = f"{path.absolute().as_uri()}?mode=ro&immutable=1"
    with closing(sqlite3.connect(uri, uri=True)) as connection:
        yield connection


def check(path: Path) -> str | None:
    """What is wrong with a backup (damaged, not a project), or None when it is sound."""
    try:
        with reading(path) as connection:
            rows = connection.execute("PRAGMA quick_check").fetchall()
            if rows != [("ok",)]:
                return f"it is damaged ({_first_line(rows)})"
            if not _is_project(connection):
                return "it is not an annotator project"
    except sqlite3.DatabaseError as error:
        reason = str(error)
        if "malformed" in reason or "corrupt" in reason:
            return "it is damaged"
        if "not a database" in reason:
            return "it is not an annotator project"
        return f"it cannot be read ({reason})"
    return None


def summary(path: Path) -> Summary:
    """How many documents and spans a backup holds, and its schema revision.

    Raises:
        sqlite3.Error: It cannot be read (damaged, or not a project).
    """
    with reading(path) as connection:
        documents = connection.execute("SELECT count(*) FROM documents").fetchone()[0]
        spans = connection.execute("SELECT count(*) FROM spans").fetchone()[0]
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return Summary(int(documents), int(spans), revision[0] if revision else None)


def _is_project(connection: sqlite3.Connection) -> bool:
    app_id = connection.execute("PRAGMA application_id").fetchone()[0]
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    return app_id in (0, APPLICATION_ID) and {"alembic_version", "documents"} <= tables


def _first_line(rows: list[tuple[object, ...]]) -> str:
    """The first problem quick_check reported, cut short (the rest goes nowhere: one line)."""
    first = str(rows[0][0]) if rows else "no answer"
    line = first.splitlines()[0] if first else first
    return line if len(line) <= 120 else line[:119] + "…"


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
