"""Sentences, paragraphs, words and unlabelled stretches of scraped pages."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st
from unicode_text import TEXTS

from annotator.core import segments
from annotator.core.model import Span
from annotator.core.overlaps import describe, plan_trims

PAGE = (
    "Home | News | Sport\n"
    "\n"
    "Dr. Vance said the bridge cost £23.6m. It opened in 1928! Will it last? "
    "Nobody knows…  The U.S. team, e.g. Mr. Smith, agreed.\n"
    "Share on X · Copy link\n"
    "\n\n"
    "“Quoted post.” Another one.\u2029Last paragraph"
)


def texts(text: str, bounds: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in bounds]


def test_sentences_end_at_punctuation_and_line_breaks_but_not_abbreviations() -> None:
    assert texts(PAGE, segments.sentences(PAGE)) == [
        "Home | News | Sport",
        "Dr. Vance said the bridge cost £23.6m.",
        "It opened in 1928!",
        "Will it last?",
        "Nobody knows…",
        "The U.S. team, e.g. Mr. Smith, agreed.",
        "Share on X · Copy link",
        "“Quoted post.”",
        "Another one.",
        "Last paragraph",
    ]


def test_paragraphs_are_separated_by_blank_lines_or_u2029() -> None:
    found = texts(PAGE, segments.paragraphs(PAGE))
    assert found[0] == "Home | News | Sport"
    # Two lines that each end a sentence are two paragraphs (see test_paragraphs.py).
    assert found[1].startswith("Dr. Vance") and found[1].endswith("agreed.")
    assert found[2:] == ["Share on X · Copy link", "“Quoted post.” Another one.", "Last paragraph"]


def test_words_keep_apostrophes_and_combining_marks() -> None:
    text = "don't cafe\u0301 £23"
    assert texts(text, segments.words(text)) == ["don't", "cafe\u0301", "23"]


@given(TEXTS)
def test_units_are_trimmed_ordered_and_inside_the_text(text: str) -> None:
    for split in (segments.sentences, segments.paragraphs):
        units = split(text)
        for (start, end), following in zip(units, [*units[1:], None], strict=False):
            assert 0 <= start < end <= len(text)
            assert not text[start].isspace() and not text[end - 1].isspace()
            if following:
                assert end <= following[0]
    # Every visible character lies in some paragraph.
    covered: set[int] = set()
    for start, end in segments.paragraphs(text):
        covered.update(range(start, end))
    visible = {i for i, char in enumerate(text) if not char.isspace()}
    assert visible <= covered


def test_unit_lookups() -> None:
    units = [(0, 5), (10, 15)]
    assert segments.unit_at(units, 3) == 0
    assert segments.unit_at(units, 7) == 1
    assert segments.unit_at(units, 20) == 2
    assert segments.next_unit(units, 0) == (10, 15)
    assert segments.next_unit(units, 10) is None
    assert segments.previous_unit(units, 10) == (0, 5)
    assert segments.previous_unit(units, 0) is None


def test_uncovered_stretches_stop_at_spans_and_paragraphs() -> None:
    text = "Alpha beta. Gamma.\n\nDelta."
    assert segments.uncovered(text, [(0, 5)], 0) == (6, 18)
    assert segments.uncovered(text, [(0, 18)], 0) == (20, 26)
    assert segments.uncovered(text, [(0, 26)], 0) is None
    assert segments.all_uncovered(text, [(6, 10)]) == [(0, 5), (10, 18), (20, 26)]


@given(TEXTS, st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=6))
def test_uncovered_stretches_never_touch_a_span(text: str, raw: list[tuple[int, int]]) -> None:
    covered = [(s, min(s + n, len(text))) for s, n in raw if s < len(text)]
    for start, end in segments.all_uncovered(text, covered):
        assert not any(s < end and start < e for s, e in covered)
        assert text[start:end].strip()


def span(start: int, end: int, label_id: int = 1, span_id: str = "a") -> Span:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    return Span(span_id, 1, 1, label_id, start, end, moment, moment)


def test_trims_shorten_split_and_remove() -> None:
    text = "Alpha beta gamma delta epsilon"
    outer = span(0, 30, span_id="outer")
    left = span(0, 10, span_id="left")
    inside = span(11, 16, 2, span_id="inside")
    far = span(23, 30, span_id="far")
    trims = plan_trims(text, (6, 16), [outer, left, inside, far])
    assert [(t.span.id, t.parts) for t in trims] == [
        ("outer", ((0, 5), (17, 30))),
        ("left", ((0, 5),)),
        ("inside", ()),
    ]
    assert [t.verb for t in trims] == ["split", "shortened", "removed"]
    names = {1: "Claim", 2: "Opinion"}
    assert describe(trims, names) == (
        "split 1 Claim span, shortened 1 Claim span and removed 1 Opinion span"
    )


def test_overlapping_spans_get_separate_lanes_and_reuse_free_ones() -> None:
    from annotator.core.span_index import assign_lanes

    outer = span(0, 30, span_id="outer")
    inner = span(5, 10, span_id="inner")
    innermost = span(6, 8, span_id="innermost")
    later = span(12, 20, span_id="later")
    lanes = assign_lanes([later, innermost, outer, inner])
    assert lanes == {"outer": 0, "inner": 1, "innermost": 2, "later": 1}
