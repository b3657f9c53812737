"""The running sums of one agreement computation, fed one document at a time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.core.agreement import unitizing
from annotator.core.agreement.layers import Run, Units, count_segments, flatten, token_starts
from annotator.core.agreement.spans import SpanTally


@dataclass(frozen=True, slots=True)
class DocumentLayers:
    """One document and the layers of the annotators who take part in it.

    Attributes:
        text: The document's text (offsets count its code points).
        layers: Annotator index (into the compared annotators) -> that annotator's spans as
            ``(start, end, label code)``, label codes ``1 .. K`` in label-set order. An
            annotator absent from the mapping has no layer in this document (missing),
            which is not the same as a layer without spans (all "no label").
    """

    text: str
    layers: Mapping[int, Sequence[Run]]


@dataclass(slots=True)
class Tally:
    """Everything the figures need, summed over documents; memory grows with the distinct
    category tuples and span lengths, not with the corpus."""

    annotators: int
    labels: int
    documents: dict[tuple[int, ...], int] = field(default_factory=dict)
    chars: Units = field(default_factory=dict)
    tokens: Units = field(default_factory=dict)
    spans: dict[tuple[int, int], SpanTally] = field(default_factory=dict)
    #: Per set of present annotators: its continuum length, each coder's sections per label,
    #: and each pair's Σ δ² per label (unordered). Scopes are put together at the end.
    lengths: dict[tuple[int, ...], int] = field(default_factory=dict)
    sections: dict[tuple[tuple[int, ...], int], list[unitizing.CategoryTally]] = field(
        default_factory=dict
    )
    deltas: dict[tuple[tuple[int, ...], int, int], list[int]] = field(default_factory=dict)

    def add(self, document: DocumentLayers) -> None:
        """Add one document."""
        length = len(document.text)
        present = tuple(sorted(i for i in document.layers if 0 <= i < self.annotators))
        if not present:
            return
        self.documents[present] = self.documents.get(present, 0) + 1
        raw = {i: list(document.layers[i]) for i in present}
        flat: list[list[Run] | None] = [
            flatten(raw[i], length) if i in raw else None for i in range(self.annotators)
        ]
        count_segments(length, flat, token_starts(document.text), self.chars, self.tokens)
        for a, b in combinations(present, 2):
            self.spans.setdefault((a, b), SpanTally()).add_document(raw[a], raw[b])
        self._add_unitizing(present, raw, length)

    def _add_unitizing(
        self, present: tuple[int, ...], raw: dict[int, list[Run]], length: int
    ) -> None:
        self.lengths[present] = self.lengths.get(present, 0) + length
        by_coder: dict[int, list[list[unitizing.Section]]] = {}
        for who in present:
            units: list[list[tuple[int, int]]] = [[] for _ in range(self.labels + 1)]
            for start, end, label in raw[who]:
                if start < min(end, length) and 1 <= label <= self.labels:
                    units[label].append((start, min(end, length)))
            found = [unitizing.sections(units[c], length) for c in range(1, self.labels + 1)]
            by_coder[who] = found
            tallies = self.sections.setdefault(
                (present, who), [unitizing.CategoryTally() for _ in range(self.labels)]
            )
            for tally, cut in zip(tallies, found, strict=True):
                tally.add_sections(cut)
        for a, b in combinations(present, 2):
            sums = self.deltas.setdefault((present, a, b), [0] * self.labels)
            for c in range(self.labels):
                sums[c] += unitizing.pair_delta(by_coder[a][c], by_coder[b][c])

    def unitizing_scope(self, coders: Sequence[int]) -> tuple[list[unitizing.CategoryTally], int]:
        """Per-label tallies and continuum length over the documents all ``coders`` share."""
        wanted = set(coders)
        merged = [unitizing.CategoryTally() for _ in range(self.labels)]
        length = 0
        for present, size in self.lengths.items():
            if not wanted <= set(present):
                continue
            length += size
            for who in coders:
                for tally, theirs in zip(merged, self.sections[(present, who)], strict=True):
                    tally.merge(theirs)
            for a, b in combinations(sorted(coders), 2):
                for tally, delta in zip(merged, self.deltas[(present, a, b)], strict=True):
                    tally.delta += 2 * delta  # ordered pairs: (a, b) and (b, a)
        return merged, length

    def documents_with(self, coders: Sequence[int]) -> int:
        """How many documents all ``coders`` have a layer in."""
        wanted = set(coders)
        return sum(n for present, n in self.documents.items() if wanted <= set(present))
