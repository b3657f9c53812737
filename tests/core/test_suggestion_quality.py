"""Quality regression: the suggestions on the evaluation corpus meet the issue's targets.

Leave-one-page-out on resources/eval/pages.jsonl (12 invented pages), at the default
threshold: the learned recommender's character F1 at least 0.80 for Boilerplate and a macro
average of at least 0.70 over Claim, Opinion and Boilerplate; the detector alone, with no
labels at all, at least 0.60 for Boilerplate. A drop below these is a regression of the
features, the units or the model, whatever the speed.
"""

from __future__ import annotations

from suggest_pages import LABELS, context_of, eval_pages

from annotator.core.suggestions.detector import BoilerplateDetector
from annotator.core.suggestions.evaluation import evaluate
from annotator.core.suggestions.learned import LinearTrainer


def test_the_learned_recommender_meets_the_targets() -> None:
    pages = eval_pages()
    report = evaluate(pages, context_of(pages), LinearTrainer(), curve_sizes=())
    assert [item.label for item in report.labels] == list(LABELS)
    assert report.trainings == 12 and report.failed_trainings == 0
    assert report.label("Boilerplate").characters.f1 >= 0.80
    assert report.macro_characters.f1 >= 0.70
    # Below the targets, but a floor all the same: span-level and the two harder labels.
    assert report.macro_spans.f1 >= 0.70
    assert min(report.label(name).characters.f1 for name in ("Claim", "Opinion")) >= 0.55


def test_the_detector_alone_meets_its_target() -> None:
    pages = eval_pages()
    report = evaluate(pages, context_of(pages), fixed=[BoilerplateDetector()])
    assert report.label("Boilerplate").characters.f1 >= 0.60
    assert report.label("Claim").characters.counts.suggested == 0
