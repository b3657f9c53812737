"""Tests for :mod:`annotator.core.text`: the newline policy, selections and excerpts."""

from __future__ import annotations

import unicodedata
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unicode_text import E_ACUTE, FAMILY, FLAG, TEXTS, THUMB

from annotator.core.text import excerpt, normalize_newlines, trim_selection


def lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def between_cr_lf(text: str) -> set[int]:
    return {i for i in range(1, len(text)) if text[i - 1 : i + 1] == "\r\n"}


# --- normalize_newlines ------------------------------------------------------------------


def test_text_without_cr_is_returned_as_is() -> None:
    raw = "a\nb\u2028c\u2029d\fe\tf"
    text, shift = normalize_newlines(raw)
    assert text is raw
    assert [shift(i) for i in range(len(raw) + 1)] == list(range(len(raw) + 1))


def test_crlf_becomes_lf_and_offsets_shift() -> None:
    text, shift = normalize_newlines("a\r\nb")
    assert text == "a\nb"
    # Offset 2 sits between "\r" and "\n" and maps onto the resulting "\n".
    assert [shift(i) for i in range(5)] == [0, 1, 1, 2, 3]


def test_lone_cr_becomes_lf_without_shifting() -> None:
    text, shift = normalize_newlines("a\rb\r")
    assert text == "a\nb\n"
    assert [shift(i) for i in range(5)] == [0, 1, 2, 3, 4]


def test_mixed_newlines() -> None:
    raw = "a\r\n\rb\n\r\nc\r"
    #      0 1 2 3 4 5 6 7 8 9
    text, shift = normalize_newlines(raw)
    assert text == "a\n\nb\n\nc\n"
    assert [shift(i) for i in range(len(raw) + 1)] == [0, 1, 1, 2, 3, 4, 5, 5, 6, 7, 8]
    # The span "b" keeps its text.
    assert text[shift(4) : shift(5)] == "b"


def test_other_separators_are_untouched() -> None:
    raw = "a\u2028b\u2029c\fd\te\x0bf\x85g\r"
    text, _shift = normalize_newlines(raw)
    assert text == "a\u2028b\u2029c\fd\te\x0bf\x85g\n"


@settings(max_examples=300)
@given(TEXTS, st.data())
def test_normalised_slices_match_raw_slices(raw: str, data: st.DataObject) -> None:
    text, shift = normalize_newlines(raw)
    assert "\r" not in text
    assert text == lf(raw)
    assert len(text) == len(raw) - raw.count("\r\n")
    shifted = [shift(i) for i in range(len(raw) + 1)]
    assert shifted[0] == 0
    assert shifted[-1] == len(text)
    assert all(a <= b <= a + 1 for a, b in pairwise(shifted))
    for i in between_cr_lf(raw):
        assert text[shift(i)] == "\n"
        assert shift(i) == shift(i - 1) == shift(i + 1) - 1
    ends = [i for i in range(len(raw) + 1) if i not in between_cr_lf(raw)]
    for _ in range(10):
        start, end = sorted(data.draw(st.lists(st.sampled_from(ends), min_size=2, max_size=2)))
        assert text[shift(start) : shift(end)] == lf(raw[start:end])


# --- trim_selection ----------------------------------------------------------------------


@pytest.mark.parametrize("snap", [True, False])
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("a   b", 1, 4),
        ("a \n\t\u2028\u2029 b", 1, 7),
        ("abc", 1, 1),
        ("", 0, 0),
        ("   ", 0, 3),
    ],
)
def test_white_space_only_gives_none(text: str, start: int, end: int, snap: bool) -> None:
    assert trim_selection(text, start, end, snap_to_words=snap) is None


@pytest.mark.parametrize("snap", [True, False])
def test_surrounding_white_space_is_trimmed(snap: bool) -> None:
    text = "  \n hello world \t "
    assert trim_selection(text, 0, len(text), snap_to_words=snap) == (4, 15)
    assert trim_selection(text, len(text), 0, snap_to_words=snap) == (4, 15)
    assert trim_selection(text, -5, 100, snap_to_words=snap) == (4, 15)


@pytest.mark.parametrize("snap", [True, False])
@pytest.mark.parametrize(("start", "end"), [(5, 9), (9, 5), (-3, -1), (-1, 0), (3, 3)])
def test_selection_outside_the_text_gives_none(start: int, end: int, snap: bool) -> None:
    assert trim_selection("abc", start, end, snap_to_words=snap) is None
    assert trim_selection("", start, end, snap_to_words=snap) is None


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (5, 8, "quick"),  # inside one word
        (4, 9, "quick"),  # exactly one word
        (6, 12, "quick brown"),  # across a space
        (0, 1, "The"),
        (17, 19, "fox"),  # at the end of the text
        (9, 11, "brown"),  # the space before a word is trimmed first
    ],
)
def test_partial_selection_snaps_to_whole_words(start: int, end: int, expected: str) -> None:
    text = "The quick brown fox"
    result = trim_selection(text, start, end)
    assert result is not None
    assert text[result[0] : result[1]] == expected


