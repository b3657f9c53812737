"""Span backgrounds and the thin coloured bars under spanned text, painted block by block.

The background shows the innermost span; the bars show every span, so overlapping and
nested spans stay visible at once (stacked), and two adjacent spans of one label read as two
(each bar stops a pixel short of the span's ends). The bars run along the bottom of the line,
where an underscore is drawn, so they leave a gap under each run of underscores
(``snake_case_words`` keeps its underscores).

Both are plain rectangles measured once per block from its laid-out lines and kept until the
block's spans or layout change: filling them costs next to nothing, where handing the same
backgrounds to ``QTextLayout.draw`` as selections makes Qt clip and draw the block's lines
again for each span. Rectangles between two caret positions are only right where text runs
one way, so a block holding right-to-left text keeps its backgrounds as selections, which Qt
splits at every change of direction, and measures its bars from the glyph runs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QColor, QPainter, QTextBlock, QTextLayout, QTextLine

from annotator.core.offsets import QtOffsetMap
from annotator.core.span_index import SpanIndex, assign_lanes

BAR = 2.0  # thickness in pixels
GAP = 1.0  # between stacked bars
INSET = 1.0  # short of each end
PENDING_BAR = 2.0  # candidates still to decide: dashed, under the span bars
DASH, DASH_GAP = 5.0, 3.0

#: Glyphs drawn along the bottom of a line, where the bars run: the bars leave them a gap of
#: this many pixels on either side.
_LOW_LINES = re.compile("[_\u2017\uff3f]+")
LOW_LINE_GAP = 1.0

#: Characters of right-to-left scripts and the marks and embeddings that turn text around.
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f\u202b\u202e\u2067"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


@dataclass(frozen=True, slots=True)
class BlockDecor:
    """What one block paints besides its text, in the block's own coordinates.

    ``backgrounds`` is None for a block with right-to-left text: its span colours are drawn
    by ``QTextLayout.draw`` as selections instead.
    """

    backgrounds: list[tuple[QRectF, QBrush]] | None
    bars: list[tuple[QRectF, QColor]]
    #: The pending candidates' dashes (curation), under the span bars.
    pending: list[tuple[QRectF, QColor]] = field(default_factory=list)


class PendingMarks:
    """Ranges in code points, each with its colour: curation's candidates still to decide.

    Sorted by start with a running maximum of the ends, so the marks a block holds are
    found with two bisections, however many the document has.
    """

    def __init__(self, marks: Iterable[tuple[int, int, QColor]] = ()) -> None:
        self.marks = sorted(marks, key=lambda mark: (mark[0], -mark[1]))
        self._starts = [start for start, _end, _color in self.marks]
        self._furthest = list(accumulate((end for _start, end, _color in self.marks), max))

    def __len__(self) -> int:
        return len(self.marks)

    def keys(self) -> set[tuple[int, int, str]]:
        """Each mark as ``(start, end, colour name)``, to compare two sets of marks."""
        return {(start, end, color.name()) for start, end, color in self.marks}

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, QColor]]:
        """The marks sharing a code point with ``[start, end)``, by start."""
        first = bisect_right(self._furthest, start)  # every mark before it ends by ``start``
        last = bisect_left(self._starts, end)
        return [mark for mark in self.marks[first:last] if mark[1] > start]


class SpanBars:
    """Keeps each block's decor until its spans or its layout change.

    Geometry is kept in block coordinates, so scrolling reuses it; the view drops a block's
    entry when spans in it change, and everything on resize, font or label-colour changes.
    """

    def __init__(self) -> None:
        self._cache: dict[int, BlockDecor] = {}

    def cached(self, block_number: int) -> BlockDecor | None:
        """A block's decor as last painted, or None if it was not painted since it changed."""
        return self._cache.get(block_number)

    def clear(self) -> None:
        """Forget all geometry (new text, new width, new colours)."""
        self._cache.clear()

    def forget(self, first_block: int, last_block: int) -> None:
        """Forget the geometry of blocks ``first_block`` to ``last_block``."""
        for number in range(first_block, last_block + 1):
            self._cache.pop(number, None)

    def decor(
        self,
        block: QTextBlock,
        ranges: list[QTextLayout.FormatRange],
        index: SpanIndex,
        offsets: QtOffsetMap,
        colors: dict[int, QColor],
        pending: PendingMarks | None = None,
    ) -> BlockDecor:
        """A laid-out block's decor; ``ranges`` are its span backgrounds (the highlighter's),
        ``pending`` the candidates still to decide (in curation mode)."""
        number = block.blockNumber()
        decor = self._cache.get(number)
        if decor is None:
            text = block.text()
            one_way = not _RIGHT_TO_LEFT.search(text)
            lines = BlockLines(block.layout(), visual=not one_way)
            if _LOW_LINES.search(text):
                lines.keep_clear(_low_lines(block, text, lines, offsets))
            backgrounds = _backgrounds(lines, ranges) if one_way else None
            marks = _pending_bars(block, lines, pending, offsets) if pending else []
            lift = PENDING_BAR + GAP if marks else 0.0
            bars = _bars(block, lines, index, offsets, colors, lift) if len(index) else []
            decor = BlockDecor(backgrounds, bars, marks)
            self._cache[number] = decor
        return decor


