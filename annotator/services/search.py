"""Searching every document of a project, optionally only inside spans of a label or person."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, islice

from sqlalchemy import ColumnElement, Row, func, select, tuple_
from sqlalchemy.orm import Session

from annotator.core.find import Matcher, compile_query, hit_context
from annotator.services.store import Store
from annotator.store.schema import DocumentRow, SpanRow

#: Documents read per query; texts can be megabytes each, so the corpus is never read at once.
BATCH_SIZE = 32
#: ASCII letters that ``re.IGNORECASE`` also matches with a non-ASCII character (K and the
#: Kelvin sign, S and the long s, I and the Turkish dotted and dotless i). SQLite's LIKE folds
#: ASCII only, so it would drop documents that ``re`` matches; queries with them skip LIKE.
_ASCII_WITH_WIDER_CASE = frozenset("IKSiks")

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Hit:
    """One place a search found, with a one-line excerpt around it.

    Attributes:
        document_id: The document.
        title: Its title.
        start: Code-point offset of the hit in the document text.
        end: Code-point offset just after the hit.
        context: A one-line excerpt containing the hit.
        context_start: Where the hit begins in ``context``.
        context_end: Where the hit ends in ``context``.
    """

    document_id: int
    title: str
    start: int
    end: int
    context: str
    context_start: int
    context_end: int


@dataclass(frozen=True, slots=True)
class SearchResults:
    """What a search found, in document order.

    Attributes:
        hits: The hits, at most the search's limit.
        truncated: More hits exist than were returned.
        cancelled: The search was stopped before it read every document.
    """

    hits: tuple[Hit, ...] = ()
    truncated: bool = False
    cancelled: bool = False

    @property
    def document_count(self) -> int:
        """How many documents have at least one hit."""
        return len({hit.document_id for hit in self.hits})


@dataclass(frozen=True, slots=True)
class _SpanFilter:
    label_id: int | None
    annotator_id: int | None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.label_id is not None:
            conditions.append(SpanRow.label_id == self.label_id)
        if self.annotator_id is not None:
            conditions.append(SpanRow.annotator_id == self.annotator_id)
        return conditions


class _Containment:
    """Answers "does one span contain this range?" in O(log n) per range."""

    def __init__(self, spans: Sequence[Range]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        # The largest end among spans that start at or before each position.
        self._max_end = list(accumulate((end for _, end in ordered), max))

    def contains(self, start: int, end: int) -> bool:
        count = bisect_right(self._starts, start)
        return count > 0 and self._max_end[count - 1] >= end


class SearchService:
    """Searches document texts; each search is one read transaction.

    Args:
        store: Where the project lives.
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    def search(
        self,
        query: str,
        *,
        label_id: int | None = None,
        annotator_id: int | None = None,
        case_sensitive: bool = False,
        whole_words: bool = False,
        regex: bool = False,
        limit: int = 1000,
        should_stop: Callable[[], bool] | None = None,
    ) -> SearchResults:
        """Find ``query`` in every document, in document order.

        With a label or annotator, only hits that lie inside one span with that label and by
        that annotator count. An empty query with a label or annotator lists those spans.

        Args:
            query: Literal text, or a regular expression when ``regex`` is set.
            label_id: Only inside spans with this label.
            annotator_id: Only inside spans by this annotator.
            case_sensitive: Match letter case exactly.
            whole_words: Skip hits that start or end inside a word.
            regex: Treat ``query`` as a Python regular expression.
            limit: Return at most this many hits.
            should_stop: Asked before each document; returning True ends the search early.

        Raises:
            PatternError: ``query`` is not a valid regular expression.
        """
        matcher = compile_query(
            query, case_sensitive=case_sensitive, whole_words=whole_words, regex=regex
        )
        spans = _SpanFilter(label_id, annotator_id)
        if matcher is None and not spans.conditions():
            return SearchResults()
        where = _document_conditions(query, case_sensitive, regex, spans)
        hits: list[Hit] = []
        with self._store.reading() as session:
            for row, ranges in _documents(session, where, spans):
                if should_stop is not None and should_stop():
                    return SearchResults(tuple(hits), cancelled=True)
                found = _hits_in(row.text, matcher, ranges)
                for start, end in islice(found, limit + 1 - len(hits)):
                    context, context_start, context_end = hit_context(row.text, start, end)
                    hits.append(
                        Hit(row.id, row.title, start, end, context, context_start, context_end)
                    )
                if len(hits) > limit:
                    return SearchResults(tuple(hits[:limit]), truncated=True)
        return SearchResults(tuple(hits))


def _document_conditions(
    query: str, case_sensitive: bool, regex: bool, spans: _SpanFilter
) -> list[ColumnElement[bool]]:
    """SQL conditions every document with a hit meets (a cheap prefilter, never exact)."""
    where: list[ColumnElement[bool]] = []
    if span_conditions := spans.conditions():
        where.append(DocumentRow.id.in_(select(SpanRow.document_id).where(*span_conditions)))
    if not query or regex:
        return where
    if case_sensitive:
        where.append(func.instr(DocumentRow.text, query) > 0)
    elif query.isascii() and _ASCII_WITH_WIDER_CASE.isdisjoint(query):
        where.append(DocumentRow.text.contains(query, autoescape=True))  # LIKE: ASCII case
    return where


def _documents(
    session: Session, where: list[ColumnElement[bool]], spans: _SpanFilter
) -> Iterator[tuple[Row[int, str, str, int], list[Range] | None]]:
    """Documents meeting ``where`` in list order, read a batch at a time, each with its
    filtered spans (None when no span filter is set)."""
    columns = (DocumentRow.id, DocumentRow.title, DocumentRow.text, DocumentRow.position)
    order = (DocumentRow.position, DocumentRow.id)
    last: tuple[int, int] | None = None
    while True:
        query = select(*columns).where(*where).order_by(*order).limit(BATCH_SIZE)
        if last is not None:
            query = query.where(tuple_(*order) > tuple_(*last))
        batch = session.execute(query).all()
        if not batch:
            return
        ranges = _span_ranges(session, [row.id for row in batch], spans)
        for row in batch:
            yield row, (ranges.get(row.id, []) if ranges is not None else None)
        last = (batch[-1].position, batch[-1].id)


def _span_ranges(
    session: Session, document_ids: list[int], spans: _SpanFilter
) -> dict[int, list[Range]] | None:
    """The filtered spans of a batch of documents, in one query."""
    conditions = spans.conditions()
    if not conditions:
        return None
    query = select(SpanRow.document_id, SpanRow.start, SpanRow.end).where(
        SpanRow.document_id.in_(document_ids), *conditions
    )
    ranges: dict[int, list[Range]] = defaultdict(list)
    for document_id, start, end in session.execute(query):
        ranges[document_id].append((start, end))
    return ranges


def _hits_in(text: str, matcher: Matcher | None, spans: list[Range] | None) -> Iterator[Range]:
    """Hits in one text: matches inside one of ``spans`` (if given), or the spans themselves."""
    if matcher is None:
        # Spans of several annotators can share a range; one row for it is enough.
        yield from sorted(set(spans or ()))
        return
    if spans is None:
        yield from matcher.hits(text)
        return
    inside = _Containment(spans)
    for start, end in matcher.hits(text):
        if inside.contains(start, end):
            yield start, end
