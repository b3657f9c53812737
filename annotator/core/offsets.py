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

    The text is scanned for astral characters and CRLF pairs lazily, a chunk at a time, only
    as far as conversions need: showing the top of a long page scans its first chunk, not
    megabytes. Each conversion is then ``O(log n)`` in the number of astral characters and CRLF
    pairs scanned so far.

    Args:
        text: The text exactly as it was given to ``setPlainText``.
        chunk: How many code points each scanning step covers (small values are for tests).
    """

    __slots__ = (
        "_astral",
        "_break_cp",
        "_break_qt",
        "_chunk",
        "_crlf",
        "_delta",
        "_length",
        "_scanned",
        "_text",
    )

    def __init__(self, text: str, *, chunk: int = 1 << 16) -> None:
        self._text = text
        self._length = len(text)
        self._chunk = max(1, chunk)
        #: Every astral character and CRLF pair before this code point is in the lists below.
        self._scanned = 0
        # Code-point indices of astral characters (two UTF-16 units each) and of the "\n" of
        # every CRLF pair (zero positions: the pair collapses into one block separator).
        self._astral: list[int] = []
        self._crlf: list[int] = []
        # For Qt -> code points: Qt position minus code-point offset is constant between
        # breakpoints (just after each astral character or CRLF pair). Keep each stretch's
        # first code point, its first Qt position and that difference.
        self._break_cp = [0]
        self._delta = [0]
        self._break_qt = [0]

    def _scan_to(self, offset: int) -> None:
        """Scan on, chunk by chunk, until everything before code point ``offset`` is known."""
        text, limit = self._text, min(offset, self._length)
        while self._scanned < limit:
            start = self._scanned
            stop = min(self._length, start + self._chunk)
            astral = [m.start() for m in _ASTRAL.finditer(text, start, stop)]
            # From one character back: a pair whose "\r" ended the previous chunk.
            crlf = [m.start() + 1 for m in _CRLF.finditer(text, max(start - 1, 0), stop)]
            self._astral += astral
            self._crlf += crlf
            events = sorted([(a + 1, 1) for a in astral] + [(c + 1, -1) for c in crlf])
            for cp, change in events:
                if cp == self._break_cp[-1]:
                    self._delta[-1] += change
                    self._break_qt[-1] = cp + self._delta[-1]
                else:
                    self._break_cp.append(cp)
                    self._delta.append(self._delta[-1] + change)
                    self._break_qt.append(cp + self._delta[-1])
            self._scanned = stop

    def _qt_scanned(self) -> int:
        """The Qt position of the first code point not scanned yet."""
        return self._scanned + len(self._astral) - len(self._crlf)

    @property
    def qt_length(self) -> int:
        """Length of the text in Qt positions (scans the whole text)."""
        self._scan_to(self._length)
        return self._qt_scanned()

    @property
    def length(self) -> int:
        """Length of the text in code points."""
        return self._length

    @property
    def is_identity(self) -> bool:
        """True when code points and Qt positions coincide for this text (scans it all)."""
        self._scan_to(self._length)
        return not self._astral and not self._crlf

    def to_qt(self, offset: int) -> int:
        """Convert a code-point offset (clamped to the text) to a Qt position."""
        offset = min(max(offset, 0), self._length)
        self._scan_to(offset)
        return offset + bisect_left(self._astral, offset) - bisect_left(self._crlf, offset)

    def from_qt(self, position: int, *, forward: bool = False) -> int:
        """Convert a Qt position to a code-point offset.

        A position that falls inside a surrogate pair snaps backward to the start of that
        character, or forward past it when ``forward`` is true (use that for the end of a range
        so the range keeps the whole character). The result never splits a CRLF pair.
        """
        position = max(position, 0)
        while self._scanned < self._length and self._qt_scanned() <= position:
            self._scan_to(self._scanned + 1)
        if self._scanned >= self._length:
            position = min(position, self._qt_scanned())
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
