"""The pieces of a page a learned recommender labels: sentences, seen within their lines.

Claims and opinions are labelled sentence by sentence, boilerplate line by line (a share bar,
a user card, a footer of two sentences). So the unit is the sentence
(:func:`annotator.core.segments.sentences`, within the line the boilerplate detector sees),
it knows its line, and suggestions for neighbouring sentences of one line with the same label
are merged back (:func:`merged`): a footer of two sentences is suggested as one line.

A unit's label, for training, is the label covering most of its non-space characters, if
that is at least half of them; else it has none (:data:`NONE`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.core.segments import Bounds, blocks, lines, sentences

#: The class of a unit no label covers (never a label's name: names are not empty).
NONE = ""

_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence of a page, with where it sits.

    Attributes:
        start: First code point of the sentence.
        end: One past its last code point.
        line: The bounds of its line.
        block: The bounds of its block (lines between blank lines).
        line_index: Its line's number in the page, from 0.
        in_line: How many sentences its line has.
    """

    start: int
    end: int
    line: Bounds
    block: Bounds
    line_index: int
    in_line: int

    @property
    def whole_line(self) -> bool:
        """Whether the sentence is its whole line."""
        return (self.start, self.end) == self.line


def page_units(text: str) -> list[Unit]:
    """Every sentence of ``text``, in text order, each within one line."""
    found: list[Unit] = []
    line_index = 0
    for block in blocks(text):
        for line_start, line_end in lines(text, *block):
            pieces = sentences(text[line_start:line_end])
            found.extend(
                Unit(
                    line_start + start,
                    line_start + end,
                    (line_start, line_end),
                    block,
                    line_index,
                    len(pieces),
                )
                for start, end in pieces
            )
            line_index += 1
    return found


def line_count(units: Sequence[Unit]) -> int:
    """How many lines the units come from (the page's lines with text)."""
    return units[-1].line_index + 1 if units else 0


def visible(text: str) -> int:
    """How many non-space characters ``text`` has."""
    return len(text) - len(_SPACE.findall(text))


def unit_labels(
    text: str, units: Sequence[Unit], spans: Sequence[tuple[int, int, str]]
) -> list[str]:
    """Each unit's label: the one covering most of its non-space characters, if at least half.

    ``spans`` are ``(start, end, label)``; they may overlap (each label is counted on its own).
    """
    ordered = sorted(spans)
    starts = [start for start, _, _ in ordered]
    longest = max((end - start for start, end, _ in ordered), default=0)
    found: list[str] = []
    for unit in units:
        size = visible(text[unit.start : unit.end])
        covered: Counter[str] = Counter()
        # Only spans starting after ``unit.start - longest`` can reach into the unit.
        for start, end, label in ordered[bisect_left(starts, unit.start - longest) :]:
            if start >= unit.end:
                break
            low, high = max(start, unit.start), min(end, unit.end)
            if low < high:
                covered[label] += visible(text[low:high])
        best = max(covered.items(), key=lambda item: (item[1], item[0]), default=(NONE, 0))
        found.append(best[0] if size and 2 * best[1] >= size else NONE)
    return found


@dataclass(frozen=True, slots=True)
class Scored:
    """A unit's best label with its score.

    Attributes:
        unit: The unit (after merging, the units' whole range).
        label: Its best label.
        score: That label's score.
        strongest: Which unit, by its index in the page, scored highest (it gives the
            reason; a unit not merged is its own).
    """

    unit: Unit
    label: str
    score: float
    strongest: int


def merged(scored: Sequence[Scored]) -> list[Scored]:
    """Neighbouring units of one line with the same label, as one (in text order).

    The merged score is the mean of the parts' scores weighted by their length; the strongest
    part is named, to give the reason.
    """
    groups: list[list[Scored]] = []
    for item in scored:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and last.label == item.label
            and last.unit.line == item.unit.line
            and last.unit.end <= item.unit.start
        ):
            groups[-1].append(item)
        else:
            groups.append([item])
    return [_merge(group) for group in groups]


def _merge(group: list[Scored]) -> Scored:
    if len(group) == 1:
        return group[0]
    first, last = group[0].unit, group[-1].unit
    sizes = [item.unit.end - item.unit.start for item in group]
    score = sum(size * item.score for size, item in zip(sizes, group, strict=True)) / sum(sizes)
    strongest = max(group, key=lambda item: item.score)
    unit = Unit(first.start, last.end, first.line, first.block, first.line_index, first.in_line)
    return Scored(unit, group[0].label, score, strongest.strongest)
