"""Transient marks over the span colours: the current span and search hits.

They are few and short-lived, and painted with each block like the span colours, so no paint
ever walks them all: hits are kept sorted (they never overlap) and each block bisects to its
own. Positions here are Qt positions of the shown text.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtGui import QColor, QTextCharFormat, QTextLayout

#: Search hits beyond this many are not marked.
MAX_MARKED_HITS = 2000
SEARCH_HIT_COLOR = "#FFE066"
CURRENT_HIT_COLOR = "#FF9F1C"


def _background(color: QColor) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(color)
    return fmt


class TransientMarks:
    """The current span's mark and the search hits, in Qt positions."""

    def __init__(self) -> None:
        self._current: tuple[int, int, QTextCharFormat] | None = None
        self._hits: list[tuple[int, int]] = []
        self._hit_ends: list[int] = []
        self._current_hit: int | None = None
        self._hit_format = _background(QColor(SEARCH_HIT_COLOR))
        self._current_hit_format = _background(QColor(CURRENT_HIT_COLOR))

    def clear(self) -> None:
        """No marks (another document is shown)."""
        self._current = None
        self.set_hits([], None)

    @property
    def current(self) -> tuple[int, int] | None:
        """The current span's mark, or None."""
        return None if self._current is None else self._current[:2]

    @property
    def hits(self) -> list[tuple[int, int]]:
        """The marked search hits."""
        return self._hits

    def set_current(self, bounds: tuple[int, int] | None, color: QColor | None = None) -> None:
        """Mark the current span (``bounds`` in Qt positions) in ``color``, or nothing."""
        if bounds is None or color is None:
            self._current = None
        else:
            self._current = (*bounds, _background(color))

    def set_hits(self, hits: list[tuple[int, int]], current: int | None) -> None:
        """Mark sorted, non-overlapping hits; ``current`` indexes the focused one."""
        self._hits = hits[:MAX_MARKED_HITS]
        self._hit_ends = [end for _start, end in self._hits]
        self._current_hit = current

    def in_block(self, start: int, end: int) -> list[QTextLayout.FormatRange]:
        """The marks touching Qt positions ``[start, end)``, relative to ``start``."""
        ranges = []
        if self._current is not None:
            first, last, fmt = self._current
            if first < end and last > start:
                ranges.append(_range(first - start, last - start, fmt))
        row = bisect_right(self._hit_ends, start)
        while row < len(self._hits) and self._hits[row][0] < end:
            first, last = self._hits[row]
            fmt = self._current_hit_format if row == self._current_hit else self._hit_format
            ranges.append(_range(first - start, last - start, fmt))
            row += 1
        return ranges


def _range(first: int, last: int, fmt: QTextCharFormat) -> QTextLayout.FormatRange:
    """A format range; Qt clips one that reaches outside the block."""
    format_range = QTextLayout.FormatRange()
    format_range.start = max(first, 0)
    format_range.length = last - format_range.start
    format_range.format = fmt
    return format_range
