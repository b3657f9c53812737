"""The read-only document text, with spans highlighted and code-point selections."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from annotator.core.model import Document, Label, Span
from annotator.core.offsets import QtOffsetMap
from annotator.core.span_index import SpanIndex
from annotator.ui.highlighter import SpanHighlighter
from annotator.ui.span_bars import SpanBars

EMPTY_PLACEHOLDER = (
    "No document to show.\n\n"
    "Import .txt, .jsonl, .csv or .tsv files with File ▸ Import Files… (Ctrl+I), "
    "or a whole folder with File ▸ Import Folder… (Ctrl+Shift+I)."
)


#: Search hits beyond this many are not marked (each mark is redrawn on every paint).
MAX_MARKED_HITS = 2000
SEARCH_HIT_COLOR = "#FFE066"
CURRENT_HIT_COLOR = "#FF9F1C"


class DocumentView(QPlainTextEdit):
    """Shows one document; every offset it hands out counts code points of the stored text.

    Signals:
        current_span_changed(object): the innermost span under the cursor, or None.
        selection_changed(object): the selection as ``(start, end)`` code points, or None.
        span_menu_requested(object, QPoint): a right-click, with the spans under it.
    """

    current_span_changed = Signal(object)
    selection_changed = Signal(object)
    span_menu_requested = Signal(object, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars = SpanBars()  # first: setting the font below already calls changeEvent
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
        self.document_id: int | None = None
        self._text = ""
        self._offsets = QtOffsetMap("")
        self._index = SpanIndex()
        self._current: Span | None = None
        self._pinned: str | None = None
        self._hits: list[tuple[int, int]] = []
        self._current_hit: int | None = None
        self._highlighter = SpanHighlighter(self)
        self.cursorPositionChanged.connect(self._on_cursor_moved)
        self.updateRequest.connect(self._on_update_request)
        self.selectionChanged.connect(self._on_selection_changed)

    # -- content -------------------------------------------------------------------------

    def show_document(
        self, document: Document | None, spans: list[Span], labels: list[Label]
    ) -> None:
        """Show a document with its spans (or nothing, with the empty-state hint)."""
        self.document_id = document.id if document else None
        self._text = document.text if document else ""
        self._offsets = QtOffsetMap(self._text)
        self._index = SpanIndex(spans)
        self._current = None
        self._hits, self._current_hit = [], None
        self._highlighter.reset(self._offsets, self._index, labels)
        self._bars.clear()
        self.setPlainText(self._text)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self._format_visible_blocks()
        self._update_current_mark()

    def set_labels(self, labels: list[Label]) -> None:
        """Label colours or names changed."""
        self._highlighter.set_labels(labels)
        self._format_visible_blocks()
        self._bars.clear()
        self.viewport().update()

    @property
    def text(self) -> str:
        """The shown document's text."""
        return self._text

    @property
    def offsets(self) -> QtOffsetMap:
        """Conversions between the shown text's code points and Qt positions."""
        return self._offsets

    @property
    def spans(self) -> SpanIndex:
        """The spans shown."""
        return self._index

    def spans_changed(self, start: int, end: int) -> None:
        """Spans in code points ``[start, end)`` were added, removed or changed in the index
        (:attr:`spans`): re-colour just the blocks there."""
        self._highlighter.refresh_range(start, end)
        qt_start, qt_end = self._offsets.range_to_qt(start, end)
        document = self.document()
        self._bars.forget(
            document.findBlock(qt_start).blockNumber(), document.findBlock(qt_end).blockNumber()
        )
        self._on_cursor_moved()

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

    def spans_at_cursor(self) -> list[Span]:
        """Spans containing the character after the caret (or before it, at a span's end),
        innermost first."""
        offset = self.cursor_offset()
        return self._index.at(offset) or (self._index.at(offset - 1) if offset else [])

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
        """The innermost span under the caret."""
        return self._current

    def set_current_span(self, span: Span) -> None:
        """Make ``span`` the current one (caret at its start), even where spans overlap."""
        self._pinned = span.id
        self.place_cursor(span.start)
        self._on_cursor_moved()

    def _on_cursor_moved(self) -> None:
        spans = self.spans_at_cursor() if not self.textCursor().hasSelection() else []
        # A span chosen with the keyboard stays current while the caret is inside it; else
        # the innermost span under the caret is.
        pinned = next((span for span in spans if span.id == self._pinned), None)
        current = pinned or (spans[0] if spans else None)
        if current != self._current:
            self._current = current
            self._update_current_mark()
            self.current_span_changed.emit(current)

    def _on_selection_changed(self) -> None:
        self.selection_changed.emit(self.selection())

    def set_search_hits(self, hits: list[tuple[int, int]], current: int | None = None) -> None:
        """Mark search hits (code-point ranges); ``current`` is the index of the focused hit.

        Hits are transient, so they are extra selections, not highlighter formats; a search
        with thousands of hits marks only the first :data:`MAX_MARKED_HITS`.
        """
        self._hits = hits[:MAX_MARKED_HITS]
        self._current_hit = current
        self._update_current_mark()

    def _mark(self, start: int, end: int, color: QColor) -> QTextEdit.ExtraSelection:
        mark = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        qt_start, qt_end = self._offsets.range_to_qt(start, end)
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
        mark.cursor = cursor
        mark.format.setBackground(color)
        mark.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
        return mark

    def _update_current_mark(self) -> None:
        """Transient marks: the current span (a stronger colour) and search hits."""
        marks: list[QTextEdit.ExtraSelection] = []
        if self._current is not None:
            color = self._highlighter.span_color(self._current)
            marks.append(self._mark(self._current.start, self._current.end, color))
        hit_color = QColor(SEARCH_HIT_COLOR)
        current_color = QColor(CURRENT_HIT_COLOR)
        for index, (start, end) in enumerate(self._hits):
            marks.append(
                self._mark(start, end, current_color if index == self._current_hit else hit_color)
            )
        self.setExtraSelections(marks)

    # -- Qt events -----------------------------------------------------------------------

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Right-click: the window builds a menu for the spans under the pointer."""
        offset = self._offsets.from_qt(self._character_at(event.pos()))
        spans = self._index.at(offset)
        self.span_menu_requested.emit(spans, event.globalPos())

    def _character_at(self, point: QPoint) -> int:
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
            self._format_visible_blocks()

    def _format_visible_blocks(self) -> None:
        """Give the blocks on screen their span colours, just before they are painted.

        Called when text is shown, scrolled or resized. Each block is formatted before its
        geometry is asked for, so a block that was never shown is laid out once, already
        coloured; blocks off screen are left alone until they scroll into view.
        """
        block = self.firstVisibleBlock()
        origin_y = self.contentOffset().y()
        bottom = self.viewport().height()
        while block.isValid():
            self._highlighter.format_block(block)
            if self.blockBoundingGeometry(block).top() + origin_y >= bottom:
                break
            block = block.next()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """More blocks may come into view."""
        super().resizeEvent(event)
        self._bars.clear()  # lines wrap differently
        self._format_visible_blocks()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The text, then a bar under every span (stacked where spans overlap)."""
        super().paintEvent(event)
        colors = self._highlighter.label_colors()
        self._bars.paint(self, event.rect(), self._index, self._offsets, colors)

    def changeEvent(self, event: QEvent) -> None:
        """Follow palette changes (light/dark) so spans stay legible."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._bars.clear()
        if event.type() == QEvent.Type.PaletteChange:
            self._highlighter.set_palette(self.palette())
            self._format_visible_blocks()
            self._update_current_mark()
