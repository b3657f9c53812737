"""Files and folders only their owner can read.

Project files, their write-ahead log, backups, exports and logs hold the text of the pages
people annotate, which may be private (forum users' posts, unpublished articles). On POSIX
systems they are created readable and writable by the owner only; on Windows the folder's
access rules apply and these calls change nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

#: Read and write for the owner only.
FILE_MODE = 0o600
#: Read, write and enter for the owner only.
FOLDER_MODE = 0o700
_POSIX = os.name == "posix"


def private_folder(path: Path) -> Path:
    """Create ``path`` (and missing parents) as an owner-only folder; returns it.

    An existing folder is left as it is, except the last one when it is ours alone to
    narrow: a folder the program made for itself (logs, backups) loses group and other
    access, so one made by an older version becomes private too.

    Raises:
        OSError: It cannot be created.
    """
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    if _POSIX and path.stat().st_mode & 0o077:
        path.chmod(FOLDER_MODE)
    return path


def make_private(path: Path) -> None:
    """Narrow an existing file to owner-only read and write (nothing on Windows).

    Raises:
        OSError: The file's mode cannot be changed (someone else's file).
    """
    if _POSIX:
        path.chmod(FILE_MODE)


def create_private_file(path: Path) -> None:
    """Create ``path`` empty and owner-only if it does not exist; an existing file is kept.

    Raises:
        OSError: It cannot be created.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), FILE_MODE)
    os.close(descriptor)
