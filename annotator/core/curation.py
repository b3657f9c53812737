"""Curation: every annotator's spans of one document, aligned into candidates for the gold layer.

A *candidate* is one labelled range ``[start, end)`` with everyone who marked exactly that
range with that label. Candidates are what the curator accepts or rejects, and what a
pre-acceptance rule (unanimous, majority, at least k annotators) accepts on its own.

Pre-acceptance never decides a conflict: a candidate that overlaps another candidate which
also passes the rule (other bounds or another label) is left for the curator, so the rule
can never put two contradicting spans into the gold standard.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, StrEnum

from annotator.core.model import Span


class GoldEdit(StrEnum):
    """What the curator did to a gold span, as its provenance records it when nobody among
    the annotators marked exactly the span that resulted (else the decision is ACCEPTED)."""

    ACCEPTED = "accepted"
    ADDED = "added by curator"
    RELABELLED = "relabelled"
    BOUNDS_EDITED = "bounds edited"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Who proposed a gold span, who agreed, who decided, how and when.

    ``decided_at`` is left out of comparisons: two records say the same thing when the same
    people decided the same way.
    """

    proposed_by: str | None
    agreed_by: tuple[str, ...]
    decided_by: str
    decision: str
    decided_at: datetime | None = field(default=None, compare=False)

    @classmethod
    def of(cls, candidate: Candidate | None, curator: str, decision: str) -> Provenance:
        """Credit ``candidate``'s annotators (the earliest proposed it); None: the curator's."""
        if candidate is None or not candidate.annotators:
            return cls(None, (), curator, decision)
        return cls(candidate.annotators[0], candidate.annotators[1:], curator, decision)

    @classmethod
    def decide(
        cls, proposers: Sequence[str], curator: str, edit: GoldEdit | Rule, at: datetime
    ) -> Provenance:
        """The record of a gold span as it now stands.

        Args:
            proposers: The annotators who marked exactly this range with this label, earliest
                first (a name may repeat; it counts once).
            curator: Who decided.
            edit: What the curator did, or the rule that pre-accepted the span. A span that
                matches what an annotator marked is ``accepted`` whatever the path to it (a
                key, Enter, a relabel or a nudge onto it); otherwise the edit names itself.
            at: When.
        """
        people = tuple(dict.fromkeys(proposers))
        if isinstance(edit, Rule):
            decision = f"pre-accepted: {edit.name}"
        else:
            decision = GoldEdit.ACCEPTED.value if people else edit.value
        first, rest = (people[0], people[1:]) if people else (None, ())
        return cls(first, rest, curator, decision, at)


class Agreement(Enum):
    """How many of the document's annotators marked a candidate exactly."""

    UNANIMOUS = "unanimous"
    MAJORITY = "majority"
    MINORITY = "minority"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One labelled range and who marked it.

    Attributes:
        start: First code point.
        end: One past the last code point.
        label_id: The label.
        annotators: Who marked exactly this range with this label, earliest first.
        span_ids: Their spans' ids, in the same order.
        notes: Their spans' notes, in the same order (None: no note).
    """

    start: int
    end: int
    label_id: int
    annotators: tuple[str, ...]
    span_ids: tuple[str, ...]
    notes: tuple[str | None, ...] = ()

    def noted(self) -> list[tuple[str, str]]:
        """``(annotator, note)`` for each annotator who left a note on their span."""
        pairs = zip(self.annotators, self.notes, strict=False)  # notes may be left out
        return [(name, note) for name, note in pairs if note]

    @property
    def bounds(self) -> tuple[int, int]:
        """``(start, end)``."""
        return self.start, self.end

    def overlaps(self, other: Candidate) -> bool:
        """Whether the two ranges share a code point."""
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Rule:
    """A pre-acceptance rule: accept candidates marked by at least ``minimum`` of ``n``.

    Build one with :meth:`unanimous`, :meth:`majority` or :meth:`at_least`.
    """

    name: str
    kind: str
    k: int = 0

    @classmethod
    def unanimous(cls) -> Rule:
        """Every annotator of the document marked it."""
        return cls("unanimous", "unanimous")

    @classmethod
    def majority(cls) -> Rule:
        """More than half of the document's annotators marked it."""
        return cls("majority", "majority")

    @classmethod
    def at_least(cls, k: int) -> Rule:
        """At least ``k`` annotators marked it."""
        if k < 1:
            raise ValueError("a rule needs at least one annotator")
        return cls(f"at least {k}", "at_least", k)

    @classmethod
    def parse(cls, text: str) -> Rule:
        """``unanimous``, ``majority`` or a number k (at least k annotators).

        Raises:
            ValueError: Anything else.
        """
        word = text.strip().casefold()
        if word == "unanimous":
            return cls.unanimous()
        if word == "majority":
            return cls.majority()
        if word.isdigit() and int(word) >= 1:
            return cls.at_least(int(word))
        raise ValueError(f"{text!r} is not a rule: use unanimous, majority or a number")

    def minimum(self, annotator_count: int) -> int:
        """How many of ``annotator_count`` annotators a candidate needs."""
        if self.kind == "unanimous":
            return annotator_count
        if self.kind == "majority":
            return math.floor(annotator_count / 2) + 1
        return self.k


