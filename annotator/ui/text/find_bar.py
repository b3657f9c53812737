"""The find bar under the document text: every hit marked, the current one selected."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QStyle, QToolButton, QWidget

from annotator.core.find import MAX_HITS, PatternError, find_all
from annotator.ui.actions import SPECS, ActionId, key_sequences, keys_text
from annotator.ui.actions.widget_keys import WidgetKeys
from annotator.ui.text.document_view import DocumentView
from annotator.ui.text.marks import MAX_MARKED_HITS

#: A selection longer than this is not copied into the field when the bar opens.
MAX_PREFILL = 100
#: Hits marked around the current one: the view rebuilds every mark on each step, and a few
#: hundred cover more than a screen while keeping each keystroke well under a frame or two.
MARKED_AROUND_CURRENT = min(400, MAX_MARKED_HITS)
_LINE_BREAKS = frozenset("\n\r\u2028\u2029\x85\v\f")
_ERROR_STYLE = "color: #C62828;"


class FindBar(QWidget):
    """Find in the shown document: marks every hit and selects the current one.

    Args:
        view: The document view it searches and marks.
        parent: The owning widget.
    """

    def __init__(self, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._view = view
        self._hits: list[tuple[int, int]] = []
        self._current: int | None = None
        self._capped = False  # more than MAX_HITS hits exist
        self._searched_text: str | None = None
        self._origin = 0  # hits are counted from here while typing
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in document")
        self.field.setAccessibleName("Find in document")
        self.field.setClearButtonEnabled(True)
        self.case_button = self._tool_button("Aa", "Match case", checkable=True)
        self.words_button = self._tool_button("Whole words", "Match whole words", checkable=True)
        self.regex_button = self._tool_button(".*", "Regular expression", checkable=True)
        self.counter = QLabel()
        self.counter.setObjectName("findCounter")
        self.counter.setMinimumWidth(self.counter.fontMetrics().horizontalAdvance("9,999 of 9,999"))
        self.previous_button = self._tool_button("Previous", _tip(ActionId.FIND_BAR_PREVIOUS))
        self.next_button = self._tool_button("Next", _tip(ActionId.FIND_BAR_NEXT))
        self.close_button = self._tool_button("", _tip(ActionId.FIND_BAR_CLOSE))
        self.previous_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.next_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        close_icon = QStyle.StandardPixmap.SP_TitleBarCloseButton
        self.close_button.setIcon(self.style().standardIcon(close_icon))
        self._layout_widgets()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._connect()
        self.hide()

    def _tool_button(self, text: str, tip: str, *, checkable: bool = False) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setCheckable(checkable)
        button.setAutoRaise(True)
        # Clicking a toggle must leave the keyboard in the field.
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if text and not checkable:
            # Icon only: the bar shares the text column's width; the tooltip names the button.
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        return button

    def _layout_widgets(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(4)
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance("M" * 14))
        layout.addWidget(self.field, 1)
        for widget in (self.case_button, self.words_button, self.regex_button, self.counter):
            layout.addWidget(widget)
        for button in (self.previous_button, self.next_button, self.close_button):
            layout.addWidget(button)

    def _connect(self) -> None:
        self.field.textChanged.connect(self._on_field_text_changed)
        # Esc and F3 are the window's keys too (focus the text, find next): while the field
        # has the focus, the bar's own actions take them.
        WidgetKeys(
            self.field,
            {
                ActionId.FIND_BAR_NEXT: self.find_next,
                ActionId.FIND_BAR_PREVIOUS: self.find_previous,
                ActionId.FIND_BAR_CLOSE: self.close_bar,
            },
        )
        for toggle in (self.case_button, self.words_button, self.regex_button):
            toggle.toggled.connect(self._on_field_text_changed)
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.close_button.clicked.connect(self.close_bar)
        # Another document was shown: mark its hits once the view has settled.
        self._view.textChanged.connect(self._on_view_text_changed)
        self._refresh_timer.timeout.connect(self._on_refresh_timer_timeout)

    def action_handlers(self) -> dict[ActionId, Callable[[], object]]:
        """What the window's find actions do, for the window to connect."""
        return {
            ActionId.FIND_IN_DOCUMENT: self.open_bar,
            ActionId.FIND_NEXT: self.find_next,
            ActionId.FIND_PREVIOUS: self.find_previous,
        }

    # -- public --------------------------------------------------------------------------

    @property
    def hits(self) -> list[tuple[int, int]]:
        """The hits in the shown document, as code-point ranges."""
        return list(self._hits)

    def open_bar(self) -> None:
        """Show the bar with the keyboard in the field (prefilled with a short selection)."""
        selection = self._view.selection()
        self._origin = selection[0] if selection else self._view.cursor_offset()
        if selection is not None:
            selected = self._view.text[selection[0] : selection[1]]
            if len(selected) <= MAX_PREFILL and _LINE_BREAKS.isdisjoint(selected):
                self.field.setText(selected)
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self._search(move=True)

    def find_next(self) -> None:
        """Select the next hit after the selection (wrapping at the end)."""
        self._step(+1)

    def find_previous(self) -> None:
        """Select the hit before the selection (wrapping at the start)."""
        self._step(-1)

    def close_bar(self) -> None:
        """Hide the bar, clear the marks and give the keyboard back to the text."""
        self.hide()
        self._view.set_search_hits([])
        self._view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- searching -----------------------------------------------------------------------

    def _search(self, *, move: bool) -> None:
        """Find every hit; the current one is the first at or after the origin."""
        text = self._view.text
        try:
            # One more than the cap, to know whether the cap was reached.
            hits = find_all(
                text,
                self.field.text(),
                case_sensitive=self.case_button.isChecked(),
                whole_words=self.words_button.isChecked(),
                regex=self.regex_button.isChecked(),
                limit=MAX_HITS + 1,
            )
        except PatternError as error:
            self._searched_text, self._hits, self._capped = None, [], False
            self._set_current(None, move=False)
            self._show_count(str(error), error=True)
            return
        self._searched_text, self._hits, self._capped = text, hits[:MAX_HITS], len(hits) > MAX_HITS
        first = bisect_left(self._hits, (self._origin, 0))
        self._set_current(first % len(self._hits) if self._hits else None, move=move)

    def _is_stale(self) -> bool:
        # Toggles and edits search at once, so only another shown text makes hits stale.
        return self._searched_text is not self._view.text

    def _step(self, step: int) -> None:
        if not self.field.text():
            self.open_bar()
            return
        self.show()
        if self._is_stale():
            self._origin = self._view.cursor_offset()
            self._search(move=False)
        if self._hits:
            self._set_current(self._neighbour(step), move=True)
            self._origin = self._hits[self._current or 0][0]

    def _neighbour(self, step: int) -> int:
        """The first hit after (``step`` > 0) or the last before the selection or caret."""
        hits = self._hits
        start, end = self._view.selection() or (self._view.cursor_offset(),) * 2
        if step > 0:
            return bisect_left(hits, (end, 0)) % len(hits)
        # Hits never overlap, so at most one hit that starts before ``start`` ends after it.
        before = bisect_left(hits, (start, 0)) - 1
        if before >= 0 and hits[before][1] > start:
            before -= 1
        return before % len(hits)

    def _set_current(self, current: int | None, *, move: bool) -> None:
        self._current = current
        if current is None:
            self._view.set_search_hits([])
            self._show_count("No matches" if self.field.text() else "")
            return
        # Only the hits around the current one are marked (the rest are off screen).
        hits, window = self._hits, MARKED_AROUND_CURRENT
        first = max(0, min(current - window // 2, len(hits) - window))
        self._view.set_search_hits(hits[first : first + window], current - first)
        more = "+" if self._capped else ""
        self._show_count(f"{current + 1:,} of {len(hits):,}{more}")
        if move:
            self._view.select_range(*hits[current])

    def _show_count(self, text: str, *, error: bool = False) -> None:
        self.counter.setText(text)
        self.counter.setStyleSheet(_ERROR_STYLE if error else "")

    # -- slots ---------------------------------------------------------------------------

    def _on_field_text_changed(self) -> None:
        self._search(move=True)

    def _on_view_text_changed(self) -> None:
        if self.isVisible():
            self._refresh_timer.start()

    def _on_refresh_timer_timeout(self) -> None:
        selection = self._view.selection()
        self._origin = selection[0] if selection else self._view.cursor_offset()
        self._search(move=False)


def _tip(action_id: ActionId) -> str:
    """A button's tooltip: what its action does, with the action's keys."""
    spec = SPECS[action_id]
    return f"{spec.title} ({keys_text(key_sequences(spec.keys))})"
