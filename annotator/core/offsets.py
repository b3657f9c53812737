"""Conversion between stored code-point offsets and Qt text positions.

Everything outside the Qt widgets counts offsets in Python code points, ``[start, end)`` into the
stored document text. A ``QTextDocument`` counts something else:

* UTF-16 code units, so every astral character (emoji, flags, astral CJK) takes two positions;
* one block separator for ``\\r\\n``, so a CRLF pair takes one position instead of two.

Lone ``\\r``, ``\\n``, U+2028, U+2029, U+FDD0/U+FDD1, tabs and form feeds each keep one position.
This module is the only place that knows these rules. It never imports Qt.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CRLF = re.compile("\r\n")


def utf16_length(text: str) -> int:
    """Return how many UTF-16 code units ``text`` takes."""
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text))


class QtOffsetMap:
    """Maps code-point offsets of one text to Qt document positions and back.

    Building the map costs one regex scan; each conversion is ``O(log n)`` in the number of
    astral characters and CRLF pairs, and ``O(1)`` for texts that have neither.

    Args:
        text: The text exactly as it was given to ``setPlainText``.
    """

    __slots__ = ("_astral", "_break_cp", "_break_qt", "_crlf", "_delta", "_length", "qt_length")

    def __init__(self, text: str) -> None:
        self._length = len(text)
        # Code-point indices of astral characters (two UTF-16 units each) and of the "\n" of
        # every CRLF pair (zero positions: the pair collapses into one block separator).
        self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        self._crlf = [m.start() + 1 for m in _CRLF.finditer(text)]
        self.qt_length = self._length + len(self._astral) - len(self._crlf)
        # For Qt -> code points: Qt position minus code-point offset is constant between
        # breakpoints (just after each astral character or CRLF pair). Keep each stretch's
        # first code point, its first Qt position and that difference.
        events = sorted([(a + 1, 1) for a in self._astral] + [(c + 1, -1) for c in self._crlf])
        self._break_cp = [0]
        self._delta = [0]
        for cp, change in events:
            if cp == self._break_cp[-1]:
                self._delta[-1] += change
            else:
                self._break_cp.append(cp)
                self._delta.append(self._delta[-1] + change)
        self._break_qt = [cp + delta for cp, delta in zip(self._break_cp, self._delta, strict=True)]

    @property
    def length(self) -> int:
        """Length of the text in code points."""
        return self._length

    @property
    def is_identity(self) -> bool:
        """True when code points and Qt positions coincide for this text."""
        return not self._astral and not self._crlf

    def to_qt(self, offset: int) -> int:
        """Convert a code-point offset (clamped to the text) to a Qt position."""
        offset = min(max(offset, 0), self._length)
        if self.is_identity:
            return offset
        return offset + bisect_left(self._astral, offset) - bisect_left(self._crlf, offset)

    def from_qt(self, position: int, *, forward: bool = False) -> int:
        """Convert a Qt position to a code-point offset.

        A position that falls inside a surrogate pair snaps backward to the start of that
        character, or forward past it when ``forward`` is true (use that for the end of a range
        so the range keeps the whole character). The result never splits a CRLF pair.
        """
        position = min(max(position, 0), self.qt_length)
        if self.is_identity:
            return position
        stretch = bisect_right(self._break_qt, position) - 1
        offset = position - self._delta[stretch]
        if stretch + 1 < len(self._break_cp) and offset >= self._break_cp[stretch + 1]:
            offset = self._break_cp[stretch + 1] - 1  # inside a surrogate pair: its start
        if forward and self.to_qt(offset) < position:
            offset += 1
        return min(offset, self._length)

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        """Convert a code-point range to a Qt position range."""
        return self.to_qt(start), self.to_qt(end)

    def range_from_qt(self, start: int, end: int) -> tuple[int, int]:
        """Convert a Qt position range to the smallest code-point range that covers it."""
        lo, hi = sorted((start, end))
        return self.from_qt(lo), self.from_qt(hi, forward=True)