def block_lines(block: QTextBlock) -> BlockLines:
    """A laid-out block's lines, measured from the glyphs where text runs right to left."""
    return BlockLines(block.layout(), visual=bool(_RIGHT_TO_LEFT.search(block.text())))


def paint_rects(painter: QPainter, rects: list[tuple[QRectF, QBrush]], origin: QPointF) -> None:
    """Fill rectangles kept in block coordinates at the block's ``origin``."""
    for rect, brush in rects:
        painter.fillRect(rect.translated(origin), brush)


class BlockLines:
    """A block's lines with where each starts and ends (Qt positions within the block).

    Args:
        layout: The block's laid-out text.
        visual: Measure from the glyphs (right for text running both ways, slower) rather
            than between two caret positions.
    """

    def __init__(self, layout: QTextLayout, *, visual: bool = False) -> None:
        self.lines = [layout.lineAt(number) for number in range(layout.lineCount())]
        self.starts = [line.textStart() for line in self.lines]
        self.ends = [line.textStart() + line.textLength() for line in self.lines]
        self._visual = visual
        #: Per line number, stretches (left and right x) that bars leave clear, by left.
        self._clear: dict[int, list[tuple[float, float]]] = {}

    def keep_clear(self, stretches: Iterable[tuple[int, float, float]]) -> None:
        """Leave these stretches (line number, left, right) out of every bar."""
        for number, left, right in stretches:
            self._clear.setdefault(number, []).append((left, right))
        for found in self._clear.values():
            found.sort()

    def segments(self, first: int, last: int) -> Iterator[tuple[QTextLine, float, float]]:
        """For each stretch of ``[first, last)`` on screen: its line and its left and right x.

        One per line the range is on; where right-to-left text splits the range on a line,
        one per piece.
        """
        number = max(0, bisect_right(self.starts, first) - 1)
        while number < len(self.lines) and self.starts[number] < last:
            line = self.lines[number]
            left = max(first, self.starts[number])
            right = min(last, self.ends[number])
            number += 1
            if left >= right:
                continue
            if self._visual:
                for run in line.glyphRuns(left, right - left):
                    box = run.boundingRect()
                    yield line, box.left(), box.right()
            else:
                x1, x2 = _x(line.cursorToX(left)), _x(line.cursorToX(right))
                yield line, min(x1, x2), max(x1, x2)

    def inset_segments(self, first: int, last: int) -> Iterator[tuple[QTextLine, float, float]]:
        """:meth:`segments`, a pixel short of the range's own two ends (not of line ends);
        measured from the glyphs, every piece is inset (its ends are the glyphs' edges)."""
        for line, left, right in self.segments(first, last):
            start_here = self._visual or line.textStart() <= first
            end_here = self._visual or last <= line.textStart() + line.textLength()
            left, right = left + (INSET if start_here else 0), right - (INSET if end_here else 0)
            clear = self._clear.get(line.lineNumber())
            if clear is None:
                yield line, left, max(left, right)
                continue
            for piece_left, piece_right in _cut(left, right, clear):
                yield line, piece_left, piece_right


