"""Paragraphs of scraped pages: blank-line paragraphs, hard-wrapped prose, one per line."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from annotator.core import segments
from annotator.core.text import normalize_newlines

SAMPLES = sorted((Path(__file__).parents[2] / "resources" / "sample").glob("*.txt"))


def paragraph_texts(text: str) -> list[str]:
    return [text[start:end] for start, end in segments.paragraphs(text)]


def sample(name: str) -> str:
    path = next(path for path in SAMPLES if name in path.name)
    return normalize_newlines(path.read_text(encoding="utf-8"))[0]


def test_a_page_without_blank_lines_has_a_paragraph_per_line() -> None:
    # The same pages as a scraper often saves them: CRLF, one paragraph per line, no blank line.
    for path in SAMPLES:
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
        text, _ = normalize_newlines("\r\n".join(line for line in lines if line) + "\r\n")
        assert paragraph_texts(text) == [line for line in lines if line], path.name


def test_the_trial_page_is_not_one_paragraph() -> None:
    text = (
        "Bridge to close for 14 months | The Ardlow Courier\n"
        "Home | Local | Business | Sport\n"
        "By Hannah Orrell\n"
        "The Ardlow Swing Bridge will close to all traffic for 14 months from 3 June.\n"
        "Frankly, it is hard to see how the council let the estimate drift this far.\n"
        "Share on Facebook · Share on X\n"
    )
    found = paragraph_texts(text)
    assert len(found) == 6
    assert found[4] == (
        "Frankly, it is hard to see how the council let the estimate drift this far."
    )


def test_lines_that_read_as_their_own_paragraphs_stay_apart_between_blank_lines() -> None:
    found = paragraph_texts(sample("01-harbour"))
    assert "By Hannah Orrell, Transport Correspondent" in found
    assert "Read more:" in found
    assert any(text.startswith("Published 11 March 2024") for text in found)
    forum = paragraph_texts(sample("04-gardening"))
    assert "Quote from mossy_gate:" in forum
    assert "14 July 2024, 08:17" in forum
    assert all("\n" not in text for text in found + forum)


def test_a_stretch_of_one_paragraph_per_line_between_blank_lines_is_split() -> None:
    body = "\n".join(
        [
            "The council approved a revised repair budget on Thursday evening.",
            "Frankly, it is hard to see how the estimate drifted this far.",
            "a shuttle bus will run every 12 minutes, the council said.",
            "Residents say they were not asked.",
        ]
    )
    text = f"Bridge to close for 14 months\n\n{body}\n\nShare on X · Copy link"
    assert paragraph_texts(text)[1:-1] == body.split("\n")


def test_hard_wrapped_paragraphs_stay_whole() -> None:
    text = (
        "Subject: Saltmarsh crossing\n"
        "\n"
        "The council's cabinet approved a revised repair budget of £23.6 million\n"
        "at a meeting on Thursday evening, up from the estimate published in\n"
        "October. Officers blamed corrosion that was found in the swing\n"
        "mechanism, and a shortage of specialist steel that pushed up costs for\n"
        "Ardlow and for every other council in the region.\n"
        "\n"
        'Councillor Vance said: 👍🏽 "Nobody wanted this", and then added that\n'
        "the engineers were clear.\n"
    )
    found = paragraph_texts(text)
    assert len(found) == 3
    assert found[1].startswith("The council's") and found[1].endswith("the region.")
    assert found[2].endswith("were clear.")


def test_sample_paragraphs_wrapped_at_72_columns_stay_whole() -> None:
    # Long paragraphs wrap to five lines or more: enough line breaks fall mid-sentence.
    for path in SAMPLES:
        text = sample(path.name)
        for stretch in text.split("\n\n"):
            wrapped = textwrap.fill(stretch, 72)
            if "\n" in stretch or wrapped.count("\n") < 4:
                continue
            document = f"Title\n\n{wrapped}\n\nShare on X"
            assert wrapped in paragraph_texts(document), path.name


# Lines as scraped pages have them: prose sentences, menu items, continuations that start in
# lower case, emoji, right-to-left text; blank lines with or without spaces.
LINE_PIECES = st.sampled_from(
    [
        "The bridge closes in June.",
        "Home | News | Sport",
        "and the council said",
        "then it rained 😀",
        "👨\u200d👩\u200d👧 family day",
        "מרחבא שלום",
        "cafe\u0301 au lait",
        "Read more:",
        "→ Saltmarsh petition",
        "“Quoted,” she said.",
    ]
)
BLANK_LINES = st.sampled_from(["", " ", "\t", " \u00a0 "])
LINES = st.lists(st.one_of(LINE_PIECES, BLANK_LINES), max_size=30)


@given(LINES, st.sampled_from(["\n", "\r\n"]))
def test_paragraphs_are_whole_lines_that_cover_the_text_exactly(
    lines: list[str], newline: str
) -> None:
    text, _ = normalize_newlines(newline.join(lines))
    found = segments.paragraphs(text)
    for (start, end), following in zip(found, [*found[1:], None], strict=False):
        assert 0 <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        if following:
            assert end < following[0]  # never overlapping, never touching
        assert start == 0 or text[start - 1] in " \t\n\u00a0"
        assert all(line.strip() for line in re.split("[\n\u2028]", text[start:end]))
        assert "\u2029" not in text[start:end]
    # Every non-blank line is in exactly one paragraph, in order, character for character.
    joined = [line.strip() for start, end in found for line in text[start:end].split("\n")]
    assert joined == [line.strip() for line in lines if line.strip()]
    if not any(not line.strip() for line in lines[1:-1]):
        assert len(found) == len(joined)  # no blank line: a paragraph per line


@given(st.lists(LINE_PIECES, min_size=1, max_size=10), st.lists(LINES, max_size=3))
def test_a_paragraph_never_spans_a_blank_line(first: list[str], rest: list[list[str]]) -> None:
    stretches = [first, *rest]
    text = "\n\n".join("\n".join(lines) for lines in stretches)
    for start, end in segments.paragraphs(text):
        assert "\n\n" not in text[start:end]
        assert not re.search(r"\n\s*\n", text[start:end])


def test_unlabelled_stretches_end_where_the_paragraph_ends() -> None:
    lines = "Home | News\nThe bridge closes in June.\nShare on X\n"
    assert segments.all_uncovered(lines, [(0, 4)]) == [(5, 11), (12, 38), (39, 49)]
    wrapped = "Title\n\nThe bridge will close\nin June, the council said.\n\nEnd."
    assert segments.uncovered(wrapped, [(0, 5)], 0) == (7, 55)
