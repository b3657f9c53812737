"""A sorted index of the spans shown in one document, for fast range queries.

The highlighter asks "which spans touch this block?" for every block it paints, so the
answer must not walk every span. Spans are kept sorted by start with a running maximum of
their ends; a query bisects to the candidates and scans only those.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from itertools import accumulate, islice

from annotator.core.model import Span


class SpanIndex:
    """Spans of one document, sorted by ``(start, end, id)``; rows are positions in that order.

    Built for opening long pages: construction makes two integer lists in C loops and no
    per-span tuples; the id lookup is built on first use (after the first paint).
    """

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._spans: list[Span] = list(spans)
        self._starts = [span.start for span in self._spans]
        if not _is_ordered(self._spans, self._starts):
            self._spans.sort(key=_key)
            self._starts = [span.start for span in self._spans]
        #: Running maximum of the ends: before row i, no span reaches past _max_end[i - 1].
        self._max_end = list(accumulate(map(_end, self._spans), max))
        self._by_id: dict[str, Span] | None = None

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[Span]:
        return iter(self._spans)

    def __getitem__(self, row: int) -> Span:
        return self._spans[row]

    @property
    def _ids(self) -> dict[str, Span]:
        if self._by_id is None:
            self._by_id = {span.id: span for span in self._spans}
        return self._by_id

    def insertion_row(self, span: Span) -> int:
        """The row ``span`` will have once added."""
        key = _key(span)
        row = bisect_left(self._starts, span.start)
        while row < len(self._spans) and self._spans[row].start == span.start:
            if _key(self._spans[row]) >= key:
                break
            row += 1
        return row

    def add(self, span: Span) -> int:
        """Insert a span in ``O(log n)`` plus list moves; returns its row."""
        row = self.insertion_row(span)
        self._spans.insert(row, span)
        self._starts.insert(row, span.start)
        self._ids[span.id] = span
        before = self._max_end[row - 1] if row else 0
        self._max_end.insert(row, max(before, span.end))
        # The running maximum after the new span only changes where it was below span.end;
        # it is non-decreasing, so that is one stretch, found by bisection.
        stop = bisect_left(self._max_end, span.end, row + 1)
        self._max_end[row + 1 : stop] = [span.end] * (stop - row - 1)
        return row

    def remove(self, span_id: str) -> Span | None:
        """Remove the span with this id; returns it, or ``None`` if it is not here."""
        row = self.row_of(span_id)
        if row < 0:
            return None
        span = self._spans[row]
        del self._spans[row], self._starts[row], self._max_end[row], self._ids[span_id]
        running = self._max_end[row - 1] if row else 0
        ends = accumulate(map(_end, self._spans[row:]), max, initial=running)
        self._max_end[row:] = islice(ends, 1, None)
        return span

    def get(self, span_id: str) -> Span | None:
        """The span with this id."""
        return self._ids.get(span_id)

    def row_of(self, span_id: str) -> int:
        """The row of a span, or -1 (a bisection, not a scan)."""
        span = self._ids.get(span_id)
        if span is None:
            return -1
        row = bisect_left(self._starts, span.start)
        while self._spans[row].id != span_id:
            row += 1
        return row

    def exact(self, start: int, end: int) -> Span | None:
        """A span with exactly these bounds (the first by id), or ``None``."""
        row = bisect_left(self._starts, start)
        while row < len(self._spans) and self._spans[row].start == start:
            if self._spans[row].end == end:
                return self._spans[row]
            row += 1
        return None

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans that share at least one character with ``[start, end)``, by start."""
        stop = bisect_left(self._starts, end)  # spans starting at or after end are out
        first = bisect_right(self._max_end, start, 0, stop)  # before it, every span ends <= start
        return [span for span in self._spans[first:stop] if span.end > start]

    def at(self, offset: int) -> list[Span]:
        """Spans that contain the character at ``offset``, shortest (innermost) first."""
        found = self.overlapping(offset, offset + 1)
        return sorted(found, key=lambda span: (span.end - span.start, span.start))


def _key(span: Span) -> tuple[int, int, str]:
    return (span.start, span.end, span.id)


_end = operator.attrgetter("end")


def _is_ordered(spans: list[Span], starts: list[int]) -> bool:
    """Whether ``spans`` are sorted by ``(start, end, id)``; ``starts`` are their starts."""
    if not all(map(operator.le, starts, islice(starts, 1, None))):
        return False
    if len(set(starts)) == len(starts):
        return True  # no ties: the starts alone decide
    keys = list(map(_key, spans))
    return all(map(operator.le, keys, islice(keys, 1, None)))


def assign_lanes(spans: list[Span]) -> dict[str, int]:
    """Stack overlapping spans: each gets the lowest lane free over its whole range."""
    lanes: dict[str, int] = {}
    lane_ends: list[int] = []  # per lane, where its last span ends
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        lane = next((i for i, end in enumerate(lane_ends) if end <= span.start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(span.end)
        else:
            lane_ends[lane] = span.end
        lanes[span.id] = lane
    return lanes
