"""Span colours that scale to thousands of spans and to megabyte pages.

Each block's span colours are kept as format ranges (Qt positions within the block, longest
span first) computed from the sorted span index the first time the block is painted, and
kept until spans in that block change. The block painter fills them as rectangles, or hands
them to ``QTextLayout.draw`` as selections where text runs right to left; either way nothing
is laid out again when a span changes.

Layout formats (``QTextLayout.setFormats``, what ``QSyntaxHighlighter`` sets) were measured
and dropped: setting them makes Qt lay the block out again (shaping every glyph) although a
background never moves one, which was most of the cost of labelling in a long paragraph.
``ExtraSelections`` would have every paint walk every span; they are not used at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QPalette, QTextBlock, QTextCharFormat, QTextLayout

from annotator.core.label_set import LabelSet
from annotator.core.model import Label, Span
from annotator.core.offsets import QtOffsetMap
from annotator.core.span_index import SpanIndex
from annotator.ui.text.colors import span_background


class SpanHighlighter:
    """The span-colour ranges of each block, computed when first painted and then kept.

    Nested spans stay visible: longer spans come first, so an inner span is drawn on top of
    the one around it.
    """

    def __init__(self, palette: QPalette) -> None:
        self._offsets = QtOffsetMap("")
        self._index = SpanIndex()
        self._formats: dict[int, QTextCharFormat] = {}
        self._labels = LabelSet()
        self._colors: dict[int, QColor] = {}
        self._palette = palette
        #: Block number -> its ranges, for the blocks painted since their spans last changed.
        self._ranges: dict[int, list[QTextLayout.FormatRange]] = {}

    def reset(self, offsets: QtOffsetMap, index: SpanIndex, labels: Iterable[Label]) -> None:
        """Use a new text's offsets, spans and labels."""
        self._offsets = offsets
        self._index = index
        self._ranges = {}
        self._build_formats(labels)

    def set_labels(self, labels: Iterable[Label]) -> None:
        """New label colours or names: every block gets new ranges when next painted."""
        self._build_formats(labels)
        self._ranges = {}

    def set_palette(self, palette: QPalette) -> None:
        """Follow a change between light and dark palettes."""
        self._palette = palette
        self.set_labels(self._labels)

    def forget(self, first_block: int, last_block: int) -> None:
        """Spans in blocks ``first_block`` to ``last_block`` changed: recompute when painted."""
        for number in range(first_block, last_block + 1):
            self._ranges.pop(number, None)

    def is_computed(self, block_number: int) -> bool:
        """Whether a block's ranges are held (it was painted since its spans last changed)."""
        return block_number in self._ranges

    def _build_formats(self, labels: Iterable[Label]) -> None:
        self._labels = LabelSet(labels)
        self._formats = {}
        for label in self._labels:
            fmt = QTextCharFormat()
            fmt.setBackground(span_background(self._palette, label.color))
            self._formats[label.id] = fmt
        self._colors = {label.id: QColor(label.color) for label in self._labels}

    def block_ranges(self, block: QTextBlock) -> list[QTextLayout.FormatRange]:
        """The span backgrounds of a block, in the block's own Qt positions."""
        number = block.blockNumber()
        ranges = self._ranges.get(number)
        if ranges is None:
            ranges = self._compute(block)
            self._ranges[number] = ranges
        return ranges

    def _compute(self, block: QTextBlock) -> list[QTextLayout.FormatRange]:
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
