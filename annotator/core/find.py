"""Finding a query in a text, with offsets in code points of that text.

Case-insensitive matching runs ``re`` with ``IGNORECASE`` on the original text. Searching a
``casefold()``-ed copy instead would shift every later offset wherever folding changes a
character's length ("ß" becomes "ss", "İ" becomes "i̇"). ``re`` compares one code point with
one code point, so a hit always covers exactly as many characters as the text it matched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from annotator.errors import AnnotatorError

#: At most this many hits are returned for one text.
MAX_HITS = 10_000

_WHITESPACE = re.compile(r"\s+")


class PatternError(AnnotatorError):
    """A regular expression that does not compile; the message is shown as is."""


@dataclass(frozen=True, slots=True)
class Matcher:
    """A compiled query: where it matches in any text.

    Attributes:
        pattern: The compiled expression (an escaped literal unless the query was a regex).
        whole_words: Reject hits that start or end inside a word.
    """

    pattern: re.Pattern[str]
    whole_words: bool = False

    def hits(self, text: str) -> Iterator[tuple[int, int]]:
        """Yield the non-empty, non-overlapping hits in ``text`` as ``(start, end)``."""
        if not self.whole_words:
            for match in self.pattern.finditer(text):
                start, end = match.span()
                if start != end:  # a regex like "x*" also matches nothing, everywhere
                    yield start, end
            return
        # A rejected hit may hide an acceptable one that overlaps it ("a-a" in "xa-a-a"), so
        # the search resumes one character after a rejected start, not after its end.
        position = 0
        search = self.pattern.search
        while (found := search(text, position)) is not None:
            start, end = found.span()
            if start != end and is_whole_word(text, start, end):
                yield start, end
                position = end
            else:
                position = start + 1


def compile_query(
    query: str, *, case_sensitive: bool = False, whole_words: bool = False, regex: bool = False
) -> Matcher | None:
    """Compile a query once, to run it over many texts.

    Returns:
        The matcher, or None for an empty query (which finds nothing).

    Raises:
        PatternError: ``regex`` is set and ``query`` is not a valid regular expression.
    """
    if not query:
        return None
    flags = 0 if case_sensitive else re.IGNORECASE
    if not regex:
        return Matcher(re.compile(re.escape(query), flags), whole_words)
    try:
        return Matcher(re.compile(query, flags | re.MULTILINE), whole_words)
    except re.error as error:
        where = f" (at character {error.pos + 1})" if error.pos is not None else ""
        raise PatternError(f"Invalid pattern: {error.msg}{where}") from error


def find_all(
    text: str,
    query: str,
    *,
    case_sensitive: bool = False,
    whole_words: bool = False,
    regex: bool = False,
    limit: int = MAX_HITS,
) -> list[tuple[int, int]]:
    """Every hit of ``query`` in ``text`` as code-point ranges ``[start, end)``, in order.

    Args:
        text: The text to search.
        query: Literal text, or a regular expression when ``regex`` is set; empty finds nothing.
        case_sensitive: Match letter case exactly.
        whole_words: Skip hits that start or end inside a word.
        regex: Treat ``query`` as a Python regular expression (``^`` and ``$`` match at lines).
        limit: Stop after this many hits.

    Raises:
        PatternError: ``query`` is not a valid regular expression.
    """
    matcher = compile_query(
        query, case_sensitive=case_sensitive, whole_words=whole_words, regex=regex
    )
    if matcher is None:
        return []
    return list(islice(matcher.hits(text), limit))


def _is_word_char(char: str) -> bool:
    # Combining marks belong to the letter before them: "cafe" is not a whole word of
    # "cafe\u0301", although re's own \b thinks so.
    return char.isalnum() or char == "_" or unicodedata.category(char)[0] == "M"


def is_whole_word(text: str, start: int, end: int) -> bool:
    """True unless ``[start, end)`` begins or ends in the middle of a word."""
    if start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        return False
    return not (end < len(text) and _is_word_char(text[end - 1]) and _is_word_char(text[end]))


def _fold_whitespace(text: str) -> str:
    return _WHITESPACE.sub(" ", text)


def hit_context(
    text: str, start: int, end: int, *, radius: int = 40, hit_limit: int = 120
) -> tuple[str, int, int]:
    """A one-line excerpt around a hit, for result lists.

    White space runs (newlines included) become one space and long sides are elided with "…".

    Returns:
        The excerpt and where the hit lies in it, as ``(excerpt, hit_start, hit_end)``.
    """
    before = _fold_whitespace(text[max(0, start - radius) : start]).lstrip()
    if start > radius:
        before = "…" + before
    hit = _fold_whitespace(text[start:end])
    if len(hit) > hit_limit:
        hit = hit[: hit_limit - 1] + "…"
    after = _fold_whitespace(text[end : end + radius]).rstrip()
    if end + radius < len(text):
        after += "…"
    return before + hit + after, len(before), len(before) + len(hit)
