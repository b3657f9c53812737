"""The find bar, driven from the keyboard inside a window that binds the same keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from annotator.core.find import MAX_HITS, find_all
from annotator.core.model import Document
from annotator.ui.text.document_view import DocumentView
from annotator.ui.text.find_bar import MARKED_AROUND_CURRENT, FindBar

SHIFT = Qt.KeyboardModifier.ShiftModifier
TEXT = "One fish, two fish.\nRed fish 😀 blue FISH.\r\nfishy end"


def document(text: str, document_id: int = 1) -> Document:
    return Document(document_id, "0" * 64, "Doc", text, "doc.txt", {}, "utf-8", datetime.now(UTC))


@dataclass
class Harness:
    window: QMainWindow
    view: DocumentView
    bar: FindBar
    window_keys: list[int] = field(default_factory=list)

    def press(
        self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
    ) -> None:
        QTest.keyClick(QApplication.focusWidget() or self.window, key, modifiers)

    def show(self, text: str, document_id: int = 1) -> None:
        self.view.show_document(document(text, document_id), [], [])

    def marks(self) -> list[tuple[int, int]]:
        return self.view.marked_ranges()


def _action(
    window: QMainWindow, key: QKeySequence.StandardKey | str, slot: Callable[[], object]
) -> None:
    action = QAction(window)
    keys = (
        QKeySequence.keyBindings(key)
        if isinstance(key, QKeySequence.StandardKey)
        else [QKeySequence(key)]
    )
    action.setShortcuts(keys)
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)


@pytest.fixture
def harness(qtbot: QtBot) -> Harness:
    """A window wired as the main window will be: the bar under the text, keys as actions."""
    window = QMainWindow()
    view = DocumentView()
    bar = FindBar(view)
    central = QWidget()
    layout = QVBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(view, 1)
    layout.addWidget(bar)
    window.setCentralWidget(central)
    result = Harness(window, view, bar)
    _action(window, QKeySequence.StandardKey.Find, bar.open_bar)
    _action(window, QKeySequence.StandardKey.FindNext, bar.find_next)
    _action(window, QKeySequence.StandardKey.FindPrevious, bar.find_previous)

    def focus_text() -> None:  # the window's own Esc action (FOCUS_DOCUMENT)
        result.window_keys.append(1)
        view.setFocus()

    _action(window, "Esc", focus_text)
    # Label keys and span removal are window shortcuts too; typing must not trigger them.
    for key in ("1", "Backspace", "Del"):
        _action(window, key, lambda: result.window_keys.append(2))
    qtbot.addWidget(window)
    result.show(TEXT)
    window.resize(700, 400)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.setFocus()
    return result


def test_typing_marks_every_hit_and_selects_the_first_after_the_caret(harness: Harness) -> None:
    harness.view.place_cursor(TEXT.index("two"))
    harness.press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert harness.bar.isVisible() and QApplication.focusWidget() is harness.bar.field
    QTest.keyClicks(harness.bar.field, "fish1")
    harness.press(Qt.Key.Key_Backspace)
    hits = find_all(TEXT, "fish")
    assert len(hits) == 5
    assert harness.window_keys == []
    assert harness.bar.hits == hits
    assert sorted(harness.marks()) == hits
    assert harness.view.selection() == hits[1]  # the first hit after "two"
    assert harness.bar.counter.text() == "2 of 5"
    assert QApplication.focusWidget() is harness.bar.field  # typing goes on in the field


def test_f3_return_and_their_shifted_keys_step_and_wrap(harness: Harness) -> None:
    harness.press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(harness.bar.field, "fish")
    hits = find_all(TEXT, "fish")
    assert harness.view.selection() == hits[0]
    harness.press(Qt.Key.Key_F3)
    harness.press(Qt.Key.Key_Return)
    assert harness.view.selection() == hits[2]
    harness.press(Qt.Key.Key_Return, SHIFT)
    harness.press(Qt.Key.Key_F3, SHIFT)
    harness.press(Qt.Key.Key_F3, SHIFT)
    assert harness.view.selection() == hits[-1]  # wrapped backwards
    assert harness.bar.counter.text() == "5 of 5"
    harness.press(Qt.Key.Key_F3)
    assert harness.view.selection() == hits[0]  # and forwards
    assert harness.window_keys == []


def test_escape_closes_the_bar_and_f3_from_the_text_still_finds(harness: Harness) -> None:
    harness.press(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(harness.bar.field, "fish")
    harness.press(Qt.Key.Key_Escape)
    assert not harness.bar.isVisible()
    assert QApplication.focusWidget() is harness.view
    assert harness.marks() == []
    assert harness.window_keys == []  # the field took Esc before the window's action
    hits = find_all(TEXT, "fish")
    harness.view.place_cursor(hits[2][1])
    harness.press(Qt.Key.Key_F3)  # the window's action, with the focus in the text
    assert harness.bar.isVisible() and harness.view.selection() == hits[3]
    assert QApplication.focusWidget() is harness.view


def test_opening_prefills_a_short_one_line_selection(harness: Harness) -> None:
    start = TEXT.index("blue")
    harness.view.select_range(start, start + 4)
    harness.bar.open_bar()
    assert harness.bar.field.text() == "blue"
    assert harness.bar.field.selectedText() == "blue"
    assert harness.view.selection() == (start, start + 4)
    harness.bar.close_bar()
    harness.view.select_range(0, TEXT.index("Red") + 3)  # two lines: not copied
    harness.bar.open_bar()
    assert harness.bar.field.text() == "blue"


def test_offsets_are_code_points_after_emoji_and_crlf(harness: Harness) -> None:
    harness.bar.open_bar()
    QTest.keyClicks(harness.bar.field, "FISH")
    harness.bar.case_button.click()
    assert harness.bar.hits == [(TEXT.index("FISH"), TEXT.index("FISH") + 4)]
    assert harness.view.selection() == harness.bar.hits[0]
    harness.bar.case_button.click()
    harness.bar.words_button.click()
    assert [TEXT[s:e] for s, e in harness.bar.hits] == ["fish", "fish", "fish", "FISH"]
    assert QApplication.focusWidget() is harness.bar.field  # toggles keep the keyboard


def test_no_matches_and_invalid_pattern_states(harness: Harness) -> None:
    harness.bar.open_bar()
    QTest.keyClicks(harness.bar.field, "whale")
    assert harness.bar.counter.text() == "No matches" and harness.marks() == []
    harness.bar.field.clear()
    assert harness.bar.counter.text() == ""
    harness.bar.regex_button.click()
    QTest.keyClicks(harness.bar.field, "fi(sh")
    assert harness.bar.counter.text().startswith("Invalid pattern: ")
    harness.press(Qt.Key.Key_F3)  # nothing to step to; nothing breaks
    QTest.keyClicks(harness.bar.field, ")y")
    assert [TEXT[s:e] for s, e in harness.bar.hits] == ["fishy"]


def test_showing_another_document_marks_its_hits(harness: Harness, qtbot: QtBot) -> None:
    harness.bar.open_bar()
    QTest.keyClicks(harness.bar.field, "fish")
    harness.show("no match here, then fish", document_id=2)
    qtbot.waitUntil(lambda: harness.bar.hits == [(20, 24)])
    assert harness.marks() == [(20, 24)]
    assert harness.bar.counter.text() == "1 of 1"


def test_many_hits_are_capped_and_marks_follow_the_current_hit(harness: Harness) -> None:
    harness.show("ab " * (MAX_HITS + 10))
    harness.bar.open_bar()
    QTest.keyClicks(harness.bar.field, "ab")
    assert harness.bar.counter.text() == f"1 of {MAX_HITS:,}+"
    assert len(harness.marks()) == MARKED_AROUND_CURRENT
    harness.view.place_cursor(3 * (MAX_HITS - 2))
    harness.press(Qt.Key.Key_F3)
    assert harness.bar.counter.text() == f"{MAX_HITS - 1:,} of {MAX_HITS:,}+"
    assert harness.view.selection() in harness.marks()
