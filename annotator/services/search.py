"""Searching every document of a project (its text, and the notes on it and on its spans),
optionally only inside spans of a label or person."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, islice

from sqlalchemy import ColumnElement, Row, and_, or_, select, tuple_
from sqlalchemy.orm import Session

from annotator.core.find import Matcher, compile_query, hit_context
from annotator.services.search_notes import (
    HitKind,
    Note,
    NoteFilter,
    contains,
    noted_documents,
    notes_of,
)
from annotator.services.transactions import Store
from annotator.store.schema import DocumentRow, SpanRow

__all__ = ["BATCH_SIZE", "Hit", "HitKind", "SearchResults", "SearchService"]

#: Documents read per query; texts can be megabytes each, so the corpus is never read at once.
BATCH_SIZE = 32

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Hit:
    """One place a search found, with a one-line excerpt around it.

    Attributes:
        document_id: The document.
        title: Its title.
        start: Code-point offset of the hit in the document text (in a note: the noted
            span's start; 0 for a document note).
        end: Code-point offset just after the hit (in a note: the noted span's end).
        context: A one-line excerpt containing the hit (of the note, for a hit in a note).
        context_start: Where the hit begins in ``context``.
        context_end: Where the hit ends in ``context``.
        kind: In the text, in a span's note or in a document's note.
        annotator: Whose note holds the hit (None in the text).
        label: The label of the span whose note holds the hit.
    """

    document_id: int
    title: str
    start: int
    end: int
    context: str
    context_start: int
    context_end: int
    kind: HitKind = HitKind.TEXT
    annotator: str | None = None
    label: str | None = None


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
        """Find ``query`` in every document and in the notes, in document order.

        Within a document: the hits in its text, then those in notes on its spans (by the
        span's position), then those in notes on the document. With a label or annotator,
        only hits that lie inside one span with that label and by that annotator count, and
        only notes on such spans (an annotator's document notes too, with no label chosen).
        An empty query with a label or annotator lists those spans.

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
        notes = NoteFilter(label_id, annotator_id) if matcher is not None else None
        where = _document_conditions(query, case_sensitive, regex, spans)
        if notes is not None:
            where = or_(where, noted_documents(query, case_sensitive, regex, notes))
        hits: list[Hit] = []
        with self._store.reading() as session:
            for row, ranges, noted in _documents(session, where, spans, notes):
                if should_stop is not None and should_stop():
                    return SearchResults(tuple(hits), cancelled=True)
                found = _hits_in(row.text, matcher, ranges)
                for start, end in islice(found, limit + 1 - len(hits)):
                    context, context_start, context_end = hit_context(row.text, start, end)
                    hits.append(
                        Hit(row.id, row.title, start, end, context, context_start, context_end)
                    )
                if matcher is not None:
                    in_notes = _note_hits(row.id, row.title, noted, matcher)
                    hits.extend(islice(in_notes, max(0, limit + 1 - len(hits))))
                if len(hits) > limit:
                    return SearchResults(tuple(hits[:limit]), truncated=True)
        return SearchResults(tuple(hits))


def _document_conditions(
    query: str, case_sensitive: bool, regex: bool, spans: _SpanFilter
) -> ColumnElement[bool]:
    """An SQL condition every document with a hit in its text meets (a cheap prefilter,
    never exact)."""
    where = [contains(DocumentRow.text, query, case_sensitive, regex)]
    if span_conditions := spans.conditions():
        where.append(DocumentRow.id.in_(select(SpanRow.document_id).where(*span_conditions)))
    return and_(*where)


def _note_hits(document_id: int, title: str, notes: list[Note], matcher: Matcher) -> Iterator[Hit]:
    """The hits in a document's notes; each points at the noted span (or the document)."""
    for note in notes:
        for start, end in matcher.hits(note.text):
            context, context_start, context_end = hit_context(note.text, start, end)
            yield Hit(
                document_id,
                title,
                note.start,
                note.end,
                context,
                context_start,
                context_end,
                note.kind,
                note.annotator,
                note.label,
            )


def _documents(
    session: Session,
    where: ColumnElement[bool],
    spans: _SpanFilter,
    notes: NoteFilter | None,
) -> Iterator[tuple[Row[int, str, str, int], list[Range] | None, list[Note]]]:
    """Documents meeting ``where`` in list order, read a batch at a time, each with its
    filtered spans (None when no span filter is set) and the notes to look in."""
    columns = (DocumentRow.id, DocumentRow.title, DocumentRow.text, DocumentRow.position)
    order = (DocumentRow.position, DocumentRow.id)
    last: tuple[int, int] | None = None
    while True:
        query = select(*columns).where(where).order_by(*order).limit(BATCH_SIZE)
        if last is not None:
            query = query.where(tuple_(*order) > tuple_(*last))
        batch = session.execute(query).all()
        if not batch:
            return
        ids = [row.id for row in batch]
        ranges = _span_ranges(session, ids, spans)
        noted = notes_of(session, ids, notes) if notes is not None else {}
        for row in batch:
            spans_here = ranges.get(row.id, []) if ranges is not None else None
            yield row, spans_here, noted.get(row.id, [])
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
