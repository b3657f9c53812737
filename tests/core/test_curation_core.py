"""Aligning annotators' spans into candidates, and the pre-acceptance rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.curation import (
    Agreement,
    Candidate,
    Rule,
    _clashes,
    agreement,
    candidates,
    pre_accepted,
)
from annotator.core.model import Span

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def span(span_id: str, start: int, end: int, label: int = 1, minutes: int = 0) -> Span:
    when = T0 + timedelta(minutes=minutes)
    return Span(span_id, 1, 1, label, start, end, when, when)


def test_identical_spans_become_one_candidate_crediting_the_earliest_first() -> None:
    found = candidates(
        {
            "bob": [span("b1", 0, 5, minutes=1), span("b2", 10, 20, label=2)],
            "alice": [span("a1", 0, 5, minutes=5), span("a2", 10, 20, label=1)],
            "carol": [span("c1", 0, 5, minutes=0)],
        }
    )
    assert [(c.bounds, c.label_id, c.annotators, c.span_ids) for c in found] == [
        ((0, 5), 1, ("carol", "bob", "alice"), ("c1", "b1", "a1")),
        ((10, 20), 1, ("alice",), ("a2",)),
        ((10, 20), 2, ("bob",), ("b2",)),
    ]


@pytest.mark.parametrize(
    ("votes", "annotators", "expected"),
    [
        (3, 3, Agreement.UNANIMOUS),
        (2, 3, Agreement.MAJORITY),
        (1, 3, Agreement.MINORITY),
        (2, 4, Agreement.MINORITY),  # half is not a majority
        (1, 1, Agreement.UNANIMOUS),
    ],
)
def test_agreement_counts_distinct_annotators(
    votes: int, annotators: int, expected: Agreement
) -> None:
    names = tuple(f"p{i}" for i in range(votes))
    assert agreement(Candidate(0, 1, 1, names, names), annotators) is expected


def test_rules_set_the_number_of_annotators_needed() -> None:
    assert [Rule.unanimous().minimum(n) for n in (1, 2, 3, 4)] == [1, 2, 3, 4]
    assert [Rule.majority().minimum(n) for n in (1, 2, 3, 4, 5)] == [1, 2, 2, 3, 3]
    assert Rule.at_least(2).minimum(5) == 2
    assert Rule.parse(" Majority ") == Rule.majority()
    assert Rule.parse("2") == Rule.at_least(2)
    with pytest.raises(ValueError, match="not a rule"):
        Rule.parse("most")
    with pytest.raises(ValueError, match="not a rule"):
        Rule.parse("0")


def test_pre_acceptance_takes_what_passes_and_leaves_conflicts_to_the_curator() -> None:
    layers = {
        "alice": [span("a1", 0, 5), span("a2", 10, 20, label=1), span("a3", 30, 40)],
        "bob": [span("b1", 0, 5), span("b2", 10, 20, label=2), span("b3", 30, 40)],
        "carol": [span("c1", 0, 5), span("c2", 10, 20, label=1), span("c3", 12, 20, label=2)],
    }
    found = candidates(layers)
    assert [c.bounds for c in pre_accepted(found, 3, Rule.unanimous())] == [(0, 5)]
    # Majority: 10-20 Claim (alice, carol) passes; 30-40 (alice, bob) passes.
    assert [c.bounds for c in pre_accepted(found, 3, Rule.majority())] == [
        (0, 5),
        (10, 20),
        (30, 40),
    ]
    # At least one: 10-20 as Claim, as Opinion and 12-20 all pass and clash: none is taken.
    assert [c.bounds for c in pre_accepted(found, 3, Rule.at_least(1))] == [(0, 5), (30, 40)]


intervals = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 15)).map(lambda p: (p[0], p[0] + p[1])),
    max_size=25,
)


@given(intervals)
def test_the_clash_sweep_agrees_with_comparing_every_pair(bounds: list[tuple[int, int]]) -> None:
    ordered = sorted(
        (Candidate(s, e, i, (), ()) for i, (s, e) in enumerate(bounds)),
        key=lambda c: (c.start, c.end),
    )
    brute = [any(c.overlaps(o) for o in ordered if o is not c) for c in ordered]
    assert _clashes(ordered) == brute
