"""Tests for :func:`annotator.core.suggestions.base.ask`: when the rules give way to a model."""

from __future__ import annotations

from annotator.core.boilerplate import CorpusLines
from annotator.core.suggestions.base import STAND_IN_PAGES, Context, Page, Suggestion, ask


class Fixed:
    """Suggests one range with one label, as a recommender named ``name``."""

    def __init__(self, name: str, label: str, start: int, end: int) -> None:
        self.name, self.version = name, "1"
        self._suggestion = Suggestion(start, end, label, 0.9, name, "1", "because")

    @property
    def labels(self) -> tuple[str, ...]:
        return (self._suggestion.label,)

    def suggest(self, page: Page, context: Context) -> list[Suggestion]:
        return [self._suggestion]

    def to_bytes(self) -> bytes:
        return b""


PAGE = Page(1, "Share this page\nA real sentence here.")
CONTEXT = Context(("Claim", "Opinion", "Boilerplate"), CorpusLines.build([(1, PAGE.text)]))


def test_the_detector_gives_way_on_the_labels_a_model_learned_from_enough_pages() -> None:
    detector = Fixed("detector", "Boilerplate", 0, 15)
    occurrence = Fixed("occurrence", "Boilerplate", 0, 5)
    model = Fixed("learned", "Boilerplate", 16, 37)
    found = ask([detector, occurrence], model, PAGE, CONTEXT, STAND_IN_PAGES)
    assert [s.source for s in found] == ["occurrence", "learned"]  # only the fallback goes


def test_before_enough_pages_both_are_asked() -> None:
    detector = Fixed("detector", "Boilerplate", 0, 15)
    model = Fixed("learned", "Boilerplate", 16, 37)
    found = ask([detector], model, PAGE, CONTEXT, STAND_IN_PAGES - 1)
    assert [s.source for s in found] == ["detector", "learned"]


def test_the_detector_keeps_the_labels_the_model_did_not_learn() -> None:
    detector = Fixed("detector", "Boilerplate", 0, 15)
    model = Fixed("learned", "Claim", 16, 37)
    found = ask([detector], model, PAGE, CONTEXT, 10)
    assert [s.source for s in found] == ["detector", "learned"]
