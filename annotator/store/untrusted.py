"""Reading a project file received from someone else, which is never written to.

The file is untrusted input. It is copied, with its write-ahead log when it has one, into a
private temporary folder and only the copy is opened, read-only: SQLite then creates its
``-shm`` index and takes its locks beside the copy, never beside the original (which may sit
on a read-only stick or in someone else's folder), and an older schema can be upgraded on the
copy with the ordinary migrations. ``immutable=1`` is not used: it makes SQLite ignore the
write-ahead log, so the last commits of a file received with its ``-wal`` would be silently
lost.

Only a regular file is read: a named pipe, a device or a socket is refused before it is
opened (reading a pipe waits for a writer forever). Before any row is read, the copy's schema
is compared with :mod:`annotator.store.schema`: triggers, views, virtual tables, generated
columns and tables or indexes we do not create are refused, and so are ours defined otherwise
(:mod:`annotator.store.untrusted_definitions`); ``PRAGMA trusted_schema=OFF`` keeps whatever
SQL the file holds from calling anything but harmless functions. A damaged file is refused in
one line; what SQLite's check found goes to the log.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from annotator.errors import InputError, ProjectError
from annotator.store import db
from annotator.store.header import SQLITE_MAGIC
from annotator.store.schema import Base
from annotator.store.untrusted_definitions import check_definitions
from annotator.store.untrusted_rows import IncomingProject
from annotator.store.untrusted_suggestions import SuggestionRowChecker

_VERSION_TABLE = "alembic_version"
#: Longest schema revision name read from a file (Alembic's column is 32 wide).
_MAX_REVISION = 32
#: Longest string or blob SQLite will hand back from the file, in bytes: above the longest
#: document (20 million code points, four bytes each at worst), far below a memory blow-up.
_MAX_VALUE_BYTES = 100_000_000
#: What a file that is not a regular one is, for messages.
_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)

log = logging.getLogger(__name__)


def read_untrusted_project(path: Path) -> IncomingProject:
    """Check and read every row a merge needs from the project file at ``path``.

    The file is never opened for writing, and nothing is created beside it.

    Raises:
        InputError: The file is missing, not a project, of a newer schema, damaged, or holds
            anything our schema does not or a row that breaks its rules. Names the file and
            the first problem.
    """
    source = str(path)
    _check_header(path, source)
    with _private_copy(path, source) as copy:
        with closing(_connect(copy, source)) as connection:
            revision = _check_structure(connection, source, at_head=False)
        if revision != db.SCHEMA_HEAD:
            _upgrade_copy(copy, source, revision)
        with closing(_connect(copy, source)) as connection:
            _check_structure(connection, source, at_head=True)
            return SuggestionRowChecker(connection, source).read()


def _check_header(path: Path, source: str) -> None:
    header = _read_header(path, source)
    if not header:
        raise InputError(source, "is empty, not a project file")
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise InputError(source, "is not an annotator project (it is not a SQLite database)")
    # 0 is allowed here: in a file received with its -wal, the header with our id may still
    # be in the log. PRAGMA application_id on the open copy decides.
    if int.from_bytes(header[68:72], "big") not in (0, db.APPLICATION_ID):
        raise InputError(source, "is a SQLite database, but not an annotator project")
    _check_regular(path.with_name(path.name + "-wal"), source, "its -wal")
    journal = path.with_name(path.name + "-journal")
    if journal.exists() and journal.stat().st_size > 0:
        # Its last transaction was cut short; only a writer can roll it back.
        raise InputError(
            source, f"has an unfinished transaction ({journal.name}); open it once in Annotator"
        )


def _read_header(path: Path, source: str) -> bytes:
    """The first 100 bytes of a regular file; anything else is refused before it is opened
    (reading a named pipe would wait for a writer forever, a device would never end)."""
    _check_regular(path, source, None)
    try:
        # O_NONBLOCK: should the file be swapped for a pipe after the check, opening it
        # still returns at once, and fstat below tells.
        handle = os.open(
            path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        )
    except OSError as error:
        raise InputError(source, f"cannot be read ({error.strerror or error})") from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise InputError(source, "is not a regular file, not a project file")
        return os.read(handle, 100)
    except OSError as error:
        raise InputError(source, f"cannot be read ({error.strerror or error})") from None
    finally:
        os.close(handle)


def _check_regular(path: Path, source: str, which: str | None) -> None:
    """Refuse a folder, pipe, device or socket at ``path`` (``which``: "its -wal"; None:
    the file itself, which must exist)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if which is None:
            raise InputError(source, "no such file") from None
        return
    except OSError as error:
        raise InputError(source, f"cannot be read ({error.strerror or error})") from None
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        kind = "a folder"
    else:
        kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "a special file")
    subject = "is" if which is None else f"has {which}, which is"
    raise InputError(source, f"{subject} {kind}, not a project file")


@contextmanager
def _private_copy(path: Path, source: str) -> Iterator[Path]:
    """A copy of the file (and its ``-wal``) in a temporary folder removed afterwards."""
    try:
        made = tempfile.TemporaryDirectory(prefix="annotator-merge-")
    except OSError as error:
        raise InputError(
            source, f"cannot be copied to a temporary folder ({error.strerror or error})"
        ) from None
    with made as folder:
        copy = Path(folder) / "incoming.annotator"
        try:
            shutil.copyfile(path, copy)
            wal = path.with_name(path.name + "-wal")
            if wal.exists():  # a regular file, as _check_header made sure
                shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        except OSError as error:
            raise InputError(
                source, f"cannot be copied to a temporary folder ({error.strerror or error})"
            ) from None
        yield copy


