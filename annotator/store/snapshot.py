"""A consistent copy of a project in one file, for sending to someone else.

SQLite's ``VACUUM INTO`` writes every committed change, including those still in the
write-ahead log, into a fresh, compacted file in rollback-journal mode: the copy needs no
``-wal`` or ``-shm`` beside it, and keeps the project's ``application_id``.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine


def vacuum_into(engine: Engine, target: Path) -> None:
    """Write a copy of the database of ``engine`` to ``target``, which must be absent or empty.

    Raises:
        sqlite3.Error: The copy could not be written (disk full, folder not writable ...).
        ValueError: The engine's database is not SQLite.
    """
    if engine.dialect.name != "sqlite":
        raise ValueError("only a SQLite project can be copied into one file")
    raw = engine.raw_connection()
    try:
        # On the driver, outside any transaction (VACUUM refuses to run inside one). A read
        # connection sees the last commit, whatever another connection is doing.
        driver = raw.driver_connection
        assert driver is not None
        driver.execute("VACUUM INTO ?", (str(target),))
    finally:
        raw.close()


def vacuum_on(connection: Connection, target: Path) -> None:
    """:func:`vacuum_into` through a connection already open (outside any transaction), for
    when no new one may be opened: the project file is gone, and this connection's
    descriptors are the only way left to its work.

    Raises:
        sqlite3.Error: The copy could not be written.
    """
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute("VACUUM INTO ?", (str(target),))
