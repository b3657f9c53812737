"""The spans of the shown document in one layer, as an evented model without Qt.

One :class:`ShownLayer` per window holds what the window shows: the document's text, its
sorted :class:`SpanIndex` for the layer being edited, the caret and selection the view
reports (in code points), and the current span the keys act on. The services' notifications
update it (see :mod:`annotator.services.shown_feed`); the span list and the document view
subscribe to its events, each hearing of a change once; the labelling logic reads it, never
a widget.

Events come in pairs around a row change (``inserting``/``inserted``,
``removing``/``removed``) because a Qt item model must announce a row before and after it
moves. Every change of the spans also emits ``touched`` with the code-point range whose
painting changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.current_span import CaretPlace, CurrentSpan, Selection
from annotator.core.events import Signal
from annotator.core.model import Span
from annotator.core.span_index import SpanIndex


class ShownLayer:
    """The shown document, one layer of its spans, and the current span.

    Attributes:
        document_id: The shown document, or None (the empty state).
        layer_id: The annotator whose spans are shown, or None.
        resetting: Another document (or none) is about to be shown.
        reset: It is: everything was replaced.
        inserting: ``(row)``: a span is about to be inserted at this row.
        inserted: ``(row)``: it was.
        removing: ``(row)``: the span at this row is about to be removed.
        removed: ``(row)``: it was.
        relabelled: ``(row)``: the span at this row changed in place (label or note; same
            bounds, same row).
        touched: ``(start, end)``: spans in these code points changed; repaint them.
        current_changed: ``(span or None)``: the span the keys act on changed.
        caret_requested: ``(anchor, position)``: the caret should move there (code points;
            a selection when they differ), because a span was made current.
    """

    def __init__(self) -> None:
        self.document_id: int | None = None
        self.layer_id: int | None = None
        self._text = ""
        self._index = SpanIndex()
        self._chooser = CurrentSpan()
        self._caret = 0
        self._selection: Selection = None
        self._current: Span | None = None
        self.resetting: Signal[[]] = Signal()
        self.reset: Signal[[]] = Signal()
        self.inserting: Signal[[int]] = Signal()
        self.inserted: Signal[[int]] = Signal()
        self.removing: Signal[[int]] = Signal()
        self.removed: Signal[[int]] = Signal()
        self.relabelled: Signal[[int]] = Signal()
        self.touched: Signal[[int, int]] = Signal()
        self.current_changed: Signal[[Span | None]] = Signal()
        self.caret_requested: Signal[[int, int]] = Signal()

    # -- what is shown ---------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The shown document's text ("" when none is shown)."""
        return self._text

    @property
    def spans(self) -> SpanIndex:
        """The shown spans, sorted; read it, change it only through this object."""
        return self._index

    @property
    def current(self) -> Span | None:
        """The span the keys act on (see :class:`CurrentSpan`)."""
        return self._current

    @property
    def caret(self) -> int:
        """The caret in code points, as the view last reported it."""
        return self._caret

    @property
    def selection(self) -> Selection:
        """The selection in code points, or None, as the view last reported it."""
        return self._selection

    def show(
        self,
        document_id: int | None,
        layer_id: int | None,
        text: str,
        spans: Iterable[Span],
    ) -> None:
        """Show another document (None: nothing), with this layer's spans."""
        self._chooser.choose(None)
        if self._current is not None:
            self._current = None
            self.current_changed.emit(None)
        self.resetting.emit()
        self.document_id = document_id
        self.layer_id = layer_id
        self._text = text
        self._index = SpanIndex(spans)
        self._caret, self._selection = 0, None
        self.reset.emit()
        self._update_current()

    def shows(self, span: Span) -> bool:
        """Whether ``span`` belongs to the shown document and layer."""
        return span.document_id == self.document_id and span.annotator_id == self.layer_id

    # -- changes of the spans ----------------------------------------------------------------

    def add(self, span: Span) -> None:
        """A span was added to the shown layer."""
        if self._index.get(span.id) is not None:
            self.replace(span)
            return
        self._insert(span)
        self.touched.emit(span.start, span.end)
        self._update_current()

    def remove(self, span_id: str) -> Span | None:
        """A span was removed; returns it, or None when it was not shown."""
        span = self._take(span_id)
        if span is not None:
            self.touched.emit(span.start, span.end)
            self._update_current()
        return span

    def replace(self, span: Span) -> Span | None:
        """A span changed (label, note or bounds); returns it as it was, or None when it
        was not shown (it is then added)."""
        row = self._index.row_of(span.id)
        if row < 0:
            self.add(span)
            return None
        old = self._index[row]
        if (old.start, old.end) == (span.start, span.end):
            self._index.remove(span.id)
            self._index.add(span)
            self.relabelled.emit(row)
        else:
            self._take(span.id)
            self._insert(span)
        self.touched.emit(min(old.start, span.start), max(old.end, span.end))
        self._update_current()
        return old

    def sync(self, stored: Iterable[Span]) -> None:
        """Make the shown spans equal ``stored`` (read again after another process
        committed), changing only what differs: the caret and the selection stay."""
        wanted = {span.id: span for span in stored}
        for span in list(self._index):
            if span.id not in wanted:
                self.remove(span.id)
        for span_id, span in wanted.items():
            if self._index.get(span_id) != span:
                self.replace(span)

    def _insert(self, span: Span) -> None:
        row = self._index.insertion_row(span)
        self.inserting.emit(row)
        self._index.add(span)
        self.inserted.emit(row)

    def _take(self, span_id: str) -> Span | None:
        row = self._index.row_of(span_id)
        if row < 0:
            return None
        self.removing.emit(row)
        span = self._index.remove(span_id)
        self.removed.emit(row)
        return span

    # -- the caret and the current span ------------------------------------------------------

    def caret_moved(self, caret: int, selection: Selection) -> None:
        """The view's caret or selection moved (code points)."""
        self._caret, self._selection = caret, selection
        self._chooser.caret_moved(self._index, caret, selection)
        self._update_current()

    def move_caret(self, anchor: int, position: int) -> None:
        """Ask the view to put the caret at ``position`` (code points), selecting from
        ``anchor`` when they differ; it reports back through :meth:`caret_moved`."""
        self.caret_requested.emit(anchor, position)

    def make_current(self, span: Span, caret: CaretPlace | None = "start") -> None:
        """Make ``span`` current, even where spans nest, overlap or touch.

        Args:
            span: One of the shown spans.
            caret: Where the caret goes: the span's ``"start"`` or ``"end"``, ``"keep"`` it
                where it is (moved onto the span if it is off it), or None to select the
                span's text.
        """
        self._chooser.choose(span.id)
        if caret is None:
            self.caret_requested.emit(span.start, span.end)
        else:
            if caret == "keep":
                offset = min(max(self._caret, span.start), span.end)
            else:
                offset = span.start if caret == "start" else span.end
            self.caret_requested.emit(offset, offset)
        self._update_current()  # the caret may not have moved, and then nothing reports

    def _update_current(self) -> None:
        current = self._chooser.current(self._index, self._caret, self._selection)
        if current != self._current:
            self._current = current
            self.current_changed.emit(current)
