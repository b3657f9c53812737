"""Tests for :mod:`annotator.core.shown_suggestions`: the shown document's suggestions."""

from __future__ import annotations

from annotator.core.shown_suggestions import Looking, ShownSuggestions
from annotator.core.suggestions.base import Suggestion


def _s(start: int, end: int, label: str = "Boilerplate", score: float = 0.8) -> Suggestion:
    return Suggestion(start, end, label, score, "detector", "1", "repeated on 2 pages")


def looking(shown: ShownSuggestions) -> Looking:
    """Read afresh each time (mypy would keep the first answer)."""
    return shown.looking


def _shown() -> tuple[ShownSuggestions, list[str]]:
    shown = ShownSuggestions()
    heard: list[str] = []
    shown.changing.connect(lambda: heard.append("changing"))
    shown.changed.connect(lambda: heard.append("changed"))
    shown.current_changed.connect(lambda s: heard.append(f"current {s and s.start}"))
    shown.expect(1, 7)
    return shown, heard


def test_results_for_a_document_no_longer_shown_are_dropped() -> None:
    shown, heard = _shown()
    assert looking(shown) is Looking.LOOKING
    shown.expect(2, 7)
    assert not shown.show(1, 7, [_s(0, 4)])
    assert len(shown) == 0 and looking(shown) is Looking.LOOKING
    assert shown.show(2, 7, [_s(10, 14), _s(0, 4)])
    assert [s.start for s in shown.items] == [0, 10]
    assert looking(shown) is Looking.READY
    assert heard[-2:] == ["changing", "changed"]


def test_the_current_suggestion_is_the_one_selected_exactly() -> None:
    shown, heard = _shown()
    shown.show(1, 7, [_s(0, 4), _s(10, 14)])
    shown.follow_selection((10, 14))
    assert shown.current == _s(10, 14) and heard[-1] == "current 10"
    shown.follow_selection((10, 13))
    currents = [shown.current]
    shown.follow_selection((10, 14))
    shown.set_visible(False)
    currents.append(shown.current)  # a hidden suggestion is never current
    shown.set_visible(True)
    currents.append(shown.current)
    assert currents == [None, None, _s(10, 14)]


def test_neighbours_go_round_the_document() -> None:
    shown, _ = _shown()
    shown.show(1, 7, [_s(0, 4), _s(10, 14), _s(20, 24)])
    assert shown.neighbour(5, None, +1) == _s(10, 14)
    assert shown.neighbour(11, None, +1) == _s(10, 14)  # the one the caret is in
    assert shown.neighbour(0, (10, 14), +1) == _s(20, 24)
    assert shown.neighbour(0, (20, 24), +1) == _s(0, 4)
    assert shown.neighbour(0, (0, 4), -1) == _s(20, 24)
    assert shown.neighbour(15, None, -1) == _s(10, 14)


def test_labelled_text_covers_suggestions_and_discarded_ones_go() -> None:
    shown, _ = _shown()
    shown.show(1, 7, [_s(0, 4), _s(10, 14), _s(20, 24)])
    shown.follow_selection((10, 14))
    shown.cover(12, 13)
    assert shown.items == [_s(0, 4), _s(20, 24)] and shown.current is None
    shown.discard([_s(0, 4)])
    assert shown.items == [_s(20, 24)]
    assert shown.at(21) == _s(20, 24) and shown.at(24) is None
    assert shown.row_of(_s(20, 24)) == 0 and shown.row_of(_s(0, 4)) == -1


def test_a_failure_and_no_document_are_told_apart() -> None:
    shown, _ = _shown()
    shown.failed(1, 7)
    assert looking(shown) is Looking.FAILED
    shown.expect(None, None)
    assert looking(shown) is Looking.NO_DOCUMENT


def test_has_answer_only_once_suggestions_for_that_document_are_shown() -> None:
    shown = ShownSuggestions()
    shown.expect(1, 7)
    assert not shown.has_answer(1, 7)
    shown.show(1, 7, [])
    assert shown.has_answer(1, 7)
    assert not shown.has_answer(2, 7)
    shown.expect(2, 7)
    shown.failed(2, 7)
    assert shown.has_answer(2, 7)
