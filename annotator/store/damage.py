"""A damaged project file: an environment problem, told with the way back.

SQLite reports a damaged page (``database disk image is malformed``) or a file that is not a
database at all as plain ``DatabaseError``s, which would otherwise surface as "a bug". They
are recognised here by SQLite's own result code (SQLITE_CORRUPT, SQLITE_NOTADB), never by
the message, and become :class:`DamagedProjectError`. Locked, read-only or full files are
``OperationalError``s and stay storage problems (see ``services.transactions``).

A file is checked with ``PRAGMA quick_check`` when it is opened if that is cheap, that is
when it is no larger than :data:`QUICK_CHECK_MAX_BYTES`; a larger one is checked by the
window in the background, and any file at the latest when the damaged page is read.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sqlite3
from contextlib import closing
from pathlib import Path

from annotator.core.one_line import one_line
from annotator.errors import ProjectError
from annotator.settings import project_backup_folder
from annotator.store.backup_names import backups_in, legacy_backups
from annotator.store.writable import reading_uri

#: SQLite's primary result codes for a damaged file and for a file that is no database.
SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26
#: The largest file (with its write-ahead log) checked as it is opened. Measured on this
#: project's reference machine, ``quick_check`` reads 1 MiB in about 1 ms from the page
#: cache and about 21 ms from a cold disk: 16 MiB adds at most ~20 ms to a warm open and
#: ~0.35 s to a cold one. Larger files are checked after the window shows them.
QUICK_CHECK_MAX_BYTES = 16 * 1024 * 1024
#: How Python's sqlite3 starts its error for a text column that is not UTF-8 (it goes on to
#: quote the text).
_NOT_UTF8 = "Could not decode to UTF-8"


class DamagedProjectError(ProjectError):
    """The project file is damaged: nothing was changed, and a backup can be restored.

    Args:
        path: The project file.
        detail: What SQLite said, kept for the log (not shown: it means nothing to a user).
    """

    def __init__(self, path: Path, detail: str = "") -> None:
        self.path = path
        self.detail = detail
        shown = one_line(path, None)
        command = one_line(shlex.quote(str(path)), None)
        folder = project_backup_folder(path)
        if _has_backups(path, folder):
            way_back = (
                f"Its backups are in {one_line(folder, None)}: run `annotator restore "
                f"{command} --latest` to put the newest back (`annotator backups {command}` "
                "lists them)"
            )
        else:
            way_back = "No backup of it has been made yet"
        super().__init__(
            f"The project file {shown} is damaged; nothing was changed. {way_back}. To "
            "salvage what can still be read, SQLite's `.recover` command can help (in the "
            "sqlite3 program from sqlite.org; some Linux builds lack it)."
        )


def _has_backups(path: Path, folder: Path) -> bool:
    """Whether any backup of the project at ``path`` exists (sound or not: listing them is
    cheap, checking them is `annotator backups`' work)."""
    try:
        return bool(backups_in(folder, path.name) or legacy_backups(path))
    except OSError:
        return False


def damage_detail(error: BaseException) -> str | None:
    """What SQLite said, when ``error`` (or the driver error it wraps) means a damaged file.

    Args:
        error: A driver error, or SQLAlchemy's wrapper of one (its ``orig``).

    Returns:
        SQLite's message for SQLITE_CORRUPT or SQLITE_NOTADB (extended codes included), or
        a sentence for a stored text that is not UTF-8; None for any other error, from
        SQLite or another backend.
    """
    driver_error = getattr(error, "orig", error)
    if not isinstance(driver_error, sqlite3.Error):
        return None
    if str(driver_error).startswith(_NOT_UTF8):
        # Every text is stored as valid UTF-8, so a page of garbage inside one is damage.
        # The driver's message quotes the text: it is left out.
        return "a stored text is not valid UTF-8"
    code = getattr(driver_error, "sqlite_errorcode", None)
    if code is None or code & 0xFF not in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return None
    return str(driver_error)


def damaged(path: Path, error: BaseException) -> DamagedProjectError | None:
    """The :class:`DamagedProjectError` that ``error`` means for ``path``, or None."""
    detail = damage_detail(error)
    return None if detail is None else DamagedProjectError(path, detail)


def quick_check(path: Path) -> None:
    """Run SQLite's ``quick_check`` over the whole file, on a read-only connection.

    The file is never written: not even switched to the write-ahead log. Linear in the
    file's size, so a large file is checked off the GUI thread.

    Raises:
        DamagedProjectError: The check found damage (or the file is no database).
    """
    sides = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    absent = [side for side in sides if not os.path.lexists(side)]
    try:
        with closing(sqlite3.connect(reading_uri(path), uri=True)) as connection:
            rows = connection.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.Error as error:
        found = damaged(path, error)
        if found is None:
            return  # locked, unreadable ...: the real open reports it in its own words
        _remove_empty(absent)
        raise found from error
    if rows != [("ok",)]:
        _remove_empty(absent)
        raise DamagedProjectError(path, "; ".join(str(row[0]) for row in rows))


def _remove_empty(created: list[Path]) -> None:
    """Take back the empty log and index that reading a write-ahead-log file made beside a
    refused one: it is left exactly as it was. Only files that were absent before the check
    are removed, so never those of a program that has the file open."""
    for side in created:
        with contextlib.suppress(OSError):
            if side.name.endswith("-shm") or side.stat().st_size == 0:
                side.unlink()


def check_on_open(path: Path) -> None:
    """Refuse a damaged project file as it is opened, when checking it is cheap.

    Files larger than :data:`QUICK_CHECK_MAX_BYTES` are left to :func:`needs_late_check`'s
    caller and to the reads that meet the damage.

    Raises:
        DamagedProjectError: The file is damaged; it was not changed.
    """
    if 0 < _size(path) <= QUICK_CHECK_MAX_BYTES:
        quick_check(path)


def needs_late_check(path: Path) -> bool:
    """Whether :func:`check_on_open` left ``path`` unchecked because it is large."""
    return _size(path) > QUICK_CHECK_MAX_BYTES


def _size(path: Path) -> int:
    """The file's size with its write-ahead log's (both are read by the check); 0 if absent."""
    total = 0
    for part in (path, path.with_name(path.name + "-wal")):
        try:
            total += part.stat().st_size
        except OSError:
            continue
    return total
