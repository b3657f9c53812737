"""The tooltip of the spans under the pointer: labels told apart by name, not only colour."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextCursor

from annotator.core.curation import Provenance
from annotator.core.label_set import LabelSet
from annotator.core.model import Label, Span
from annotator.core.offsets import QtOffsetMap
from annotator.core.span_index import SpanIndex


class ShownText(Protocol):
    """What the tips read of a document view (the view holds the tips)."""

    @property
    def text(self) -> str: ...

    @property
    def offsets(self) -> QtOffsetMap: ...

    @property
    def spans(self) -> SpanIndex: ...

    def character_at(self, point: QPoint) -> int: ...

    def cursorForPosition(self, pos: QPoint) -> QTextCursor: ...

    def blockBoundingGeometry(self, block: QTextBlock) -> QRectF: ...

    def contentOffset(self) -> QPointF: ...


class SpanTips:
    """Says what the spans under a point of a document view are.

    Args:
        view: The text it speaks about.
    """

    def __init__(self, view: ShownText) -> None:
        self._view = view
        self._labels = LabelSet()
        #: More to say about a span (the window adds a gold span's provenance); None: nothing.
        self.details: Callable[[Span], str | None] = _nothing_more
        #: What the suggestion at a code point is, if one is shown there; None: nothing.
        self.suggestion: Callable[[int], str | None] = _no_suggestion

    def set_labels(self, labels: Iterable[Label]) -> None:
        """The label names the tips use."""
        self._labels = LabelSet(labels)

    def text_at(self, point: QPoint) -> str:
        """The spans under ``point`` (viewport coordinates), innermost first: each one's
        label, note and :attr:`details`, then the :attr:`suggestion` there; "" off the text
        or off every span and suggestion."""
        view = self._view
        if not view.text or not self._over_text(point):
            return ""
        offset = view.offsets.from_qt(view.character_at(point))
        tips = []
        for span in view.spans.at(offset):
            lines = [self._labels.name_of(span.label_id, "Unknown label")]
            if span.note:
                lines.append(f"Note: {span.note}")
            details = self.details(span)
            if details:
                lines.append(details)
            tips.append("\n".join(lines))
        suggested = self.suggestion(offset)
        if suggested:
            tips.append(suggested)
        return "\n\n".join(tips)

    def _over_text(self, point: QPoint) -> bool:
        """Whether ``point`` is on a character (not in a margin or past a line's end)."""
        view = self._view
        cursor = view.cursorForPosition(point)
        block = cursor.block()
        line = block.layout().lineForTextPosition(cursor.positionInBlock())
        if not line.isValid():
            return False
        origin = view.blockBoundingGeometry(block).translated(view.contentOffset()).topLeft()
        left, top = origin.x() + line.x(), origin.y() + line.y()
        inside_x = left <= point.x() <= left + line.naturalTextWidth()
        return inside_x and top <= point.y() <= top + line.height()


def _nothing_more(_span: Span) -> str | None:
    return None


def _no_suggestion(_offset: int) -> str | None:
    return None


def provenance_tip(provenance: Provenance | None) -> str | None:
    """A gold span's provenance as its tooltip says it (who proposed it, who decided)."""
    if provenance is None:
        return None
    if provenance.proposed_by is None:
        who = "Added by the curator (no annotator marked it)"
    else:
        who = f"Proposed by {provenance.proposed_by}"
        if provenance.agreed_by:
            who += f", also marked by {', '.join(provenance.agreed_by)}"
    return f"{who}\nDecision: {provenance.decision}, by {provenance.decided_by}"
