"""The keyboard flow through suggestions: S visits, Enter or a label key accepts (with the
origin recorded), X rejects (remembered after reopening), Alt+Enter and "at least a score"
accept many as one undo step; each undone and redone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from suggestion_window import ready, text_of
from window_helpers import ALT, CTRL, SHIFT, MakeWindow, key, spans_in_store

from annotator.core.suggestions.base import Origin
from annotator.services.project import Project
from annotator.services.span_batches import read_origins
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.suggestions.dialogs import AskSuggestions
from annotator.ui.suggestions.panel import NONE_LEFT


def origins(pages: Project, document_id: int) -> dict[tuple[int, int], Origin]:
    """The recorded origins of the layer's spans in a document, by range."""
    spans = pages.catalog.spans(document_id, pages.annotator_id)
    with pages.store.reading() as session:
        found = read_origins(session.connection(), [span.id for span in spans])
    return {(s.start, s.end): found[s.id] for s in spans if s.id in found}


def test_s_visits_and_enter_accepts_with_the_origin_recorded_undoably(
    pages: Project, pages_window: MainWindow, qtbot: QtBot
) -> None:
    suggestions = pages_window.suggesting.suggestions
    first, second = suggestions.items[:2]
    doc = pages_window.view.document_id
    assert doc is not None
    key(pages_window, Qt.Key.Key_S)
    assert suggestions.current == first
    assert pages_window.shown.selection == (first.start, first.end)
    key(pages_window, Qt.Key.Key_Return)
    assert spans_in_store(pages, doc) == [(first.start, first.end, first.label)]
    origin = origins(pages, doc)[first.start, first.end]
    assert (origin.recommender, origin.score, origin.reason) == (
        "detector",
        first.score,
        first.reason,
    )
    assert origin.accepted_at is not None
    assert suggestions.current == second  # the next one is current
    assert pages_window.statusBar().currentMessage().startswith("Accepted: Boilerplate suggestion.")
    key(pages_window, Qt.Key.Key_Z, CTRL)
    assert spans_in_store(pages, doc) == []
    qtbot.waitUntil(lambda: first in suggestions.items)  # suggested again
    key(pages_window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert spans_in_store(pages, doc) == [(first.start, first.end, first.label)]
    assert origins(pages, doc)[first.start, first.end].score == first.score


def test_a_label_key_accepts_the_current_suggestion_as_that_label(
    pages: Project, pages_window: MainWindow, qtbot: QtBot
) -> None:
    first = pages_window.suggesting.suggestions.items[0]
    doc = pages_window.view.document_id
    assert doc is not None
    key(pages_window, Qt.Key.Key_S)
    key(pages_window, Qt.Key.Key_1)  # Claim
    assert spans_in_store(pages, doc) == [(first.start, first.end, "Claim")]
    origin = origins(pages, doc)[first.start, first.end]
    assert (origin.recommender, origin.label) == ("detector", "Boilerplate")  # as suggested
    assert pages_window.undo_stack.undoText() == "Accept Suggestion as Claim"
    key(pages_window, Qt.Key.Key_Z, CTRL)
    assert spans_in_store(pages, doc) == []


def test_a_label_key_labels_the_selection_as_usual_when_no_suggestion_is_current(
    pages: Project, pages_window: MainWindow
) -> None:
    doc = pages_window.view.document_id
    assert doc is not None
    start = pages_window.view.text.index("The harbour")
    pages_window.view.select_range(start, start + 11)
    assert pages_window.suggesting.suggestions.current is None
    key(pages_window, Qt.Key.Key_2)
    assert spans_in_store(pages, doc) == [(start, start + 11, "Opinion")]
    assert origins(pages, doc) == {}


def test_x_rejects_and_the_rejection_is_remembered_after_reopening(
    pages: Project, pages_window: MainWindow, qtbot: QtBot, make_window: MakeWindow
) -> None:
    suggestions = pages_window.suggesting.suggestions
    first, second = suggestions.items[:2]
    key(pages_window, Qt.Key.Key_S)
    key(pages_window, Qt.Key.Key_X)
    assert first not in suggestions.items and suggestions.current == second
    assert pages_window.statusBar().currentMessage().startswith("Rejected: not suggested again.")
    assert pages.rejections.count(pages.annotator_id) == 1
    key(pages_window, Qt.Key.Key_Z, CTRL)
    assert pages.rejections.count(pages.annotator_id) == 0
    qtbot.waitUntil(lambda: first in suggestions.items)
    key(pages_window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert pages.rejections.count(pages.annotator_id) == 1
    qtbot.waitUntil(lambda: first not in suggestions.items)
    path = pages.path
    pages_window.close()
    pages.close()
    reopened = Project.open(path, "alice")
    try:
        again = make_window(reopened)
        found = ready(again, qtbot)
        assert first not in found and second in found
        assert text_of(again, second) == text_of(pages_window, second)
    finally:
        reopened.close()


def test_accepting_all_of_a_label_is_one_undo_step(
    pages: Project, pages_window: MainWindow
) -> None:
    suggestions = pages_window.suggesting.suggestions
    every = suggestions.items
    doc = pages_window.view.document_id
    assert doc is not None
    key(pages_window, Qt.Key.Key_S)
    steps = pages_window.undo_stack.count()
    key(pages_window, Qt.Key.Key_Return, ALT)
    assert spans_in_store(pages, doc) == [(s.start, s.end, s.label) for s in every]
    assert len(origins(pages, doc)) == len(every)
    assert pages_window.undo_stack.count() == steps + 1
    assert (
        pages_window.statusBar()
        .currentMessage()
        .startswith(f"Accepted {len(every)} Boilerplate suggestions.")
    )
    assert len(suggestions) == 0
    assert pages_window.suggesting.panel.empty_reason() == NONE_LEFT
    key(pages_window, Qt.Key.Key_Z, CTRL)
    assert spans_in_store(pages, doc) == []


def test_accepting_all_above_a_score_asks_the_score_and_is_one_undo_step(
    pages: Project, pages_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = pages_window.suggesting.suggestions.items
    least = sorted(s.score for s in every)[len(every) // 2]
    monkeypatch.setattr(AskSuggestions, "score", classmethod(lambda cls, parent, found: least))
    doc = pages_window.view.document_id
    assert doc is not None
    steps = pages_window.undo_stack.count()
    pages_window.registry[ActionId.ACCEPT_SUGGESTIONS_ABOVE].trigger()
    strong = [(s.start, s.end, s.label) for s in every if s.score >= least]
    assert 0 < len(strong) < len(every) or least == min(s.score for s in every)
    assert spans_in_store(pages, doc) == strong
    assert pages_window.undo_stack.count() == steps + 1
    key(pages_window, Qt.Key.Key_Z, CTRL)
    assert spans_in_store(pages, doc) == []


def test_keys_without_a_current_suggestion_say_what_to_do(pages_window: MainWindow) -> None:
    pages_window.view.place_cursor(0)
    key(pages_window, Qt.Key.Key_X)
    assert (
        pages_window.statusBar().currentMessage().startswith("No suggestion is selected: press S")
    )
    key(pages_window, Qt.Key.Key_Return)
    assert (
        pages_window.statusBar().currentMessage().startswith("No suggestion is selected: press S")
    )
    assert pages_window.undo_stack.count() == 0


def test_no_suggestions_are_offered_while_curating(pages_window: MainWindow) -> None:
    window = pages_window
    window.registry[ActionId.CURATION_MODE].trigger()
    assert window.suggesting.suggestions.items == []
    key(window, Qt.Key.Key_S)
    assert window.statusBar().currentMessage().startswith("No suggestions while curating")
    assert window.status_widgets.suggestions.text() == "Suggestions: off while curating"


def test_s_after_a_decision_stays_on_the_suggestion_it_moved_on_to(
    pages: Project, pages_window: MainWindow, qtbot: QtBot
) -> None:
    boilerplate = next(label for label in pages.catalog.labels() if label.name == "Boilerplate")
    pages.settings.suggestion_thresholds = {boilerplate.id: 0.05}  # more than two to visit
    pages_window.suggesting.feed.refresh()
    suggestions = pages_window.suggesting.suggestions
    qtbot.waitUntil(lambda: len(suggestions.items) >= 3)
    first, second, third = suggestions.items[:3]
    doc = pages_window.view.document_id
    assert doc is not None
    key(pages_window, Qt.Key.Key_S)
    assert suggestions.current == first
    key(pages_window, Qt.Key.Key_Return)  # accepts the first; the second is current
    assert suggestions.current == second
    key(pages_window, Qt.Key.Key_S)  # S, Enter, S, Enter takes each in turn: no skip
    assert suggestions.current == second
    key(pages_window, Qt.Key.Key_S)  # a second S moves on
    assert suggestions.current == third
    key(pages_window, Qt.Key.Key_S, SHIFT)
    assert suggestions.current == second
    key(pages_window, Qt.Key.Key_X)  # rejects the second; the third is current
    assert suggestions.current == third
    key(pages_window, Qt.Key.Key_S)
    key(pages_window, Qt.Key.Key_Return)
    stored = spans_in_store(pages, doc)
    assert stored == [(s.start, s.end, s.label) for s in (first, third)]
