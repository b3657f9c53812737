"""Chance-corrected coefficients over weighted units: Cohen's kappa, Krippendorff's alpha, Fleiss.

A unit is a tuple of categories, one per annotator (``-1`` where the annotator gave none),
and its weight is how many characters (or tokens) share that tuple. Every figure is the one
the textbook formula gives over the expanded sequence; the weights only save expanding it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from annotator.core.agreement.layers import MISSING, Units

ONE_CATEGORY = "only one category occurs, so chance agreement is total and the figure undefined"


@dataclass(frozen=True, slots=True)
class Estimate:
    """A figure, or NaN with the reason it has no value."""

    value: float
    note: str | None = None


def undefined(reason: str) -> Estimate:
    """A figure without a value."""
    return Estimate(math.nan, reason)


def pair_table(units: Mapping[tuple[int, ...], int], a: int, b: int) -> Units:
    """The units of two annotators, where both have a category."""
    table: Units = {}
    for key, weight in units.items():
        x, y = key[a], key[b]
        if x != MISSING and y != MISSING:
            table[(x, y)] = table.get((x, y), 0) + weight
    return table


def binary(units: Mapping[tuple[int, ...], int], category: int) -> Units:
    """The units as "this category" (1) against everything else (0); missing stays missing."""
    table: Units = {}
    for key, weight in units.items():
        mapped = tuple(MISSING if c == MISSING else int(c == category) for c in key)
        table[mapped] = table.get(mapped, 0) + weight
    return table


def cohen_kappa(table: Mapping[tuple[int, ...], int]) -> Estimate:
    """Cohen's kappa of two annotators from ``(category a, category b) -> weight``."""
    total = sum(table.values())
    if total == 0:
        return undefined("no units in common")
    rows: dict[int, int] = {}
    columns: dict[int, int] = {}
    agreed = 0
    for (x, y), weight in table.items():
        rows[x] = rows.get(x, 0) + weight
        columns[y] = columns.get(y, 0) + weight
        if x == y:
            agreed += weight
    chance = sum(count * columns.get(c, 0) for c, count in rows.items())
    if chance == total * total:
        return undefined(ONE_CATEGORY)
    # (p_o - p_e) / (1 - p_e), multiplied through by total² to stay in integers until here.
    return Estimate((agreed * total - chance) / (total * total - chance))


def krippendorff_alpha(units: Mapping[tuple[int, ...], int]) -> Estimate:
    """Krippendorff's alpha (nominal) from category tuples; units with one value are unpairable."""
    matches = 0.0  # sum over c of o_cc
    values: dict[int, float] = {}  # n_c
    for key, weight in units.items():
        present = [c for c in key if c != MISSING]
        m = len(present)
        if m < 2:
            continue
        counts: dict[int, int] = {}
        for c in present:
            counts[c] = counts.get(c, 0) + 1
        for c, n in counts.items():
            values[c] = values.get(c, 0) + weight * n
            matches += weight * n * (n - 1) / (m - 1)
    total = math.fsum(values.values())
    if total == 0:
        return undefined("no unit has values from two annotators")
    spread = total * total - math.fsum(v * v for v in values.values())
    if spread == 0:
        return undefined(ONE_CATEGORY)
    # 1 - D_o / D_e with D_o = (n - sum o_cc) / n and D_e = (n² - sum n_c²) / (n (n - 1)).
    return Estimate(1.0 - (total - 1) * (total - matches) / spread)


def fleiss_kappa(units: Mapping[tuple[int, ...], int]) -> Estimate:
    """Fleiss' kappa over the units every annotator coded (Fleiss 1971)."""
    total = 0
    agreement = 0.0  # sum of weight * P_i
    shares: dict[int, int] = {}
    raters = 0
    for key, weight in units.items():
        if MISSING in key:
            continue
        raters = len(key)
        counts: dict[int, int] = {}
        for c in key:
            counts[c] = counts.get(c, 0) + 1
        for c, n in counts.items():
            shares[c] = shares.get(c, 0) + weight * n
        agreement += weight * sum(n * (n - 1) for n in counts.values())
        total += weight
    if total == 0 or raters < 2:
        return undefined("no unit was coded by every annotator")
    observed = agreement / (total * raters * (raters - 1))
    chance = math.fsum((s / (total * raters)) ** 2 for s in shares.values())
    if chance >= 1.0:
        return undefined(ONE_CATEGORY)
    return Estimate((observed - chance) / (1.0 - chance))
