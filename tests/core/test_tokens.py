"""The tokenizer of the token formats: no white space in a token, nothing else lost,
graphemes whole, every cut a boundary."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st
from unicode_text import E_ACUTE, FAMILY, FLAG, TEXTS, THUMB

from annotator.core.tokens import grapheme_end, tokens


def words(text: str, cuts: list[int] | None = None) -> list[str]:
    return [text[start:end] for start, end in tokens(text, cuts or [])]


def grapheme_edges(text: str) -> set[int]:
    edges, position = {0}, 0
    while position < len(text):
        position = grapheme_end(text, position)
        edges.add(position)
    return edges


@st.composite
def texts_and_cuts(draw: st.DrawFn) -> tuple[str, list[int]]:
    text = draw(TEXTS)
    return text, draw(st.lists(st.integers(0, len(text)), max_size=6))


@given(texts_and_cuts())
def test_tokens_hold_every_character_but_white_space_and_break_at_every_cut(
    case: tuple[str, list[int]],
) -> None:
    text, cuts = case
    found = tokens(text, cuts)
    assert all(start < end for start, end in found)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(found))
    assert not any(char.isspace() for start, end in found for char in text[start:end])
    covered = {i for start, end in found for i in range(start, end)}
    assert covered == {i for i, char in enumerate(text) if not char.isspace()}
    edges = {edge for bounds in found for edge in bounds}
    for cut in cuts:  # a cut between two characters of tokens is an edge
        if 0 < cut < len(text) and not (text[cut - 1].isspace() or text[cut].isspace()):
            assert cut in edges
    # A token edge that is no cut is a grapheme edge: graphemes are split only by cuts.
    assert edges - set(cuts) <= grapheme_edges(text)


def test_graphemes_stay_whole_and_punctuation_stands_alone() -> None:
    text = f"Share {FAMILY}{THUMB} on {FLAG}{FLAG}, Caf{E_ACUTE}s don't cost 3.14 or 700,000!"
    assert words(text) == [
        "Share",
        FAMILY,
        THUMB,
        "on",
        FLAG,
        FLAG,
        ",",
        f"Caf{E_ACUTE}s",
        "don't",
        "cost",
        "3.14",
        "or",
        "700,000",
        "!",
    ]


def test_every_kind_of_white_space_separates() -> None:
    text = "a\tb\u2028c\u2029d\x85e\ff\u00a0g\u3000h\r\ni"
    assert words(text) == list("abcdefghi")


def test_cuts_split_words_and_even_graphemes() -> None:
    assert words("hello world", [2, 5, 6]) == ["he", "llo", "world"]
    assert words(f"x{FAMILY}", [3]) == ["x", FAMILY[:2], FAMILY[2:]]
    assert words(f"Caf{E_ACUTE}", [4]) == ["Cafe", "\u0301"]


def test_a_right_to_left_mark_joins_the_word_it_precedes() -> None:
    assert words("שלום \u200fمرحبا.") == ["שלום", "\u200fمرحبا", "."]
