"""Every row of a project file received from someone else, checked before any of it is used.

The file may have been written by any program, so nothing SQLite or the schema would normally
guarantee is taken for granted: types, lengths, uniqueness, references and hashes are all
checked here, in Python, and the first problem refuses the whole file.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NoReturn

from annotator.core.model import DocStatus
from annotator.core.suggestions.base import Origin
from annotator.core.value_rules import (
    ENCODING,
    SOURCE,
    TITLE,
    annotator_name_problem,
    color_problem,
    key_problem,
    label_name_problem,
    meta_problem,
)
from annotator.errors import InputError
from annotator.store.schema import GOLD, PERSON, Base

#: Longest document accepted, in code points: the limit imports apply.
MAX_DOCUMENT_CHARS = 20_000_000
_SHA256 = re.compile(r"[0-9a-f]{64}")
_SPAN_ID = re.compile(r"[0-9a-f]{32}")
_UNDECODABLE = re.compile(r"Could not decode to UTF-8 column '(\w+)'")
_STATUSES = frozenset(status.value for status in DocStatus)


@dataclass(frozen=True, slots=True)
class IncomingLabel:
    """A label of the incoming file's label set."""

    id: int
    name: str
    color: str
    key: str | None


@dataclass(frozen=True, slots=True)
class IncomingDocument:
    """A document of the incoming file, its hash checked against its text."""

    id: int
    sha256: str
    title: str
    text: str
    source: str
    encoding: str
    meta: dict[str, Any]


@dataclass(frozen=True, slots=True)
class IncomingSpan:
    """A span of the incoming file, within its document's text."""

    id: str
    document_id: int
    annotator_id: int
    label_id: int
    start: int
    end: int
    note: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class IncomingStatus:
    """One annotator's status and note for one document of the incoming file."""

    document_id: int
    annotator_id: int
    status: str
    note: str | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class IncomingRejection:
    """A suggestion one annotator of the incoming file rejected."""

    annotator_id: int
    document_id: int
    label_id: int
    start: int
    end: int
    recommender: str
    rejected_at: datetime


@dataclass(slots=True)
class IncomingProject:
    """Everything a merge takes from one project file, already validated."""

    labels: dict[int, IncomingLabel] = field(default_factory=dict)
    annotators: dict[int, str] = field(default_factory=dict)
    #: The id of the file's gold standard, if it has one (never merged).
    gold_layers: set[int] = field(default_factory=set)
    documents: dict[int, IncomingDocument] = field(default_factory=dict)
    spans: list[IncomingSpan] = field(default_factory=list)
    statuses: list[IncomingStatus] = field(default_factory=list)
    #: The origins of the file's spans accepted from suggestions, by span id.
    origins: dict[str, Origin] = field(default_factory=dict)
    rejections: list[IncomingRejection] = field(default_factory=list)
    #: The layers with a trained recommender saved in the file (models are never merged).
    trained: set[int] = field(default_factory=set)


def _limit(table: str, column: str) -> int:
    """The length the schema gives a string column."""
    length = getattr(Base.metadata.tables[table].c[column].type, "length", None)
    assert isinstance(length, int), f"{table}.{column} has no length"
    return length


