"""Putting a backup in place of a project file, which must be open nowhere.

A project file opened in WAL mode has a ``-wal`` (commits not yet moved into the file) and a
``-shm`` (their index) beside it. A restored file must never meet the old ``-wal``: SQLite
would replay the old commits onto the new file and damage both. So the old side files are
removed (after the caller kept the old file and its log aside) and only then is the restored
file renamed over the project, in one step.

Whether another process has the project open is read from the lock every SQLite connection
in WAL mode holds on the ``-shm`` while it is open (the "DMS" byte of SQLite's WAL-index
format, see https://sqlite.org/walformat.html): a shared lock per connection, which an
exclusive lock cannot be taken over. That works when the project file itself is damaged or
gone, and the exclusive lock is held until the swap is done, so no SQLite connection can
open the project in between. POSIX locks are per process: the caller must have closed its
own connections to the project first.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from annotator.atomic import sync_folder
from annotator.owner_only import make_private
from annotator.store.backup_copy import SIDE_SUFFIXES

#: Where SQLite's unix VFS locks the "DMS" byte of a ``-shm`` file (its WAL-index header
#: holds 8 lock bytes from offset 120; the DMS byte follows them).
_DMS_BYTE = 128


class ProjectInUseError(Exception):
    """Another process has the project open."""


def side_file(project: Path, suffix: str) -> Path:
    """``project`` with ``suffix`` (``-wal``, ``-shm``, ``-journal``) after its name."""
    return project.with_name(project.name + suffix)


@contextmanager
def closed_everywhere(project: Path) -> Iterator[None]:
    """Hold the project closed for other processes while the block runs.

    Raises:
        ProjectInUseError: Another process has it open.
        OSError: Its ``-shm`` cannot be opened to find out.
    """
    shm = side_file(project, "-shm")
    try:
        descriptor = os.open(shm, os.O_RDWR)
    except FileNotFoundError:
        # No WAL index: no connection in WAL mode has the project open (ours always use WAL).
        yield
        return
    try:
        if not _lock_exclusive(descriptor):
            raise ProjectInUseError(str(project))
        yield
    finally:
        os.close(descriptor)  # drops the lock


def _lock_exclusive(descriptor: int) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows: SQLite locks there keep a file in use from being replaced
        return True
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _DMS_BYTE)
    except OSError:
        return False
    return True


def put_in_place(backup: Path, project: Path) -> None:
    """Replace ``project`` with a copy of ``backup`` in one rename; call inside
    :func:`closed_everywhere`, with the old file and its ``-wal`` kept elsewhere.

    The copy is written beside the project and flushed first; the old side files are
    removed next (so that a crash at any point leaves either the old file, or the restored
    one, never one with the other's log); then the copy is renamed over the project.

    Raises:
        OSError: The copy could not be written (the project is unchanged) or put in place.
    """
    descriptor, name = tempfile.mkstemp(
        dir=project.parent, prefix=f".{project.name}.", suffix=".part"
    )
    temporary = Path(name)
    try:
        _write_copy(descriptor, backup)
        make_private(temporary)
        _to_wal(temporary)
        for suffix in SIDE_SUFFIXES:
            side_file(project, suffix).unlink(missing_ok=True)
        temporary.replace(project)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    sync_folder(project.parent)


def _to_wal(path: Path) -> None:
    """Switch a copy to WAL mode, as every opening does: the project's first opening after
    the restore then leaves the file as it is, and the backup service sees no change."""
    with closing(sqlite3.connect(path, isolation_level=None)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")


def copy_raw(source: Path, target: Path) -> None:
    """Copy a file's bytes as they are (a damaged project, kept aside), owner-only.

    Raises:
        OSError: It could not be copied (nothing is left at ``target``).
    """
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        _write_copy(descriptor, source)
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise


def _write_copy(descriptor: int, source: Path) -> None:
    """Write ``source``'s bytes to the open file ``descriptor`` (closed after), flushed to disk."""
    with os.fdopen(descriptor, "wb") as out, source.open("rb") as handle:
        shutil.copyfileobj(handle, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())
