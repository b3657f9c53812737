"""What the curator's candidate list says of each candidate: agreement and place in gold.

Candidates come from the annotators' layers and so stay fixed while the curator works on a
document; only their standing against the gold layer changes, which :func:`gold_states`
recomputes in one sweep over the gold spans.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import accumulate

from annotator.core.curation import Agreement, Candidate, agreement

#: ``(start, end, label_id)`` of a gold span.
GoldKey = tuple[int, int, int]


class GoldState(Enum):
    """Where a candidate stands against the gold layer."""

    IN_GOLD = "in gold"
    PENDING = "pending"
    #: Not in gold, and a gold span with other bounds or another label overlaps it.
    CONFLICT = "conflicting"


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """One candidate as the list shows it.

    Attributes:
        candidate: The labelled range and who marked it.
        votes: How many distinct annotators marked it.
        annotator_count: How many annotators the document has.
        agreement: Unanimous, majority or minority.
        gold: Its standing against the gold layer.
    """

    candidate: Candidate
    votes: int
    annotator_count: int
    agreement: Agreement
    gold: GoldState

    @property
    def pending(self) -> bool:
        """Whether the curator still has to decide it (not in gold)."""
        return self.gold is not GoldState.IN_GOLD

    def with_gold(self, gold: GoldState) -> CandidateRow:
        """The same row with another gold standing."""
        return CandidateRow(self.candidate, self.votes, self.annotator_count, self.agreement, gold)


def candidate_rows(
    found: Sequence[Candidate], annotator_count: int, gold: Iterable[GoldKey]
) -> list[CandidateRow]:
    """Rows for ``found`` (kept in its order, by position) against the gold spans."""
    states = gold_states(found, gold)
    return [
        CandidateRow(
            candidate,
            len(set(candidate.annotators)),
            annotator_count,
            agreement(candidate, annotator_count),
            state,
        )
        for candidate, state in zip(found, states, strict=True)
    ]


def gold_states(found: Sequence[Candidate], gold: Iterable[GoldKey]) -> list[GoldState]:
    """Each candidate's standing: in gold, pending, or overlapped by another gold span.

    Gold spans sorted by start with a running maximum of their ends answer "does any gold
    span overlap ``[start, end)``?" with one bisection: those starting before ``end`` reach
    past ``start`` exactly when the furthest of them does. A candidate not in gold cannot be
    overlapped by its own exact span, so any overlap found is a conflict.
    """
    keys = sorted(set(gold))
    held = set(keys)
    starts = [start for start, _end, _label in keys]
    furthest = list(accumulate((end for _start, end, _label in keys), max))
    states = []
    for candidate in found:
        if (candidate.start, candidate.end, candidate.label_id) in held:
            states.append(GoldState.IN_GOLD)
            continue
        before = bisect_left(starts, candidate.end)
        overlapped = before > 0 and furthest[before - 1] > candidate.start
        states.append(GoldState.CONFLICT if overlapped else GoldState.PENDING)
    return states
