"""Whether each table and index of a received project file is defined as ours.

Names alone prove nothing: a file could hold an index called like ours on other columns, a
``spans`` table whose range check or a ``labels`` table whose ``UNIQUE`` was dropped. SQLite
keeps the ``CREATE`` statement of every object, so each is compared with the statement our
schema (:mod:`annotator.store.schema`) makes. The comparison ignores what differs between a
new file and an upgraded one without changing the meaning: the order of a table's columns and
constraints (an upgrade appends the columns it adds), the quotes around names, spacing and
letter case.
"""

from __future__ import annotations

import re
from functools import cache

from sqlalchemy import create_engine

from annotator.errors import InputError
from annotator.store.schema import Base

#: What Alembic creates to record the schema revision (the same in every project file).
_VERSION_TABLE_SQL = (
    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
    "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
)
_TABLE = re.compile(r"create\s+table\s+(\S+?)\s*\((.*)\)\s*([^)]*)", re.DOTALL)
_SPACE = re.compile(r"\s+")
_NEAR_BRACKET = re.compile(r"\s*([(),])\s*")

#: A table's definition: its items (columns and constraints), in any order, and its options
#: (``WITHOUT ROWID``, ``STRICT``); an index's: its normalized statement.
Definition = tuple[str, ...]


def check_definitions(objects: list[tuple[object, ...]], source: str) -> None:
    """Refuse the file if a table or index of ours is defined otherwise.

    Args:
        objects: The file's ``sqlite_master`` rows (type, name, table, sql); only tables and
            indexes of our names are left (the caller refused anything else).
        source: The file as the user named it, for messages.

    Raises:
        InputError: Names the first object defined otherwise.
    """
    expected = _expected()
    for kind, name, _table, sql in objects:
        if sql is None:  # an index SQLite made for a UNIQUE or PRIMARY KEY of the table
            continue
        wanted = expected.get((str(kind), str(name)))
        if wanted is None or not isinstance(sql, str) or _definition(str(kind), sql) != wanted:
            raise InputError(source, f"its {kind} {name!r} is not defined as in a project file")


@cache
def _expected() -> dict[tuple[str, str], Definition]:
    """The definition of each table and index our schema creates, by (kind, name)."""
    engine = create_engine("sqlite://")
    try:
        Base.metadata.create_all(engine)
        with engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
            ).all()
    finally:
        engine.dispose()
    found = {(kind, name): _definition(kind, sql) for kind, name, sql in rows}
    found["table", "alembic_version"] = _definition("table", _VERSION_TABLE_SQL)
    return found


def _definition(kind: str, sql: str) -> Definition:
    text = _NEAR_BRACKET.sub(r"\1", _SPACE.sub(" ", sql.replace('"', "")).strip()).casefold()
    if kind != "table":
        return (text,)
    match = _TABLE.fullmatch(text)
    if match is None:
        return (text,)
    name, body, options = match.groups()
    return (name, options.strip(), *sorted(_items(body)))


def _items(body: str) -> list[str]:
    """The comma-separated items of a table's body, commas in brackets and quotes kept."""
    items: list[str] = []
    depth, quoted, start = 0, False, 0
    for at, char in enumerate(body):
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
        elif not quoted and depth == 0 and char == ",":
            items.append(body[start:at].strip())
            start = at + 1
    items.append(body[start:].strip())
    return items
