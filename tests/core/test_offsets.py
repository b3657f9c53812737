"""Tests for :mod:`annotator.core.offsets`: code points <-> Qt positions."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unicode_text import TEXTS

from annotator.core.offsets import QtOffsetMap, utf16_length

# Pieces that each stress one rule: astral characters (two UTF-16 units), grapheme clusters
# made of several code points, right-to-left scripts, and every kind of line break.


def crlf_newlines(text: str) -> set[int]:
    """Indices of the "\\n" of every CRLF pair: the offsets between "\\r" and "\\n"."""
    return {i for i in range(1, len(text)) if text[i - 1 : i + 1] == "\r\n"}


def units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def expected_qt(text: str, offset: int) -> int:
    """What Qt counts before ``offset``: UTF-16 units, with each CRLF pair counted once."""
    prefix = text[:offset]
    return units(prefix) - prefix.count("\r\n")


# --- example-based ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "positions", "qt_length"),
    [
        ("abc", [0, 1, 2, 3], 3),
        ("a😀b", [0, 1, 3, 4], 4),
        ("a\r\nb", [0, 1, 2, 2, 3], 3),
        ("\r\r\n", [0, 1, 2, 2], 2),
        ("\n\r", [0, 1, 2], 2),
        ("👨\u200d👩\u200d👧", [0, 2, 3, 5, 6, 8], 8),
        ("🇳🇴", [0, 2, 4], 4),
        ("\U00020000\r\n\U00020000", [0, 2, 3, 3, 5], 5),
        ("e\u0301\u2028\u2029\t\f", [0, 1, 2, 3, 4, 5, 6], 6),
    ],
)
def test_to_qt_hand_computed(text: str, positions: list[int], qt_length: int) -> None:
    offsets = QtOffsetMap(text)
    assert [offsets.to_qt(i) for i in range(len(text) + 1)] == positions
    assert offsets.qt_length == qt_length
    assert offsets.length == len(text)


def test_from_qt_hand_computed_surrogates() -> None:
    offsets = QtOffsetMap("a😀b")
    # Qt positions: a=0, high surrogate=1, low surrogate=2, b=3, end=4
    assert [offsets.from_qt(p) for p in range(5)] == [0, 1, 1, 2, 3]
    assert [offsets.from_qt(p, forward=True) for p in range(5)] == [0, 1, 2, 2, 3]


def test_from_qt_hand_computed_crlf() -> None:
    offsets = QtOffsetMap("a\r\nb")
    # Qt positions: a=0, block separator=1, b=2, end=3; offset 2 (between \r and \n) is never
    # returned.
    assert [offsets.from_qt(p) for p in range(4)] == [0, 1, 3, 4]
    assert [offsets.from_qt(p, forward=True) for p in range(4)] == [0, 1, 3, 4]


def test_range_from_qt_covers_a_half_selected_emoji() -> None:
    offsets = QtOffsetMap("x👍🏽y")
    # Qt: x=0, 👍=1..2, 🏽=3..4, y=5. A selection from inside 👍 to inside 🏽 keeps both whole.
    assert offsets.range_from_qt(2, 4) == (1, 3)
    assert offsets.range_from_qt(4, 2) == (1, 3)
    assert offsets.range_to_qt(1, 3) == (1, 5)


def test_clamping() -> None:
    offsets = QtOffsetMap("a😀\r\nb")
    assert offsets.qt_length == 5
    assert offsets.to_qt(-3) == 0
    assert offsets.to_qt(100) == 5
    assert offsets.from_qt(-1) == 0
    assert offsets.from_qt(100) == 5
    assert offsets.from_qt(100, forward=True) == 5


def test_identity() -> None:
    plain = QtOffsetMap("e\u0301 \r \n \u2028 \u2029 שלום")
    assert plain.is_identity
    assert [plain.to_qt(i) for i in range(plain.length + 1)] == list(range(plain.length + 1))
    assert [plain.from_qt(i) for i in range(plain.length + 1)] == list(range(plain.length + 1))
    assert not QtOffsetMap("a\r\n").is_identity
    assert not QtOffsetMap("😀").is_identity
    assert QtOffsetMap("").qt_length == 0


@pytest.mark.parametrize(
    ("text", "length"),
    [("", 0), ("abc", 3), ("😀", 2), ("👨\u200d👩\u200d👧", 8), ("\U00020000x", 3), ("\r\n", 2)],
)
def test_utf16_length(text: str, length: int) -> None:
    assert utf16_length(text) == length


# --- properties --------------------------------------------------------------------------


@settings(max_examples=300)
@given(TEXTS)
def test_to_qt_matches_utf16_count_minus_crlf(text: str) -> None:
    offsets = QtOffsetMap(text)
    positions = [offsets.to_qt(i) for i in range(len(text) + 1)]
    assert positions == [expected_qt(text, i) for i in range(len(text) + 1)]
    assert all(a <= b for a, b in pairwise(positions))
    assert positions[-1] == offsets.qt_length == units(text) - text.count("\r\n")
    assert utf16_length(text) == units(text)


@settings(max_examples=300)
@given(TEXTS)
def test_from_qt_inverts_to_qt(text: str) -> None:
    offsets = QtOffsetMap(text)
    inside_crlf = crlf_newlines(text)
    for i in range(len(text) + 1):
        back = offsets.from_qt(offsets.to_qt(i))
        back_forward = offsets.from_qt(offsets.to_qt(i), forward=True)
        if i in inside_crlf:
            assert back == back_forward == i + 1  # past the pair
        else:
            assert back == back_forward == i


@settings(max_examples=300)
@given(TEXTS)
def test_from_qt_never_splits_crlf_and_snaps_surrogates(text: str) -> None:
    offsets = QtOffsetMap(text)
    inside_crlf = crlf_newlines(text)
    boundaries = {offsets.to_qt(i): i for i in range(len(text) + 1) if i not in inside_crlf}
    for position in range(offsets.qt_length + 1):
        backward = offsets.from_qt(position)
        forward = offsets.from_qt(position, forward=True)
        assert backward not in inside_crlf
        assert forward not in inside_crlf
        if position in boundaries:
            assert backward == forward == boundaries[position]
        else:
            # Between the two surrogates of an astral character.
            assert ord(text[backward]) > 0xFFFF
            assert offsets.to_qt(backward) == position - 1
            assert forward == backward + 1
    assert set(boundaries) == {
        p for p in range(offsets.qt_length + 1) if offsets.to_qt(offsets.from_qt(p)) == p
    }


@settings(max_examples=300)
@given(TEXTS, st.data())
def test_range_round_trip(text: str, data: st.DataObject) -> None:
    offsets = QtOffsetMap(text)
    inside_crlf = crlf_newlines(text)
    ends = [i for i in range(len(text) + 1) if i not in inside_crlf]
    start = data.draw(st.sampled_from(ends))
    end = data.draw(st.sampled_from([i for i in ends if i >= start]))
    qt_start, qt_end = offsets.range_to_qt(start, end)
    assert offsets.range_from_qt(qt_start, qt_end) == (start, end)
    assert offsets.range_from_qt(qt_end, qt_start) == (start, end)


@settings(max_examples=200)
@given(TEXTS, st.data())
def test_range_from_qt_covers_the_qt_range(text: str, data: st.DataObject) -> None:
    offsets = QtOffsetMap(text)
    a = data.draw(st.integers(0, offsets.qt_length))
    b = data.draw(st.integers(0, offsets.qt_length))
    start, end = offsets.range_from_qt(a, b)
    assert 0 <= start <= end <= len(text)
    assert offsets.to_qt(start) <= min(a, b)
    assert offsets.to_qt(end) >= max(a, b)
    # Smallest cover: one code point less on either side no longer covers the range.
    if start < len(text):
        assert offsets.to_qt(start + 1) > min(a, b)
    if end > 0 and end - 1 not in crlf_newlines(text):
        assert offsets.to_qt(end - 1) < max(a, b)


@settings(max_examples=300)
@given(TEXTS, st.integers(1, 5), st.data())
def test_lazy_scanning_in_small_chunks_and_any_order_gives_the_same_answers(
    text: str, chunk: int, data: st.DataObject
) -> None:
    # The map scans the text only as far as a conversion needs. Chunks of a few code points
    # put chunk edges between the "\r" and "\n" of a pair and inside runs of emoji, and the
    # drawn order of questions makes each one arrive with a different amount scanned.
    whole = QtOffsetMap(text, chunk=len(text) + 1)
    lazy = QtOffsetMap(text, chunk=chunk)
    qt_end = whole.qt_length + 2
    questions = data.draw(
        st.lists(
            st.one_of(
                st.tuples(st.just("to"), st.integers(-1, len(text) + 1), st.booleans()),
                st.tuples(st.just("from"), st.integers(-1, qt_end), st.booleans()),
            ),
            max_size=40,
        )
    )
    for kind, value, forward in questions:
        if kind == "to":
            assert (
                lazy.to_qt(value)
                == whole.to_qt(value)
                == expected_qt(text, max(0, min(value, len(text))))
            )
        else:
            assert lazy.from_qt(value, forward=forward) == whole.from_qt(value, forward=forward)
    assert lazy.qt_length == whole.qt_length
    assert lazy.is_identity == whole.is_identity


def test_showing_the_top_of_a_long_text_scans_only_its_first_chunk() -> None:
    text = "😀 word\r\n" * 50_000
    offsets = QtOffsetMap(text, chunk=1000)
    # Line 1 takes 8 Qt positions (two for the emoji, one for the pair): line 2 starts at 8.
    assert offsets.to_qt(9) == 10  # line 2's space
    assert offsets.from_qt(12) == 11  # line 2's "o"
    assert len(offsets._astral) <= 1000  # what the laziness is about: one chunk scanned
    # Each emoji adds a position and each pair takes one away.
    assert offsets.qt_length == len(text)
    assert len(offsets._astral) == 50_000
