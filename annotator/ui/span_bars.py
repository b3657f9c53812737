"""Thin coloured bars under spanned text, stacked where spans overlap.

The highlighter's background shows the innermost span; the bars show every span, so
overlapping and nested spans stay visible at once, and two adjacent spans of one label read
as two (each bar stops a pixel short of the span's ends). Only visible blocks are painted.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF
from PySide6.QtGui import QColor, QPainter, QTextBlock
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.offsets import QtOffsetMap
from annotator.core.span_index import SpanIndex, assign_lanes

BAR = 2.0  # thickness in pixels
GAP = 1.0  # between stacked bars
INSET = 1.0  # short of each end


def paint_span_bars(
    view: QPlainTextEdit,
    area: QRect,
    index: SpanIndex,
    offsets: QtOffsetMap,
    colors: dict[int, QColor],
) -> None:
    """Paint the bars of every span in the visible blocks that ``area`` touches."""
    if not len(index):
        return
    painter = QPainter(view.viewport())
    try:
        block = view.firstVisibleBlock()
        origin = view.contentOffset()
        while block.isValid():
            top = view.blockBoundingGeometry(block).translated(origin).top()
            if top > area.bottom():
                break
            if block.isVisible():
                _paint_block(painter, block, QPointF(origin.x(), top), index, offsets, colors)
            block = block.next()
    finally:
        painter.end()


def _paint_block(
    painter: QPainter,
    block: QTextBlock,
    origin: QPointF,
    index: SpanIndex,
    offsets: QtOffsetMap,
    colors: dict[int, QColor],
) -> None:
    block_start = block.position()
    start = offsets.from_qt(block_start)
    end = offsets.from_qt(block_start + block.length() - 1, forward=True)
    spans = index.overlapping(start, end)
    if not spans:
        return
    lanes = assign_lanes(spans)
    layout = block.layout()
    for span in spans:
        first = offsets.to_qt(max(span.start, start)) - block_start
        last = offsets.to_qt(min(span.end, end)) - block_start
        color = colors.get(span.label_id, QColor("#808080"))
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            line_start, line_end = line.textStart(), line.textStart() + line.textLength()
            left, right = max(first, line_start), min(last, line_end)
            if left >= right:
                continue
            x1 = _x(line.cursorToX(left)) + (INSET if left == first else 0)
            x2 = _x(line.cursorToX(right)) - (INSET if right == last else 0)
            y = origin.y() + line.y() + line.height() - BAR - lanes[span.id] * (BAR + GAP)
            rect = QRectF(origin.x() + min(x1, x2), y, abs(x2 - x1), BAR)
            painter.fillRect(rect, color)


def _x(position: object) -> float:
    """PySide returns ``cursorToX`` as (x, cursor position)."""
    value = position[0] if isinstance(position, tuple) else position
    assert isinstance(value, int | float)
    return float(value)
