"""The suggestions of the shown document, as an evented model without Qt.

One :class:`ShownSuggestions` per window holds what the window suggests in the document it
shows (for the layer being edited), whether suggestions are shown at all, and the *current*
suggestion: the one whose range is exactly the selection, which Enter and the label keys
accept and X rejects. The text view and the suggestion list both subscribe to it; the keys'
logic reads it, never a widget.

Suggestions arrive some time after the document is shown (they are computed off the GUI
thread): :meth:`ShownSuggestions.expect` says which document they are awaited for, and
:meth:`ShownSuggestions.show` drops results for any other.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from enum import Enum

from annotator.core.current_span import Selection
from annotator.core.events import Signal
from annotator.core.suggestions.base import Suggestion


class Looking(Enum):
    """Where the shown document's suggestions are."""

    NO_DOCUMENT = "no document"
    LOOKING = "looking"
    READY = "ready"
    FAILED = "failed"
    #: None are offered (the gold standard is being curated).
    PAUSED = "paused"


class ShownSuggestions:
    """The shown document's suggestions, in text order (they never overlap one another).

    Attributes:
        document_id: The document they are (or will be) for.
        layer_id: The layer they are for.
        changing: The list is about to change (a Qt model begins its reset).
        changed: It did: read it again, repaint.
        current_changed: ``(suggestion or None)``: the current suggestion changed.
        visibility_changed: ``(shown)``: suggestions were hidden or shown.
    """

    def __init__(self) -> None:
        self.document_id: int | None = None
        self.layer_id: int | None = None
        self._items: list[Suggestion] = []
        self._starts: list[int] = []
        self._current: Suggestion | None = None
        self._selection: Selection = None
        self._visible = True
        self._looking = Looking.NO_DOCUMENT
        self.changing: Signal[[]] = Signal()
        self.changed: Signal[[]] = Signal()
        self.current_changed: Signal[[Suggestion | None]] = Signal()
        self.visibility_changed: Signal[[bool]] = Signal()

    # -- reading ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, row: int) -> Suggestion:
        return self._items[row]

    @property
    def items(self) -> list[Suggestion]:
        """The suggestions, in text order (a copy)."""
        return list(self._items)

    @property
    def current(self) -> Suggestion | None:
        """The suggestion whose range is the selection (None: no suggestion is current)."""
        return self._current

    @property
    def visible(self) -> bool:
        """Whether suggestions are shown (View ▸ Show Suggestions)."""
        return self._visible

    @property
    def looking(self) -> Looking:
        """Whether the suggestions are still being looked for."""
        return self._looking

    def row_of(self, suggestion: Suggestion) -> int:
        """The row of a suggestion, or -1."""
        row = bisect_left(self._starts, suggestion.start)
        if row < len(self._items) and self._items[row] == suggestion:
            return row
        return -1

    def at(self, offset: int) -> Suggestion | None:
        """The suggestion holding the character at ``offset``, if any."""
        row = bisect_right(self._starts, offset) - 1
        if row >= 0 and self._items[row].end > offset:
            return self._items[row]
        return None

    def neighbour(self, caret: int, selection: Selection, step: int) -> Suggestion | None:
        """The suggestion after (``+1``) or before (``-1``) the selection or caret, going
        round the document's end; None when there is none."""
        if not self._items:
            return None
        place = selection or (caret, caret)
        if step > 0:
            row = bisect_right(self._starts, place[0])
            if self._current is None and selection is None:
                # From a caret inside a suggestion, "next" is that one.
                inside = self.at(caret)
                row = self.row_of(inside) if inside is not None else row
            return self._items[row % len(self._items)]
        row = bisect_left(self._starts, place[0]) - 1
        return self._items[row % len(self._items)]

    def has_answer(self, document_id: int, layer_id: int) -> bool:
        """Whether suggestions for this document and layer are shown (found, none found, or
        failed), rather than still looked for."""
        return (document_id, layer_id) == (self.document_id, self.layer_id) and (
            self._looking in (Looking.READY, Looking.FAILED)
        )

    def select(self, keep: Callable[[Suggestion], bool]) -> list[Suggestion]:
        """The suggestions ``keep`` says yes to, in text order."""
        return [suggestion for suggestion in self._items if keep(suggestion)]

    # -- changing --------------------------------------------------------------------------

    def expect(self, document_id: int | None, layer_id: int | None) -> None:
        """Another document (or none) is shown: its suggestions are being looked for."""
        self.document_id, self.layer_id = document_id, layer_id
        looking = Looking.NO_DOCUMENT if document_id is None else Looking.LOOKING
        self._replace([], looking)

    def show(self, document_id: int, layer_id: int, suggestions: Iterable[Suggestion]) -> bool:
        """The suggestions found for a document; False (and nothing changes) when another
        document is shown by now."""
        if (document_id, layer_id) != (self.document_id, self.layer_id):
            return False
        self._replace(sorted(suggestions, key=lambda s: (s.start, s.end)), Looking.READY)
        return True

    def pause(self) -> None:
        """Offer no suggestions for now (the gold standard is being curated)."""
        self._replace([], Looking.PAUSED)

    def failed(self, document_id: int, layer_id: int) -> None:
        """Looking for the document's suggestions failed (the window says why)."""
        if (document_id, layer_id) == (self.document_id, self.layer_id):
            self._replace([], Looking.FAILED)

    def discard(self, gone: Iterable[Suggestion]) -> None:
        """Take suggestions away (accepted or rejected)."""
        drop = set(gone)
        if drop & set(self._items):
            self._replace([s for s in self._items if s not in drop], self._looking)

    def cover(self, start: int, end: int) -> None:
        """Text ``[start, end)`` was labelled: the suggestions it overlaps go."""
        # They never overlap one another, so only the one before ``start`` can reach into it.
        first = max(bisect_right(self._starts, start) - 1, 0)
        last = bisect_left(self._starts, end)
        gone = [s for s in self._items[first:last] if s.start < end and start < s.end]
        if gone:
            self.discard(gone)

    def set_visible(self, visible: bool) -> None:
        """Show or hide every suggestion (a hidden one is never current)."""
        if visible != self._visible:
            self._visible = visible
            self.visibility_changed.emit(visible)
            self._update_current()

    def follow_selection(self, selection: Selection) -> None:
        """The selection moved (code points): the suggestion with exactly its range, if
        any, is now current."""
        self._selection = selection
        self._update_current()

    def _replace(self, items: list[Suggestion], looking: Looking) -> None:
        self.changing.emit()
        self._items = items
        self._starts = [s.start for s in items]
        self._looking = looking
        self.changed.emit()
        self._update_current()

    def _update_current(self) -> None:
        current = None
        if self._visible and self._selection is not None:
            found = self.at(self._selection[0])
            if found is not None and (found.start, found.end) == self._selection:
                current = found
        if current != self._current:
            self._current = current
            self.current_changed.emit(current)
