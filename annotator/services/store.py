"""Transactions: the one way services reach the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from annotator.errors import AnnotatorError
from annotator.store.db import WRITE_OPTION


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
    """Hands out one short session per user action.

    Args:
        engine: An engine made by :func:`annotator.store.db.open_project_store`.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits when the block ends, or rolls back if it raises."""
        try:
            with self._sessions() as session, session.begin():
                session.connection(execution_options={WRITE_OPTION: True})
                yield session
        except OperationalError as error:
            raise StorageError(_storage_message(str(error.orig))) from error

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A Core connection in a write transaction, for the hot paths of annotation.

        An ORM session costs several times what the SQL does; adding a span is one select
        and one insert, so it goes without. Commits when the block ends, rolls back if it
        raises.
        """
        try:
            with self.engine.connect() as connection:
                connection = connection.execution_options(**{WRITE_OPTION: True})
                with connection.begin():
                    yield connection
        except OperationalError as error:
            raise StorageError(_storage_message(str(error.orig))) from error

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; it never commits."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        """Release every connection (the WAL is checkpointed by SQLite on the last close)."""
        self.engine.dispose()