def test_exact_mode_keeps_the_characters() -> None:
    text = "The quick brown fox"
    assert trim_selection(text, 5, 8, snap_to_words=False) == (5, 8)
    assert trim_selection(text, 3, 11, snap_to_words=False) == (4, 11)


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("don't stop", 0, 2, "don't"),
        ("don't stop", 4, 5, "don't"),
        ("l’homme est là", 2, 4, "l’homme"),
        ("rock 'n' roll", 6, 7, "'n'"),
        ("naïve cafe\u0301!", 7, 9, "cafe\u0301"),
        ("شكرا جزيلا", 1, 2, "شكرا"),
        ("\U00020000\U00020001 x", 0, 1, "\U00020000\U00020001"),
    ],
)
def test_snapping_examples(text: str, start: int, end: int, expected: str) -> None:
    result = trim_selection(text, start, end)
    assert result is not None
    assert text[result[0] : result[1]] == expected


@pytest.mark.parametrize("snap", [True, False])
@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        (f"caf{E_ACUTE} au", 0, 4, (0, 5)),  # never leaves the accent behind
        (f"x {FAMILY} y", 2, 3, (2, 7)),  # only the first person of the family
        (f"x {FAMILY} y", 2, 5, (2, 7)),  # up to the second ZWJ
        (f"x {THUMB} y", 2, 3, (2, 4)),  # the thumb without its skin tone
        ("x 👋🏻 y", 2, 3, (2, 4)),  # lightest skin tone
        ("x 👋🏿 y", 2, 3, (2, 4)),  # darkest skin tone
        (f"x {FLAG} y", 2, 3, (2, 4)),  # half a flag
        (f"{FLAG}{FLAG}", 2, 3, (2, 4)),  # half of the second flag
        (f"{FLAG}{FLAG}", 0, 2, (0, 2)),  # a whole flag stays one flag
        ("1\ufe0f\u20e3 x", 0, 1, (0, 3)),  # keycap: variation selector + enclosing keycap
    ],
)
def test_end_never_splits_a_grapheme(
    text: str, start: int, end: int, expected: tuple[int, int], snap: bool
) -> None:
    assert trim_selection(text, start, end, snap_to_words=snap) == expected


def test_snapping_starts_before_a_combining_mark() -> None:
    text = f"caf{E_ACUTE}"
    assert trim_selection(text, 4, 5) == (0, 5)


def _is_continuation(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char).startswith("M")
        or code == 0x200D
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xFE00 <= code <= 0xFE0F
    )


def _is_word(char: str) -> bool:
    return char.isalnum() or char in "'’_" or unicodedata.category(char).startswith("M")


@settings(max_examples=300)
@given(TEXTS, st.integers(-2, 80), st.integers(-2, 80), st.booleans())
def test_selection_properties(text: str, a: int, b: int, snap: bool) -> None:
    result = trim_selection(text, a, b, snap_to_words=snap)
    lo, hi = max(0, min(a, b)), min(len(text), max(a, b))
    selected = text[lo:hi] if lo < hi else ""
    if not selected.strip():
        assert result is None
        return
    assert result is not None
    start, end = result
    assert 0 <= start < end <= len(text)
    core_start = lo + (len(selected) - len(selected.lstrip()))
    core_end = hi - (len(selected) - len(selected.rstrip()))
    assert not text[start].isspace()
    assert start <= core_start < core_end <= end
    if not snap:
        assert start == core_start
    # The end is a grapheme boundary.
    if end < len(text):
        assert not _is_continuation(text[end])
        assert text[end - 1] != "\u200d"
        run = len(text[:end]) - len(text[:end].rstrip("".join(map(chr, range(0x1F1E6, 0x1F200)))))
        assert run % 2 == 0 or not 0x1F1E6 <= ord(text[end]) <= 0x1F1FF
    if snap:
        # No word is cut at either end.
        assert start == 0 or not (_is_word(text[start - 1]) and _is_word(text[start]))
        assert end == len(text) or not (_is_word(text[end - 1]) and _is_word(text[end]))
        assert trim_selection(text, start, end) == (start, end)


# --- excerpt -----------------------------------------------------------------------------


def test_excerpt_folds_white_space() -> None:
    assert excerpt("  a\n\n b\t\tc\u2028d  ") == "a b c d"
    assert excerpt("") == ""


def test_excerpt_keeps_text_at_the_limit() -> None:
    text = "x" * 80
    assert excerpt(text) == text
    assert excerpt("abcdef", limit=6) == "abcdef"


def test_excerpt_elides_long_text() -> None:
    text = "word " * 40
    result = excerpt(text, limit=21)
    assert result == "word word word word…"  # no dangling space before the ellipsis
    assert len(result) <= 21
    assert excerpt("abcdefghij", limit=5) == "abcd…"


@given(st.text(), st.integers(2, 100))
def test_excerpt_is_one_bounded_line(text: str, limit: int) -> None:
    result = excerpt(text, limit)
    assert len(result) <= limit
    assert result == result.strip() or result.endswith("…")
    assert not any(char.isspace() and char != " " for char in result)
    folded = " ".join(text.split())
    assert result == folded or (result.endswith("…") and folded.startswith(result[:-1]))
