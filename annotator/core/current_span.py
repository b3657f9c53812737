"""Which span the keys act on: the one last chosen, while the caret stays on it."""

from __future__ import annotations

from typing import Literal

from annotator.core.model import Span
from annotator.core.span_index import SpanIndex

#: Where :meth:`DocumentView.set_current_span` puts the caret: at the span's start or end,
#: or where it is ("keep", moved onto the span if it is off it).
CaretPlace = Literal["start", "end", "keep"]

Selection = tuple[int, int] | None


class CurrentSpan:
    """Decides the document view's current span (the one label keys, Del, F2 and Alt+arrows
    act on).

    A span chosen explicitly (just labelled, reached with ] / [ or O, nudged, its row in the
    span list clicked) stays current while the caret stays on it, from its start to its end
    inclusive, or while the selection is exactly its range. That is what lets the next key
    act on a span whose end the caret sits at (where the next span may start), or on an
    outer span the caret is also inside. Once the caret moves off it or another range is
    selected, the choice is forgotten, and the current span is again the one the caret points
    at: the span whose range is exactly the selection, else the innermost span under the
    caret.

    Changes to the spans themselves (a nudge, a relabel, an undo) keep the choice: only the
    caret and the selection end it.
    """

    def __init__(self) -> None:
        self._chosen: str | None = None

    def choose(self, span_id: str | None) -> None:
        """Make this span current until the caret leaves it (None: forget the choice)."""
        self._chosen = span_id

    def caret_moved(self, index: SpanIndex, caret: int, selection: Selection) -> None:
        """The caret or the selection changed: forget the choice if they left the span."""
        chosen = index.get(self._chosen) if self._chosen else None
        if chosen is None or not _holds(chosen, caret, selection):
            self._chosen = None

    def current(self, index: SpanIndex, caret: int, selection: Selection) -> Span | None:
        """The current span among ``index``'s, for this caret (code points) and selection."""
        chosen = index.get(self._chosen) if self._chosen else None
        if chosen is not None:
            return chosen
        if selection is not None:
            return index.exact(*selection)
        spans = index.at(caret) or (index.at(caret - 1) if caret else [])
        return spans[0] if spans else None


def _holds(span: Span, caret: int, selection: Selection) -> bool:
    if selection is not None:
        return selection == (span.start, span.end)
    return span.start <= caret <= span.end
