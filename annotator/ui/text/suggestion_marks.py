"""Suggestions in the text: a dashed outline in the label's colour around a much lighter fill
than a span's, and a thicker outline around the current suggestion.

They are painted with each block, like the span colours: the fill under the text, the
outline over it (the selection, which is the current suggestion's range, sits inside it).
Each visual line of a suggestion gets its own box, so a suggestion that wraps reads as the
lines it covers. Only the blocks on screen are measured; the marks are found per block with
two bisections, however many the page has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QTextBlock

from annotator.core.offsets import QtOffsetMap
from annotator.ui.text.colors import blend
from annotator.ui.text.span_bars import PendingMarks, block_lines

#: How much of the label colour goes into the fill (a span's is 0.28 to 0.38).
FILL = 0.10
CURRENT_FILL = 0.18
#: Outline widths in pixels, and the dash pattern (in widths).
OUTLINE, CURRENT_OUTLINE = 1.2, 2.4
DASHES = [4.0, 3.0]
CURRENT_DASHES = [3.0, 1.5]
#: Room left between the boxes of two lines, and around the current one's selection.
LINE_GAP, CURRENT_MARGIN = 3.0, 2.5


@dataclass(frozen=True, slots=True)
class SuggestionBox:
    """One visual line of a suggestion, in the block's coordinates."""

    rect: QRectF
    color: QColor
    current: bool


class SuggestionMarks:
    """The suggestions to paint, in code points, each with its label's colour.

    Args:
        marks: ``(start, end, colour)`` of each suggestion.
        current: The current suggestion's range, if one is current.
        palette: The view's palette (the fill is mixed into its base colour).
    """

    def __init__(
        self,
        marks: Iterable[tuple[int, int, QColor]] = (),
        current: tuple[int, int] | None = None,
        palette: QPalette | None = None,
    ) -> None:
        self._marks = PendingMarks(marks)
        self.current = current
        base = (palette or QPalette()).color(QPalette.ColorRole.Base)
        self._fills: dict[tuple[str, bool], QColor] = {}
        self._outlines: dict[str, QColor] = {}
        self._base = base

    def __len__(self) -> int:
        return len(self._marks)

    def boxes(self, block: QTextBlock, offsets: QtOffsetMap) -> list[SuggestionBox]:
        """The boxes of the suggestions in a laid-out block."""
        if not len(self._marks):
            return []
        block_start = block.position()
        start = offsets.from_qt(block_start)
        end = offsets.from_qt(block_start + block.length() - 1, forward=True)
        found = self._marks.overlapping(start, end)
        if not found:
            return []
        lines = block_lines(block)
        boxes = []
        for first, last, color in found:
            current = (first, last) == self.current
            qt_first = offsets.to_qt(max(first, start)) - block_start
            qt_last = offsets.to_qt(min(last, end)) - block_start
            # The current one is selected: its outline goes round the selection's colour.
            grow = CURRENT_MARGIN if current else 1.0
            top, height = LINE_GAP / 2 - (grow - 1.0), -LINE_GAP + 2 * (grow - 1.0)
            for line, left, right in lines.segments(qt_first, qt_last):
                rect = QRectF(
                    left - grow, line.y() + top, right - left + 2 * grow, line.height() + height
                )
                boxes.append(SuggestionBox(rect, color, current))
        return boxes

    def paint_fills(self, painter: QPainter, boxes: list[SuggestionBox], origin: QPointF) -> None:
        """The light fills, under the text."""
        for box in boxes:
            painter.fillRect(box.rect.translated(origin), self._fill(box.color, box.current))

    def paint_outlines(
        self, painter: QPainter, boxes: list[SuggestionBox], origin: QPointF
    ) -> None:
        """The dashed outlines, over the text."""
        if not boxes:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for box in boxes:
            pen = QPen(self._outline(box.color), CURRENT_OUTLINE if box.current else OUTLINE)
            pen.setDashPattern(CURRENT_DASHES if box.current else DASHES)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            inset = pen.widthF() / 2
            painter.drawRoundedRect(
                box.rect.translated(origin).adjusted(inset, inset, -inset, -inset), 2.5, 2.5
            )
        painter.restore()

    def _outline(self, color: QColor) -> QColor:
        """The label colour, a little darker on a light background (lighter on a dark one),
        so that a thin dashed line of a pale label still reads."""
        found = self._outlines.get(color.name())
        if found is None:
            dark = self._base.lightness() < 128
            found = color.lighter(130) if dark else color.darker(135)
            self._outlines[color.name()] = found
        return found

    def _fill(self, color: QColor, current: bool) -> QColor:
        key = (color.name(), current)
        found = self._fills.get(key)
        if found is None:
            found = blend(self._base, color, CURRENT_FILL if current else FILL)
            self._fills[key] = found
        return found
