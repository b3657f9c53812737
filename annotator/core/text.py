"""Text rules: the newline policy and how a selection becomes a span."""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Callable

from annotator.core.tokens import is_extender, is_regional_indicator

#: Newline policy: on import, "\r\n" and lone "\r" become "\n". Offsets that came with the text
#: are shifted to match. Nothing else is changed: U+2028, U+2029, tabs and form feeds stay.
NEWLINE_POLICY = "lf"

_ZWJ = "\u200d"


def normalize_newlines(raw: str) -> tuple[str, Callable[[int], int]]:
    """Apply the newline policy.

    Returns:
        The normalised text and a function that maps a code-point offset into ``raw`` to the
        matching offset in the normalised text. An offset between "\\r" and "\\n" maps to the
        position of the resulting "\\n".
    """
    if "\r" not in raw:
        return raw, _identity
    removed: list[int] = []  # indices of each "\r" that is dropped because "\n" follows
    start = raw.find("\r\n")
    while start != -1:
        removed.append(start)
        start = raw.find("\r\n", start + 2)
    text = raw.replace("\r\n", "\n").replace("\r", "\n")

    def shift(offset: int) -> int:
        return offset - bisect_left(removed, offset)

    return text, shift


def _identity(offset: int) -> int:
    return offset


def _is_word_char(char: str) -> bool:
    if char.isalnum() or char in "_'’" or char == _ZWJ:
        return True
    return unicodedata.category(char) in ("Mn", "Mc", "Me")


def trim_selection(
    text: str, start: int, end: int, *, snap_to_words: bool = True
) -> tuple[int, int] | None:
    """Turn a selection into span bounds.

    Surrounding white space is trimmed. With ``snap_to_words`` the bounds then grow outward to
    whole words. The end always grows to a grapheme boundary so a span never splits an emoji or
    a letter from its combining marks. Returns ``None`` when nothing but white space is selected.
    """
    start, end = (min(max(bound, 0), len(text)) for bound in sorted((start, end)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    if snap_to_words:
        while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
            start -= 1
        while end < len(text) and _is_word_char(text[end - 1]) and _is_word_char(text[end]):
            end += 1
        while start > 0 and _is_word_char(text[start - 1]) and is_extender(text[start]):
            start -= 1
    if end < len(text) and is_regional_indicator(text[end]):
        run = 0  # regional indicators pair up into flags from the start of their run
        while run < end and is_regional_indicator(text[end - run - 1]):
            run += 1
        end += run % 2
    while end < len(text) and (is_extender(text[end]) or text[end - 1] == _ZWJ):
        end += 1
    return start, end


def excerpt(text: str, limit: int = 80) -> str:
    """A one-line excerpt of ``text`` for lists: white space folded, long text elided."""
    folded = " ".join(text.split())
    return folded if len(folded) <= limit else folded[: limit - 1].rstrip() + "…"