def _cut(
    left: float, right: float, clear: list[tuple[float, float]]
) -> Iterator[tuple[float, float]]:
    """``[left, right]`` without the stretches in ``clear`` (sorted by left)."""
    for clear_left, clear_right in clear:
        if clear_right <= left or clear_left >= right:
            continue
        if clear_left > left:
            yield left, clear_left
        left = max(left, clear_right)
    if right > left:
        yield left, right


def _low_lines(
    block: QTextBlock, text: str, lines: BlockLines, offsets: QtOffsetMap
) -> Iterator[tuple[int, float, float]]:
    """Where a block's runs of underscores are drawn: line number, left and right x, with
    :data:`LOW_LINE_GAP` to spare on either side."""
    block_start = block.position()
    first_char = offsets.from_qt(block_start)  # ``text`` counts code points, Qt UTF-16 units
    for run in _LOW_LINES.finditer(text):
        first = offsets.to_qt(first_char + run.start()) - block_start
        last = offsets.to_qt(first_char + run.end()) - block_start
        for line, left, right in lines.segments(first, last):
            yield line.lineNumber(), left - LOW_LINE_GAP, right + LOW_LINE_GAP


def _backgrounds(
    lines: BlockLines, ranges: list[QTextLayout.FormatRange]
) -> list[tuple[QRectF, QBrush]]:
    rects = []
    for format_range in ranges:
        brush = format_range.format.background()
        end = format_range.start + format_range.length
        for line, left, right in lines.segments(format_range.start, end):
            rects.append((QRectF(left, line.y(), right - left, line.height()), brush))
    return rects


def _bars(
    block: QTextBlock,
    lines: BlockLines,
    index: SpanIndex,
    offsets: QtOffsetMap,
    colors: dict[int, QColor],
    lift: float = 0.0,
) -> list[tuple[QRectF, QColor]]:
    """Each span's bars, stacked from ``lift`` pixels above the bottom of each line."""
    block_start = block.position()
    start = offsets.from_qt(block_start)
    end = offsets.from_qt(block_start + block.length() - 1, forward=True)
    spans = index.overlapping(start, end)
    if not spans:
        return []
    lanes = assign_lanes(spans)
    bars = []
    for span in spans:
        first = offsets.to_qt(max(span.start, start)) - block_start
        last = offsets.to_qt(min(span.end, end)) - block_start
        color = colors.get(span.label_id, QColor("#808080"))
        above = lift + lanes[span.id] * (BAR + GAP)
        for line, left, right in lines.inset_segments(first, last):
            y = line.y() + line.height() - BAR - above
            bars.append((QRectF(left, y, right - left, BAR), color))
    return bars


def _pending_bars(
    block: QTextBlock, lines: BlockLines, pending: PendingMarks, offsets: QtOffsetMap
) -> list[tuple[QRectF, QColor]]:
    """Dashed bars along the bottom of the lines, under the span bars (which :func:`_bars`
    lifts in such a block); where candidates overlap, the later dashes cover the earlier."""
    block_start = block.position()
    start = offsets.from_qt(block_start)
    end = offsets.from_qt(block_start + block.length() - 1, forward=True)
    bars = []
    for first, last, color in pending.overlapping(start, end):
        qt_first = offsets.to_qt(max(first, start)) - block_start
        qt_last = offsets.to_qt(min(last, end)) - block_start
        for line, left, right in lines.inset_segments(qt_first, qt_last):
            y = line.y() + line.height() - PENDING_BAR
            x = left
            while x < right:  # dashes: a shape of their own, not only a colour
                bars.append((QRectF(x, y, min(DASH, right - x), PENDING_BAR), color))
                x += DASH + DASH_GAP
    return bars


def _x(position: object) -> float:
    """PySide returns ``cursorToX`` as (x, cursor position)."""
    value = position[0] if isinstance(position, tuple) else position
    assert isinstance(value, int | float)
    return float(value)
