"""The shown layer: one evented model of the shown spans that list and text views follow."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.model import Span
from annotator.core.shown_layer import ShownLayer

WHEN = datetime(2026, 1, 1, tzinfo=UTC)
TEXT = "The council approved the budget. Critics called it reckless. Share this."


def span(span_id: str, start: int, end: int, label_id: int = 1) -> Span:
    return Span(span_id, 1, 1, label_id, start, end, WHEN, WHEN)


def current(shown: ShownLayer) -> Span | None:
    """The current span, read afresh: mypy carries what an assert on ``shown.current``
    narrowed past the calls that change it."""
    return shown.current


class RowMirror:
    """Follows the layer's events as a Qt item model would: rows are announced before and
    after they move, and the mirror checks every announcement against the layer."""

    def __init__(self, shown: ShownLayer) -> None:
        self.shown = shown
        self.rows: list[Span] = []
        self.pending: tuple[str, int] | None = None
        self.touched: list[tuple[int, int]] = []
        self.currents: list[Span | None] = []
        shown.resetting.connect(lambda: self._begin("reset", -1))
        shown.reset.connect(self._on_reset)
        shown.inserting.connect(lambda row: self._begin("insert", row))
        shown.inserted.connect(self._on_inserted)
        shown.removing.connect(lambda row: self._begin("remove", row))
        shown.removed.connect(self._on_removed)
        shown.relabelled.connect(self._on_relabelled)
        shown.touched.connect(lambda start, end: self.touched.append((start, end)))
        shown.current_changed.connect(self.currents.append)

    def _begin(self, kind: str, row: int) -> None:
        assert self.pending is None, f"{kind} announced inside {self.pending}"
        # Before the change, the layer still holds what the mirror holds.
        assert list(self.shown.spans) == self.rows
        self.pending = (kind, row)

    def _end(self, kind: str, row: int) -> None:
        assert self.pending == (kind, row)
        self.pending = None

    def _on_reset(self) -> None:
        self._end("reset", -1)
        self.rows = list(self.shown.spans)

    def _on_inserted(self, row: int) -> None:
        self._end("insert", row)
        self.rows.insert(row, self.shown.spans[row])
        assert self.rows == list(self.shown.spans)

    def _on_removed(self, row: int) -> None:
        self._end("remove", row)
        del self.rows[row]
        assert self.rows == list(self.shown.spans)

    def _on_relabelled(self, row: int) -> None:
        assert self.pending is None
        assert (self.rows[row].id, self.rows[row].start) == (
            self.shown.spans[row].id,
            self.shown.spans[row].start,
        )
        self.rows[row] = self.shown.spans[row]
        assert self.rows == list(self.shown.spans)


def shown_with(*spans: Span) -> tuple[ShownLayer, RowMirror]:
    shown = ShownLayer()
    mirror = RowMirror(shown)
    shown.show(7, 1, TEXT, spans)
    return shown, mirror


def test_showing_a_document_resets_the_rows_and_forgets_the_current_span() -> None:
    shown, mirror = shown_with(span("b", 33, 60), span("a", 0, 31))
    assert [s.id for s in mirror.rows] == ["a", "b"]
    assert shown.current is not None and shown.current.id == "a"  # the caret is at 0
    shown.caret_moved(40, None)
    assert shown.current is not None and shown.current.id == "b"
    shown.show(8, 1, "Another page.", [])
    assert (shown.document_id, shown.text, mirror.rows, current(shown)) == (
        8,
        "Another page.",
        [],
        None,
    )
    assert mirror.currents[-1] is None


def test_each_change_is_announced_once_with_the_range_to_repaint() -> None:
    shown, mirror = shown_with(span("a", 0, 31))
    mirror.touched.clear()
    shown.add(span("b", 33, 60))
    shown.replace(span("b", 33, 60, label_id=2))  # relabel: same row, in place
    shown.replace(span("a", 4, 31))  # bounds: the row may move
    shown.remove("b")
    assert mirror.touched == [(33, 60), (33, 60), (0, 31), (33, 60)]
    assert [s.id for s in mirror.rows] == ["a"]
    assert shown.remove("b") is None  # not shown: nothing announced
    assert mirror.touched[-1] == (33, 60)


def test_a_span_of_another_document_or_layer_is_not_shown() -> None:
    shown, _mirror = shown_with()
    assert shown.shows(replace(span("x", 0, 3), document_id=7))
    assert not shown.shows(replace(span("x", 0, 3), document_id=8))
    assert not shown.shows(replace(span("x", 0, 3), document_id=7, annotator_id=2))


def test_a_chosen_span_stays_current_while_the_caret_stays_on_it() -> None:
    outer, inner = span("outer", 0, 31), span("inner", 4, 11)
    shown, _mirror = shown_with(outer, inner)
    requests: list[tuple[int, int]] = []
    # A view would move its caret and report back; this one does so at once.
    shown.caret_requested.connect(lambda a, b: requests.append((a, b)))
    shown.caret_requested.connect(lambda a, b: shown.caret_moved(b, (a, b) if a != b else None))
    shown.caret_moved(6, None)
    assert shown.current == inner  # innermost under the caret
    shown.make_current(outer, caret="keep")
    assert requests[-1] == (6, 6) and shown.current == outer
    shown.caret_moved(8, None)  # still on it: the choice holds
    assert shown.current == outer
    shown.caret_moved(40, None)  # off it: back to what the caret points at
    assert current(shown) is None
    shown.make_current(inner, caret=None)  # select its text
    assert requests[-1] == (4, 11) and shown.selection == (4, 11) and shown.current == inner
    shown.make_current(outer, caret="end")
    assert requests[-1] == (31, 31) and shown.current == outer


def test_a_change_to_the_current_span_is_announced_as_a_new_current_span() -> None:
    shown, mirror = shown_with(span("a", 0, 31))
    relabelled = span("a", 0, 31, label_id=2)
    shown.replace(relabelled)
    assert shown.current == relabelled and mirror.currents[-1] == relabelled
    shown.remove("a")
    assert current(shown) is None and mirror.currents[-1] is None


OPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "remove", "replace", "sync"]),
        st.integers(0, 5),
        st.integers(0, len(TEXT) - 1),
        st.integers(1, 12),
        st.integers(1, 3),
    ),
    max_size=30,
)


@given(OPS)
def test_any_sequence_of_changes_keeps_the_rows_and_the_index_in_step(
    ops: list[tuple[str, int, int, int, int]],
) -> None:
    shown, mirror = shown_with()
    truth: dict[str, Span] = {}
    for op, number, start, length, label in ops:
        made = span(f"s{number}", start, min(start + length, len(TEXT)), label)
        if op == "add":
            shown.add(made)
            truth[made.id] = made
        elif op == "remove":
            assert (shown.remove(made.id) is None) == (made.id not in truth)
            truth.pop(made.id, None)
        elif op == "replace":
            shown.replace(made)
            truth[made.id] = made
        else:  # what another process left: drop one, change one
            truth.pop(made.id, None)
            if truth:
                first = next(iter(truth))
                truth[first] = replace(truth[first], label_id=label)
            shown.sync(truth.values())
        assert mirror.pending is None
        assert sorted(truth.values(), key=lambda s: (s.start, s.end, s.id)) == mirror.rows
        assert mirror.rows == list(shown.spans)
        for check in truth.values():
            assert shown.spans.row_of(check.id) == mirror.rows.index(check)
