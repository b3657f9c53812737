"""Statements compiled once and run straight on the driver, for the few hottest writes.

Executing a Core statement costs SQLAlchemy about ten times what SQLite takes to run it
(cache-key lookup, execution context, result wrapping); adding a span, the edit made most
often, runs two. A :class:`Prepared` statement is compiled once for the engine's dialect -
so its SQL and parameter style stay right on any backend - and converts its parameters with
the same bind processors Core would use, then runs on the driver's cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import Compiled
from sqlalchemy.sql.expression import ClauseElement


class Prepared:
    """A statement compiled for one dialect, with its parameters' order and conversions.

    Only for statements whose result columns need no conversion (integers and strings): rows
    come back as the driver returns them.

    Args:
        statement: A Core statement with named bind parameters.
        dialect: The engine's dialect.
        column_keys: For an ``insert()`` without values: the columns it sets.
    """

    def __init__(
        self, statement: ClauseElement, dialect: Dialect, column_keys: Sequence[str] | None = None
    ) -> None:
        compiled: Compiled = statement.compile(
            dialect=dialect, column_keys=list(column_keys) if column_keys else None
        )
        self.sql = str(compiled)
        positions = getattr(compiled, "positiontup", None)
        #: None for a named parameter style (psycopg's ``%(name)s``): pass a mapping then.
        self._order: list[str] | None = list(positions) if positions is not None else None
        binds = getattr(compiled, "binds", {})
        self._processors: dict[str, Callable[[Any], Any]] = {}
        for name, bind in binds.items():
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if processor is not None:
                self._processors[name] = processor

    def parameters(self, values: Mapping[str, Any]) -> Sequence[Any] | dict[str, Any]:
        """The driver's parameters for ``values`` (converted as Core would)."""
        processors = self._processors
        converted = {
            name: processors[name](value) if name in processors else value
            for name, value in values.items()
        }
        if self._order is None:
            return converted
        return [converted[name] for name in self._order]

    def run(self, connection: Connection, values: Mapping[str, Any]) -> Any:
        """Run on ``connection``'s driver connection, inside its current transaction.

        Returns:
            The driver's cursor.

        Raises:
            sqlalchemy.exc.DBAPIError: The driver's error, wrapped as Core wraps it (so a
                locked or full disk reads the same whichever way a statement ran).
        """
        driver = connection.connection.driver_connection
        assert driver is not None
        cursor = driver.cursor()
        parameters = self.parameters(values)
        dbapi_error = connection.dialect.loaded_dbapi.Error
        try:
            cursor.execute(self.sql, parameters)
        except dbapi_error as error:
            # Without the parameters, as the engine's hide_parameters does: they hold text.
            raise DBAPIError.instance(
                self.sql, parameters, error, dbapi_error, hide_parameters=True
            ) from error
        return cursor

    def first(self, connection: Connection, values: Mapping[str, Any]) -> tuple[Any, ...] | None:
        """The first row of the result, or None."""
        row = self.run(connection, values).fetchone()
        return None if row is None else tuple(row)
