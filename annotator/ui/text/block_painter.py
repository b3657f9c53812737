"""Painting a plain-text view block by block, with span colours, marks and bars.

Qt's own ``QPlainTextEdit.paintEvent`` walks the blocks on screen and draws each block's
layout with the mouse selection and the extra selections; this does the same, starting from
the block at the top of the damaged area, and draws each block's span backgrounds (filled
rectangles, or selections where text runs right to left), transient marks and bars with it.
A span change so repaints one block and lays nothing out again. Suggestions
(:mod:`annotator.ui.text.suggestion_marks`) are filled under the text and outlined over it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QPainter,
    QTextBlock,
    QTextCharFormat,
    QTextLayout,
)
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.offsets import QtOffsetMap
from annotator.core.span_index import SpanIndex
from annotator.ui.text.highlighter import SpanHighlighter
from annotator.ui.text.marks import TransientMarks
from annotator.ui.text.span_bars import PendingMarks, SpanBars, paint_rects
from annotator.ui.text.suggestion_marks import SuggestionMarks


class BlockPainter:
    """Paints a view's damaged blocks.

    Args:
        view: The plain-text view painted (its viewport).
        highlighter: Each block's span backgrounds.
        marks: The current span's mark and search hits.
        bars: Each block's background rectangles and bars.
    """

    def __init__(
        self,
        view: QPlainTextEdit,
        highlighter: SpanHighlighter,
        marks: TransientMarks,
        bars: SpanBars,
    ) -> None:
        self._view = view
        self._highlighter = highlighter
        self._marks = marks
        self._bars = bars
        #: Curation's candidates still to decide (none outside curation mode).
        self.pending = PendingMarks()
        #: The suggestions shown (none while they are hidden).
        self.suggestions = SuggestionMarks()

    def paint(self, painter: QPainter, area: QRect, index: SpanIndex, offsets: QtOffsetMap) -> None:
        """Paint the blocks that ``area`` (viewport coordinates) touches."""
        view = self._view
        offset = view.contentOffset()
        viewport = view.viewport().rect()
        document = view.document()
        # As Qt does: keep the right margin clear of full-width selections.
        width = max(float(viewport.width()), document.documentLayout().documentSize().width())
        right = offset.x() + width - document.documentMargin() + view.cursorWidth()
        area = QRect(area)
        area.setRight(min(area.right(), int(right)))
        painter.setClipRect(area)
        painter.setBrushOrigin(offset)
        if document.isEmpty() and view.placeholderText():
            self._paint_placeholder(painter, viewport)
        context = view.getPaintContext()
        painter.setPen(context.palette.text().color())
        selected = _selections(context)
        clip = QRectF(area)
        # From the block at the top of the damaged area (a hit test in C++): an edit repaints
        # one block, and walking down to it in Python would cost more than painting it.
        block = view.cursorForPosition(QPoint(0, area.top())).block()
        offset.setY(view.blockBoundingGeometry(block).top() + view.contentOffset().y())
        bottom = min(area.bottom(), viewport.height())
        while block.isValid() and offset.y() <= bottom:
            height = view.blockBoundingRect(block).height()
            # QRect.bottom() is the last row inside: a block ending where the area starts is
            # not painted (Qt's own loop paints it for nothing).
            if offset.y() + height > area.top():
                self._paint_block(
                    painter, block, offset, clip, selected, context.cursorPosition, index, offsets
                )
            offset.setY(offset.y() + height)
            block = block.next()

    def _paint_block(
        self,
        painter: QPainter,
        block: QTextBlock,
        origin: QPointF,
        clip: QRectF,
        selected: list[tuple[int, int, QTextCharFormat]],
        cursor: int,
        index: SpanIndex,
        offsets: QtOffsetMap,
    ) -> None:
        """One block: span backgrounds, text with the marks and the mouse selection on top,
        caret, bars."""
        start = block.position()
        end = start + block.length()
        spans = self._highlighter.block_ranges(block)
        colors = self._highlighter.label_colors()
        decor = self._bars.decor(block, spans, index, offsets, colors, self.pending)
        suggested = self.suggestions.boxes(block, offsets)
        self.suggestions.paint_fills(painter, suggested, origin)
        if decor.backgrounds is None:
            ranges = spans + self._marks.in_block(start, end)
        else:
            paint_rects(painter, decor.backgrounds, origin)
            ranges = self._marks.in_block(start, end)
        for first, last, fmt in selected:
            if first < end and last > start:
                selection = QTextLayout.FormatRange()
                selection.start, selection.length = first - start, last - first
                selection.format = fmt
                ranges.append(selection)
        layout = block.layout()
        layout.draw(painter, origin, ranges, clip)
        if start <= cursor < end:  # -1 while the blinking caret is off
            layout.drawCursor(painter, origin, cursor - start, self._view.cursorWidth())
        for rect, color in decor.bars + decor.pending:
            painter.fillRect(rect.translated(origin), color)
        self.suggestions.paint_outlines(painter, suggested, origin)

    def _paint_placeholder(self, painter: QPainter, viewport: QRect) -> None:
        view = self._view
        margin = int(view.document().documentMargin())
        painter.save()
        painter.setPen(view.palette().placeholderText().color())
        flags = Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        # Wrapped short of the right margin, which the clip of the text keeps clear.
        area = QRectF(viewport.adjusted(margin, margin, -margin, -margin))
        painter.drawText(area, flags, view.placeholderText())
        painter.restore()


def _selections(
    context: QAbstractTextDocumentLayout.PaintContext,
) -> list[tuple[int, int, QTextCharFormat]]:
    """The mouse selection (and any extra selections) as Qt ranges with their formats.

    Copies: PySide hands out the list's items (and their formats) as views into a temporary
    copy of Qt's list, freed as soon as the list is.
    """
    return [
        (item.cursor.selectionStart(), item.cursor.selectionEnd(), QTextCharFormat(item.format))
        for item in context.selections
        if item.cursor.hasSelection()
    ]