def matching(found: Sequence[Candidate], start: int, end: int, label_id: int) -> Candidate | None:
    """The candidate with exactly these bounds and label, if anyone marked it."""
    return next((c for c in found if (c.start, c.end, c.label_id) == (start, end, label_id)), None)


def candidates(layers: Mapping[str, Iterable[Span]]) -> list[Candidate]:
    """Group every annotator's spans by exact range and label, sorted by position.

    Args:
        layers: Each annotator's spans of one document, by annotator name.
    """
    marked: dict[tuple[int, int, int], list[Span]] = {}
    names: dict[str, str] = {}
    for name, spans in layers.items():
        for span in spans:
            marked.setdefault((span.start, span.end, span.label_id), []).append(span)
            names[span.id] = name
    result = []
    for (start, end, label_id), spans in marked.items():
        spans.sort(key=lambda span: (span.created_at, span.id))
        result.append(
            Candidate(
                start,
                end,
                label_id,
                tuple(names[span.id] for span in spans),
                tuple(span.id for span in spans),
                tuple(span.note for span in spans),
            )
        )
    result.sort(key=lambda c: (c.start, c.end, c.label_id))
    return result


def agreement(candidate: Candidate, annotator_count: int) -> Agreement:
    """Whether everyone, more than half, or fewer marked ``candidate``."""
    votes = len(set(candidate.annotators))
    if votes >= annotator_count:
        return Agreement.UNANIMOUS
    if votes * 2 > annotator_count:
        return Agreement.MAJORITY
    return Agreement.MINORITY


def pre_accepted(found: Sequence[Candidate], annotator_count: int, rule: Rule) -> list[Candidate]:
    """The candidates ``rule`` accepts, leaving every conflict among them to the curator."""
    minimum = rule.minimum(annotator_count)
    passing = sorted(
        (c for c in found if len(set(c.annotators)) >= minimum), key=lambda c: (c.start, c.end)
    )
    return [c for c, clash in zip(passing, _clashes(passing), strict=True) if not clash]


def _clashes(ordered: Sequence[Candidate]) -> list[bool]:
    """For candidates sorted by start: whether each overlaps any other, in one sweep.

    A candidate overlaps an earlier one exactly when it starts before the furthest end seen
    so far; the candidate holding that end overlaps it too. (Earlier candidates that clash
    with nothing are disjoint, so the one that reaches past a start is the furthest.)
    """
    clashes = [False] * len(ordered)
    furthest, holder = -1, -1
    for row, candidate in enumerate(ordered):
        if candidate.start < furthest:
            clashes[row] = clashes[holder] = True
        if candidate.end > furthest:
            furthest, holder = candidate.end, row
    return clashes
