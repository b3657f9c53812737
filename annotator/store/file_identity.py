"""Whether the project file is still the file the store opened.

A sync tool, "restore previous version" or a stray ``rm`` can delete or replace the project
file while it is open. SQLite keeps working on the file it opened (on Linux the deleted file
lives on through the open descriptors), so every later change would be reported saved and
then vanish with the process; and the ``-wal`` left beside the name would be applied to
whatever file next bears it, destroying that file too. The store compares the name's device
and inode with those it opened before each write, and lets go of the name when they differ.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

#: The write-ahead log and its index beside a project in WAL mode.
LOG_SUFFIXES = ("-wal", "-shm")

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """Which file a name stood for: its device and inode (volume and file index on Windows)."""

    device: int
    inode: int


def identity_of(path: Path) -> FileIdentity | None:
    """The identity of the file at ``path``; None when there is none (or it cannot be seen)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return FileIdentity(status.st_dev, status.st_ino)


class ProjectFileWatch:
    """The identity of a project file and of its log files, taken while the store has them
    open, and the check that the names still stand for them.

    Args:
        path: The project file, as the store opened it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._opened = identity_of(path)
        self._logs: dict[Path, FileIdentity | None] = {}
        self.note_log_files()

    def note_log_files(self) -> None:
        """Remember which files the ``-wal`` and ``-shm`` names stand for now (call while a
        connection holds them open: SQLite removes them when the last one closes)."""
        for suffix in LOG_SUFFIXES:
            side = self.path.with_name(self.path.name + suffix)
            self._logs[side] = identity_of(side)

    def change(self) -> str | None:
        """None while the name still stands for the file opened; else what happened to it:
        "deleted" (or moved away) or "replaced" (another file now bears the name)."""
        try:
            status = self.path.stat()
        except FileNotFoundError:
            return "deleted"
        except OSError:
            return None  # cannot tell (a permission problem): SQLite reports it if it matters
        if self._opened is None:
            return None
        if FileIdentity(status.st_dev, status.st_ino) != self._opened:
            return "replaced"
        return None

    def release_log_names(self) -> None:
        """Remove the ``-wal`` and ``-shm`` names if they still stand for the files opened.

        The open connections keep their own descriptors (and so can still read every
        change); what goes is only the names, so that no one applies this log to the file
        that now bears the project's name (or to a new one made there later). A log file
        another program put there since is not touched.
        """
        for side, opened in self._logs.items():
            if opened is not None and identity_of(side) == opened:
                try:
                    side.unlink()
                except FileNotFoundError:
                    pass
                except OSError as error:  # nothing more can be done than to say so
                    log.warning("could not remove %s: %s", side, error.strerror or error)
