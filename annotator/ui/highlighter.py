"""Span highlighting that scales to thousands of spans and to megabyte pages.

Each block's span colours are set as that block's layout formats, computed from the sorted
span index, only for blocks that have been on screen (and a screenful around them). A change
re-formats only the blocks it touches and repaints only their rectangles.

This is what ``QSyntaxHighlighter`` does inside, without its two costs measured here: it calls
Python once for every block whenever the text is set (tens of thousands of calls for a long
page, most of them for blocks nobody looks at), and re-formatting a single block makes the
plain-text layout repaint the whole viewport (the layout's lines are cleared, so Qt cannot
tell the block's height is unchanged). ``ExtraSelections`` would re-walk every span on every
paint; they are kept for transient marks only (the current span, search hits).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPalette, QTextBlock, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QPlainTextEdit

from annotator.core.model import Label, Span
from annotator.core.offsets import QtOffsetMap
from annotator.core.span_index import SpanIndex
from annotator.ui.colors import span_background


class SpanHighlighter:
    """Gives each span's characters its label's background colour, block by block.

    Nested spans stay visible: longer spans are formatted first, so an inner span shows on
    top of the one around it.

    Args:
        view: The plain-text view whose document's blocks are formatted.
    """

    def __init__(self, view: QPlainTextEdit) -> None:
        self._view = view
        self._offsets = QtOffsetMap("")
        self._index = SpanIndex()
        self._formats: dict[int, QTextCharFormat] = {}
        self._labels: dict[int, Label] = {}
        self._colors: dict[int, QColor] = {}
        self._palette = view.palette()
        #: Numbers of the blocks that carry their formats; the others get them when shown.
        self._formatted: set[int] = set()

    def reset(self, offsets: QtOffsetMap, index: SpanIndex, labels: list[Label]) -> None:
        """Use a new text's offsets, spans and labels (the new text has no formats yet)."""
        self._offsets = offsets
        self._index = index
        self._formatted = set()
        self._build_formats(labels)

    def set_labels(self, labels: list[Label]) -> None:
        """New label colours or names. Every block is due for new formats; the view formats
        the ones on screen at once and the others as they scroll into view (a long page that
        was read to its end would otherwise re-lay out thousands of blocks here)."""
        self._build_formats(labels)
        self._formatted = set()

    def set_palette(self, palette: QPalette) -> None:
        """Follow a change between light and dark palettes."""
        self._palette = palette
        self.set_labels(list(self._labels.values()))

    def _build_formats(self, labels: list[Label]) -> None:
        self._labels = {label.id: label for label in labels}
        self._formats = {}
        for label in labels:
            fmt = QTextCharFormat()
            fmt.setBackground(span_background(self._palette, label.color))
            self._formats[label.id] = fmt
        self._colors = {label.id: QColor(label.color) for label in labels}

    def format_block(self, block: QTextBlock) -> None:
        """Give a block its formats if it has none yet (it is on screen, or about to be).

        Best called before the block is laid out (before asking for its geometry): then it is
        laid out once, with its formats.
        """
        number = block.blockNumber()
        if number not in self._formatted:
            self._formatted.add(number)
            self._apply(block)

    def refresh_range(self, start: int, end: int) -> None:
        """Re-format the formatted blocks that hold code points ``[start, end)``."""
        qt_start, qt_end = self._offsets.range_to_qt(start, end)
        block = self._view.document().findBlock(qt_start)
        while block.isValid() and block.position() <= qt_end:
            if block.blockNumber() in self._formatted:
                self._apply(block)
            block = block.next()

    def _apply(self, block: QTextBlock) -> None:
        """Set one block's formats and repaint just that block."""
        layout = block.layout()
        ranges = self._ranges(block)
        if not ranges and not layout.formats():
            return
        # Setting formats drops the block's lines; the view lays the block out again when it
        # next asks for its geometry (below, or when painting). Backgrounds never change the
        # block's height, so nothing around it moves: only this block is repainted.
        laid_out = layout.lineCount() > 0
        layout.setFormats(ranges)
        if not laid_out:
            return  # never painted: it gets its formats when it is
        view = self._view
        rect = view.blockBoundingGeometry(block).translated(view.contentOffset())
        viewport = view.viewport()
        if rect.intersects(QRectF(viewport.rect())):
            viewport.update(rect.toAlignedRect())

    def _ranges(self, block: QTextBlock) -> list[QTextLayout.FormatRange]:
        qt_start = block.position()
        qt_end = qt_start + block.length() - 1  # without the block separator
        start = self._offsets.from_qt(qt_start)
        end = self._offsets.from_qt(qt_end, forward=True)
        spans = self._index.overlapping(start, end)
        if not spans:
            return []
        spans.sort(key=lambda span: span.start - span.end)  # longest first, inner ones on top
        ranges = []
        for span in spans:
            fmt = self._formats.get(span.label_id)
            if fmt is None:
                continue
            first = self._offsets.to_qt(max(span.start, start)) - qt_start
            last = self._offsets.to_qt(min(span.end, end)) - qt_start
            format_range = QTextLayout.FormatRange()
            format_range.start = first
            format_range.length = last - first
            format_range.format = fmt
            ranges.append(format_range)
        return ranges

    def label_colors(self) -> dict[int, QColor]:
        """Each label's own colour (for the bars under spans)."""
        return self._colors

    def span_color(self, span: Span) -> QColor:
        """The strong background used to mark the current span."""
        label = self._labels.get(span.label_id)
        return span_background(self._palette, label.color if label else "#808080", strong=True)
