"""Suggestions shown: painted in the text and named on hover, listed in the panel (filtered,
sorted, saying why it is empty), hidden by View ▸ Show Suggestions, thresholds, label every
occurrence, and learning in the background."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from keyword_trainer import KeywordRecommender, KeywordTrainer
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from suggestion_window import answer_occurrences, ready, text_of
from window_helpers import CTRL, MakeWindow, key, spans_in_store

from annotator.core.shown_suggestions import ShownSuggestions
from annotator.core.suggestions.base import Context, LabelledPage, Suggestion
from annotator.core.suggestions.detector import BoilerplateDetector
from annotator.services.project import Project
from annotator.services.suggestions import SuggestionService
from annotator.settings import SettingsStore
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.suggestions import panel as panel_texts
from annotator.ui.suggestions.dialogs import AskSuggestions
from annotator.ui.suggestions.table_model import SCORE, SuggestionTableModel
from annotator.ui.suggestions.training import INSTALL, SPANS_PER_TRAINING


def test_suggestions_are_painted_and_the_current_one_marked(
    pages_window: MainWindow, qtbot: QtBot
) -> None:
    marks = pages_window.view.suggestion_marks
    assert len(marks) == len(pages_window.suggesting.suggestions)
    key(pages_window, Qt.Key.Key_S)
    current = pages_window.suggesting.suggestions.current
    assert current is not None
    assert pages_window.view.suggestion_marks.current == (current.start, current.end)
    block = pages_window.view.document().findBlock(pages_window.view.offsets.to_qt(current.start))
    boxes = pages_window.view.suggestion_marks.boxes(block, pages_window.view.offsets)
    assert any(box.current for box in boxes)
    assert not pages_window.view.grab().isNull()  # painting them does not fail


def test_hovering_a_suggestion_names_it(pages_window: MainWindow) -> None:
    first = pages_window.suggesting.suggestions.items[0]
    tip = pages_window.view.tips.suggestion(first.start)
    assert tip == (f"Suggested: Boilerplate · {first.score:.2f} · detector — {first.reason}")
    assert "repeated on 3 pages" in first.reason or "repeated" not in tip


def test_show_suggestions_hides_them_all_and_is_remembered(
    pages_window: MainWindow, tmp_path: Path
) -> None:
    action = pages_window.registry[ActionId.SHOW_SUGGESTIONS]
    assert action.isChecked()
    action.trigger()
    assert not pages_window.suggesting.suggestions.visible
    assert len(pages_window.view.suggestion_marks) == 0
    assert (
        pages_window.view.tips.suggestion(pages_window.suggesting.suggestions.items[0].start)
        is None
    )
    assert pages_window.suggesting.panel.empty_reason() == panel_texts.HIDDEN
    for pressed in (Qt.Key.Key_S, Qt.Key.Key_X):  # each says why, not "press S"
        key(pages_window, pressed)
        assert pages_window.statusBar().currentMessage().startswith("Suggestions are hidden")
    pages_window.registry[ActionId.ACCEPT_SUGGESTION].trigger()
    assert pages_window.statusBar().currentMessage().startswith("Suggestions are hidden")
    assert SettingsStore(tmp_path / "settings.json").load().show_suggestions is False


def test_the_models_pass_the_model_tester(
    pages_window: MainWindow, qtmodeltester: ModelTester
) -> None:
    panel = pages_window.suggesting.panel
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.proxy)
    standalone = ShownSuggestions()
    model = SuggestionTableModel(
        standalone, lambda: "Share this. Or not.", lambda: pages_window.labels
    )
    qtmodeltester.check(model)
    standalone.expect(1, 1)
    standalone.show(1, 1, [Suggestion(0, 10, "Boilerplate", 0.9, "detector", "1", "x")])
    qtmodeltester.check(model)


def test_the_list_sorts_by_score_filters_by_label_and_source_and_visits_a_row(
    pages_window: MainWindow,
) -> None:
    panel = pages_window.suggesting.panel
    table, proxy = panel.table, panel.proxy
    table.sortByColumn(SCORE, Qt.SortOrder.DescendingOrder)
    scores = [float(proxy.index(row, SCORE).data()) for row in range(proxy.rowCount())]
    assert scores == sorted(scores, reverse=True) and len(scores) >= 2
    panel.filter.setCurrentIndex(panel.filter.findData("Claim"))
    assert proxy.rowCount() == 0
    assert panel.empty_reason() is not None and "Claim" in (panel.empty_reason() or "")
    panel.filter.setCurrentIndex(panel.filter.findData("Boilerplate"))
    found = len(pages_window.suggesting.suggestions)
    assert proxy.rowCount() == found
    assert panel.count.text() == f"{found} shown"
    panel.sources.setCurrentIndex(panel.sources.findData("learned"))  # none learned yet
    assert proxy.rowCount() == 0 and panel.count.text() == f"0 of {found} shown"
    assert "match the filters" in (panel.empty_reason() or "")
    panel.sources.setCurrentIndex(panel.sources.findData("detector"))
    assert proxy.rowCount() == found
    table.activated.emit(proxy.index(0, 0))
    chosen = pages_window.suggesting.suggestions.current
    assert chosen is not None and round(chosen.score, 2) == max(scores)
    assert table.currentIndex().row() == 0  # the list follows the current suggestion


def test_the_empty_list_says_why(pages: Project, make_window: MakeWindow, qtbot: QtBot) -> None:
    boilerplate = pages.catalog.labels()[2]
    pages.label_service.rename(boilerplate.id, "Widget")
    pages_window = make_window(pages)
    assert ready(pages_window, qtbot) == []
    assert pages_window.suggesting.panel.empty_reason() == panel_texts.NO_BOILERPLATE_LABEL
    assert pages_window.suggesting.panel.empty.isVisibleTo(pages_window.suggesting.panel)


def test_a_threshold_hides_weaker_suggestions(
    pages: Project, pages_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = pages_window.suggesting.suggestions.items
    top = max(s.score for s in every)
    boilerplate = pages.catalog.labels()[2]
    monkeypatch.setattr(
        AskSuggestions,
        "thresholds",
        classmethod(lambda cls, parent, labels, current: {boilerplate.id: top}),
    )
    pages_window.registry[ActionId.SUGGESTION_THRESHOLDS].trigger()
    assert pages.settings.suggestion_thresholds == {boilerplate.id: round(top, 4)}
    suggestions = pages_window.suggesting.suggestions
    qtbot.waitUntil(lambda: len(suggestions) < len(every))
    assert all(s.score >= top for s in suggestions.items)


def test_label_every_occurrence_is_one_undo_step_and_counts_what_it_skipped(
    pages: Project, pages_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = pages_window
    claim = pages.catalog.labels()[0]
    answer_occurrences(monkeypatch, claim, across=False)
    doc = window.view.document_id
    assert doc is not None
    text = window.view.text
    first, second = text.index("dredged"), text.rindex("dredged")
    both = [(first, first + 7, "Claim"), (second, second + 7, "Claim")]
    window.view.select_range(first, first + 7)
    steps = window.undo_stack.count()
    key(window, Qt.Key.Key_O, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert spans_in_store(pages, doc) == both
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText() == "Label 2 Occurrences as Claim"
    assert window.statusBar().currentMessage() == "Labelled 2 occurrences as Claim."
    key(window, Qt.Key.Key_Z, CTRL)
    assert spans_in_store(pages, doc) == []
    window.view.select_range(second, second + 7)
    key(window, Qt.Key.Key_1)  # the second labelled by hand first
    window.view.select_range(first, first + 7)
    window.registry[ActionId.LABEL_OCCURRENCES].trigger()
    assert window.statusBar().currentMessage() == (
        "Labelled 1 occurrence as Claim; 1 already labelled or overlapping."
    )
    assert spans_in_store(pages, doc) == both
    window.view.select_range(first, first + 7)
    window.registry[ActionId.LABEL_OCCURRENCES].trigger()
    assert window.statusBar().currentMessage() == (
        "Nothing labelled: every occurrence is labelled already or overlaps a span."
    )


def test_occurrences_elsewhere_become_suggestions_there(
    pages: Project, pages_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opinion = pages.catalog.labels()[1]
    answer_occurrences(monkeypatch, opinion, across=True)
    text = pages_window.view.text
    at = text.index("the council said")
    pages_window.view.select_range(at, at + 3)  # "the"
    pages_window.registry[ActionId.LABEL_OCCURRENCES].trigger()
    message = pages_window.statusBar().currentMessage()
    assert "other document suggested there" in message
    others = pages.occurrences.documents()
    assert len(others) == 1  # page 2 ("the ferry"); page 3 has only "The"
    pages_window.show_document(others[0])
    found = ready(pages_window, qtbot)
    offered = [s for s in found if s.source == "occurrence"]
    assert offered and all(text_of(pages_window, s) == "the" for s in offered)
    assert all(s.reason == "same text as you labelled in “Page 1”" for s in offered)
    for _ in found:  # S goes round them all: on to the offered one
        key(pages_window, Qt.Key.Key_S)
        if pages_window.suggesting.suggestions.current in offered:
            break
    key(pages_window, Qt.Key.Key_Return)
    accepted = [(s.start, s.end, "Opinion") for s in offered[:1]]
    assert spans_in_store(pages, others[0]) == accepted


def test_learning_happens_in_the_background_and_says_so(
    pages: Project, make_window: MakeWindow, qtbot: QtBot
) -> None:
    pages.suggestions = SuggestionService(
        pages.store, [BoilerplateDetector(), pages.occurrences], trainer=KeywordTrainer()
    )
    pages_window = make_window(pages)
    ready(pages_window, qtbot)
    state = pages_window.status_widgets.suggestions
    qtbot.waitUntil(lambda: state.text().startswith("Suggestions: detector (learns"))
    heard: list[int] = []
    pages.events.suggestions_changed.connect(heard.append)
    doc = pages_window.view.document_id
    assert doc is not None
    labels = {label.name: label.id for label in pages.catalog.labels()}
    text = pages_window.view.text
    words = ["harbour", "dredged", "March", "council", "said"]
    for number, word in enumerate(words[:SPANS_PER_TRAINING]):
        at = text.index(word)
        name = "Claim" if number % 2 else "Opinion"
        pages.annotation.add_span(doc, pages.annotator_id, labels[name], at, at + len(word))
    qtbot.waitUntil(lambda: heard == [pages.annotator_id], timeout=10_000)
    assert state.text() == "Suggestions: learned from 1 page"


class MissingTrainer(KeywordTrainer):
    """A trainer whose library is not installed."""

    def available(self) -> str | None:
        return "Install annotator[suggest] (scikit-learn) to learn from your labels."


@pytest.mark.parametrize(
    ("trainer", "state", "said"),
    [
        (None, "Suggestions: detector only", "no learned recommender"),
        (MissingTrainer(), INSTALL, "Install annotator[suggest]"),
    ],
)
def test_without_the_extra_the_status_bar_says_the_detector_alone_suggests(
    pages: Project,
    make_window: MakeWindow,
    trainer: KeywordTrainer | None,
    state: str,
    said: str,
) -> None:
    pages.suggestions = SuggestionService(
        pages.store, [BoilerplateDetector(), pages.occurrences], trainer=trainer
    )
    window = make_window(pages)
    assert window.status_widgets.suggestions.text() == state
    window.registry[ActionId.LEARN_NOW].trigger()
    assert said in window.statusBar().currentMessage()


def test_a_window_opened_on_labels_made_elsewhere_learns_them_at_once(
    pages: Project, make_window: MakeWindow, qtbot: QtBot
) -> None:
    pages.suggestions = SuggestionService(
        pages.store, [BoilerplateDetector(), pages.occurrences], trainer=KeywordTrainer()
    )
    doc = pages.catalog.document_summaries(pages.annotator_id)[0].id
    text = pages.catalog.document(doc).text
    labels = {label.name: label.id for label in pages.catalog.labels()}
    for word, name in (("harbour", "Claim"), ("council", "Opinion")):  # before the window
        at = text.index(word)
        pages.annotation.add_span(doc, pages.annotator_id, labels[name], at, at + len(word))
    heard: list[int] = []
    pages.events.suggestions_changed.connect(heard.append)
    window = make_window(pages)
    qtbot.waitUntil(lambda: heard == [pages.annotator_id], timeout=10_000)
    state = window.status_widgets.suggestions
    assert state.text() == "Suggestions: learned from 1 page"
    assert not pages.suggestions.models.behind(pages.annotator_id)
    window.close()
    heard.clear()
    again = make_window(pages)  # up to date now: no training on open
    qtbot.waitUntil(
        lambda: again.status_widgets.suggestions.text().startswith("Suggestions: learned")
    )
    QTest.qWait(300)
    assert heard == []


class CountingFailingTrainer(KeywordTrainer):
    """A trainer that always finds too little to learn, counting how often it is asked."""

    def __init__(self) -> None:
        self.calls = 0

    def train(self, pages: Sequence[LabelledPage], context: Context) -> KeywordRecommender:
        self.calls += 1
        raise ValueError("Too little to learn from: one label only")


def test_a_training_that_fails_on_opening_is_not_tried_again_and_again(
    pages: Project, make_window: MakeWindow, qtbot: QtBot
) -> None:
    trainer = CountingFailingTrainer()
    pages.suggestions = SuggestionService(
        pages.store, [BoilerplateDetector(), pages.occurrences], trainer=trainer
    )
    doc = pages.catalog.document_summaries(pages.annotator_id)[0].id
    claim = pages.catalog.labels()[0].id
    pages.annotation.add_span(doc, pages.annotator_id, claim, 0, 7)
    window = make_window(pages)
    qtbot.waitUntil(lambda: trainer.calls == 1, timeout=10_000)
    state = window.status_widgets.suggestions
    qtbot.waitUntil(lambda: state.text().startswith("Suggestions: detector (learns"))
    QTest.qWait(500)
    assert trainer.calls == 1
    assert "could not learn yet: Too little to learn from" in window.statusBar().currentMessage()
