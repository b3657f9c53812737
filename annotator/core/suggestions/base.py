"""The recommender interface and the records a suggestion leaves behind.

A *recommender* looks at one document and proposes labelled ranges (:class:`Suggestion`),
each with a score from 0 to 1 and a reason a person can check. Some recommenders need no
training (the boilerplate detector); others are *trained* from an annotator's own spans
and saved as data (never pickled: ``to_bytes`` / ``Trainer.load``), with a ``version`` that
names what they learned from. The service layer reads documents and spans from the store,
hands them over as :class:`Page` and :class:`LabelledPage`, and combines what several
recommenders say with :func:`combine`.

All offsets are code points of the document text.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from annotator.core.boilerplate import CorpusLines


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A range a recommender proposes to label.

    Attributes:
        start: First code point.
        end: One past the last code point.
        label: The label's name, as the project spells it.
        score: How sure the recommender is, from 0 to 1.
        source: The recommender's name ("detector", "learned").
        version: The recommender's version at the time.
        reason: Why, in a few words ("repeated on 14 pages", "like 'Share on Facebook'").
    """

    start: int
    end: int
    label: str
    score: float
    source: str
    version: str
    reason: str

    @property
    def key(self) -> tuple[int, int, str]:
        """What identifies the suggestion for rejection: its range and label."""
        return (self.start, self.end, self.label)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an accepted span came from: recorded with the span and exported with it."""

    recommender: str
    version: str
    score: float
    reason: str
    accepted_at: datetime | None = field(default=None, compare=False)
    #: The label it was suggested with (the span's own may differ: the annotator may
    #: accept a suggestion as another label); None where it is not known.
    label: str | None = None

    @classmethod
    def of(cls, suggestion: Suggestion) -> Origin:
        """The origin a span accepted from ``suggestion`` records."""
        return cls(
            suggestion.source,
            suggestion.version,
            suggestion.score,
            suggestion.reason,
            label=suggestion.label,
        )


@dataclass(frozen=True, slots=True)
class Page:
    """A document as a recommender sees it.

    Attributes:
        key: The document's id in the project.
        text: Its text.
        structure: For an imported HTML page, its block map (see
            :func:`annotator.core.originals.structure_of`); None otherwise.
    """

    key: int
    text: str
    structure: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class LabelledPage:
    """A document with one annotator's spans, as ``(start, end, label name)``."""

    page: Page
    spans: tuple[tuple[int, int, str], ...]


@dataclass(frozen=True, slots=True)
class Context:
    """What a recommender may know beyond the page.

    Attributes:
        labels: The project's label names, in the project's order.
        corpus: The lines of every document of the project, counted (the page included).
    """

    labels: tuple[str, ...]
    corpus: CorpusLines


class Recommender(Protocol):
    """Anything that proposes labelled ranges for a page."""

    @property
    def name(self) -> str:
        """A short stable name ("detector"), stored with what it suggested."""
        ...

    @property
    def version(self) -> str:
        """Names this recommender's rules or training; changes when they change."""
        ...

    def suggest(self, page: Page, context: Context) -> list[Suggestion]:
        """Suggestions for the page, in text order; they may overlap one another."""
        ...


class TrainedRecommender(Recommender, Protocol):
    """A recommender learned from labelled pages, which can be saved as data."""

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels it learned to suggest."""
        ...

    def to_bytes(self) -> bytes:
        """The model's parameters as data (no pickle), for :meth:`Trainer.load`."""
        ...


class Trainer(Protocol):
    """Learns a :class:`TrainedRecommender` from one annotator's labelled pages."""

    @property
    def name(self) -> str:
        """The name of the recommenders it makes."""
        ...

    def available(self) -> str | None:
        """None if it can train here; else what is missing, as a sentence for the user."""
        ...

    def train(self, pages: Sequence[LabelledPage], context: Context) -> TrainedRecommender:
        """Learn from ``pages``.

        Raises:
            ValueError: Too little to learn from (fewer than two labels used, say).
        """
        ...

    def load(self, data: bytes) -> TrainedRecommender:
        """A recommender saved by ``to_bytes``.

        Raises:
            ValueError: The data is damaged or from an incompatible version.
        """
        ...


#: Recommenders whose rules stand in until the annotator has taught a model: where a trained
#: recommender knows a label, their suggestions of that label give way to it (the trained one
#: already weighs their measures, and measured on the evaluation pages the pair did worse than
#: the trained one alone: Boilerplate F1 0.94 against 0.95).
FALLBACK_SOURCES = frozenset({"detector"})
#: A trained recommender stands in for the fallback ones once it learned from this many
#: documents: from one or two half-labelled pages it knows too little (the rest of a page
#: not labelled yet teaches it "no label"), and the rules do better.
STAND_IN_PAGES = 3


def ask(
    recommenders: Sequence[Recommender],
    trained: TrainedRecommender | None,
    page: Page,
    context: Context,
    learned_from: int = STAND_IN_PAGES,
) -> list[Suggestion]:
    """What the recommenders and the trained one suggest for ``page``, before thresholds.

    Once the trained recommender learned from :data:`STAND_IN_PAGES` documents
    (``learned_from``), a fallback recommender's suggestions (:data:`FALLBACK_SOURCES`) of a
    label it learned are left out; before that, both are asked and the higher score wins
    where they overlap (see :func:`combine`).
    """
    found = [s for recommender in recommenders for s in recommender.suggest(page, context)]
    if trained is None:
        return found
    if learned_from < STAND_IN_PAGES:
        return found + trained.suggest(page, context)
    known = set(trained.labels)
    kept = [s for s in found if not (s.source in FALLBACK_SOURCES and s.label in known)]
    return kept + trained.suggest(page, context)


def combine(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """Non-overlapping suggestions, the highest scores first kept, in text order.

    Where two overlap, the one with the higher score wins (the longer one on a tie, then the
    earlier one), so the text never shows two dashed outlines over one character.
    """
    ranked = sorted(suggestions, key=lambda s: (-s.score, -(s.end - s.start), s.start, s.label))
    # Kept ranges never overlap, so sorted by start their ends are sorted too: one bisection
    # finds the only kept range that could overlap a candidate from the left.
    starts: list[int] = []
    kept: list[Suggestion] = []
    for suggestion in ranked:
        at = bisect_left(starts, suggestion.end)
        if at and kept[at - 1].end > suggestion.start:
            continue
        starts.insert(at, suggestion.start)
        kept.insert(at, suggestion)
    return kept
