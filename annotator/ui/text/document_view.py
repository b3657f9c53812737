"""The read-only document text, with spans highlighted and code-point selections."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
)
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from annotator.core.current_span import CaretPlace
from annotator.core.label_set import LabelSet
from annotator.core.model import Document, Label, Span
from annotator.core.offsets import QtOffsetMap
from annotator.core.shown_layer import ShownLayer
from annotator.core.span_index import SpanIndex
from annotator.ui.text.block_painter import BlockPainter
from annotator.ui.text.highlighter import SpanHighlighter
from annotator.ui.text.marks import TransientMarks
from annotator.ui.text.span_bars import BlockDecor, PendingMarks, SpanBars
from annotator.ui.text.span_tips import SpanTips
from annotator.ui.text.suggestion_marks import SuggestionMarks
from annotator.ui.text.viewport import lay_out_visible_blocks, repaint_range, visible_qt_range

EMPTY_PLACEHOLDER = (
    "No document to show.\n\n"
    "Import saved web pages, text, Markdown, Word or PDF files, tables (JSONL, CSV, "
    "Parquet), or annotations from Label Studio, doccano, Prodigy, brat, INCEpTION, spaCy "
    "or CoNLL files, with "
    "File ▸ Import Files… (Ctrl+I; .zip files too), a whole folder with "
    "File ▸ Import Folder… (Ctrl+Shift+I), or drop them on this window."
)


class DocumentView(QPlainTextEdit):
    """Shows one document; every offset it hands out counts code points of the stored text.

    What it shows is a :class:`ShownLayer` (the text, the layer's spans and the current
    span): the view paints it, follows its events and reports the caret and the selection to
    it, and holds no span state of its own.

    Args:
        parent: The parent widget.
        shown: The model to show (a new, empty one when None).

    Signals:
        current_span_changed(object): the current span (see :class:`CurrentSpan`), or None.
        selection_changed(object): the selection as ``(start, end)`` code points, or None.
        span_menu_requested(object, QPoint): a right-click, with the spans under it.
        document_shown(): :meth:`show_document` showed a document (or the empty state).
    """

    document_shown = Signal()
    current_span_changed = Signal(object)
    selection_changed = Signal(object)
    span_menu_requested = Signal(object, QPoint)

    def __init__(self, parent: QWidget | None = None, shown: ShownLayer | None = None) -> None:
        super().__init__(parent)
        # First: setting the font below already calls changeEvent.
        self.shown = shown or ShownLayer()
        self._offsets = QtOffsetMap("")
        self._labels = LabelSet()
        #: What hovering a span says (the window adds a gold span's provenance to it).
        self.tips = SpanTips(self)
        self._bars = SpanBars()
        self._highlighter = SpanHighlighter(self.palette())
        self._marks = TransientMarks()
        self._painter = BlockPainter(self, self._highlighter, self._marks, self._bars)
        self.setObjectName("documentView")
        self.setReadOnly(True)
        # Read-only, but with a visible caret that the keyboard moves and extends.
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Always there: a scroll bar that appears with a long text would narrow the viewport
        # and make every shown line wrap (and be laid out) a second time.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setPlaceholderText(EMPTY_PLACEHOLDER)
        self.setAccessibleName("Document text")
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.15)
        self.setFont(font)
        self.document().setDocumentMargin(14)
        self.cursorPositionChanged.connect(self._on_caret_moved)
        self.updateRequest.connect(self._on_update_request)
        self.selectionChanged.connect(self._on_selection_changed)
        self.shown.reset.connect(self._on_shown_reset)
        self.shown.touched.connect(self._forget_range)
        self.shown.current_changed.connect(self._on_current_changed)
        self.shown.caret_requested.connect(self._on_caret_requested)

    # -- content -------------------------------------------------------------------------

    def show_document(
        self,
        document: Document | None,
        spans: list[Span],
        labels: Iterable[Label],
        layer_id: int | None = None,
    ) -> None:
        """Show a document with its spans (or nothing, with the empty-state hint).

        The window shows documents through its :class:`ShownLayer` instead; this is the
        same for a view on its own (a preview, a test).
        """
        self._labels = LabelSet(labels)
        self.tips.set_labels(self._labels)
        text = document.text if document else ""
        self.shown.show(document.id if document else None, layer_id, text, spans)

    def _on_shown_reset(self) -> None:
        """Another document (or none) is shown: lay out its text, paint its spans."""
        text = self.shown.text
        self._offsets = QtOffsetMap(text)
        self._marks.clear()
        self._highlighter.reset(self._offsets, self.shown.spans, self._labels)
        self._bars.clear()
        self._painter.pending = PendingMarks()
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        lay_out_visible_blocks(self)
        self.document_shown.emit()

    def set_labels(self, labels: Iterable[Label]) -> None:
        """Label colours or names changed."""
        self._labels = LabelSet(labels)
        self.tips.set_labels(self._labels)
        self._highlighter.set_labels(self._labels)
        self._bars.clear()
        self._mark_current()
        self.viewport().update()

    @property
    def document_id(self) -> int | None:
        """The shown document, or None."""
        return self.shown.document_id

    @property
    def text(self) -> str:
        """The shown document's text."""
        return self.shown.text

    @property
    def offsets(self) -> QtOffsetMap:
        """Conversions between the shown text's code points and Qt positions."""
        return self._offsets

    def visible_range(self) -> tuple[int, int]:
        """The code points of the blocks in view, whole blocks."""
        start, end = visible_qt_range(self)
        # The last block's length counts a separator after the text's end.
        last = max(self.document().characterCount() - 1, 0)
        return self._offsets.range_from_qt(min(start, last), min(end, last))

    @property
    def spans(self) -> SpanIndex:
        """The spans shown."""
        return self.shown.spans

    def block_colours(self, block: QTextBlock) -> list[tuple[int, int, QColor]] | None:
        """The span colours painted in a block, as ``(start, end, colour)`` in the block's Qt
        positions, drawing order; None when the block was not painted since its spans last
        changed (nothing is computed for blocks nobody looked at)."""
        if not self._highlighter.is_computed(block.blockNumber()):
            return None
        return [
            (r.start, r.start + r.length, r.format.background().color())
            for r in self._highlighter.block_ranges(block)
        ]

    @property
    def pending(self) -> PendingMarks:
        """The candidates still to decide, dashed under their text (curation)."""
        return self._painter.pending

    def set_pending(self, marks: list[tuple[int, int, QColor]]) -> None:
        """Mark these ranges (code points) with bars in their colours; repaints only the
        blocks of the marks that came or went."""
        old = self._painter.pending.keys()
        self._painter.pending = PendingMarks(marks)
        for start, end, _color in old ^ self._painter.pending.keys():
            self._forget_range(start, end)

    @property
    def suggestion_marks(self) -> SuggestionMarks:
        """The suggestions painted in the text."""
        return self._painter.suggestions

    def set_suggestion_marks(self, marks: SuggestionMarks) -> None:
        """Paint these suggestions (dashed outlines) with the text."""
        self._painter.suggestions = marks
        self.viewport().update()

    def block_decor(self, block: QTextBlock) -> BlockDecor | None:
        """What a block was last painted with besides its text, or None if it was not
        painted since it changed."""
        return self._bars.cached(block.blockNumber())

    def _forget_range(self, start: int, end: int) -> None:
        """Drop the blocks' painted spans and bars in code points ``[start, end)``; repaint."""
        qt_start, qt_end = self._offsets.range_to_qt(start, end)
        document = self.document()
        first = document.findBlock(qt_start).blockNumber()
        last = document.findBlock(qt_end).blockNumber()
        self._highlighter.forget(first, last)
        self._bars.forget(first, last)
        repaint_range(self, qt_start, qt_end)

    def readable_minimum(self, chars: int = 40, lines: int = 6) -> QSize:
        """The least room in which ``lines`` lines of ``chars`` characters of text fit."""
        metrics = self.fontMetrics()
        margins = 2 * (self.document().documentMargin() + self.frameWidth())
        scroll_bar = self.verticalScrollBar().sizeHint().width()
        return QSize(
            round(metrics.averageCharWidth() * chars + margins + scroll_bar),
            round(metrics.lineSpacing() * lines + margins),
        )

    # -- offsets -------------------------------------------------------------------------

    def selection(self) -> tuple[int, int] | None:
        """The selection in code points, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self._offsets.range_from_qt(cursor.selectionStart(), cursor.selectionEnd())

    def cursor_offset(self) -> int:
        """The caret's position in code points."""
        return self._offsets.from_qt(self.textCursor().position())

    def select_range(self, start: int, end: int) -> None:
        """Select code points ``[start, end)`` and scroll them into view."""
        cursor = self.textCursor()
        qt_start, qt_end = self._offsets.range_to_qt(start, end)
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()

    def place_cursor(self, offset: int) -> None:
        """Move the caret to a code-point offset, dropping any selection."""
        cursor = self.textCursor()
        cursor.setPosition(self._offsets.to_qt(offset))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def place(self) -> tuple[int, int]:
        """Where the reader is: the caret's offset and the scroll position."""
        return self.cursor_offset(), self.verticalScrollBar().value()

    def restore_place(self, place: tuple[int, int]) -> None:
        """Go back to a :meth:`place` after the document was shown again."""
        offset, scroll = place
        self.place_cursor(offset)
        self.verticalScrollBar().setValue(scroll)

    # -- current span --------------------------------------------------------------------

    @property
    def current_span(self) -> Span | None:
        """The span the keys act on (see :attr:`ShownLayer.current`)."""
        return self.shown.current

    def set_current_span(self, span: Span, caret: CaretPlace = "start") -> None:
        """Make ``span`` current and put the caret on it (see :meth:`ShownLayer.make_current`)."""
        self.shown.make_current(span, caret)

    def select_span(self, span: Span) -> None:
        """Select a span's text and make it current (even where another has its range)."""
        self.shown.make_current(span, None)

    def _on_caret_requested(self, anchor: int, position: int) -> None:
        if anchor == position:
            self.place_cursor(position)
        else:
            self.select_range(anchor, position)

    def _on_caret_moved(self) -> None:
        self.shown.caret_moved(self.cursor_offset(), self.selection())

    def _on_current_changed(self, current: Span | None) -> None:
        self._mark_current()
        self.current_span_changed.emit(current)

    def _on_selection_changed(self) -> None:
        # Dropping a selection where the caret already is moves no caret: only this tells.
        self._on_caret_moved()
        self.selection_changed.emit(self.selection())

    def set_search_hits(self, hits: list[tuple[int, int]], current: int | None = None) -> None:
        """Mark search hits (sorted, non-overlapping code-point ranges); ``current`` is the
        index of the focused hit. A search with thousands of hits marks only the first
        :data:`~annotator.ui.text.marks.MAX_MARKED_HITS`."""
        to_qt = self._offsets.range_to_qt
        self._marks.set_hits([to_qt(start, end) for start, end in hits], current)
        self.viewport().update()  # a new search: the marks may be anywhere on screen

    def marked_ranges(self) -> list[tuple[int, int]]:
        """The transient marks in code points: the current span's first, then the hits."""
        current = self._marks.current
        marks = ([current] if current else []) + self._marks.hits
        return [self._offsets.range_from_qt(start, end) for start, end in marks]

    def _mark_current(self) -> None:
        """Mark the current span in a stronger colour, repainting where the mark was and is."""
        old = self._marks.current
        span = self.shown.current
        if span is None:
            self._marks.set_current(None)
        else:
            bounds = self._offsets.range_to_qt(span.start, span.end)
            self._marks.set_current(bounds, self._highlighter.span_color(span))
        for marked in (old, self._marks.current):
            if marked is not None:
                repaint_range(self, *marked)

    # -- Qt events -----------------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Right-click: the window builds a menu for the spans under the pointer."""
        offset = self._offsets.from_qt(self.character_at(event.pos()))
        spans = self.shown.spans.at(offset)
        self.span_menu_requested.emit(spans, event.globalPos())

    def viewportEvent(self, event: QEvent) -> bool:
        """Hovering a span shows its label (and note) in a tooltip."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tips.text_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def character_at(self, point: QPoint) -> int:
        """The Qt position of the character under ``point``.

        ``cursorForPosition`` gives the nearest caret position, which is after the character
        when the pointer is on its trailing half.
        """
        cursor = self.cursorForPosition(point)
        position = cursor.position()
        caret_x = self.cursorRect(cursor).center().x()
        right_to_left = cursor.block().textDirection() == Qt.LayoutDirection.RightToLeft
        pointer_before_caret = point.x() > caret_x if right_to_left else point.x() < caret_x
        at_block_start = cursor.positionInBlock() == 0
        return position - 1 if pointer_before_caret and not at_block_start else position

    def _on_update_request(self, _rect: QRect, dy: int) -> None:
        if dy:
            lay_out_visible_blocks(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lines wrap differently: the bars' geometry is measured again."""
        super().resizeEvent(event)
        self._bars.clear()
        lay_out_visible_blocks(self)

    def paintEvent(self, event: QPaintEvent) -> None:
        """Qt's own block loop, with each block's spans, marks and bars drawn with it
        (see :mod:`annotator.ui.text.block_painter`)."""
        painter = QPainter(self.viewport())
        try:
            self._painter.paint(painter, event.rect(), self.shown.spans, self._offsets)
        finally:
            painter.end()

    def changeEvent(self, event: QEvent) -> None:
        """Follow palette changes (light/dark) so spans stay legible."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._bars.clear()
        if event.type() == QEvent.Type.PaletteChange:
            self._highlighter.set_palette(self.palette())
            self._mark_current()
            self.viewport().update()
