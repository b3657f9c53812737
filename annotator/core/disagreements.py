"""Where two annotators differ: a character-level label-confusion matrix and disagreement rows.

Both are made from the same machinery as the agreement figures (:mod:`annotator.core.agreement`):
the matrix counts the characters of each pair of categories over the segments
:func:`~annotator.core.agreement.layers.count_segments` cuts, so its diagonal is the observed
agreement Cohen's kappa starts from; disagreement rows pair spans by the same overlap sweep the
span matching uses. Pure Python, no Qt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from annotator.core.agreement.layers import NO_LABEL, Run, Units, count_segments, flatten
from annotator.core.agreement.spans import overlapping_pairs
from annotator.core.text import excerpt

#: The header of the "no label" row and column of a confusion matrix.
NO_LABEL_NAME = "No label"


class Kind(StrEnum):
    """How a disagreement row differs."""

    LABEL = "label differs"
    BOUNDS = "bounds differ"
    ONLY_A = "only a"
    ONLY_B = "only b"


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Overlapping spans of two annotators without an exact match, as one row.

    Attributes:
        document_id: The document.
        start: Where the first of the row's spans starts (code points).
        end: Where the last of them ends.
        label_a: The labels of ``a``'s spans in the row (", " between distinct ones), or None.
        label_b: The same for ``b``.
        kind: How they differ.
        excerpt: The text of ``[start, end)`` on one line, elided when long.
    """

    document_id: int
    start: int
    end: int
    label_a: str | None
    label_b: str | None
    kind: Kind
    excerpt: str


@dataclass(slots=True)
class ConfusionMatrix:
    """Characters per (a's category, b's category); categories are the labels, then no label.

    Attributes:
        categories: Row and column names: the label set in order, then :data:`NO_LABEL_NAME`.
        counts: ``counts[row][column]``: characters ``a`` gave the row's category and ``b``
            the column's.
    """

    categories: list[str]
    counts: list[list[int]]

    @classmethod
    def empty(cls, labels: Sequence[str]) -> ConfusionMatrix:
        """A matrix of zeros over ``labels`` and "no label"."""
        size = len(labels) + 1
        return cls([*labels, NO_LABEL_NAME], [[0] * size for _ in range(size)])

    @property
    def total(self) -> int:
        """All characters compared."""
        return sum(map(sum, self.counts))

    @property
    def agreed(self) -> int:
        """Characters both gave the same category (the diagonal)."""
        return sum(self.counts[i][i] for i in range(len(self.counts)))

    def cell(self, a: str, b: str) -> int:
        """Characters ``a`` gave category ``a`` and ``b`` category ``b`` (names as shown)."""
        return self.counts[self.categories.index(a)][self.categories.index(b)]

    def add_units(self, units: Units) -> None:
        """Add ``(code a, code b) -> characters`` (codes ``0`` no label, ``1 .. K`` labels)."""
        last = len(self.counts) - 1
        for (x, y), weight in units.items():
            row = last if x == NO_LABEL else x - 1
            column = last if y == NO_LABEL else y - 1
            self.counts[row][column] += weight


@dataclass(slots=True)
class PairComparison:
    """Confusion matrix and disagreement rows of two layers, fed one document at a time.

    Args:
        labels: The label set in order; span label codes ``1 .. K`` index it.
    """

    labels: Sequence[str]
    documents: int = 0
    matrix: ConfusionMatrix = field(init=False)
    disagreements: list[Disagreement] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.matrix = ConfusionMatrix.empty(self.labels)

    def add(self, document_id: int, text: str, a: Sequence[Run], b: Sequence[Run]) -> None:
        """Add one document both annotators have a layer in."""
        length = len(text)
        units: Units = {}
        count_segments(length, [flatten(a, length), flatten(b, length)], [], units, {})
        self.matrix.add_units(units)
        self.documents += 1
        for start, end, spans_a, spans_b in differing(a, b):
            self.disagreements.append(
                Disagreement(
                    document_id,
                    start,
                    end,
                    self._names(spans_a),
                    self._names(spans_b),
                    _kind(spans_a, spans_b),
                    excerpt(text[start:end]),
                )
            )

    def _names(self, spans: Sequence[Run]) -> str | None:
        codes = dict.fromkeys(code for _s, _e, code in spans)
        names = [self.labels[c - 1] if 1 <= c <= len(self.labels) else "?" for c in codes]
        return ", ".join(names) or None


def differing(a: Sequence[Run], b: Sequence[Run]) -> list[tuple[int, int, list[Run], list[Run]]]:
    """The spans without an exact match, overlapping ones of ``a`` and ``b`` grouped together.

    Exact matches (same start, end and label) are taken out one to one first. What remains
    is grouped by overlap between the layers: spans of ``a`` and ``b`` sharing a character
    are in one group, and so, transitively, is everything overlapping them.

    Returns:
        ``(start, end, a's spans, b's spans)`` per group, by start then end.
    """
    common = Counter(a) & Counter(b)
    left, right = _without(a, common), _without(b, common)
    parent = list(range(len(left) + len(right)))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, j in overlapping_pairs(left, right):
        parent[root(i)] = root(len(left) + j)
    groups: dict[int, tuple[list[Run], list[Run]]] = {}
    for node, span in enumerate([*left, *right]):
        side = groups.setdefault(root(node), ([], []))
        side[0 if node < len(left) else 1].append(span)
    rows = []
    for spans_a, spans_b in groups.values():
        both = spans_a + spans_b
        start, end = min(s for s, _e, _c in both), max(e for _s, e, _c in both)
        rows.append((start, end, sorted(spans_a), sorted(spans_b)))
    return sorted(rows, key=lambda row: (row[0], row[1]))


def _without(spans: Sequence[Run], matched: Counter[Run]) -> list[Run]:
    """``spans`` less each matched span once per match."""
    left = Counter(matched)
    kept = []
    for span in spans:
        if left[span]:
            left[span] -= 1
        else:
            kept.append(span)
    return kept


def _kind(spans_a: Sequence[Run], spans_b: Sequence[Run]) -> Kind:
    if not spans_b:
        return Kind.ONLY_A
    if not spans_a:
        return Kind.ONLY_B
    same = {c for _s, _e, c in spans_a} == {c for _s, _e, c in spans_b}
    return Kind.BOUNDS if same else Kind.LABEL


__all__ = [
    "NO_LABEL_NAME",
    "ConfusionMatrix",
    "Disagreement",
    "Kind",
    "PairComparison",
    "differing",
]
