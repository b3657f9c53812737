"""Sentences, paragraphs and words of a document, for keyboard movement and labelling.

Scraped pages are not prose: navigation bars, share lines and user cards sit one per line
without final punctuation, and many pages put each paragraph on its own line with no blank line
anywhere. So a line break always ends a sentence, and inside a line a sentence ends at ``.``,
``!``, ``?`` or ``…`` followed by white space and something that can start a sentence, unless
the word before is a known abbreviation or an initial. Paragraphs follow :func:`paragraphs`.
All offsets are code points.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterable

Bounds = tuple[int, int]

# A blank line (only white space between two line breaks) or U+2029, with the white space after.
_PARAGRAPH_BREAK = re.compile(r"[\n\u2028][^\S\n\u2028\u2029]*[\n\u2028]\s*|\u2029\s*")
_LINE_BREAK = re.compile(r"[\n\u2028]")
# A line that ends a sentence: final punctuation, perhaps inside closing quotes or brackets.
_LINE_END = re.compile(r"[.!?…:][\"'”’)\]»]*$")
_LINE = re.compile(r"[^\n\u2028\u2029]+")
# A sentence end: terminal punctuation (with closing quotes/brackets), white space, then an
# opening quote, bracket, capital letter or digit.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]»]*(?=\s+[\"'“‘(\[«¿¡]?[^\W_a-z])")
#: Words whose final "." does not end a sentence (compared without dots, case-folded).
ABBREVIATIONS_TEXT = (
    "mr mrs ms dr prof st sr jr vs etc eg ie cf no nos vol fig approx inc ltd co corp dept est "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun"
)
_ABBREVIATIONS = frozenset(ABBREVIATIONS_TEXT.split())
_WORD = re.compile(r"[\w'’\u200d\u0300-\u036f]+", re.UNICODE)


def paragraphs(text: str) -> list[Bounds]:
    """Paragraphs, trimmed of surrounding white space.

    Blank lines (or U+2029) separate stretches of text. A stretch of several lines is one
    paragraph when it is wrapped prose: at least half of its line breaks fall mid-sentence (the
    line does not end with ``. ! ? … :``, closing quotes aside, and the next line starts with a
    lower-case letter). Otherwise, and everywhere in a text with no blank line between its
    lines, each line is a paragraph. This keeps a page that puts each paragraph on its own line
    from being one page-long paragraph, while a hard-wrapped paragraph stays whole.
    """
    stretches = blocks(text)
    found: list[Bounds] = []
    for stretch in stretches:
        stretch_lines = lines(text, *stretch)
        if len(stretches) > 1 and _is_wrapped(text, stretch_lines):
            found.append(stretch)
        else:
            found.extend(stretch_lines)
    return found


def blocks(text: str) -> list[Bounds]:
    """Stretches of text between blank lines (or U+2029), trimmed of surrounding white space."""
    found: list[Bounds] = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        found.extend(_trimmed(text, start, match.start()))
        start = match.end()
    found.extend(_trimmed(text, start, len(text)))
    return found


def lines(text: str, start: int, end: int) -> list[Bounds]:
    """The lines of ``text[start:end]`` (broken at LF or U+2028), trimmed, blank ones left out.

    A CR before the LF is trimmed as white space; a lone CR does not break a line.
    """
    found: list[Bounds] = []
    for match in _LINE_BREAK.finditer(text, start, end):
        found.extend(_trimmed(text, start, match.start()))
        start = match.end()
    found.extend(_trimmed(text, start, end))
    return found


def _is_wrapped(text: str, lines: list[Bounds]) -> bool:
    """True when at least half the breaks between ``lines`` fall mid-sentence."""
    mid_sentence = sum(
        1
        for (start, end), (next_start, _) in itertools.pairwise(lines)
        if text[next_start].islower() and not _LINE_END.search(text, start, end)
    )
    return 2 * mid_sentence >= len(lines) - 1


def sentences(text: str) -> list[Bounds]:
    """Sentences, each within one line, trimmed of surrounding white space."""
    found: list[Bounds] = []
    for line in _LINE.finditer(text):
        start = line.start()
        for end_match in _SENTENCE_END.finditer(text, line.start(), line.end()):
            if _is_abbreviation(text, start, end_match.start()):
                continue
            found.extend(_trimmed(text, start, end_match.end()))
            start = end_match.end()
        found.extend(_trimmed(text, start, line.end()))
    return found


def words(text: str) -> list[Bounds]:
    """Words: runs of letters, digits, apostrophes and combining marks."""
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def _is_abbreviation(text: str, line_start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > line_start and (
        text[word_start - 1].isalpha() or text[word_start - 1] == "."
    ):
        word_start -= 1
    raw = text[word_start:dot]
    if "." in raw:  # "U.S.", "e.g.": dots inside the word
        return True
    word = raw.casefold()
    preceded_by_word = word_start > line_start and text[word_start - 1].isalnum()
    initial = len(word) == 1 and not preceded_by_word  # "J. Smith", not "£23.6m."
    return word in _ABBREVIATIONS or initial


def _trimmed(text: str, start: int, end: int) -> list[Bounds]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [(start, end)] if start < end else []


def unit_at(units: list[Bounds], offset: int) -> int:
    """Index of the unit containing ``offset`` or, between units, of the next one (may be
    ``len(units)``)."""
    index = bisect_right([start for start, _ in units], offset) - 1
    if index >= 0 and offset < units[index][1]:
        return index
    return index + 1


def next_unit(units: list[Bounds], offset: int) -> Bounds | None:
    """The first unit that starts after ``offset``."""
    index = bisect_right([start for start, _ in units], offset)
    return units[index] if index < len(units) else None


def previous_unit(units: list[Bounds], offset: int) -> Bounds | None:
    """The last unit that starts before ``offset``."""
    starts = [start for start, _ in units]
    index = bisect_right(starts, offset - 1) - 1
    return units[index] if index >= 0 else None


def uncovered(text: str, covered: Iterable[Bounds], start: int = 0) -> Bounds | None:
    """The first stretch at or after ``start`` that holds visible text but no span.

    Used for "jump to the next unlabelled text": the stretch ends where the next span begins
    or where its paragraph ends, and is trimmed of white space.
    """
    return _Gaps(text, covered).first(start)


def all_uncovered(text: str, covered: Iterable[Bounds]) -> list[Bounds]:
    """Every stretch of visible text that no span covers, in order."""
    gaps = _Gaps(text, covered)
    found: list[Bounds] = []
    position = 0
    while (stretch := gaps.first(position)) is not None:
        found.append(stretch)
        position = stretch[1]
    return found


class _Gaps:
    """The text's paragraphs and spans, computed once for any number of look-ups."""

    def __init__(self, text: str, covered: Iterable[Bounds]) -> None:
        self._text = text
        self._covered = sorted(covered)
        self._paragraphs = paragraphs(text)
        self._starts = [start for start, _ in self._paragraphs]

    def first(self, start: int) -> Bounds | None:
        position = start
        for span_start, span_end in self._covered:
            if span_end <= position:
                continue
            if span_start > position:
                gap = self._first_visible(position, span_start)
                if gap:
                    return gap
            position = max(position, span_end)
        return self._first_visible(position, len(self._text))

    def _first_visible(self, start: int, end: int) -> Bounds | None:
        """The first piece of a paragraph inside ``[start, end)``, trimmed."""
        index = max(0, bisect_right(self._starts, start) - 1)
        for paragraph_start, paragraph_end in self._paragraphs[index:]:
            if paragraph_start >= end:
                break
            piece = _trimmed(self._text, max(start, paragraph_start), min(end, paragraph_end))
            if piece:
                return piece[0]
        return None
