"""Comparing suggested ranges with an annotator's spans: counts, then precision, recall, F1.

Two measures, each per label:

- **characters**: the non-white-space characters a label's suggestions cover, against those
  its spans cover (each character counted once, however many ranges cover it);
- **spans**: a suggestion is right when it overlaps a span of the same label by at least one
  character; each span can make only one suggestion right. Matching goes left to right, each
  suggestion taking the first unmatched span it overlaps; on ranges that do not overlap among
  themselves (spans of one label, combined suggestions) this finds the most matches.

Counts add up over pages before any ratio is taken (micro over pages); the macro average is
the plain mean over labels. An empty ratio (no suggestion, say) is 0, as scikit-learn's
``zero_division=0`` has it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

Range = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Counts:
    """What was suggested, what was there, and how much of it agreed.

    Attributes:
        suggested: Characters (or suggestions) suggested.
        gold: Characters (or spans) the annotator labelled.
        matched: Characters in both (or suggestion-span pairs matched).
    """

    suggested: int = 0
    gold: int = 0
    matched: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.suggested + other.suggested, self.gold + other.gold, self.matched + other.matched
        )


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1, with the counts they came from."""

    precision: float
    recall: float
    f1: float
    counts: Counts

    @classmethod
    def of(cls, counts: Counts) -> Score:
        """The ratios of ``counts`` (0 where a ratio has nothing under it)."""
        precision = counts.matched / counts.suggested if counts.suggested else 0.0
        recall = counts.matched / counts.gold if counts.gold else 0.0
        total = precision + recall
        return cls(precision, recall, 2 * precision * recall / total if total else 0.0, counts)


def macro(scores: Sequence[Score]) -> Score:
    """The mean precision, recall and F1 of ``scores`` (the counts summed)."""
    if not scores:
        return Score(0.0, 0.0, 0.0, Counts())
    count = len(scores)
    return Score(
        sum(s.precision for s in scores) / count,
        sum(s.recall for s in scores) / count,
        sum(s.f1 for s in scores) / count,
        sum((s.counts for s in scores), Counts()),
    )


class VisibleText:
    """Counts the non-white-space characters of any range of one text in constant time."""

    def __init__(self, text: str) -> None:
        self._before = [0, *accumulate(not char.isspace() for char in text)]

    def count(self, start: int, end: int) -> int:
        """Non-white-space characters in ``[start, end)``."""
        return self._before[end] - self._before[start]


def union(ranges: Iterable[Range]) -> list[Range]:
    """The ranges merged where they overlap or touch, sorted."""
    found: list[Range] = []
    for start, end in sorted(ranges):
        if found and start <= found[-1][1]:
            found[-1] = (found[-1][0], max(found[-1][1], end))
        else:
            found.append((start, end))
    return found


def character_counts(
    visible: VisibleText, suggested: Iterable[Range], gold: Iterable[Range]
) -> Counts:
    """Character counts of one label on one page."""
    ours, theirs = union(suggested), union(gold)
    both = 0
    at = 0
    for start, end in ours:
        # Advance past gold ranges that end before this one starts; those after may overlap.
        while at < len(theirs) and theirs[at][1] <= start:
            at += 1
        probe = at
        while probe < len(theirs) and theirs[probe][0] < end:
            low, high = max(start, theirs[probe][0]), min(end, theirs[probe][1])
            both += visible.count(low, high)
            probe += 1
    return Counts(
        sum(visible.count(*r) for r in ours), sum(visible.count(*r) for r in theirs), both
    )


def span_counts(suggested: Iterable[Range], gold: Iterable[Range]) -> Counts:
    """Span counts of one label on one page (each span matched at most once)."""
    ours, theirs = sorted(suggested), sorted(gold)
    starts = [start for start, _ in theirs]
    taken = [False] * len(theirs)
    longest = max((end - start for start, end in theirs), default=0)
    matched = 0
    for start, end in ours:
        # Gold spans starting before ``start - longest`` end before ``start``.
        for index in range(bisect_left(starts, start - longest), len(theirs)):
            gold_start, gold_end = theirs[index]
            if gold_start >= end:
                break
            if not taken[index] and gold_end > start:
                taken[index] = True
                matched += 1
                break
    return Counts(len(ours), len(theirs), matched)
