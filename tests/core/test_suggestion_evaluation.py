"""Leave-one-document-out evaluation of suggestions: the arithmetic, checked on tiny pages."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pytest
from suggest_pages import context_of, news_pages

from annotator.core.suggestions.base import Context, LabelledPage, Page, Suggestion
from annotator.core.suggestions.detector import BoilerplateDetector
from annotator.core.suggestions.evaluation import evaluate
from annotator.core.suggestions.learned import LinearTrainer
from annotator.core.suggestions.scoring import (
    Counts,
    Score,
    VisibleText,
    character_counts,
    macro,
    span_counts,
    union,
)


class Given:
    """A recommender that suggests what it is told, per page key: no rules, no training."""

    name = "given"
    version = "1"

    def __init__(self, ranges: Mapping[int, Sequence[tuple[int, int, str, float]]]) -> None:
        self._ranges = ranges

    def suggest(self, page: Page, context: Context) -> list[Suggestion]:
        return [
            Suggestion(start, end, label, score, self.name, self.version, "told")
            for start, end, label, score in self._ranges.get(page.key, ())
        ]


def test_characters_count_only_visible_ones_once() -> None:
    visible = VisibleText("ab cd ef")
    assert character_counts(visible, [(0, 5)], [(3, 8)]) == Counts(4, 4, 2)
    # Overlapping suggestions count their characters once; blanks never count.
    assert character_counts(visible, [(0, 4), (1, 5), (5, 6)], [(0, 8)]) == Counts(4, 6, 4)
    assert character_counts(visible, [], [(0, 2)]) == Counts(0, 2, 0)
    assert union([(5, 6), (0, 2), (1, 3), (3, 4)]) == [(0, 4), (5, 6)]


def test_a_span_matches_at_most_one_suggestion_and_the_reverse() -> None:
    # Two suggestions inside one span: one match; the other is a false positive.
    assert span_counts([(0, 3), (4, 8)], [(0, 8)]) == Counts(2, 1, 1)
    # One suggestion over two spans: one match; the other span is missed.
    assert span_counts([(0, 10)], [(0, 3), (5, 9)]) == Counts(1, 2, 1)
    # Touching is not overlapping.
    assert span_counts([(0, 3)], [(3, 6)]) == Counts(1, 1, 0)
    # A second suggestion takes the span the first did not.
    assert span_counts([(0, 4), (3, 9)], [(0, 2), (3, 6)]) == Counts(2, 2, 2)


def test_precision_recall_f1_and_their_macro_mean() -> None:
    half = Score.of(Counts(suggested=4, gold=4, matched=2))
    assert (half.precision, half.recall, half.f1) == (0.5, 0.5, 0.5)
    skewed = Score.of(Counts(suggested=1, gold=4, matched=1))
    assert (skewed.precision, skewed.recall) == (1.0, 0.25)
    assert skewed.f1 == pytest.approx(0.4)
    nothing = Score.of(Counts(suggested=0, gold=3, matched=0))
    assert (nothing.precision, nothing.recall, nothing.f1) == (0.0, 0.0, 0.0)
    mean = macro([half, skewed, nothing])
    assert mean.precision == pytest.approx(0.5) and mean.f1 == pytest.approx(0.3)
    assert mean.counts == Counts(5, 11, 3)


TEXT_ONE = "Home | News\nThe dam is 40 m high. I love it.\nShare this"
TEXT_TWO = "Home | News\nWe think so.\nShare this"
# Visible characters: "Home | News" 9, "The dam is 40 m high." 16, "I love it." 8, "Share this"
# 9, "We think so." 10.
PAGES = [
    LabelledPage(Page(1, TEXT_ONE), ((0, 11, "Nav"), (12, 33, "Fact"), (34, 44, "View"))),
    LabelledPage(Page(2, TEXT_TWO), ((0, 11, "Nav"), (12, 24, "View"), (25, 35, "Nav"))),
]
CONTEXT = context_of(PAGES, ("Fact", "View", "Nav"))


def test_leave_one_out_counts_add_up_over_pages_exactly() -> None:
    given = Given(
        {
            # Page 1: Nav right; Fact covers "The dam is" only (8 of 16 visible characters);
            # View suggested over "it." and "Share" (3 right, 5 wrong); a weak one hidden.
            1: [
                (0, 11, "Nav", 0.9),
                (12, 22, "Fact", 0.8),
                (40, 50, "View", 0.7),
                (23, 32, "View", 0.4),
            ],
            # Page 2: the first Nav line as two suggestions, the view missed.
            2: [(0, 4, "Nav", 0.6), (7, 11, "Nav", 0.6)],
        }
    )
    report = evaluate(PAGES, CONTEXT, fixed=[given], threshold=0.5)
    assert report.recommender == "given" and report.documents == 2
    assert report.trainings == 0 and report.curve == ()
    fact, view, nav = report.labels
    assert fact.characters.counts == Counts(8, 16, 8)
    assert (fact.characters.precision, fact.characters.recall) == (1.0, 0.5)
    assert fact.spans.counts == Counts(1, 1, 1)
    # View: "it." (3) and "Share" (5) suggested; "I love it." (8) and "We think so." (10).
    assert view.characters.counts == Counts(8, 18, 3)
    assert view.spans.counts == Counts(1, 2, 1)
    # Nav: page 1's 9 + page 2's "Home" and "News" (8); gold 9 + 9 + 9.
    assert nav.characters.counts == Counts(17, 27, 17)
    assert nav.spans.counts == Counts(3, 3, 2)
    assert report.macro_characters.f1 == pytest.approx(
        (2 / 3 + 2 * (3 / 8) * (3 / 18) / (3 / 8 + 3 / 18) + 2 * 1 * (17 / 27) / (1 + 17 / 27)) / 3
    )


def test_overlapping_suggestions_count_as_shown_the_higher_score_winning() -> None:
    given = Given({1: [(0, 11, "Nav", 0.6), (0, 4, "Fact", 0.9)], 2: []})
    report = evaluate(PAGES, CONTEXT, fixed=[given])
    assert report.label("Fact").characters.counts == Counts(4, 16, 0)
    assert report.label("Nav").characters.counts == Counts(0, 27, 0)


def test_the_report_reads_as_json_and_as_a_table() -> None:
    report = evaluate(PAGES, CONTEXT, fixed=[Given({1: [(0, 11, "Nav", 0.9)]})])
    data = report.to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["labels"]["Nav"]["characters"] == {
        "precision": 1.0,
        "recall": 0.3333,
        "f1": 0.5,
        "suggested": 9,
        "gold": 27,
        "matched": 9,
    }
    assert data["macro"]["characters"]["f1"] == pytest.approx(0.5 / 3, abs=1e-4)
    text = report.to_text()
    rows = text.splitlines()
    nav = next(row for row in rows if row.startswith("Nav"))
    characters = ["1.000", "0.333", "0.500", "9/9/27"]
    spans = ["1.000", "0.333", "0.500", "1/1/3"]
    assert nav.split() == ["Nav", *characters, *spans]
    table = [row for row in rows if row.split() and row.split()[0] in {"Fact", "View", "Nav"}]
    assert len({len(row) for row in table}) == 1  # the columns line up


def test_the_detector_alone_needs_no_training_and_speaks_for_boilerplate_only() -> None:
    pages = news_pages()
    report = evaluate(pages, context_of(pages), fixed=[BoilerplateDetector()])
    assert report.recommender == "detector" and report.trainings == 0 and not report.curve
    assert report.label("Claim").characters.counts.suggested == 0
    assert report.label("Boilerplate").characters.f1 > 0.5


def test_a_learning_curve_over_seeded_draws_ends_at_leave_one_out() -> None:
    pages = news_pages()[:4]
    context = context_of(pages)
    report = evaluate(pages, context, LinearTrainer(), curve_sizes=(1, 2, 3, 9), curve_seeds=2)
    assert [(p.documents, p.draws) for p in report.curve] == [(1, 2), (2, 2), (3, 1)]
    last = report.curve[-1]
    assert last.f1 == {item.label: item.characters.f1 for item in report.labels}
    assert last.macro_f1 == pytest.approx(report.macro_characters.f1)
    assert report.trainings == 4 + 2 * 2 * 4 and report.failed_trainings == 0
    again = evaluate(pages, context, LinearTrainer(), curve_sizes=(1, 2, 3, 9), curve_seeds=2)
    assert again.to_json()["curve"] == report.to_json()["curve"]  # seeded: the same draws
    assert "Learning curve" in report.to_text()


def test_training_that_has_too_little_falls_back_to_the_untrained_ones() -> None:
    pages = news_pages()[:3]
    bare = [pages[0], *(LabelledPage(page.page, ()) for page in pages[1:])]
    report = evaluate(bare, context_of(bare), LinearTrainer(), curve_sizes=())
    # Holding out page 0 leaves two unlabelled pages: nothing to learn.
    assert report.trainings == 3 and report.failed_trainings == 1
    assert report.to_json()["failed_trainings"] == 1


def test_default_curve_sizes_double_up_to_all_the_others() -> None:
    pages = news_pages()
    report = evaluate(pages, context_of(pages), LinearTrainer(), curve_seeds=1)
    assert [p.documents for p in report.curve] == [1, 2, 4, 5]
