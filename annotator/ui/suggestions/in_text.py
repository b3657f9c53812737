"""The shown suggestions painted in the text and named in its tooltips: a thin adapter from
:class:`ShownSuggestions` to the document view."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor

from annotator.core.label_set import LabelSet
from annotator.core.shown_suggestions import ShownSuggestions
from annotator.core.suggestions.base import Suggestion
from annotator.ui.suggestions.wording import describe
from annotator.ui.text.document_view import DocumentView
from annotator.ui.text.suggestion_marks import SuggestionMarks

#: The outline of a suggestion whose label the project no longer has.
UNKNOWN_COLOR = "#808080"


class SuggestionsInText:
    """Repaints the view's suggestion marks whenever the suggestions, the current one or
    their visibility change, and answers the view's tooltips.

    Args:
        suggestions: The model shown.
        view: The text.
        labels: The project's label set (for each label's colour).
    """

    def __init__(
        self,
        suggestions: ShownSuggestions,
        view: DocumentView,
        labels: Callable[[], LabelSet],
    ) -> None:
        self._suggestions = suggestions
        self._view = view
        self._labels = labels
        suggestions.changed.connect(self.repaint)
        suggestions.current_changed.connect(lambda _current: self.repaint())
        suggestions.visibility_changed.connect(lambda _visible: self.repaint())
        view.tips.suggestion = self.tip
        self.repaint()

    def repaint(self) -> None:
        """Paint the suggestions as they now are (nothing while they are hidden)."""
        suggestions = self._suggestions
        if not suggestions.visible:
            self._view.set_suggestion_marks(SuggestionMarks())
            return
        colors = {label.name: QColor(label.color) for label in self._labels()}
        unknown = QColor(UNKNOWN_COLOR)
        marks = [(s.start, s.end, colors.get(s.label, unknown)) for s in suggestions.items]
        current = suggestions.current
        bounds = None if current is None else (current.start, current.end)
        self._view.set_suggestion_marks(SuggestionMarks(marks, bounds, self._view.palette()))

    def tip(self, offset: int) -> str | None:
        """What hovering the character at ``offset`` says of a suggestion there."""
        if not self._suggestions.visible:
            return None
        found: Suggestion | None = self._suggestions.at(offset)
        return None if found is None else describe(found)
