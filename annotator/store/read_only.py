"""Opening a project that cannot be written: a read-only file, a file in a read-only
folder (a mounted archive, a shared folder, a CD), or a file on a full disk.

Reading must still work there (``annotator stats``, ``annotator export``), and on a full
disk: the connection is read-only, and ``immutable`` where nothing beside the file can be
made (:func:`annotator.store.writable.reading_uri`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from annotator.errors import ProjectError
from annotator.store.db import (
    PAGE_CACHE_KIB,
    SCHEMA_HEAD,
    check_is_project_file,
    on_sqlite_begin,
    peek_schema,
    project_file,
)
from annotator.store.writable import reading_uri


def _on_read_only_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # As the writable engine's hook (store.db), but never switching the journal mode.
    dbapi_connection.isolation_level = None
    # No query_only: mode=ro already keeps the file unwritten, and VACUUM INTO (a copy to
    # share) must still write its target.
    for pragma in ("foreign_keys=ON", "busy_timeout=5000"):
        dbapi_connection.execute(f"PRAGMA {pragma}")
    dbapi_connection.execute(f"PRAGMA cache_size={PAGE_CACHE_KIB}")


def open_read_only_store(path: Path, problem: str) -> Engine:
    """An engine that reads the project at ``path`` and can never write it.

    Args:
        path: An existing project file.
        problem: Why it cannot be written
            (:func:`annotator.store.writable.write_problem`), for the messages.

    Raises:
        ProjectError: It is not a project, or is of another version (an older one would
            have to be upgraded first, which needs writing).
    """
    path = project_file(path)
    check_is_project_file(path)
    uri = reading_uri(path)
    _names, revision = peek_schema(path, uri)
    if revision != SCHEMA_HEAD:
        raise ProjectError(
            f"Cannot read {path}: it was made by "
            f"{'another' if revision else 'no'} version of Annotator and must be upgraded "
            f"first, which needs writing, but {problem}."
        )
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
    )
    event.listen(engine, "connect", _on_read_only_connect)
    event.listen(engine, "begin", on_sqlite_begin)
    return engine
