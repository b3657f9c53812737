"""Span-level matching of two layers: exact (same start, end, label) and by overlap.

Overlap matching pairs spans of the same label whose ranges share at least one character,
one to one, greedily: the pair sharing the most characters first, ties by the earlier start
in the reference layer, then in the other. Layer ``a`` is the reference (recall counts its
spans), ``b`` the prediction (precision counts its spans); F1 is the same either way round.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.core.agreement.coefficients import Estimate, undefined
from annotator.core.agreement.layers import Run


@dataclass(slots=True)
class MatchCounts:
    """Spans of each layer and matches, one label or all."""

    spans_a: int = 0
    spans_b: int = 0
    exact: int = 0
    overlap: int = 0

    def add(self, other: MatchCounts) -> None:
        """Add another document's (or label's) counts."""
        self.spans_a += other.spans_a
        self.spans_b += other.spans_b
        self.exact += other.exact
        self.overlap += other.overlap


@dataclass(slots=True)
class SpanTally:
    """Match counts per label code, summed over documents."""

    per_label: dict[int, MatchCounts] = field(default_factory=dict)

    def add_document(self, a: Sequence[Run], b: Sequence[Run]) -> None:
        """Match one document's spans of two layers, label by label."""
        by_label: dict[int, tuple[list[Run], list[Run]]] = {}
        for span in a:
            by_label.setdefault(span[2], ([], []))[0].append(span)
        for span in b:
            by_label.setdefault(span[2], ([], []))[1].append(span)
        for label, (mine, theirs) in by_label.items():
            counts = self.per_label.setdefault(label, MatchCounts())
            counts.spans_a += len(mine)
            counts.spans_b += len(theirs)
            counts.exact += sum((Counter(mine) & Counter(theirs)).values())
            counts.overlap += overlap_matches(mine, theirs)

    def total(self) -> MatchCounts:
        """All labels together."""
        total = MatchCounts()
        for counts in self.per_label.values():
            total.add(counts)
        return total


def overlap_matches(a: Sequence[Run], b: Sequence[Run]) -> int:
    """How many one-to-one overlap matches the greedy rule finds between two span lists."""
    candidates: list[tuple[int, int, int, int, int]] = []
    for i, j in overlapping_pairs(a, b):
        shared = min(a[i][1], b[j][1]) - max(a[i][0], b[j][0])
        candidates.append((-shared, a[i][0], b[j][0], i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    for _shared, _sa, _sb, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    return len(used_a)


def overlapping_pairs(a: Sequence[Run], b: Sequence[Run]) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)`` whose ranges intersect, by one sweep over both sorted lists."""
    events = sorted(
        [(span[0], 0, index) for index, span in enumerate(a)]
        + [(span[0], 1, index) for index, span in enumerate(b)]
    )
    active: tuple[list[int], list[int]] = ([], [])
    layers = (a, b)
    pairs: list[tuple[int, int]] = []
    for start, side, index in events:
        other = 1 - side
        # Drop the other side's spans that ended at or before this start, then pair.
        active[other][:] = [k for k in active[other] if layers[other][k][1] > start]
        for k in active[other]:
            pairs.append((index, k) if side == 0 else (k, index))
        active[side].append(index)
    return pairs


def scores(counts: MatchCounts, matched: int) -> tuple[Estimate, Estimate, Estimate]:
    """Precision, recall and F1 of ``matched`` spans (``a`` reference, ``b`` prediction)."""
    precision = (
        Estimate(matched / counts.spans_b) if counts.spans_b else undefined("b has no spans")
    )
    recall = Estimate(matched / counts.spans_a) if counts.spans_a else undefined("a has no spans")
    both = counts.spans_a + counts.spans_b
    f1 = Estimate(2 * matched / both) if both else undefined("neither layer has spans")
    return precision, recall, f1
