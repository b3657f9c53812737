"""Span highlighting that scales to thousands of spans.

A :class:`QSyntaxHighlighter` formats one block at a time and Qt caches the result, so a
change re-formats only the blocks it touches. ``ExtraSelections`` would re-walk every span on
every paint; they are kept for transient marks only (the current span).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QPalette, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotator.core.model import Label, Span
from annotator.core.offsets import QtOffsetMap
from annotator.core.span_index import SpanIndex
from annotator.ui.colors import span_background


class SpanHighlighter(QSyntaxHighlighter):
    """Paints each span's characters in its label's colour.

    Nested spans stay visible: longer spans are painted first, so an inner span shows on top
    of the one around it.
    """

    def __init__(self, document: QTextDocument, palette: QPalette) -> None:
        super().__init__(document)
        self._offsets = QtOffsetMap("")
        self._index = SpanIndex()
        self._formats: dict[int, QTextCharFormat] = {}
        self._labels: dict[int, Label] = {}
        self._colors: dict[int, QColor] = {}
        self._palette = palette
        # Lazy: only blocks that have been on screen get formats. Qt offers every block once
        # when the text is set; the rest return at once and are formatted when scrolled to.
        self._allowed: set[int] = set()

    def reset(self, offsets: QtOffsetMap, index: SpanIndex, labels: list[Label]) -> None:
        """Use a new text's offsets, spans and labels; call just before setting the text, which
        highlights every block once (rehighlighting here would format the old text for nothing)."""
        self._offsets = offsets
        self._index = index
        self._allowed = set()
        self.set_labels(labels, rehighlight=False)

    def set_labels(self, labels: list[Label], *, rehighlight: bool = True) -> None:
        """Rebuild the per-label formats (after a palette or label-colour change)."""
        self._labels = {label.id: label for label in labels}
        self._formats = {}
        for label in labels:
            fmt = QTextCharFormat()
            fmt.setBackground(span_background(self._palette, label.color))
            self._formats[label.id] = fmt
        self._colors = {label.id: QColor(label.color) for label in labels}
        if rehighlight:
            shown = sorted(self._allowed)
            self._allowed = set()
            self.highlight_blocks(shown)  # the others get new formats when scrolled to

    def set_palette(self, palette: QPalette) -> None:
        """Follow a change between light and dark palettes."""
        self._palette = palette
        self.set_labels(list(self._labels.values()))

    def highlight_blocks(self, numbers: Iterable[int]) -> None:
        """Format these blocks if they have not been formatted yet (they are on screen)."""
        document = self.document()
        for number in numbers:
            if number not in self._allowed:
                self._allowed.add(number)
                self.rehighlightBlock(document.findBlockByNumber(number))

    def refresh_range(self, start: int, end: int) -> None:
        """Re-format the formatted blocks that hold code points ``[start, end)``."""
        document = self.document()
        qt_start, qt_end = self._offsets.range_to_qt(start, end)
        block = document.findBlock(qt_start)
        while block.isValid() and block.position() <= qt_end:
            if block.blockNumber() in self._allowed:
                self.rehighlightBlock(block)
            block = block.next()

    def highlightBlock(self, text: str) -> None:
        """Qt calls this for each block that needs formatting."""
        del text  # the block's own text is not needed: offsets come from the span index
        block = self.currentBlock()
        if block.blockNumber() not in self._allowed:
            return
        qt_start = block.position()
        qt_end = qt_start + block.length() - 1  # without the block separator
        start = self._offsets.from_qt(qt_start)
        end = self._offsets.from_qt(qt_end, forward=True)
        spans = self._index.overlapping(start, end)
        if not spans:
            return
        spans.sort(key=lambda span: span.start - span.end)  # longest first, inner ones on top
        for span in spans:
            fmt = self._formats.get(span.label_id)
            if fmt is None:
                continue
            first = self._offsets.to_qt(max(span.start, start)) - qt_start
            last = self._offsets.to_qt(min(span.end, end)) - qt_start
            self.setFormat(first, last - first, fmt)

    def label_colors(self) -> dict[int, QColor]:
        """Each label's own colour (for the bars under spans)."""
        return self._colors

    def span_color(self, span: Span) -> QColor:
        """The strong background used to mark the current span."""
        label = self._labels.get(span.label_id)
        return span_background(self._palette, label.color if label else "#808080", strong=True)
