"""The log file that bugs are written to: owner-only, in an owner-only folder.

A traceback names files and may quote values (a label, a path with the user's name), so
the log is as private as the projects it speaks of. SQL errors in it name their statement,
never its parameters (the project's engine hides them), so no document text reaches it
through a failed statement.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from annotator.owner_only import create_private_file, make_private, private_folder
from annotator.settings import log_dir

#: The log's file name in :func:`~annotator.settings.log_dir`.
LOG_FILE = "annotator.log"
#: What :func:`log_bug` returns when the log cannot be written.
NO_LOG = Path("(the log could not be written)")


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


def log_bug(details: BaseException | str) -> Path:
    """Log a bug: an error's traceback (or ready-made ``details``) at the end of the log.

    Shared by the command line and the window.

    Returns:
        The log file, or :data:`NO_LOG` when it could not be written.
    """
    text = details if isinstance(details, str) else "".join(traceback.format_exception(details))
    try:
        return append_to_log(text)
    except OSError:
        return NO_LOG
