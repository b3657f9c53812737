"""Transactions: the one way services reach the database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from annotator.errors import AnnotatorError


class StorageError(AnnotatorError):
    """The project file could not be written (disk full, read-only, locked ...)."""


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
                yield session
        except OperationalError as error:
            raise StorageError(
                f"The change could not be saved to the project file: {error.orig}. "
                "Nothing was changed; free some disk space or check the file's permissions."
            ) from error

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; it never commits."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        """Release every connection (the WAL is checkpointed by SQLite on the last close)."""
        self.engine.dispose()
