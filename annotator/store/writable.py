"""Whether a project file can be written, and if not, why, in a few words.

Asked before opening a project for a command that only reads it (a project that cannot be
written is then opened read-only), and to name the cause when SQLite's own words do not
("unable to open database file", "attempt to write a readonly database").
"""

from __future__ import annotations

import os
from pathlib import Path

#: The files SQLite creates beside a project in WAL mode.
_LOG_SUFFIXES = ("-wal", "-shm")


def write_problem(path: Path) -> str | None:
    """Why the existing project file ``path`` cannot be written, in a few words (to follow
    "cannot write: "); None when it can (as far as the system's permissions tell)."""
    if _read_only_drive(path.parent):
        return f"the drive holding {path.parent} is read-only"
    if not os.access(path, os.W_OK):
        return f"the file {path} is read-only"
    logs = [path.with_name(path.name + suffix) for suffix in _LOG_SUFFIXES]
    # SQLite creates the -wal and -shm beside the file: the folder must take new files,
    # unless both are there and writable.
    if not os.access(path.parent, os.W_OK) and not all(os.access(log, os.W_OK) for log in logs):
        return f"its folder {path.parent} is read-only"
    return None


def _read_only_drive(folder: Path) -> bool:
    """Whether the file system holding ``folder`` is mounted read-only (POSIX only)."""
    if not hasattr(os, "statvfs"):
        return False
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False
