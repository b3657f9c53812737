"""Thin coloured bars under spanned text, stacked where spans overlap.

The highlighter's background shows the innermost span; the bars show every span, so
overlapping and nested spans stay visible at once, and two adjacent spans of one label read
as two (each bar stops a pixel short of the span's ends). Only visible blocks are painted.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import QPoint, QRect, QRectF
from PySide6.QtGui import QColor, QPainter, QTextBlock
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.offsets import QtOffsetMap
from annotator.core.span_index import SpanIndex, assign_lanes

BAR = 2.0  # thickness in pixels
GAP = 1.0  # between stacked bars
INSET = 1.0  # short of each end


class SpanBars:
    """Paints the bars, keeping each block's bar geometry until its spans or layout change.

    Geometry is kept in block coordinates, so scrolling reuses it; the view drops a block's
    entry when spans in it change, and everything on resize, font or label-colour changes.
    """

    def __init__(self) -> None:
        self._cache: dict[int, list[tuple[QRectF, QColor]]] = {}

    def clear(self) -> None:
        """Forget all geometry (new text, new width, new colours)."""
        self._cache.clear()

    def forget(self, first_block: int, last_block: int) -> None:
        """Forget the geometry of blocks ``first_block`` to ``last_block``."""
        for number in range(first_block, last_block + 1):
            self._cache.pop(number, None)

    def paint(
        self,
        view: QPlainTextEdit,
        area: QRect,
        index: SpanIndex,
        offsets: QtOffsetMap,
        colors: dict[int, QColor],
    ) -> None:
        """Paint the bars of the visible blocks that ``area`` touches."""
        if not len(index):
            return
        painter = QPainter(view.viewport())
        try:
            # From the block at the top of the damaged area (a hit test in C++), not from the
            # first visible one: an edit repaints one block, not the whole screen.
            block = view.cursorForPosition(QPoint(0, area.top())).block()
            origin = view.contentOffset()
            while block.isValid():
                top = view.blockBoundingGeometry(block).translated(origin).top()
                if top > area.bottom():
                    break
                if block.isVisible():
                    bars = self._cache.get(block.blockNumber())
                    if bars is None:
                        bars = _block_bars(block, index, offsets, colors)
                        self._cache[block.blockNumber()] = bars
                    for rect, color in bars:
                        painter.fillRect(rect.translated(origin.x(), top), color)
                block = block.next()
        finally:
            painter.end()


def _block_bars(
    block: QTextBlock, index: SpanIndex, offsets: QtOffsetMap, colors: dict[int, QColor]
) -> list[tuple[QRectF, QColor]]:
    """The bars of one block, in the block's own coordinates."""
    block_start = block.position()
    start = offsets.from_qt(block_start)
    end = offsets.from_qt(block_start + block.length() - 1, forward=True)
    spans = index.overlapping(start, end)
    if not spans:
        return []
    lanes = assign_lanes(spans)
    layout = block.layout()
    lines = [layout.lineAt(number) for number in range(layout.lineCount())]
    line_starts = [line.textStart() for line in lines]
    line_ends = [start + line.textLength() for start, line in zip(line_starts, lines, strict=True)]
    bars = []
    for span in spans:
        first = offsets.to_qt(max(span.start, start)) - block_start
        last = offsets.to_qt(min(span.end, end)) - block_start
        color = colors.get(span.label_id, QColor("#808080"))
        lift = lanes[span.id] * (BAR + GAP)
        # Only the lines the span is on: from the one holding its first character.
        number = max(0, bisect_right(line_starts, first) - 1)
        while number < len(lines) and line_starts[number] < last:
            line = lines[number]
            left = max(first, line_starts[number])
            right = min(last, line_ends[number])
            number += 1
            if left >= right:
                continue
            x1 = _x(line.cursorToX(left)) + (INSET if left == first else 0)
            x2 = _x(line.cursorToX(right)) - (INSET if right == last else 0)
            y = line.y() + line.height() - BAR - lift
            bars.append((QRectF(min(x1, x2), y, abs(x2 - x1), BAR), color))
    return bars


def _x(position: object) -> float:
    """PySide returns ``cursorToX`` as (x, cursor position)."""
    value = position[0] if isinstance(position, tuple) else position
    assert isinstance(value, int | float)
    return float(value)
