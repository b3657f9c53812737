"""Agreement: the stated rules, span matching, published examples and degenerate cases."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

from annotator.core.agreement import CHOICES, DocumentLayers, compute_agreement
from annotator.core.agreement.layers import count_segments, flatten, token_starts
from annotator.core.agreement.spans import overlap_matches

Layer = list[tuple[int, int, int]]


def agreement(layers: list[Layer], text: str, labels: list[str]) -> dict[str, Any]:
    names = [f"c{i}" for i in range(len(layers))]
    document = DocumentLayers(text, dict(enumerate(layers)))
    return compute_agreement(names, labels, [document]).as_json()


def from_categories(rows: list[list[int]]) -> list[Layer]:
    """One one-character span per character (category 0 leaves the character unlabelled)."""
    return [[(i, i + 1, c) for i, c in enumerate(row) if c] for row in rows]


# --- the stated rules --------------------------------------------------------------------


def test_innermost_span_wins_then_earlier_start_then_earlier_label() -> None:
    spans = [(0, 10, 1), (2, 5, 2), (4, 7, 3), (8, 10, 2), (8, 10, 1)]
    # Runs of one category that touch are one run: (7, 8) from the outer span, (8, 10) a tie.
    assert flatten(spans, 10) == [(0, 2, 1), (2, 5, 2), (5, 7, 3), (7, 10, 1)]


def test_spans_are_clipped_to_the_text_and_disjoint_layers_pass_unchanged() -> None:
    assert flatten([(3, 9, 2), (0, 2, 1)], 5) == [(0, 2, 1), (3, 5, 2)]


def test_segments_weigh_characters_and_count_tokens_by_their_first_character() -> None:
    text = "aa bb cc"
    chars: dict[tuple[int, ...], int] = {}
    tokens: dict[tuple[int, ...], int] = {}
    layers = [flatten([(1, 4, 1)], 8), flatten([(0, 8, 2)], 8), None]
    count_segments(len(text), layers, token_starts(text), chars, tokens)
    assert chars == {(0, 2, -1): 5, (1, 2, -1): 3}
    # Tokens start at 0 (no label for c0), 3 (Claim for c0) and 6 (no label).
    assert tokens == {(0, 2, -1): 2, (1, 2, -1): 1}


def test_tokens_split_on_any_unicode_white_space() -> None:
    assert token_starts("a\u00a0b\u2003c\n\nd  ") == [0, 2, 4, 7]


def test_choices_are_stated_in_the_output() -> None:
    result = agreement([[], []], "ab", ["X"])
    assert result["choices"] == CHOICES
    assert {"categories", "overlap_rule", "token_rule", "offsets", "per_label"} <= set(CHOICES)


# --- span matching -----------------------------------------------------------------------


def test_exact_and_overlap_matching_per_pair_and_label() -> None:
    a = [(0, 5, 1), (10, 20, 1), (30, 35, 2)]
    b = [(0, 5, 1), (12, 18, 1), (15, 25, 1), (30, 35, 1)]
    pair = agreement([a, b], "x" * 40, ["Claim", "Opinion"])["pairs"][0]
    assert (pair["spans_a"], pair["spans_b"], pair["matched_exact"]) == (3, 4, 1)
    assert pair["matched_overlap"] == 2  # (0,5)-(0,5); (10,20) takes (12,18): 6 > 5 shared
    assert pair["span_precision_exact"] == 1 / 4
    assert pair["span_recall_exact"] == 1 / 3
    assert pair["span_f1_exact"] == pytest.approx(2 / 7)
    assert pair["span_f1_overlap"] == pytest.approx(4 / 7)
    claim, opinion = pair["per_label"]["Claim"], pair["per_label"]["Opinion"]
    assert claim["span_f1_overlap"] == pytest.approx(2 * 2 / (2 + 4))
    assert (opinion["span_recall_exact"], opinion["span_precision_exact"]) == (0.0, None)
    assert opinion["notes"]["span_precision_exact"] == "b has no spans"


def test_overlap_matching_is_one_to_one_and_greedy_by_shared_length() -> None:
    # The long reference span could take either; the one sharing more wins, the other
    # prediction then finds the short reference span.
    a = [(0, 10, 1), (8, 12, 1)]
    b = [(0, 9, 1), (9, 12, 1)]
    assert overlap_matches(a, b) == 2
    assert overlap_matches([(0, 10, 1)], [(0, 3, 1), (5, 9, 1)]) == 1
    assert overlap_matches([(0, 3, 1)], [(3, 6, 1)]) == 0  # touching is not overlapping


def test_f1_is_symmetric_in_the_two_layers() -> None:
    a = [(0, 4, 1), (6, 9, 2), (9, 12, 1)]
    b = [(1, 4, 1), (6, 12, 2)]
    ab = agreement([a, b], "x" * 12, ["P", "Q"])["pairs"][0]
    ba = agreement([b, a], "x" * 12, ["P", "Q"])["pairs"][0]
    for kind in ("exact", "overlap"):
        assert ab[f"span_f1_{kind}"] == ba[f"span_f1_{kind}"]
        assert ab[f"span_precision_{kind}"] == ba[f"span_recall_{kind}"]


# --- published examples ----------------------------------------------------------------

# Fleiss (1971), table 1: 30 subjects, 6 raters, 5 categories.
FLEISS_1971 = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
    [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
    [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
    [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
    [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
    [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
    [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
]  # fmt: skip


def test_fleiss_1971_example() -> None:
    raters = [list(column) for column in zip(*FLEISS_1971, strict=True)]
    labels = ["1", "2", "3", "4", "5"]
    result = agreement(from_categories(raters), "x" * 30, labels)
    assert round(result["char_fleiss"], 3) == 0.430  # as printed
    table, _ = aggregate_raters(np.array(FLEISS_1971))
    assert result["char_fleiss"] == pytest.approx(fleiss_kappa(table), abs=1e-9)
    # Fleiss's per-category kappas: each category against the rest, to 1e-9 against
    # statsmodels on the binary table; the printed values differ by up to 0.003 (the paper
    # works from rounded proportions), so against those only to 0.005.
    printed = {"1": 0.248, "2": 0.248, "3": 0.517, "4": 0.470, "5": 0.565}
    for name, value in printed.items():
        ours = result["per_label"][name]["char_fleiss"]
        binary = (np.array(FLEISS_1971) == int(name)).astype(int)
        assert ours == pytest.approx(fleiss_kappa(aggregate_raters(binary)[0]), abs=1e-9)
        assert ours == pytest.approx(value, abs=5e-3)


def test_krippendorff_1995_example_a_character_by_character() -> None:
    # Krippendorff (1995), example A read as 24 characters coded 1 or 0; printed:
    # Cohen's kappa .385 and alpha .329.
    bertha = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
    bill = [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    pair = agreement(from_categories([bertha, bill]), "x" * 24, ["A"])["pairs"][0]
    assert round(pair["char_kappa"], 3) == 0.385
    assert round(pair["char_alpha"], 3) == 0.329


# --- degenerate cases ------------------------------------------------------------------


def test_one_category_only_gives_null_with_a_note_in_json() -> None:
    result = agreement([[(0, 3, 1)], [(0, 3, 1)]], "abc", ["X"])
    text = json.dumps(result, allow_nan=False)  # no NaN may reach the JSON
    pair = json.loads(text)["pairs"][0]
    assert pair["char_kappa"] is None
    assert "only one category" in pair["notes"]["char_kappa"]
    assert pair["span_f1_exact"] == 1.0


def test_no_documents_in_common() -> None:
    result = compute_agreement(["a", "b"], ["X"], []).as_json()
    assert (result["documents"], result["characters"]) == (0, 0)
    for name in ("char_alpha", "char_fleiss", "char_alpha_u", "token_alpha"):
        assert result[name] is None and result["notes"][name]
    pair = result["pairs"][0]
    assert pair["char_kappa"] is None and pair["notes"]["char_kappa"] == "no units in common"
    assert pair["span_f1_overlap"] is None


def test_a_single_annotator_has_no_pairs_and_no_figures() -> None:
    result = compute_agreement(["a"], ["X"], [DocumentLayers("ab", {0: [(0, 1, 1)]})]).as_json()
    assert result["pairs"] == []
    assert result["char_alpha"] is None
    assert result["notes"]["char_alpha"] == "fewer than two annotators"
    assert all(
        value is None or isinstance(value, dict | list | str | int) or not math.isnan(value)
        for value in result.values()
    )
