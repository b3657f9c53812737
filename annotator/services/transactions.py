"""Transactions: the one way services reach the database."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.expression import ClauseElement

from annotator.errors import AnnotatorError
from annotator.services.changes import StaleViewError
from annotator.store.damage import DamagedProjectError, damaged, quick_check
from annotator.store.db import WRITE_OPTION, data_version
from annotator.store.prepared import Prepared


class StorageError(AnnotatorError):
    """The project file could not be written (disk full, read-only, locked ...)."""


def _storage_message(reason: str) -> str:
    if "locked" in reason or "busy" in reason:
        advice = "another program is writing to the project file; try again in a moment"
    elif "readonly" in reason or "read-only" in reason:
        advice = "the project file or its folder is read-only"
    elif "full" in reason:
        advice = "the disk is full; free some space and try again"
    else:
        advice = "check the disk and the file's permissions"
    return f"The change could not be saved ({reason}): {advice}. Nothing was changed."


class Store:
    """Hands out one short transaction per user action, all writes on one connection.

    Every write of the process, from any thread, goes through one connection, held for the
    life of the project and taken in turn (a lock): the database sees one writer per
    process, and an edit pays no pool checkout. Reads use the pool, so they never wait for
    a writer (the write-ahead log lets them see the last commit).

    Args:
        engine: An engine made by :func:`annotator.store.db.open_project_store`.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._lock = threading.RLock()
        self._connection: Connection | None = None
        #: The damage found in the project file, once found: from then on every write is
        #: refused with it (reads go on, for what can still be read).
        self.damage: DamagedProjectError | None = None
        database = engine.url.database if engine.dialect.name == "sqlite" else None
        self._path = Path(database) if database and database != ":memory:" else None

    def _writer(self) -> Connection:
        """The write connection, (re)opened when missing or after the driver dropped it."""
        connection = self._connection
        if connection is None or connection.closed or connection.invalidated:
            if connection is not None:
                connection.close()
            connection = self.engine.connect().execution_options(**{WRITE_OPTION: True})
            self._connection = connection
        return connection

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits when the block ends, or rolls back if it raises."""
        self._refuse_if_damaged()
        try:
            with self._lock:
                session = Session(bind=self._writer(), expire_on_commit=False)
                with session, session.begin():
                    yield session
        except DBAPIError as error:
            self._tell(error)
            raise

    @contextmanager
    def writing(self, unchanged_since: int | None = None) -> Iterator[Connection]:
        """A Core connection in a write transaction, for the hot paths of annotation.

        An ORM session costs several times what the SQL does; adding a span is one select
        and one insert, so it goes without. Commits when the block ends, rolls back if it
        raises.

        Args:
            unchanged_since: A :meth:`revision` the caller's view of the project was read
                at. If another process has committed since, the block does not run.

        Raises:
            StaleViewError: Another process committed after ``unchanged_since``.
        """
        self._refuse_if_damaged()
        try:
            with self._lock:
                connection = self._writer()
                with connection.begin():
                    # Checked inside the transaction: the write lock is held from BEGIN
                    # IMMEDIATE, so nobody can commit between this check and the edit.
                    if unchanged_since is not None and data_version(connection) not in (
                        None,
                        unchanged_since,
                    ):
                        raise StaleViewError()
                    yield connection
        except DBAPIError as error:
            self._tell(error)
            raise

    def revision(self, *, wait: bool = True) -> int | None:
        """A number that moves whenever another process commits to the project; see
        :func:`annotator.store.db.data_version`.

        Args:
            wait: False to return None at once when a write of this process (an import on
                a worker thread) holds the connection.

        Returns:
            The number, or None where the backend cannot tell (or, without ``wait``, the
            connection is busy).
        """
        if not self._lock.acquire(blocking=wait):
            return None
        try:
            return data_version(self._writer())
        except DBAPIError as error:
            self._tell(error)
            raise
        finally:
            self._lock.release()

    def prepare(
        self, statement: ClauseElement, column_keys: Sequence[str] | None = None
    ) -> Prepared:
        """Compile a hot statement once for this project's backend (see :class:`Prepared`)."""
        return Prepared(statement, self.engine.dialect, column_keys)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; it never commits."""
        try:
            with self._sessions() as session, session.begin():
                yield session
        except DBAPIError as error:
            self._tell(error, writing=False)
            raise

    def checkpoint(self) -> bool:
        """Move every commit from the write-ahead log into the project file, and empty the log.

        After it, the project file alone holds all the work, as long as nobody writes again.
        Only SQLite has a log beside the file; other backends have nothing to do.

        Returns:
            Whether the log was emptied (False when another connection was reading or
            writing, so part of the log had to stay).

        Raises:
            StorageError: The file could not be written.
        """
        if self.engine.dialect.name != "sqlite":
            return True
        try:
            with self._lock:
                # On the driver, outside any transaction: SQLite refuses to checkpoint inside
                # one, and SQLAlchemy's connection would begin one first.
                driver = self._writer().connection.driver_connection
                assert driver is not None
                busy, _log, _moved = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error as error:
            self._tell(error)
            raise StorageError(_storage_message(str(error))) from error
        return not busy

    def check_damage(self) -> None:
        """Check the whole project file for damage (SQLite's ``quick_check``, read-only).

        Linear in the file's size: for a worker thread. Damage found stops every later
        write, as damage met by a read does.

        Raises:
            DamagedProjectError: The file is damaged.
        """
        if self._path is None:
            return
        try:
            quick_check(self._path)
        except DamagedProjectError as error:
            self.damage = error
            raise

    def _refuse_if_damaged(self) -> None:
        if self.damage is not None:
            raise self.damage

    def _tell(self, error: DBAPIError | sqlite3.Error, *, writing: bool = True) -> None:
        """Raise what a driver error of the environment means to the user: a damaged file
        (which stops every later write) or, for ``writing``, a storage problem (locked,
        read-only, full). Returns for any other error, a bug, for the caller to raise.
        """
        found = damaged(self._path, error) if self._path is not None else None
        if found is not None:
            self.damage = found
            raise found from error
        if writing and isinstance(error, OperationalError):
            raise StorageError(_storage_message(str(error.orig))) from error

    def close(self) -> None:
        """Release every connection (the WAL is checkpointed by SQLite on the last close)."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
        self.engine.dispose()
