"""Whether a project file can be written, and if not, why, in a few words.

Asked before opening a project for a command that only reads it (a project that cannot be
written is then opened read-only), and to name the cause when SQLite's own words do not
("unable to open database file", "attempt to write a readonly database").
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

#: The files SQLite creates beside a project in WAL mode.
_LOG_SUFFIXES = ("-wal", "-shm")


#: Below this much free space a project's disk counts as full: SQLite could not even give
#: the ``-shm`` index beside the file its first pages (32 KiB), nor log a change.
FULL_BELOW = 64 << 10


def write_problem(path: Path, *, name_file: bool = True) -> str | None:
    """Why the existing project file ``path`` cannot be written, in a few words (to follow
    "cannot write: "); None when it can.

    Args:
        path: The project file.
        name_file: Name ``path`` in the words ("the file P is read-only"); False where the
            sentence names it already ("the file is read-only").
    """
    if _read_only_drive(path.parent):
        return f"the drive holding {path.parent} is read-only"
    if not _opens_for_writing(path):
        return f"the file {path} is read-only" if name_file else "the file is read-only"
    logs = [path.with_name(path.name + suffix) for suffix in _LOG_SUFFIXES]
    # SQLite creates the -wal and -shm beside the file: the folder must take new files,
    # unless both are there and writable.
    if not os.access(path.parent, os.W_OK) and not all(os.access(log, os.W_OK) for log in logs):
        return f"its folder {path.parent} is read-only"
    if disk_full(path.parent):
        return f"the disk holding {path.parent} is full"
    return None


def cannot_work_on(path: Path, problem: str) -> str:
    """The one line refusing to open the project ``path`` for a command that writes, given
    why it cannot be written (:func:`write_problem`)."""
    return (
        f"Cannot open {path} for work: {problem}. (Commands that only read it, such as "
        "'annotator stats' and 'annotator export', still can.)"
    )


def reading_uri(path: Path) -> str:
    """The URI of a connection that reads the project file ``path`` and never writes it.

    SQLite reads a WAL file through its ``-wal`` and ``-shm``: where those exist (someone
    has it open, or stopped without moving the log into the file), ``mode=ro`` reads them.
    Where they do not, and cannot be made (a read-only folder, or a full disk, where a
    ``-shm`` is created but not given its pages, and left behind truncated), the file alone
    holds every change and nobody can be writing it: it is read ``immutable``.
    """
    has_log = any(path.with_name(path.name + suffix).exists() for suffix in _LOG_SUFFIXES)
    cannot_make = not os.access(path.parent, os.W_OK) or disk_full(path.parent)
    return f"{path.as_uri()}?mode=ro" + ("&immutable=1" if not has_log and cannot_make else "")


def disk_full(folder: Path, below: int = FULL_BELOW) -> bool:
    """Whether the disk holding ``folder`` has less than ``below`` bytes free (by default,
    next to none); False when it cannot be told."""
    try:
        return shutil.disk_usage(folder).free < below
    except OSError:
        return False


def _opens_for_writing(path: Path) -> bool:
    """Whether ``path`` opens for writing: asked of the file itself, not of its permission
    bits, which say yes to root even for an immutable file (``chattr +i``). Opening without
    truncating changes nothing."""
    try:
        os.close(os.open(path, os.O_WRONLY))
    except PermissionError:
        return False
    except OSError as error:
        return error.errno not in (errno.EROFS, errno.EPERM, errno.EACCES)
    return True


def _read_only_drive(folder: Path) -> bool:
    """Whether the file system holding ``folder`` is mounted read-only (POSIX only)."""
    if not hasattr(os, "statvfs"):
        return False
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False
