"""What an evaluation of suggestions measured, as data and as tables for a terminal.

See :func:`annotator.core.suggestions.evaluation.evaluate` for how the figures are taken and
:mod:`.scoring` for what each one counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.suggestions.scoring import Score


@dataclass(frozen=True, slots=True)
class LabelScore:
    """One label's figures: by characters and by spans."""

    label: str
    characters: Score
    spans: Score


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """The quality with ``documents`` training pages (mean over ``draws`` draws).

    Attributes:
        documents: How many labelled pages the recommender trained on.
        draws: How many draws of them were averaged.
        macro_f1: The mean over labels of the character F1.
        f1: Each label's character F1.
    """

    documents: int
    draws: int
    macro_f1: float
    f1: dict[str, float]


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    """What :func:`evaluate` measured.

    Attributes:
        recommender: What was measured ("learned", "detector", "learned + detector").
        documents: How many labelled pages took part (each held out once).
        threshold: The score from which a suggestion counted.
        labels: Each label's figures, in the project's order.
        macro_characters: The mean over labels, by characters.
        macro_spans: The mean over labels, by spans.
        curve: The learning curve (empty without training).
        trainings: How many recommenders were trained, in all.
        failed_trainings: How many could not be (too little to learn): that page then got
            the untrained recommenders' suggestions only.
        training_seconds: The time spent training, in all.
    """

    recommender: str
    documents: int
    threshold: float
    labels: tuple[LabelScore, ...]
    macro_characters: Score
    macro_spans: Score
    curve: tuple[CurvePoint, ...] = ()
    trainings: int = 0
    failed_trainings: int = 0
    training_seconds: float = 0.0

    def label(self, name: str) -> LabelScore:
        """The figures of the label called ``name``.

        Raises:
            KeyError: No such label was measured.
        """
        for found in self.labels:
            if found.label == name:
                return found
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "recommender": self.recommender,
            "documents": self.documents,
            "threshold": self.threshold,
            "labels": {
                item.label: {
                    "characters": _score_json(item.characters),
                    "spans": _score_json(item.spans),
                }
                for item in self.labels
            },
            "macro": {
                "characters": _score_json(self.macro_characters),
                "spans": _score_json(self.macro_spans),
            },
            "curve": [
                {
                    "documents": point.documents,
                    "draws": point.draws,
                    "macro_f1": round(point.macro_f1, 4),
                    "f1": {name: round(value, 4) for name, value in point.f1.items()},
                }
                for point in self.curve
            ],
            "trainings": self.trainings,
            "failed_trainings": self.failed_trainings,
            "training_seconds": round(self.training_seconds, 3),
        }

    def to_text(self) -> str:
        """The report as aligned tables for a terminal."""
        return _report_text(self)


def _score_json(score: Score) -> dict[str, Any]:
    counts = score.counts
    return {
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
        "f1": round(score.f1, 4),
        "suggested": counts.suggested,
        "gold": counts.gold,
        "matched": counts.matched,
    }


def _report_text(report: EvaluationReport) -> str:
    """The figures, the learning curve and the training time, as plain text."""
    how = (
        f"each of {report.documents} labelled documents left out in turn"
        if report.trainings or report.curve
        else f"on {report.documents} labelled documents, nothing trained"
    )
    lines = [
        f"Suggestions from {report.recommender}, {how} (scores from {report.threshold:.2f} shown)",
        "",
        *_table(_label_rows(report)),
    ]
    if report.curve:
        names = [item.label for item in report.labels]
        rows = [["documents", "macro F1", *names]]
        rows.extend(
            [
                f"{point.documents} ({point.draws} draw{'s' if point.draws > 1 else ''})",
                f"{point.macro_f1:.3f}",
                *(f"{point.f1[name]:.3f}" for name in names),
            ]
            for point in report.curve
        )
        lines += ["", "Learning curve: character F1 by the number of training documents", ""]
        lines += _table(rows)
    if report.trainings:
        lines += [
            "",
            f"Trained {report.trainings} times in {report.training_seconds:.1f} s "
            f"({report.training_seconds / report.trainings:.2f} s each)"
            + (
                f"; {report.failed_trainings} had too little to learn from"
                if report.failed_trainings
                else ""
            )
            + ".",
        ]
    return "\n".join(lines)


def _label_rows(report: EvaluationReport) -> list[list[str]]:
    rows = [
        ["", "characters", "", "", "", "spans", "", "", ""],
        ["label", "P", "R", "F1", "hit/shown/gold", "P", "R", "F1", "hit/shown/gold"],
    ]
    for item in report.labels:
        rows.append([item.label, *_cells(item.characters), *_cells(item.spans)])
    rows.append(["macro", *_cells(report.macro_characters), *_cells(report.macro_spans)])
    return rows


def _cells(score: Score) -> list[str]:
    counts = score.counts
    return [
        f"{score.precision:.3f}",
        f"{score.recall:.3f}",
        f"{score.f1:.3f}",
        f"{counts.matched}/{counts.suggested}/{counts.gold}",
    ]


def _table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as columns: the first left-aligned, the others right-aligned."""
    widths = [max(len(row[at]) for row in rows) for at in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(width) if at == 0 else cell.rjust(width)
            for at, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]
