"""Character and token coefficients against scikit-learn, krippendorff and statsmodels.

Random small projects (hypothesis) are expanded character by character and token by token
with a slow, obvious reading of the stated rules; the reference packages then score the
expanded sequences, and our run-based figures must agree to 1e-9.
"""

from __future__ import annotations

import math
import re
import warnings
from itertools import combinations
from typing import Any

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

from annotator.core.agreement import DocumentLayers, compute_agreement

LABELS = ["Claim", "Opinion", "Boilerplate"]
Doc = tuple[str, dict[int, list[tuple[int, int, int]]]]


def category_at(spans: list[tuple[int, int, int]], position: int) -> int:
    """The stated rule, read literally: the shortest covering span, then earliest, then label."""
    covering = [(e - s, s, c) for s, e, c in spans if s <= position < e]
    return min(covering)[2] if covering else 0


def expand(docs: list[Doc], annotators: int, by_token: bool) -> list[list[float]]:
    """Per annotator, one category per character (or token); NaN where the layer is missing."""
    rows: list[list[float]] = [[] for _ in range(annotators)]
    for text, layers in docs:
        positions = [m.start() for m in re.finditer(r"\S+", text)] if by_token else range(len(text))
        for position in positions:
            for who in range(annotators):
                spans = layers.get(who)
                rows[who].append(math.nan if spans is None else category_at(spans, position))
    return rows


@st.composite
def projects(draw: st.DrawFn) -> tuple[int, list[Doc]]:
    annotators = draw(st.integers(2, 4))
    docs: list[Doc] = []
    for _ in range(draw(st.integers(1, 3))):
        text = draw(st.text(alphabet="ab \n", min_size=1, max_size=40))
        layers: dict[int, list[tuple[int, int, int]]] = {}
        for who in range(annotators):
            if draw(st.integers(0, 5)) == 0:
                continue  # this annotator has no layer in this document
            spans = []
            for _ in range(draw(st.integers(0, 5))):
                start = draw(st.integers(0, len(text) - 1))
                end = draw(st.integers(start + 1, len(text)))
                spans.append((start, end, draw(st.integers(1, 3))))
            layers[who] = spans
        docs.append((text, layers))
    return annotators, docs


def report(annotators: int, docs: list[Doc]) -> dict[str, Any]:
    names = [f"a{i}" for i in range(annotators)]
    return compute_agreement(
        names, LABELS, [DocumentLayers(text, layers) for text, layers in docs]
    ).as_json()


def close(ours: float | None, reference: float) -> None:
    if math.isnan(reference):
        assert ours is None
    else:
        assert ours is not None
        assert ours == pytest.approx(reference, abs=1e-9, rel=0)


def sk_kappa(x: list[float], y: list[float]) -> float:
    pairs = [(a, b) for a, b in zip(x, y, strict=True) if not (math.isnan(a) or math.isnan(b))]
    if not pairs or len({v for p in pairs for v in p}) < 2:
        return math.nan  # scikit-learn divides 0 by 0 here; ours says why
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return float(cohen_kappa_score([a for a, _ in pairs], [b for _, b in pairs]))


def kr_alpha(rows: list[list[float]]) -> float:
    data = np.array(rows, dtype=float)
    pairable = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    values = pairable[~np.isnan(pairable)]
    if values.size == 0 or len(set(values.tolist())) < 2:
        return math.nan  # the package refuses a domain of one value
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def sm_fleiss(rows: list[list[float]]) -> float:
    data = np.array(rows, dtype=float).T
    complete = data[~np.isnan(data).any(axis=1)]
    if complete.size == 0 or len(set(complete.ravel().tolist())) < 2:
        return math.nan
    table, _ = aggregate_raters(complete.astype(int))
    return float(fleiss_kappa(table, method="fleiss"))


def binary(rows: list[list[float]], code: int) -> list[list[float]]:
    return [[v if math.isnan(v) else float(v == code) for v in row] for row in rows]


@settings(max_examples=100, deadline=None)
@given(projects())
def test_characters_and_tokens_match_the_reference_packages(
    project: tuple[int, list[Doc]],
) -> None:
    annotators, docs = project
    result = report(annotators, docs)
    for unit, by_token in (("char", False), ("token", True)):
        rows = expand(docs, annotators, by_token)
        close(result[f"{unit}_alpha"], kr_alpha(rows))
        close(result[f"{unit}_fleiss"], sm_fleiss(rows))
        for code, name in enumerate(LABELS, start=1):
            close(result["per_label"][name][f"{unit}_alpha"], kr_alpha(binary(rows, code)))
            close(result["per_label"][name][f"{unit}_fleiss"], sm_fleiss(binary(rows, code)))
        for pair, (a, b) in zip(result["pairs"], combinations(range(annotators), 2), strict=True):
            close(pair[f"{unit}_kappa"], sk_kappa(rows[a], rows[b]))
            close(pair[f"{unit}_alpha"], kr_alpha([rows[a], rows[b]]))
            for code, name in enumerate(LABELS, start=1):
                x, y = binary([rows[a]], code)[0], binary([rows[b]], code)[0]
                close(pair["per_label"][name][f"{unit}_kappa"], sk_kappa(x, y))


def test_counts_follow_the_documents_each_pair_shares() -> None:
    docs: list[Doc] = [
        ("ab ab", {0: [(0, 2, 1)], 1: [(0, 5, 2)]}),
        ("abc", {0: [], 2: [(1, 2, 3)]}),
    ]
    result = report(3, docs)
    assert (result["documents"], result["characters"], result["tokens"]) == (2, 8, 3)
    assert result["documents_all_annotators"] == 0
    assert [(p["a"], p["b"], p["documents"], p["characters"]) for p in result["pairs"]] == [
        ("a0", "a1", 1, 5),
        ("a0", "a2", 1, 3),
        ("a1", "a2", 0, 0),
    ]
    assert result["char_fleiss"] is None
    assert result["notes"]["char_fleiss"] == "no unit was coded by every annotator"
    assert result["pairs"][2]["char_kappa"] is None
    assert result["pairs"][2]["notes"]["char_kappa"] == "no units in common"
