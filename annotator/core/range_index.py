"""Fixed ranges asked "does any of you overlap [start, end)?", in one bisection.

Used wherever a page's spans, rejected ranges or suggestions (tens of thousands on a long page)
are checked against many candidates.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate


class RangeIndex:
    """Ranges ``[start, end)`` that may overlap one another.

    Sorted by start, with the running maximum of the ends: the ranges starting before a
    question's end overlap it iff the furthest of them reaches past its start.
    """

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self._ranges = sorted(ranges)
        self._reach = list(accumulate((end for _, end in self._ranges), max))

    def __bool__(self) -> bool:
        return bool(self._ranges)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any range overlaps ``[start, end)``."""
        before = bisect_left(self._ranges, (end, -1))
        return before > 0 and self._reach[before - 1] > start
