"""Tests for :mod:`annotator.core.find`: exact code-point offsets whatever the case rules."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st
from unicode_text import FAMILY, TEXTS

from annotator.core.find import MAX_HITS, PatternError, find_all, hit_context, is_whole_word
from annotator.errors import AnnotatorError

#: Characters whose case mapping changes length or is shared with another script's letter.
CASE_PIECES = ("ß", "ẞ", "SS", "ss", "İ", "ı", "i", "I", "K", "\u212a", "ſ", "Σ", "σ", "ς", "ﬁ")
CASE_TEXTS = st.lists(st.one_of(TEXTS, st.sampled_from(CASE_PIECES)), max_size=12).map("".join)
TURKISH_I = frozenset("iIİı")


def same_ignoring_case(found: str, query: str) -> bool:
    """Code point by code point, as ``re.IGNORECASE`` compares (an independent oracle)."""
    if len(found) != len(query):
        return False
    return all(
        a == b
        or a.lower() == b.lower()
        or a.upper() == b.upper()
        or a.casefold() == b.casefold()
        or {a, b} <= TURKISH_I
        for a, b in zip(found, query, strict=True)
    )


def literal_hits(text: str, query: str) -> list[tuple[int, int]]:
    """Non-overlapping occurrences, left to right, as ``str.find`` sees them."""
    hits: list[tuple[int, int]] = []
    start = text.find(query)
    while start != -1:
        hits.append((start, start + len(query)))
        start = text.find(query, start + len(query))
    return hits


@st.composite
def text_and_query(draw: st.DrawFn) -> tuple[str, str]:
    """A text and either a slice of it (with its case maybe swapped) or an unrelated query."""
    text = draw(CASE_TEXTS)
    if text and draw(st.booleans()):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 8)))
        query = text[start:end]
        return text, draw(st.sampled_from((query, query.swapcase(), query.upper())))
    return text, draw(CASE_TEXTS)


@given(text_and_query())
def test_every_case_insensitive_hit_matches_the_query_at_its_exact_offsets(
    pair: tuple[str, str],
) -> None:
    text, query = pair
    hits = find_all(text, query)
    for start, end in hits:
        assert same_ignoring_case(text[start:end], query)
    assert all(a[1] <= b[0] for a, b in pairwise(hits))  # ordered, apart
    if query and query in text:
        assert hits


@given(text_and_query())
def test_case_sensitive_hits_are_the_literal_occurrences(pair: tuple[str, str]) -> None:
    text, query = pair
    assert find_all(text, query, case_sensitive=True) == (
        literal_hits(text, query) if query else []
    )


@given(TEXTS, st.sampled_from((*CASE_PIECES, FAMILY, "x")))
def test_offsets_after_length_changing_case_folds_stay_exact(prefix: str, needle: str) -> None:
    text = prefix + "ß İ ﬁ " + needle
    hits = find_all(text, needle)
    assert hits[-1] == (len(text) - len(needle), len(text))


def test_sharp_s_matches_capital_sharp_s_but_not_double_s() -> None:
    text = "Straße STRAẞE STRASSE straße"
    assert [text[s:e] for s, e in find_all(text, "straße")] == ["Straße", "STRAẞE", "straße"]
    assert find_all("ßx", "x") == [(1, 2)]  # "ß".casefold() is two letters; offsets are not


def test_dotted_capital_i_keeps_following_offsets() -> None:
    text = "İİİ istanbul İSTANBUL"
    hits = find_all(text, "istanbul")
    assert [text[s:e] for s, e in hits] == ["istanbul", "İSTANBUL"]
    assert hits[0] == (4, 12)


def test_whole_words_skip_hits_inside_words() -> None:
    text = "cat concat cats cat_x cat, (cat) cafe\u0301 cafe"
    hits = find_all(text, "cat", whole_words=True)
    assert hits == [(0, 3), (22, 25), (28, 31)]
    assert find_all(text, "cafe", whole_words=True) == [(text.rindex("cafe"), len(text))]


def test_whole_words_find_a_hit_that_overlaps_a_rejected_one() -> None:
    assert find_all("xa-a-a", "a-a", whole_words=True) == [(3, 6)]
    assert is_whole_word("-x", 0, 2)  # punctuation at the edge is its own boundary


def test_regex_hits_and_empty_matches_are_skipped() -> None:
    assert find_all("a1 b22", r"\d+", regex=True) == [(1, 2), (4, 6)]
    assert find_all("axxb", "x*", regex=True) == [(1, 3)]
    assert find_all("one\ntwo", "^t.o$", regex=True) == [(4, 7)]
    assert find_all("a.b", ".", regex=False) == [(1, 2)]


def test_invalid_regex_is_a_user_facing_error() -> None:
    with pytest.raises(PatternError, match=r"^Invalid pattern: .*character 1") as caught:
        find_all("text", "(unclosed", regex=True)
    assert isinstance(caught.value, AnnotatorError)
    assert find_all("(unclosed", "(unclosed") == [(0, 9)]  # literal queries never fail


def test_empty_query_finds_nothing_and_hits_are_capped() -> None:
    assert find_all("abc", "") == []
    assert len(find_all("a" * (MAX_HITS + 5), "a")) == MAX_HITS
    assert len(find_all("aaaa", "a", limit=2)) == 2


def test_hit_context_is_one_line_with_the_hit_position() -> None:
    text = "first line\nthe   hit\there\n" + "x" * 100
    start = text.index("hit")
    context, hit_start, hit_end = hit_context(text, start, start + 3, radius=15)
    assert "\n" not in context and "\t" not in context
    assert context[hit_start:hit_end] == "hit"
    assert context.endswith("…")
    long_hit, a, b = hit_context("y" * 500, 0, 500, hit_limit=20)
    assert len(long_hit[a:b]) == 20 and long_hit[a:b].endswith("…")