class RowChecker:
    """Reads and checks the rows of one file; the first problem raises :class:`InputError`.

    Args:
        connection: A read-only connection to the (copy of the) file.
        source: The file as the user named it, for messages.
    """

    def __init__(self, connection: sqlite3.Connection, source: str) -> None:
        self._connection = connection
        self._source = source

    def read(self) -> IncomingProject:
        """All labels, annotators, documents, spans and statuses of the file."""
        project = IncomingProject()
        project.labels = self._labels()
        project.annotators = self._annotators(project.gold_layers)
        project.documents = self._documents()
        project.spans = self._spans(project)
        project.statuses = self._statuses(project)
        return project

    def _fail(self, table: str, row: object, what: str) -> NoReturn:
        raise InputError(self._source, f"table {table}, row {row!r}: {what}")

    def _rows(self, sql: str) -> Iterator[tuple[Any, ...]]:
        try:
            yield from self._connection.execute(sql)
        except sqlite3.Error as error:
            # Text that is not UTF-8, a page that cannot be read ... the file is unusable.
            raise InputError(self._source, f"cannot be read ({_reason(error)})") from None

    def _labels(self) -> dict[int, IncomingLabel]:
        """The label set, by the rules the label editor and imports apply (blanks around a
        name dropped, as they drop them)."""
        labels: dict[int, IncomingLabel] = {}
        names: dict[str, str] = {}
        for row_id, name, color, key in self._rows(
            'SELECT id, name, color, "key" FROM labels ORDER BY position, id'
        ):
            self._integer("labels", row_id, "id", row_id)
            name = name.strip() if isinstance(name, str) else name
            self._rule("labels", row_id, label_name_problem(name))
            # Labels are matched by name ignoring case: two such names would be one label.
            if name.casefold() in names:
                other = names[name.casefold()]
                same = "" if other == name else f" ({other!r} differs from it only in case)"
                self._fail("labels", row_id, f"the label name {name!r} is used twice{same}")
            names[name.casefold()] = name
            self._rule("labels", row_id, color_problem(color) or key_problem(key))
            labels[row_id] = IncomingLabel(row_id, name, color.upper(), key)
        return labels

    def _annotators(self, gold: set[int]) -> dict[int, str]:
        """The layers by id; the gold standard's id (at most one) goes into ``gold``."""
        annotators: dict[int, str] = {}
        for row_id, name, kind, created_at in self._rows(
            "SELECT id, name, kind, created_at FROM annotators ORDER BY id"
        ):
            self._integer("annotators", row_id, "id", row_id)
            self._rule("annotators", row_id, annotator_name_problem(name))
            if name in annotators.values():
                self._fail("annotators", row_id, f"the name {name!r} is used twice")
            if kind not in (PERSON, GOLD) or (kind == GOLD and gold):
                self._fail("annotators", row_id, f"the kind of layer {kind!r} is not known")
            self._stamp("annotators", row_id, created_at)
            annotators[row_id] = name
            if kind == GOLD:
                gold.add(row_id)
        return annotators

    def _documents(self) -> dict[int, IncomingDocument]:
        documents: dict[int, IncomingDocument] = {}
        hashes: set[str] = set()
        for row in self._rows(
            "SELECT id, sha256, title, text, char_count, source, encoding, meta, imported_at "
            "FROM documents ORDER BY position, id"
        ):
            document = self._document(row)
            if document.sha256 in hashes:
                self._fail("documents", document.id, "the same text is stored twice")
            hashes.add(document.sha256)
            documents[document.id] = document
        return documents

    def _document(self, row: tuple[Any, ...]) -> IncomingDocument:
        row_id, sha256, title, text, char_count, source, encoding, meta, imported_at = row
        self._integer("documents", row_id, "id", row_id)
        if not isinstance(text, str):
            self._fail("documents", row_id, "the text is not text")
        if len(text) > MAX_DOCUMENT_CHARS:
            self._fail("documents", row_id, f"the text is longer than {MAX_DOCUMENT_CHARS:,}")
        if type(char_count) is not int or char_count != len(text):
            self._fail("documents", row_id, f"char_count {char_count!r} is not {len(text)}")
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            self._fail("documents", row_id, "sha256 is not 64 lowercase hex digits")
        # surrogatepass: SQLite hands back whatever UTF-8 it holds; a lone surrogate must be
        # reported as a wrong hash or a bad text, not crash the check.
        if hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != sha256:
            self._fail("documents", row_id, "sha256 is not the hash of the text")
        for column, value in (("title", title), ("source", source), ("encoding", encoding)):
            if not isinstance(value, str):
                self._fail("documents", row_id, f"{column} is not text")
        self._stamp("documents", row_id, imported_at)
        # Fitted as imports fit them: a long path or a line break in a title refuses no file.
        return IncomingDocument(
            row_id,
            sha256,
            TITLE.fit(title) or "Untitled",
            text,
            SOURCE.fit(source),
            ENCODING.fit(encoding),
            self._meta(row_id, meta),
        )

    def _meta(self, row_id: int, meta: object) -> dict[str, Any]:
        if not isinstance(meta, str):
            self._fail("documents", row_id, "meta is not JSON text")
        try:
            value = json.loads(meta, parse_constant=_refuse_constant)
        except _NotJsonError as error:
            self._fail("documents", row_id, f"the metadata holds {error}, which is not JSON")
        except RecursionError:
            self._fail("documents", row_id, "the metadata is nested too deeply to read")
        except ValueError as error:
            self._fail("documents", row_id, f"meta is not valid JSON ({type(error).__name__})")
        self._rule("documents", row_id, meta_problem(value))
        return value  # type: ignore[no-any-return]  # meta_problem: a dict

    def _spans(self, project: IncomingProject) -> list[IncomingSpan]:
        spans: list[IncomingSpan] = []
        ids: set[str] = set()
        for row in self._rows(
            'SELECT id, document_id, annotator_id, label_id, start, "end", note, created_at, '
            "updated_at FROM spans ORDER BY document_id, start, id"
        ):
            span = self._span(row, project)
            if span.id in ids:
                self._fail("spans", span.id, "the id is used twice")
            ids.add(span.id)
            spans.append(span)
        return spans

    def _span(self, row: tuple[Any, ...], project: IncomingProject) -> IncomingSpan:
        row_id, document_id, annotator_id, label_id, start, end, note, created, updated = row
        if not isinstance(row_id, str) or not _SPAN_ID.fullmatch(row_id):
            self._fail("spans", row_id, "the id is not 32 lowercase hex digits")
        document = project.documents.get(document_id)
        if document is None:
            self._fail("spans", row_id, f"document {document_id!r} does not exist")
        if annotator_id not in project.annotators:
            self._fail("spans", row_id, f"annotator {annotator_id!r} does not exist")
        if label_id not in project.labels:
            self._fail("spans", row_id, f"label {label_id!r} does not exist")
        length = len(document.text)
        if type(start) is not int or type(end) is not int or not 0 <= start <= end <= length:
            self._fail("spans", row_id, f"{start!r}-{end!r} is outside the text (0-{length})")
        if start == end:
            self._fail("spans", row_id, f"{start}-{end} is empty (a span holds some text)")
        if note is not None and not isinstance(note, str):
            self._fail("spans", row_id, "the note is not text")
        return IncomingSpan(
            row_id,
            document_id,
            annotator_id,
            label_id,
            start,
            end,
            note,
            self._stamp("spans", row_id, created),
            self._stamp("spans", row_id, updated),
        )

    def _statuses(self, project: IncomingProject) -> list[IncomingStatus]:
        statuses: list[IncomingStatus] = []
        seen: set[tuple[int, int]] = set()
        for document_id, annotator_id, status, note, updated in self._rows(
            "SELECT document_id, annotator_id, status, note, updated_at FROM document_status "
            "ORDER BY document_id, annotator_id"
        ):
            where = f"{document_id!r}/{annotator_id!r}"
            if document_id not in project.documents:
                self._fail("document_status", where, f"document {document_id!r} does not exist")
            if annotator_id not in project.annotators:
                self._fail("document_status", where, f"annotator {annotator_id!r} does not exist")
            if (document_id, annotator_id) in seen:
                self._fail("document_status", where, "is stored twice")
            seen.add((document_id, annotator_id))
            if status not in _STATUSES:
                self._fail("document_status", where, f"unknown status {status!r}")
            if note is not None and not isinstance(note, str):
                self._fail("document_status", where, "the note is not text")
            stamp = self._stamp("document_status", where, updated)
            statuses.append(IncomingStatus(document_id, annotator_id, status, note, stamp))
        return statuses

    def _integer(self, table: str, row_id: object, column: str, value: object) -> None:
        if type(value) is not int:
            self._fail(table, row_id, f"{column} is not an integer")

    def _string(self, table: str, row_id: object, column: str, value: object) -> None:
        if not isinstance(value, str):
            self._fail(table, row_id, f"{column} is not text")
        if len(value) > _limit(table, column):
            self._fail(table, row_id, f"{column} is longer than {_limit(table, column)}")

    def _rule(self, table: str, row_id: object, problem: str | None) -> None:
        """Refuse the row for breaking a rule of :mod:`annotator.core.value_rules`."""
        if problem is not None:
            self._fail(table, row_id, problem)

    def _stamp(self, table: str, row_id: object, value: object) -> datetime:
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return datetime.fromisoformat(value)
        except ValueError:
            self._fail(table, row_id, f"the time {value!r} cannot be read")


def _reason(error: sqlite3.Error) -> str:
    """SQLite's reason, without the text it quotes: a column that is not UTF-8 comes with
    its contents, which may be a whole document."""
    message = str(error)
    undecodable = _UNDECODABLE.match(message)
    if undecodable:
        return f"a text in column {undecodable.group(1)} is not UTF-8"
    return message


class _NotJsonError(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    """NaN and Infinity parse in Python but are not JSON: an export holding them could not
    be read by anything else."""
    raise _NotJsonError(name)
