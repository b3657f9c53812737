"""From spans to runs: one category per character per annotator, counted over segments.

A category is a label code (``1`` .. ``K``, in label-set order) or ``0`` for "no label";
``-1`` stands for an annotator who has no layer in a document (``--documents all``). Work
is done on runs, never characters: every annotator's span boundaries in a document are merged
into segments within which each annotator's category is constant, and each distinct tuple of
categories is counted with the number of characters (and of token starts) it covers.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections.abc import Sequence
from itertools import pairwise
from operator import itemgetter

#: ``(start, end, category)``: a span, or a run of one category, in code points.
Run = tuple[int, int, int]
#: Each annotator's category (or -1), in annotator order, mapped to a weight.
Units = dict[tuple[int, ...], int]

NO_LABEL = 0
MISSING = -1
_TOKEN = re.compile(r"\S+")


def token_starts(text: str) -> list[int]:
    """Where each whitespace-separated token starts (white space as ``str.isspace`` sees it)."""
    return [match.start() for match in _TOKEN.finditer(text)]


def flatten(spans: Sequence[Run], length: int) -> list[Run]:
    """One annotator's spans as disjoint runs, sorted, clipped to ``[0, length)``.

    Where spans overlap, each character takes the category of the innermost span covering
    it: the shortest; between spans of equal length the one starting first; between equal
    ranges the label earlier in the label set.
    """
    ordered = sorted((s, min(e, length), c) for s, e, c in spans if s < min(e, length))
    reach = -1
    for start, end, _category in ordered:
        if start < reach:
            return _innermost(ordered)
        reach = end
    return ordered


def _innermost(ordered: list[Run]) -> list[Run]:
    """The overlap rule by sweep: a heap of the spans covering the current point, shortest first."""
    bounds = sorted({p for start, end, _c in ordered for p in (start, end)})
    heap: list[tuple[int, int, int, int]] = []
    runs: list[Run] = []
    index = 0
    for position, following in pairwise(bounds):
        while index < len(ordered) and ordered[index][0] == position:
            start, end, category = ordered[index]
            heapq.heappush(heap, (end - start, start, category, end))
            index += 1
        while heap and heap[0][3] <= position:
            heapq.heappop(heap)
        if not heap:
            continue
        category = heap[0][2]
        if runs and runs[-1][1] == position and runs[-1][2] == category:
            runs[-1] = (runs[-1][0], following, category)
        else:
            runs.append((position, following, category))
    return runs


def _changes(runs: list[Run], who: int) -> list[tuple[int, int, int]]:
    """``(position, annotator, category from there on)``, one per position at most."""
    changes: list[tuple[int, int, int]] = []
    for start, end, category in runs:
        if changes and changes[-1][0] == start:
            changes[-1] = (start, who, category)  # a run that starts where the last one ended
        else:
            changes.append((start, who, category))
        changes.append((end, who, NO_LABEL))
    return changes


def count_segments(
    length: int,
    layers: Sequence[list[Run] | None],
    starts: Sequence[int],
    chars: Units,
    tokens: Units,
) -> None:
    """Add one document's characters and tokens to ``chars`` and ``tokens``.

    Args:
        length: The document's length in code points.
        layers: Per annotator, flattened runs (see :func:`flatten`), or None when the
            annotator has no layer in this document.
        starts: Sorted token start positions (see :func:`token_starts`).
        chars: Category tuple -> characters, updated in place.
        tokens: Category tuple -> tokens (by the category of their first character).
    """
    events: list[tuple[int, int, int]] = []
    for who, runs in enumerate(layers):
        if runs:
            events.extend(_changes(runs, who))
    events.sort(key=itemgetter(0))  # stable: one annotator has one change per position
    current = [NO_LABEL if runs is not None else MISSING for runs in layers]
    last = token = 0
    events.append((length, -1, NO_LABEL))
    for position, who, category in events:
        if position != last:
            key = tuple(current)
            chars[key] = chars.get(key, 0) + position - last
            following = bisect_left(starts, position, token)
            if following > token:
                tokens[key] = tokens.get(key, 0) + following - token
                token = following
            last = position
        if who >= 0:
            current[who] = category