def _connect(copy: Path, source: str) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise InputError(source, f"cannot be opened ({error})") from None
    connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, _MAX_VALUE_BYTES)
    try:
        # query_only as well as mode=ro: a second lock on the same door costs nothing.
        for pragma in ("trusted_schema=OFF", "query_only=ON", "cell_size_check=ON"):
            connection.execute(f"PRAGMA {pragma}")
    except sqlite3.Error as error:
        connection.close()
        raise InputError(source, f"cannot be opened ({error})") from None
    return connection


def _check_structure(connection: sqlite3.Connection, source: str, *, at_head: bool) -> str:
    """Refuse a file whose schema is not ours; returns its schema revision.

    Before an upgrade (``at_head`` false) only the kinds and names of the objects are
    checked, since an older revision has other columns and indexes; after it, everything.
    """
    try:
        objects = connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master"
        ).fetchall()
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
    except sqlite3.Error as error:
        raise InputError(source, f"is damaged or not a project file ({error})") from None
    if application_id != db.APPLICATION_ID:
        raise InputError(source, "is a SQLite database, but not an annotator project")
    tables = _check_objects(objects, source, at_head=at_head)
    if _VERSION_TABLE not in tables:
        raise InputError(source, "is a SQLite database, but not an annotator project")
    revision = _revision(connection, source)
    _quick_check(connection, source)
    if at_head:
        _check_columns(connection, source)
        check_definitions(objects, source)
    return revision


def _expected_indexes() -> set[str]:
    return {str(index.name) for table in Base.metadata.tables.values() for index in table.indexes}


def _check_objects(objects: list[tuple[object, ...]], source: str, *, at_head: bool) -> set[str]:
    expected_tables = {*Base.metadata.tables, _VERSION_TABLE}
    tables: set[str] = set()
    for kind, name, table, sql in objects:
        if kind in ("trigger", "view"):
            raise InputError(source, f"holds a {kind} ({name!r}), which no project file has")
        if kind == "table":
            if name not in expected_tables:
                raise InputError(source, f"holds a table our schema does not have ({name!r})")
            if isinstance(sql, str) and sql.lstrip().upper().startswith("CREATE VIRTUAL"):
                raise InputError(source, f"holds a virtual table ({name!r})")
            tables.add(str(name))
        elif kind == "index":
            automatic = isinstance(name, str) and name.startswith("sqlite_autoindex_")
            if table not in expected_tables or (
                at_head and not automatic and name not in _expected_indexes()
            ):
                raise InputError(source, f"holds an index our schema does not have ({name!r})")
        else:
            raise InputError(source, f"holds a schema object of kind {kind!r}")
    if at_head and tables != expected_tables:
        missing = ", ".join(sorted(expected_tables - tables))
        raise InputError(source, f"lacks tables of a project file ({missing})")
    return tables


def _check_columns(connection: sqlite3.Connection, source: str) -> None:
    """Every table has exactly the schema's columns, none of them generated."""
    for name, table in Base.metadata.tables.items():
        # table_xinfo's "hidden" is 2 or 3 for generated columns, computed on every read.
        rows = connection.execute(f'PRAGMA table_xinfo("{name}")').fetchall()
        columns = {row[1] for row in rows}
        if columns != set(table.columns.keys()) or any(row[6] for row in rows):
            raise InputError(source, f"table {name} does not have the columns of a project file")


def _revision(connection: sqlite3.Connection, source: str) -> str:
    try:
        rows = connection.execute(f"SELECT version_num FROM {_VERSION_TABLE}").fetchall()
    except sqlite3.Error as error:
        raise InputError(source, f"is damaged or not a project file ({error})") from None
    if len(rows) != 1 or not isinstance(rows[0][0], str) or len(rows[0][0]) > _MAX_REVISION:
        raise InputError(source, "has no readable schema revision")
    revision: str = rows[0][0]
    if revision != db.SCHEMA_HEAD and revision not in db.known_revisions():
        raise InputError(
            source,
            f"was made by a newer version of Annotator (schema {revision!r}); "
            "update Annotator to merge it",
        )
    return revision


def _quick_check(connection: sqlite3.Connection, source: str) -> None:
    try:
        result = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as error:
        raise InputError(source, f"is damaged ({error})") from None
    if result != [("ok",)]:
        # The check's lines name pages and rows, never their contents: fit for the log,
        # too many and too technical for the one line a refusal gets.
        problems = [
            line
            for (text,) in result
            for line in str(text).splitlines()
            if line.strip() and not line.startswith("*** in database")
        ]
        for line in problems:
            log.warning("%s: SQLite's quick_check: %s", source, line)
        count = "a problem" if len(problems) == 1 else f"{len(problems)} problems"
        raise InputError(
            source, f"is damaged (SQLite's check found {count}; the details are in the log)"
        )


def _upgrade_copy(copy: Path, source: str, revision: str) -> None:
    """Bring the private copy of an older file to the current schema; the original stays."""
    try:
        db.upgrade_copy(copy)
    except ProjectError as error:
        raise InputError(source, f"cannot be upgraded from schema {revision} ({error})") from None
