"""Each candidate's standing against the gold layer, and its agreement, without Qt."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.curation import Agreement, Candidate
from annotator.core.curation_rows import GoldState, candidate_rows, gold_states


def candidate(start: int, end: int, label_id: int = 1, *who: str) -> Candidate:
    names = who or ("alice",)
    return Candidate(start, end, label_id, names, tuple(f"{n}-{start}" for n in names))


def test_in_gold_pending_and_conflicting() -> None:
    found = [candidate(0, 5), candidate(0, 5, 2), candidate(3, 9), candidate(10, 12)]
    assert gold_states(found, [(0, 5, 1)]) == [
        GoldState.IN_GOLD,
        GoldState.CONFLICT,  # same bounds, another label
        GoldState.CONFLICT,  # overlaps the gold span
        GoldState.PENDING,
    ]
    assert gold_states(found, []) == [GoldState.PENDING] * 4


def test_touching_is_not_overlapping() -> None:
    assert gold_states([candidate(5, 8)], [(0, 5, 1), (8, 9, 1)]) == [GoldState.PENDING]


def test_rows_count_votes_and_agreement() -> None:
    rows = candidate_rows(
        [candidate(0, 5, 1, "alice", "bob", "carol"), candidate(6, 9, 1, "alice", "bob")],
        3,
        [(0, 5, 1)],
    )
    assert [(r.votes, r.agreement, r.gold, r.pending) for r in rows] == [
        (3, Agreement.UNANIMOUS, GoldState.IN_GOLD, False),
        (2, Agreement.MAJORITY, GoldState.PENDING, True),
    ]
    assert rows[1].with_gold(GoldState.IN_GOLD).gold is GoldState.IN_GOLD


ranges = st.tuples(st.integers(0, 40), st.integers(1, 10), st.integers(1, 2)).map(
    lambda t: (t[0], t[0] + t[1], t[2])
)


@given(st.lists(ranges, max_size=12), st.lists(ranges, max_size=12))
def test_the_sweep_agrees_with_checking_every_pair(
    found: list[tuple[int, int, int]], gold: list[tuple[int, int, int]]
) -> None:
    candidates = [candidate(*bounds) for bounds in found]
    expected = []
    for c in candidates:
        if (c.start, c.end, c.label_id) in gold:
            expected.append(GoldState.IN_GOLD)
        elif any(s < c.end and c.start < e for s, e, _label in gold):
            expected.append(GoldState.CONFLICT)
        else:
            expected.append(GoldState.PENDING)
    assert gold_states(candidates, gold) == expected
