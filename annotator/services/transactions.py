"""Transactions: the one way services reach the database."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.expression import ClauseElement

from annotator.errors import AnnotatorError
from annotator.filesystems import remote_filesystem
from annotator.services.changes import StaleViewError
from annotator.store.damage import DamagedProjectError, damaged, quick_check
from annotator.store.db import WRITE_OPTION, data_version
from annotator.store.file_identity import ProjectFileWatch
from annotator.store.prepared import Prepared
from annotator.store.writable import write_problem


class StorageError(AnnotatorError):
    """The project file could not be written (disk full, read-only, locked ...)."""


class ProjectFileGoneError(StorageError):
    """The project file was deleted or replaced by another program while it was open.

    Nothing more is written to it, nor to the file that now bears its name; what was saved
    before can still be read through the connections already open (see
    :meth:`Store.copy_to`).

    Attributes:
        path: The project file's name.
        change: "deleted" (or moved away) or "replaced".
    """

    def __init__(self, path: Path, change: str) -> None:
        what = "deleted" if change == "deleted" else "replaced by another file"
        super().__init__(
            f"The project file {path} was {what} while it was open, so nothing more is "
            "written to it; this change was not saved."
        )
        self.path = path
        self.change = change


class ProjectReadOnlyError(StorageError):
    """The project was opened for reading only (its file or folder cannot be written)."""


def _is_read_only(reason: str) -> bool:
    return "readonly" in reason or "read-only" in reason


def _storage_message(reason: str, network: str | None = None) -> str:
    said = ""  # SQLite's words, only where ours do not say the cause
    if "locked" in reason or "busy" in reason:
        advice = "another program is writing to the project file; try again in a moment"
    elif _is_read_only(reason):
        advice = "the project file or its folder is read-only"
    elif "full" in reason:
        advice = "the disk is full; free some space and try again"
    else:
        said = f" ({reason})"
        advice = "check the disk and the file's permissions"
    if network is not None:
        # SQLite's own words ("unable to open database file") never name the cause.
        advice += (
            f". The project is on a network drive ({network}), which may not support the "
            "file locking SQLite needs: copy it to a local disk"
        )
    return f"The change could not be saved{said}: {advice}. Nothing was changed."


class Store:
    """Hands out one short transaction per user action, all writes on one connection.

    Every write of the process, from any thread, goes through one connection, held for the
    life of the project and taken in turn (a lock): the database sees one writer per
    process, and an edit pays no pool checkout. Reads use the pool, so they never wait for
    a writer (the write-ahead log lets them see the last commit).

    Before each write it checks that the project file is still the file it opened (a
    ``stat``): once it was deleted or replaced, every write is refused with
    :class:`ProjectFileGoneError` and no new connection is opened on its name, since SQLite
    would apply this process's log to whatever file bears it now.

    Args:
        engine: An engine made by :func:`annotator.store.db.open_project_store`.
        read_only: Why the project cannot be written, for a project opened for reading
            only; every write is then refused with that reason.
        path: The project file, where the engine's URL does not name it (a read-only
            engine connects through a URI): damage is told naming it.
    """

    def __init__(
        self, engine: Engine, *, read_only: str | None = None, path: Path | None = None
    ) -> None:
        self.engine = engine
        self.read_only = read_only
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._lock = threading.RLock()
        self._connection: Connection | None = None
        #: The damage found in the project file, once found: from then on every write is
        #: refused with it (reads go on, for what can still be read).
        self.damage: DamagedProjectError | None = None
        database = engine.url.database if engine.dialect.name == "sqlite" else None
        if path is None and database and database != ":memory:":
            path = Path(database)
        self._path = path
        self._watch = _watch_for(engine) if read_only is None else None
        #: What happened to the project file ("deleted", "replaced"), once noticed.
        self._gone: str | None = None
        self._released = False
        self.network = None if self._watch is None else remote_filesystem(self._watch.path.parent)
        if self._watch is not None:
            event.listen(engine, "do_connect", self._before_connect)

    @property
    def file_gone(self) -> bool:
        """Whether the project file was deleted or replaced (asked now; writes are refused)."""
        return self._notice() is not None

    def _notice(self) -> str | None:
        """What happened to the project file ("deleted", "replaced"); None while it is ours."""
        if self._gone is None and self._watch is not None:
            self._gone = self._watch.change()
        return self._gone

    def _writer(self) -> Connection:
        """The write connection, (re)opened when missing or after the driver dropped it."""
        connection = self._connection
        if connection is None or connection.closed or connection.invalidated:
            if connection is not None:
                connection.close()
            connection = self.engine.connect().execution_options(**{WRITE_OPTION: True})
            self._connection = connection
            if self._watch is not None:
                self._watch.note_log_files()  # held open by this connection from now on
        return connection

    def _check_file(self) -> None:
        """Refuse a write (the lock held) to a read-only project, or to a project file that
        is no longer the file opened; then let go of its name."""
        if self.read_only is not None:
            raise ProjectReadOnlyError(f"{self.read_only}; the change was not saved.")
        if self._watch is not None and self._notice() is not None:
            self._let_go()
            raise ProjectFileGoneError(self._watch.path, self._gone or "")

    def _let_go(self) -> None:
        """Once the file is gone: move the log into the file opened, through this process's
        own descriptors (where it is harmless, and completes a file that was only moved),
        and remove the log's names, so that no one applies it to another file."""
        if self._released or self._watch is None:
            return
        self._released = True
        connection = self._connection
        if connection is not None and not connection.closed and not connection.invalidated:
            driver = connection.connection.driver_connection
            assert driver is not None
            with contextlib.suppress(sqlite3.Error):  # still read through the descriptors
                driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self._watch.release_log_names()

    def _before_connect(self, *_args: object) -> None:
        """The engine's ``do_connect`` hook: no new connection on a name that stands for
        another file now (it would read, and later apply, this process's log)."""
        if self._watch is None:  # closed: nothing is watched any more
            return
        if self._notice() is not None:
            raise ProjectFileGoneError(self._watch.path, self._gone or "")

    def _failed(self, error: OperationalError) -> StorageError:
        """The error to raise for a write that SQLite refused."""
        reason = str(error.orig)
        if _is_read_only(reason):
            # A connection opened while the file was read-only stays read-only: drop it
            # (and the pool's), so that once the file is writable again the next change
            # opens a new one and succeeds, without restarting.
            with self._lock:
                if self._connection is not None:
                    self._connection.invalidate()
                self.engine.dispose()
            problem = None if self._watch is None else write_problem(self._watch.path)
            if problem is not None:  # the file's own words, rather than SQLite's
                return StorageError(
                    f"The change could not be saved: {problem}. Nothing was changed."
                )
        return StorageError(_storage_message(reason, self.network))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits when the block ends, or rolls back if it raises."""
        self._refuse_if_damaged()
        try:
            with self._lock:
                self._check_file()
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
                self._check_file()
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

        Raises:
            ProjectFileGoneError: The project file was deleted or replaced (asked here too,
                so that a window polling for changes notices before the next edit).
        """
        if not self._lock.acquire(blocking=wait):
            return None
        try:
            if self.read_only is None:
                self._check_file()
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
                self._check_file()
                # On the driver, outside any transaction: SQLite refuses to checkpoint inside
                # one, and SQLAlchemy's connection would begin one first.
                driver = self._writer().connection.driver_connection
                assert driver is not None
                busy, _log, _moved = driver.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error as error:
            self._tell(error)
            raise StorageError(_storage_message(str(error), self.network)) from error
        return not busy

    def check_damage(self) -> None:
        """Check the whole project file for damage (SQLite's ``quick_check``, read-only).

        Linear in the file's size: for a worker thread. Damage found stops every later
        write, as damage met by a read does.

        Raises:
            DamagedProjectError: The file is damaged.
        """
        if self._path is None or self._notice() is not None:
            # Gone: the name now holds another file (or none), not the one open here.
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
            raise self._failed(error) from error

    def copy_to(self, target: Path) -> None:
        """Write every committed change into ``target`` (absent or empty), as one file that
        needs nothing beside it, through the write connection this process already has.

        For when the project file is gone: that connection's descriptors are then the only
        way left to the work, and no new connection may be opened. (Otherwise a copy goes
        through a pooled read connection, so that edits need not wait for it: see
        :func:`annotator.store.snapshot.vacuum_into`.)

        Raises:
            sqlite3.Error: The copy could not be written (disk full, folder not writable ...).
        """
        from annotator.store.snapshot import vacuum_on

        with self._lock:
            connection = self._connection
            if connection is None or connection.closed or connection.invalidated:
                raise sqlite3.OperationalError("no open connection to the project is left")
            vacuum_on(connection, target)

    def close(self) -> None:
        """Release every connection (SQLite moves the log into the file on the last close).

        When the project file is gone, SQLite leaves the log beside the name at the last
        close; its names are removed then, so that it is never applied to another file.
        """
        with self._lock:
            if self._notice() is not None:
                self._let_go()
            if self._connection is not None:
                self._connection.close()
                self._connection = None
        self.engine.dispose()
        if self._gone is not None and self._watch is not None:
            self._watch.release_log_names()
        # Closed, the store watches no more: the name may rightly hold another file now (a
        # restored backup), and its log files may reuse the inode numbers noted here.
        self._watch = None


def _watch_for(engine: Engine) -> ProjectFileWatch | None:
    """The watch on the project file of a SQLite engine; None for other backends, an
    in-memory database or a URI (a read-only store)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        return None
    return ProjectFileWatch(Path(database))
