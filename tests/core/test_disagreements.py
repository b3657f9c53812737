"""Confusion matrix and disagreement rows of two layers, by hand and by property."""

from __future__ import annotations

import math
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import DocumentLayers, compute_agreement
from annotator.core.agreement.coefficients import cohen_kappa
from annotator.core.agreement.layers import Run, flatten
from annotator.core.disagreements import (
    NO_LABEL_NAME,
    Disagreement,
    Kind,
    PairComparison,
    differing,
)

LABELS = ["Claim", "Opinion", "Boilerplate"]
TEXT = "Prices rose. I hate it."


def test_matrix_counts_characters_per_pair_of_categories() -> None:
    pair = PairComparison(LABELS)
    pair.add(7, TEXT, [(0, 12, 1), (13, 23, 2)], [(0, 12, 1), (15, 23, 2)])
    matrix = pair.matrix
    assert matrix.categories == [*LABELS, NO_LABEL_NAME]
    assert matrix.cell("Claim", "Claim") == 12
    assert matrix.cell(NO_LABEL_NAME, NO_LABEL_NAME) == 1  # the space after "rose."
    assert matrix.cell("Opinion", NO_LABEL_NAME) == 2  # "I " only a labelled
    assert matrix.cell("Opinion", "Opinion") == 8
    assert (matrix.total, matrix.agreed, pair.documents) == (23, 21, 1)
    assert pair.disagreements == [
        Disagreement(7, 13, 23, "Opinion", "Opinion", Kind.BOUNDS, "I hate it.")
    ]


def test_rows_pair_overlapping_spans_and_keep_the_rest_alone() -> None:
    text = "".join(chr(ord("a") + i % 26) for i in range(50))
    a = [(0, 5, 1), (20, 25, 1), (30, 40, 1), (46, 48, 3), (46, 48, 3)]
    b = [(10, 15, 2), (20, 25, 2), (32, 35, 1), (36, 45, 2), (46, 48, 3)]
    pair = PairComparison(LABELS)
    pair.add(1, text, a, b)
    rows = [(d.start, d.end, d.label_a, d.label_b, d.kind) for d in pair.disagreements]
    assert rows == [
        (0, 5, "Claim", None, Kind.ONLY_A),
        (10, 15, None, "Opinion", Kind.ONLY_B),
        (20, 25, "Claim", "Opinion", Kind.LABEL),
        (30, 45, "Claim", "Claim, Opinion", Kind.LABEL),
        (46, 48, "Boilerplate", None, Kind.ONLY_A),  # a's second copy has no match
    ]
    assert pair.disagreements[0].excerpt == "abcde"


def test_identical_layers_have_no_rows_and_a_diagonal_matrix() -> None:
    spans = [(0, 6, 1), (13, 23, 2)]
    pair = PairComparison(LABELS)
    pair.add(1, TEXT, spans, list(reversed(spans)))
    assert pair.disagreements == []
    assert pair.matrix.agreed == pair.matrix.total == len(TEXT)


def test_empty_layers_are_all_no_label() -> None:
    pair = PairComparison(LABELS)
    pair.add(1, TEXT, [], [])
    assert pair.matrix.cell(NO_LABEL_NAME, NO_LABEL_NAME) == len(TEXT)
    assert pair.disagreements == []


layers = st.lists(
    st.tuples(st.integers(0, 30), st.integers(1, 12), st.integers(1, 3)).map(
        lambda t: (t[0], t[0] + t[1], t[2])
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(a=layers, b=layers, length=st.integers(1, 45))
def test_matrix_and_rows_agree_with_the_agreement_core(
    a: list[Run], b: list[Run], length: int
) -> None:
    text = "x" * length
    pair = PairComparison(LABELS)
    pair.add(1, text, a, b)
    matrix = pair.matrix
    assert matrix.total == length
    per_char_a, per_char_b = _categories(a, length), _categories(b, length)
    assert matrix.agreed == sum(x == y for x, y in zip(per_char_a, per_char_b, strict=True))
    # Cohen's kappa from the matrix is the report's char kappa for the pair.
    table: dict[tuple[int, ...], int] = {
        (r, c): n for r, row in enumerate(matrix.counts) for c, n in enumerate(row) if n
    }
    report = compute_agreement(["a", "b"], LABELS, [DocumentLayers(text, {0: a, 1: b})])
    expected = report.pairs[0][2].figures.values["char_kappa"]
    got = cohen_kappa(table).value
    assert (math.isnan(got) and math.isnan(expected)) or math.isclose(got, expected)
    # Every span without an exact match is in exactly one row; none with.
    rows = differing(a, b)
    exact = sum((Counter(a) & Counter(b)).values())
    assert sum(len(r[2]) for r in rows) == len(a) - exact
    assert sum(len(r[3]) for r in rows) == len(b) - exact
    assert (rows == []) == (Counter(a) == Counter(b))
    assert [(s, e, y, x) for s, e, x, y in differing(b, a)] == rows


def _categories(spans: list[Run], length: int) -> list[int]:
    per_char = [0] * length
    for start, end, code in flatten(spans, length):
        per_char[start:end] = [code] * (end - start)
    return per_char
