"""What a file's first bytes say it is, read without opening it as a database.

Imported before SQLAlchemy is: the window asks this about a path it is about to open.
"""

from __future__ import annotations

from pathlib import Path

#: The first 16 bytes of every SQLite database file.
SQLITE_MAGIC = b"SQLite format 3\x00"


def may_hold_a_project(path: Path) -> bool:
    """Whether a file could be a project: a SQLite database, or empty (a new project).

    A missing or unreadable file is left for the store to report.
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
    except OSError:
        return True
    return not header or header == SQLITE_MAGIC
