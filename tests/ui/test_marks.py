"""Transient marks: each block gets only its own hits, in its own positions."""

from __future__ import annotations

from PySide6.QtGui import QColor

from annotator.ui.text.marks import (
    CURRENT_HIT_COLOR,
    MAX_MARKED_HITS,
    SEARCH_HIT_COLOR,
    TransientMarks,
)


def spans(marks: TransientMarks, start: int, end: int) -> list[tuple[int, int, str]]:
    return [
        (r.start, r.start + r.length, r.format.background().color().name().upper())
        for r in marks.in_block(start, end)
    ]


def test_a_block_gets_the_hits_inside_it_relative_to_its_start() -> None:
    marks = TransientMarks()
    marks.set_hits([(2, 5), (12, 15), (18, 22), (40, 44)], current=2)
    # Block [10, 20): the hit ending in it, and the one crossing its end (Qt clips that).
    assert spans(marks, 10, 20) == [(2, 5, SEARCH_HIT_COLOR), (8, 12, CURRENT_HIT_COLOR)]
    assert spans(marks, 0, 2) == []
    assert spans(marks, 44, 60) == []


def test_a_hit_that_starts_before_the_block_is_clipped_to_its_start() -> None:
    marks = TransientMarks()
    marks.set_hits([(5, 15)], current=None)
    assert spans(marks, 10, 20) == [(0, 5, SEARCH_HIT_COLOR)]


def test_the_current_span_comes_first_and_only_where_it_is() -> None:
    marks = TransientMarks()
    marks.set_hits([(12, 15)], current=None)
    marks.set_current((11, 13), QColor("#123456"))
    assert spans(marks, 10, 20) == [(1, 3, "#123456"), (2, 5, SEARCH_HIT_COLOR)]
    assert spans(marks, 20, 30) == []
    marks.set_current(None)
    assert marks.current is None
    assert spans(marks, 10, 20) == [(2, 5, SEARCH_HIT_COLOR)]


def test_hits_beyond_the_cap_are_not_marked() -> None:
    marks = TransientMarks()
    marks.set_hits([(i * 3, i * 3 + 1) for i in range(MAX_MARKED_HITS + 10)], current=None)
    assert len(marks.hits) == MAX_MARKED_HITS
