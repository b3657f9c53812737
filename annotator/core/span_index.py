"""A sorted index of the spans shown in one document, for fast range queries.

The highlighter asks "which spans touch this block?" for every block it paints, so the
answer must not walk every span. Spans are kept sorted by start with a running maximum of
their ends; a query bisects to the candidates and scans only those.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

from annotator.core.model import Span


class SpanIndex:
    """Spans of one document, sorted by ``(start, end, id)``."""

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._spans: list[Span] = list(spans)
        self._keys = [(span.start, span.end, span.id) for span in self._spans]
        if any(a > b for a, b in zip(self._keys, self._keys[1:], strict=False)):
            order = sorted(range(len(self._keys)), key=self._keys.__getitem__)
            self._spans = [self._spans[i] for i in order]
            self._keys = [self._keys[i] for i in order]
        self._key_of = {key[2]: key for key in self._keys}
        self._max_end: list[int] = []
        self._rebuild_max_end(0)

    def __len__(self) -> int:
        return len(self._spans)

    def __iter__(self) -> Iterator[Span]:
        return iter(self._spans)

    def add(self, span: Span) -> None:
        """Insert a span in ``O(log n)`` plus list moves (no Python loop over other spans)."""
        key = _key(span)
        at = bisect_left(self._keys, key)
        self._keys.insert(at, key)
        self._spans.insert(at, span)
        self._key_of[span.id] = key
        before = self._max_end[at - 1] if at else 0
        self._max_end.insert(at, max(before, span.end))
        # The running maximum after the new span only changes where it was below span.end;
        # it is non-decreasing, so that is one stretch, found by bisection.
        stop = bisect_left(self._max_end, span.end, at + 1)
        self._max_end[at + 1 : stop] = [span.end] * (stop - at - 1)

    def remove(self, span_id: str) -> Span | None:
        """Remove the span with this id; returns it, or ``None`` if it is not here."""
        key = self._key_of.pop(span_id, None)
        if key is None:
            return None
        at = bisect_left(self._keys, key)
        span = self._spans[at]
        del self._spans[at], self._keys[at], self._max_end[at]
        self._rebuild_max_end(at)
        return span

    def get(self, span_id: str) -> Span | None:
        """The span with this id."""
        key = self._key_of.get(span_id)
        return None if key is None else self._spans[bisect_left(self._keys, key)]

    def exact(self, start: int, end: int) -> Span | None:
        """A span with exactly these bounds (the first by id), or ``None``."""
        at = bisect_left(self._keys, (start, end, ""))
        if at < len(self._keys) and self._keys[at][:2] == (start, end):
            return self._spans[at]
        return None

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans that share at least one character with ``[start, end)``, by start."""
        stop = bisect_left(self._keys, (end, -1, ""))  # spans starting at or after end are out
        first = bisect_right(self._max_end, start, 0, stop)  # before it, every span ends <= start
        return [span for span in self._spans[first:stop] if span.end > start]

    def at(self, offset: int) -> list[Span]:
        """Spans that contain the character at ``offset``, shortest (innermost) first."""
        found = self.overlapping(offset, offset + 1)
        return sorted(found, key=lambda span: (span.end - span.start, span.start))

    def _rebuild_max_end(self, start_at: int) -> None:
        running = self._max_end[start_at - 1] if start_at > 0 else 0
        del self._max_end[start_at:]
        for span in self._spans[start_at:]:
            running = max(running, span.end)
            self._max_end.append(running)


def _key(span: Span) -> tuple[int, int, str]:
    return (span.start, span.end, span.id)


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
