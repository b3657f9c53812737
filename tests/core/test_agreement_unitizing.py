"""Krippendorff's unitizing alpha: published worked examples, a slow reading of the formulas,
and the limits every definition of it must respect."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import DocumentLayers, compute_agreement
from annotator.core.agreement.unitizing import CategoryTally, pair_delta, sections

Layer = list[tuple[int, int, int]]


def agreement(layers: list[Layer], length: int, labels: list[str]) -> dict[str, Any]:
    names = [f"c{i}" for i in range(len(layers))]
    document = DocumentLayers("x" * length, dict(enumerate(layers)))
    return compute_agreement(names, labels, [document]).as_json()


# Krippendorff, Content Analysis, 2nd ed. (2004), p. 254: continuum 150-450, two coders,
# categories c and k (shifted here to start at 0). Coder i's k unit [180, 240) overlaps
# its c unit [225, 295): units of different categories may overlap.
C, K = 1, 2
CODER_I: Layer = [(225, 295, C), (370, 400, C), (180, 240, K), (300, 350, K)]
CODER_J: Layer = [(220, 300, C), (355, 375, C), (400, 420, C), (180, 240, K), (300, 350, K)]


def shifted(layer: Layer) -> Layer:
    return [(s - 150, e - 150, c) for s, e, c in layer]


def test_krippendorff_2004_example_matches_the_printed_figures() -> None:
    tallies = []
    for category in (C, K):
        tally = CategoryTally()
        cuts = [
            sections([(s, e) for s, e, c in shifted(layer) if c == category], 300)
            for layer in (CODER_I, CODER_J)
        ]
        for cut in cuts:
            tally.add_sections(cut)
        tally.delta = 2 * pair_delta(cuts[0], cuts[1])
        tallies.append(tally)
    (c_observed, c_expected), (k_observed, k_expected) = (t.disagreements(2, 300) for t in tallies)
    # As printed (four decimals).
    assert (round(c_observed, 4), round(c_expected, 4)) == (0.0144, 0.0532)
    assert (round(k_observed, 4), round(k_expected, 4)) == (0.0, 0.0490)
    # By hand from the same data: D_o = 2 (50 + 850 + 400) / (2 * 300²); D_e sums
    # (N_c - 1)(2l³ - 3l² + l)/3 = 2,342,960 and l² Σ (gap - l + 1) = 424,200 over the
    # units of c, times 2/L, over mL(mL - 1) - Σ l(l - 1) = 359,400 - 12,780.
    assert c_observed == pytest.approx(float(Fraction(2600, 180_000)), abs=1e-15)
    exact_expected = Fraction(2 * 2_767_160, 300) / 346_620
    assert c_expected == pytest.approx(float(exact_expected), abs=1e-15)

    result = agreement([shifted(CODER_I), shifted(CODER_J)], 300, ["c", "k"])
    assert round(result["per_label"]["c"]["char_alpha_u"], 4) == 0.7286
    assert result["per_label"]["c"]["char_alpha_u"] == pytest.approx(
        float(1 - Fraction(2600, 180_000) / exact_expected), abs=1e-12
    )
    assert result["per_label"]["k"]["char_alpha_u"] == 1.0
    # Over both labels, 1 - (D_o,c + D_o,k) / (D_e,c + D_e,k).
    overall = 1 - (c_observed + k_observed) / (c_expected + k_expected)
    assert result["char_alpha_u"] == pytest.approx(overall, abs=1e-12)
    assert result["char_alpha_u"] == pytest.approx(0.8587, abs=5e-5)
    assert result["pairs"][0]["char_alpha_u"] == result["char_alpha_u"]


# Krippendorff (1995), p. 57: four pairs of coders, one category, a continuum of 24.
EXAMPLES_1995 = {
    "A": ([(2, 8), (14, 6)], [(4, 4), (15, 2)], 0.03125, 0.553),
    "B": ([(0, 18)], [(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)], 2.26736, -0.926),
    "C": (
        [(2, 6), (10, 2), (14, 4), (20, 2)],
        [(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)],
        0.02777,
        0.679,
    ),
    "D": (
        [(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)],
        [(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)],
        0.38715,
        0.066,
    ),
}


@pytest.mark.parametrize("name", sorted(EXAMPLES_1995))
def test_krippendorff_1995_examples(name: str) -> None:
    first, second, observed, published_alpha = EXAMPLES_1995[name]

    def cut(units: list[tuple[int, int]], stretch: int) -> list[tuple[int, int, bool]]:
        return sections([(b * stretch, (b + n) * stretch) for b, n in units], 24 * stretch)

    # The observed disagreement for the data as given, to the five decimals quoted.
    tally = CategoryTally(delta=2 * pair_delta(cut(first, 1), cut(second, 1)))
    assert tally.disagreements(2, 24)[0] == pytest.approx(observed, abs=1e-5)
    # The paper's alphas treat the continuum as continuous; a thousandfold finer grid is
    # that limit. They agree to 0.015 (C is the farthest off: the paper's D_e is slightly
    # different from the 2004 formula, as DKPro Statistics' tests of it also note).
    layers = [[(b * 1000, (b + n) * 1000, 1) for b, n in units] for units in (first, second)]
    result = agreement(layers, 24_000, ["X"])
    assert result["char_alpha_u"] == pytest.approx(published_alpha, abs=0.015)


def test_adjacent_units_stay_two_units_and_overlapping_ones_join() -> None:
    assert sections([(0, 2), (2, 5)], 6) == [(0, 2, True), (2, 5, True), (5, 6, False)]
    assert sections([(0, 3), (2, 5)], 6) == [(0, 5, True), (5, 6, False)]
    assert sections([], 4) == [(0, 4, False)]


def slow_delta(a: list[tuple[int, int, bool]], b: list[tuple[int, int, bool]]) -> int:
    """Every pair of sections, the three cases of the definition written out."""
    total = 0
    for sa, ea, ua in a:
        for sb, eb, ub in b:
            if ua and ub and sa < eb and sb < ea:
                total += (sa - sb) ** 2 + (ea - eb) ** 2
            elif ua and not ub and sb <= sa and ea <= eb:
                total += (ea - sa) ** 2
            elif ub and not ua and sa <= sb and eb <= ea:
                total += (eb - sb) ** 2
    return total


def slow_expected(cuts: list[list[tuple[int, int, bool]]], length: int) -> Fraction:
    units = [e - s for cut in cuts for s, e, u in cut if u]
    gaps = [e - s for cut in cuts for s, e, u in cut if not u]
    m = len(cuts)
    spread = sum(
        Fraction(len(units) - 1, 3) * (2 * n**3 - 3 * n**2 + n)
        + n * n * sum(g - n + 1 for g in gaps if g >= n)
        for n in units
    )
    return (
        Fraction(2, length)
        * spread
        / (m * length * (m * length - 1) - sum(n * (n - 1) for n in units))
    )


@st.composite
def unitizations(draw: st.DrawFn) -> tuple[int, list[list[tuple[int, int]]]]:
    length = draw(st.integers(1, 30))
    coders = []
    for _ in range(draw(st.integers(2, 4))):
        units = []
        for _ in range(draw(st.integers(0, 4))):
            start = draw(st.integers(0, length - 1))
            units.append((start, draw(st.integers(start + 1, length))))
        coders.append(units)
    return length, coders


@settings(max_examples=200, deadline=None)
@given(unitizations())
def test_fast_sums_equal_the_formulas_written_out(
    case: tuple[int, list[list[tuple[int, int]]]],
) -> None:
    length, coders = case
    cuts = [sections(units, length) for units in coders]
    tally = CategoryTally()
    for i, cut in enumerate(cuts):
        tally.add_sections(cut)
        for other in cuts[i + 1 :]:
            assert pair_delta(cut, other) == slow_delta(cut, other) == slow_delta(other, cut)
            tally.delta += 2 * pair_delta(cut, other)
    observed, expected = tally.disagreements(len(cuts), length)
    m = len(cuts)
    assert observed == pytest.approx(tally.delta / (m * (m - 1) * length**2), abs=1e-12)
    assert expected == pytest.approx(float(slow_expected(cuts, length)), abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(unitizations())
def test_limits_identical_coders_agree_perfectly_and_order_does_not_matter(
    case: tuple[int, list[list[tuple[int, int]]]],
) -> None:
    length, coders = case
    layers = [[(s, e, 1) for s, e in units] for units in coders]
    same = agreement([layers[0], layers[0]], length, ["X"])
    if same["char_alpha_u"] is None:
        # Only when nothing could have been otherwise: no units, or one-character units
        # tiling the whole continuum (D_e is then 0).
        cut = sections([(s, e) for s, e, _c in layers[0]], length)
        assert not layers[0] or all(unit and e - s == 1 for s, e, unit in cut)
        assert same["notes"]["char_alpha_u"]
    else:
        assert same["char_alpha_u"] == 1.0
    forward = agreement(layers, length, ["X"])
    backward = agreement(layers[::-1], length, ["X"])
    assert forward["char_alpha_u"] == backward["char_alpha_u"]
    assert forward["per_label"]["X"]["char_alpha_u"] == forward["char_alpha_u"]


def test_no_units_at_all_has_no_value_and_says_why() -> None:
    result = agreement([[], []], 10, ["X"])
    assert result["char_alpha_u"] is None
    assert "no annotator marked a unit" in result["notes"]["char_alpha_u"]


def test_units_on_disjoint_stretches_disagree_more_than_chance() -> None:
    # One coder marks the first half, the other the second: no overlap at all.
    result = agreement([[(0, 10, 1)], [(10, 20, 1)]], 20, ["X"])
    assert result["char_alpha_u"] < 0
