"""Tokens for the formats that store words, not offsets: CoNLL's BIO columns and spaCy's Doc.

The tokenizer is our own, small and documented, so an export does not depend on a model:

* White space separates tokens and is never part of one: every character ``str.isspace``
  calls white space (tabs, form feed, NEL, U+2028, U+2029, no-break spaces), so a token can
  be written on a line of a column file and read back with ``str.split``.
* A token is a run of word graphemes (letters, digits, ``_``, combining marks and invisible
  format characters such as the right-to-left mark), which an apostrophe or hyphen between
  two of them joins ("don't", "state-of-the-art"), as does a ``.`` or ``,`` between two
  digits ("3.14", "700,000"). Every other grapheme (punctuation, symbols, emoji) is a token
  of its own.
* Graphemes are never split: a letter keeps its combining marks, an emoji its skin tone,
  variation selector and the emoji after each zero-width joiner, a flag its two regional
  indicators. This follows the extended grapheme clusters of Unicode's UAX #29 for these
  cases (a mark after white space starts a grapheme of its own here, since white space is
  never part of a token).
* **Cuts** (the edges of the spans to be held) split tokens wherever they fall, even inside
  a grapheme, so every span starts and ends on a token boundary and none is lost.

All offsets are code points. Standard library only.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterable

Bounds = tuple[int, int]

_ZWJ = "\u200d"
_WORD_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No", "Pc", "Cf"})
_MARKS = frozenset({"Mn", "Mc", "Me"})
_JOINERS = frozenset("'’-‐")  # between two word graphemes
_DIGIT_JOINERS = frozenset(".,")  # between two digits


def is_extender(char: str) -> bool:
    """True for a character that belongs to the grapheme before it: combining marks, the
    zero-width joiner, variation selectors, emoji skin tones and emoji tag characters."""
    code = ord(char)
    return (
        unicodedata.category(char) in _MARKS
        or char == _ZWJ
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin-tone modifiers
        or 0xE0020 <= code <= 0xE007F  # emoji tag sequences
    )


def is_regional_indicator(char: str) -> bool:
    """True for the letters that make up flag emoji, two per flag."""
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def grapheme_end(text: str, start: int) -> int:
    """Where the grapheme starting at ``start`` ends (``start`` must be inside ``text``).

    White space is a grapheme of its own; nothing joins it.
    """
    end = start + 1
    if text[start].isspace():
        return end
    size = len(text)
    if is_regional_indicator(text[start]) and end < size and is_regional_indicator(text[end]):
        end += 1
    while end < size and not text[end].isspace():
        if is_extender(text[end]) or text[end - 1] == _ZWJ:
            end += 1
        else:
            break
    return end


def _is_word(char: str) -> bool:
    category = unicodedata.category(char)
    return category in _WORD_CATEGORIES or category in _MARKS


def _joins(text: str, start: int, end: int) -> bool:
    """True when the one-character grapheme ``text[start:end]``, right after a word, joins
    it to the word grapheme after it."""
    if end != start + 1 or end >= len(text):
        return False
    char, before, after = text[start], text[start - 1], text[end]
    if char in _JOINERS:
        return _is_word(after)
    return char in _DIGIT_JOINERS and before.isdigit() and after.isdigit()


def tokens(text: str, cuts: Iterable[int] = ()) -> list[Bounds]:
    """The tokens of ``text`` (see the module's rules), split at every offset in ``cuts``.

    Returns:
        Each token's ``(start, end)`` in code points, in order; no token holds white space,
        and every cut inside ``text`` is a token boundary unless it falls in white space.
    """
    found: list[Bounds] = []
    in_word = False  # the last token found is a word that ends where the next grapheme starts
    position, size = 0, len(text)
    while position < size:
        end = grapheme_end(text, position)
        char = text[position]
        if char.isspace():
            in_word = False
        elif in_word and (_is_word(char) or _joins(text, position, end)):
            found[-1] = (found[-1][0], end)
        else:
            in_word = _is_word(char)
            found.append((position, end))
        position = end
    return _cut(found, cuts)


def _cut(found: list[Bounds], cuts: Iterable[int]) -> list[Bounds]:
    edges = sorted(set(cuts))
    if not edges:
        return found
    result: list[Bounds] = []
    for start, end in found:
        first = bisect_right(edges, start)
        for edge in edges[first:]:
            if edge >= end:
                break
            result.append((start, edge))
            start = edge
        result.append((start, end))
    return result
