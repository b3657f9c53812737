"""Tests for :mod:`annotator.core.span_index` against a brute-force model of the same spans."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import Span
from annotator.core.span_index import SpanIndex, assign_lanes

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def span(span_id: str, start: int, end: int, label_id: int = 1) -> Span:
    return Span(span_id, 1, 1, label_id, start, end, WHEN, WHEN)


def order(spans: list[Span]) -> list[Span]:
    return sorted(spans, key=lambda s: (s.start, s.end, s.id))


bounds = st.tuples(st.integers(0, 60), st.integers(1, 25)).map(lambda p: (p[0], p[0] + p[1]))
span_lists = st.lists(bounds, max_size=40).map(
    lambda pairs: [span(f"s{i:03d}", a, b) for i, (a, b) in enumerate(pairs)]
)


def check_queries(index: SpanIndex, spans: list[Span]) -> None:
    expected = order(spans)
    assert list(index) == expected
    assert len(index) == len(expected)
    for row, item in enumerate(expected):
        assert index[row] == item
        assert index.row_of(item.id) == row
        assert index.get(item.id) == item
    for start in range(0, 90, 3):
        for length in (1, 4, 17):
            end = start + length
            want = [s for s in expected if s.start < end and s.end > start]
            assert index.overlapping(start, end) == want
        inside = [s for s in expected if s.start <= start < s.end]
        assert set(index.at(start)) == set(inside)
        assert [s.end - s.start for s in index.at(start)] == sorted(s.end - s.start for s in inside)
    for item in expected:
        found = index.exact(item.start, item.end)
        assert found is not None and (found.start, found.end) == (item.start, item.end)
        first_by_id = min(
            (s for s in expected if (s.start, s.end) == (item.start, item.end)), key=lambda s: s.id
        )
        assert found == first_by_id
    assert index.exact(500, 501) is None


@settings(max_examples=150, deadline=None)
@given(span_lists, st.randoms(use_true_random=False))
def test_queries_match_brute_force_for_any_input_order(
    spans: list[Span], rng: random.Random
) -> None:
    shuffled = list(spans)
    rng.shuffle(shuffled)
    check_queries(SpanIndex(shuffled), spans)


@settings(max_examples=150, deadline=None)
@given(span_lists, span_lists, st.data())
def test_adds_and_removes_keep_every_query_right(
    initial: list[Span], more: list[Span], data: st.DataObject
) -> None:
    index = SpanIndex(initial)
    current = list(initial)
    for item in (span("n" + s.id, s.start, s.end) for s in more):
        row = index.insertion_row(item)
        assert index.add(item) == row
        current.append(item)
        assert order(current)[row] == item
    doomed = data.draw(st.lists(st.sampled_from(current), unique=True) if current else st.just([]))
    for item in doomed:
        assert index.remove(item.id) == item
        current.remove(item)
    assert index.remove("missing") is None
    assert index.row_of("missing") == -1
    check_queries(index, current)


def test_a_long_span_is_found_from_far_inside_it() -> None:
    # The running maximum of ends lets the query skip short spans yet keep a long one.
    spans = [span("long", 0, 1000)] + [span(f"w{i}", i * 10, i * 10 + 5) for i in range(1, 90)]
    index = SpanIndex(spans)
    assert [s.id for s in index.overlapping(905, 906)] == ["long"]
    assert [s.id for s in index.overlapping(893, 906)] == ["long", "w89"]
    assert index.at(907) == [spans[0]]


def test_lanes_stack_overlapping_spans_and_reuse_free_lanes() -> None:
    spans = [span("a", 0, 10), span("b", 2, 6), span("c", 7, 12), span("d", 12, 14)]
    lanes = assign_lanes(spans)
    assert lanes["a"] == 0
    assert lanes["b"] == 1
    assert lanes["c"] == 1  # b ended before c starts
    assert lanes["d"] == 0  # a and c are over
