"""How good the suggestions are on an annotator's own labels: leave one document out.

For each labelled page in turn, a recommender is trained on the other pages (or none is, for
recommenders that need no training, such as the boilerplate detector), the page is
suggested as the annotator would see it (the suggestions scoring at least the threshold,
combined so none overlap: :func:`~.base.combine`), and the suggestions are compared with the
page's spans (:mod:`.scoring`): characters and spans, precision, recall and F1 per label, and
their mean over labels.

The learning curve repeats this with the training limited to ``k`` pages drawn from the
others (``k`` = 1, 2, 4, 8 ... and all of them), averaged over a few seeded draws: how fast
the recommender learns this annotator.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.core.suggestions.base import (
    Context,
    LabelledPage,
    Recommender,
    Suggestion,
    Trainer,
    ask,
    combine,
)
from annotator.core.suggestions.evaluation_report import CurvePoint, EvaluationReport, LabelScore
from annotator.core.suggestions.scoring import (
    Counts,
    Score,
    VisibleText,
    character_counts,
    macro,
    span_counts,
)

#: Suggestions scoring at least this are shown (the service's default too).
THRESHOLD = 0.5
#: Draws of training pages averaged for each point of the learning curve.
CURVE_SEEDS = 3


@dataclass(slots=True)
class _Tally:
    """Counts per label, added up over held-out pages."""

    labels: tuple[str, ...]
    characters: dict[str, Counts] = field(default_factory=dict)
    spans: dict[str, Counts] = field(default_factory=dict)

    def add(self, page: LabelledPage, suggestions: Sequence[Suggestion]) -> None:
        visible = VisibleText(page.page.text)
        for label in self.labels:
            ours = [(s.start, s.end) for s in suggestions if s.label == label]
            theirs = [(start, end) for start, end, name in page.spans if name == label]
            self.characters[label] = self.characters.get(label, Counts()) + character_counts(
                visible, ours, theirs
            )
            self.spans[label] = self.spans.get(label, Counts()) + span_counts(ours, theirs)

    def scores(self) -> tuple[LabelScore, ...]:
        return tuple(
            LabelScore(
                label,
                Score.of(self.characters.get(label, Counts())),
                Score.of(self.spans.get(label, Counts())),
            )
            for label in self.labels
        )


@dataclass(slots=True)
class _Runner:
    """Trains, suggests and counts, keeping the tallies of training."""

    context: Context
    trainer: Trainer | None
    fixed: Sequence[Recommender]
    threshold: float
    trainings: int = 0
    failed: int = 0
    seconds: float = 0.0

    def suggest(self, held_out: LabelledPage, training: Sequence[LabelledPage]) -> list[Suggestion]:
        trained = None
        if self.trainer is not None:
            started = time.perf_counter()
            self.trainings += 1
            try:
                trained = self.trainer.train(training, self.context)
            except ValueError:
                self.failed += 1  # too little to learn: the page gets the others' suggestions
            self.seconds += time.perf_counter() - started
        # The same rule as the window and `annotator suggest` (see base.ask).
        found = ask(self.fixed, trained, held_out.page, self.context, len(training))
        return combine(s for s in found if s.score >= self.threshold)


def evaluate(
    pages: Sequence[LabelledPage],
    context: Context,
    trainer: Trainer | None = None,
    fixed: Sequence[Recommender] = (),
    *,
    threshold: float = THRESHOLD,
    curve_sizes: Sequence[int] | None = None,
    curve_seeds: int = CURVE_SEEDS,
) -> EvaluationReport:
    """Leave-one-document-out figures of ``trainer``'s recommenders and the ``fixed`` ones.

    Args:
        pages: The annotator's labelled pages. Every page counts as fully labelled (text
            without a span is "no label"), so leave out documents not looked at yet.
        context: The project's labels (those measured, in order) and corpus of lines.
        trainer: Trained afresh for each held-out page on the other pages; None to measure
            the ``fixed`` recommenders alone.
        fixed: Recommenders that need no training (the boilerplate detector).
        threshold: Suggestions scoring under this are not shown, so not counted.
        curve_sizes: The numbers of training pages of the learning curve; None for 1, 2, 4
            ... and all the others; empty for no curve. Sizes past the others are left out.
        curve_seeds: Draws of training pages averaged per size (one for all the others).
    """
    runner = _Runner(context, trainer, fixed, threshold)
    tally = _Tally(context.labels)
    for index, held_out in enumerate(pages):
        tally.add(held_out, runner.suggest(held_out, [*pages[:index], *pages[index + 1 :]]))
    labels = tally.scores()
    curve: tuple[CurvePoint, ...] = ()
    if trainer is not None and len(pages) > 1:
        sizes = _sizes(len(pages) - 1) if curve_sizes is None else curve_sizes
        curve = tuple(
            _curve_point(pages, runner, size, curve_seeds, labels)
            for size in sorted(set(sizes))
            if 1 <= size <= len(pages) - 1
        )
    return EvaluationReport(
        _name(trainer, fixed),
        len(pages),
        threshold,
        labels,
        macro([item.characters for item in labels]),
        macro([item.spans for item in labels]),
        curve,
        runner.trainings,
        runner.failed,
        runner.seconds,
    )


def _sizes(others: int) -> list[int]:
    """1, 2, 4, 8 ... below ``others``, then ``others``."""
    sizes = []
    size = 1
    while size < others:
        sizes.append(size)
        size *= 2
    return [*sizes, others]


def _curve_point(
    pages: Sequence[LabelledPage],
    runner: _Runner,
    size: int,
    seeds: int,
    all_others: tuple[LabelScore, ...],
) -> CurvePoint:
    others = len(pages) - 1
    if size == others:  # one draw only: the leave-one-out figures themselves
        return _point(size, 1, [all_others])
    draws: list[tuple[LabelScore, ...]] = []
    for seed in range(seeds):
        draw = random.Random(f"curve:{size}:{seed}")
        tally = _Tally(runner.context.labels)
        for index, held_out in enumerate(pages):
            rest = [*pages[:index], *pages[index + 1 :]]
            tally.add(held_out, runner.suggest(held_out, draw.sample(rest, size)))
        draws.append(tally.scores())
    return _point(size, seeds, draws)


def _point(size: int, draws: int, scores: list[tuple[LabelScore, ...]]) -> CurvePoint:
    labels = [item.label for item in scores[0]]
    f1 = {
        label: sum(draw[at].characters.f1 for draw in scores) / len(scores)
        for at, label in enumerate(labels)
    }
    return CurvePoint(size, draws, sum(f1.values()) / max(len(f1), 1), f1)


def _name(trainer: Trainer | None, fixed: Sequence[Recommender]) -> str:
    names = ([trainer.name] if trainer is not None else []) + [r.name for r in fixed]
    return " + ".join(names) or "nothing"
