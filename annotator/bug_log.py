"""The log file that bugs are written to: owner-only, in an owner-only folder.

A traceback names files and may quote values (a label, a path with the user's name), so
the log is as private as the projects it speaks of.
"""

from __future__ import annotations

from pathlib import Path

from annotator.owner_only import create_private_file, make_private, private_folder
from annotator.settings import log_dir

#: The log's file name in :func:`~annotator.settings.log_dir`.
LOG_FILE = "annotator.log"


def log_path() -> Path:
    """Where bugs are logged."""
    return log_dir() / LOG_FILE


def append_to_log(text: str, target: Path | None = None) -> Path:
    """Add ``text`` at the end of the log (made owner-only, with its folder); returns it.

    A log left readable by others by an older version is narrowed too.

    Raises:
        OSError: The log cannot be written (its folder cannot be made, the disk is full).
    """
    target = target or log_path()
    private_folder(target.parent)
    create_private_file(target)
    if target.stat().st_mode & 0o077:
        make_private(target)
    with target.open("a", encoding="utf-8") as handle:
        handle.write(text)
    return target
