"""Krippendorff's unitizing alpha (alpha_u) over characters.

Krippendorff, "On the reliability of unitizing continuous data" (Sociological Methodology 25,
1995) and *Content Analysis*, 2nd ed. (2004), section 12.4: for one category ``c`` each coder's
continuum is cut into sections, units of ``c`` and the gaps between them (text the coder left
unlabelled or gave another label). Two coders' sections ``g`` and ``h`` that meet are
δ²-apart by

* both units of ``c`` that overlap: ``(b_g - b_h)² + (e_g - e_h)²``;
* a unit lying wholly inside a gap: the unit's length squared;
* anything else: 0.

The observed disagreement is ``D_o = Σ δ² / (m (m - 1) L²)`` over ordered pairs of coders, and
the expected one, over every way the same units could be placed in the same continuum,

    D_e = (2 / L) Σ_units [ (N_c - 1)(2l³ - 3l² + l) / 3 + l² Σ_{gaps ≥ l} (gap - l + 1) ]
          / ( mL (mL - 1) - Σ_units l (l - 1) )

with ``N_c`` the units of ``c`` of all coders together. ``alpha_c = 1 - D_o / D_e`` and over all
labels ``alpha_u = 1 - Σ_c D_o / Σ_c D_e``. Documents are joined end to end into one continuum
(``L`` is the sum of their lengths), but no section crosses a document's edge. A coder's
overlapping spans of one label are joined into one unit (the definition has none).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from annotator.core.agreement.coefficients import Estimate, undefined

#: ``(start, end, is a unit)``, the sections of one coder for one category, covering a document.
Section = tuple[int, int, bool]


def sections(units: Iterable[tuple[int, int]], length: int) -> list[Section]:
    """Units (joined where they overlap) and the gaps around them, covering ``[0, length)``."""
    joined: list[list[int]] = []
    for start, end in sorted(units):
        if joined and start < joined[-1][1]:
            joined[-1][1] = max(joined[-1][1], end)
        else:
            joined.append([start, end])
    result: list[Section] = []
    position = 0
    for start, end in joined:
        if start > position:
            result.append((position, start, False))
        result.append((start, end, True))
        position = end
    if position < length:
        result.append((position, length, False))
    return result


def pair_delta(a: Sequence[Section], b: Sequence[Section]) -> int:
    """Σ δ² over the pairs of sections of two coders that meet (each pair once)."""
    i = j = total = 0
    while i < len(a) and j < len(b):
        start_a, end_a, unit_a = a[i]
        start_b, end_b, unit_b = b[j]
        if unit_a and unit_b:
            total += (start_a - start_b) ** 2 + (end_a - end_b) ** 2
        elif unit_a and start_b <= start_a and end_a <= end_b:
            total += (end_a - start_a) ** 2
        elif unit_b and start_a <= start_b and end_b <= end_a:
            total += (end_b - start_b) ** 2
        if end_a <= end_b:
            i += 1
        if end_b <= end_a:
            j += 1
    return total


@dataclass(slots=True)
class CategoryTally:
    """One category's sums over a scope: ordered-pair δ², unit and gap lengths."""

    delta: int = 0
    units: dict[int, int] = field(default_factory=dict)
    gaps: dict[int, int] = field(default_factory=dict)

    def add_sections(self, found: Sequence[Section]) -> None:
        """Count one coder's sections."""
        for start, end, unit in found:
            bucket = self.units if unit else self.gaps
            bucket[end - start] = bucket.get(end - start, 0) + 1

    def merge(self, other: CategoryTally) -> None:
        """Add another tally's sums."""
        self.delta += other.delta
        for mine, theirs in ((self.units, other.units), (self.gaps, other.gaps)):
            for size, count in theirs.items():
                mine[size] = mine.get(size, 0) + count

    def disagreements(self, coders: int, length: int) -> tuple[float, float]:
        """``(D_o, D_e)`` for ``coders`` coders over a continuum of ``length``."""
        observed = self.delta / (coders * (coders - 1) * length * length)
        count = sum(self.units.values())
        sizes = sorted(self.gaps)
        # Gap counts and lengths from the longest down, so "gaps >= l" is a prefix.
        how_many = list(accumulate(self.gaps[s] for s in reversed(sizes)))
        how_long = list(accumulate(s * self.gaps[s] for s in reversed(sizes)))
        spread = 0
        squares = 0
        for size, times in self.units.items():
            placed = (count - 1) * (2 * size**3 - 3 * size**2 + size) // 3  # exact: l(l-1)(2l-1)/3
            k = len(sizes) - bisect_left(sizes, size)  # gaps at least as long as the unit
            if k:
                placed += size * size * (how_long[k - 1] - how_many[k - 1] * (size - 1))
            spread += times * placed
            squares += times * size * (size - 1)
        total = coders * length
        denominator = length * (total * (total - 1) - squares)
        return observed, (2 * spread / denominator if denominator else 0.0)


def alpha(tallies: Sequence[CategoryTally], coders: int, length: int) -> Estimate:
    """``1 - Σ D_o / Σ D_e`` over the given categories (one category: its alpha_c)."""
    if coders < 2 or length == 0:
        return undefined("fewer than two annotators or no text in common")
    observed = expected = 0.0
    for tally in tallies:
        d_o, d_e = tally.disagreements(coders, length)
        observed += d_o
        expected += d_e
    if expected == 0:
        if not any(tally.units for tally in tallies):
            return undefined("no annotator marked a unit of this kind, so nothing can disagree")
        return undefined("no unit could have been placed otherwise (expected disagreement is 0)")
    return Estimate(1.0 - observed / expected)
