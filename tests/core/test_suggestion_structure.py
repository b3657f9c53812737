"""The element structure of an imported HTML page as a sign of boilerplate."""

from __future__ import annotations

import pytest
from suggest_pages import context_of, news_pages

from annotator.core import segments
from annotator.core.boilerplate import CorpusLines
from annotator.core.originals import Block, ElementStep, structure_of
from annotator.core.suggestions.base import Context, LabelledPage, Page, Suggestion
from annotator.core.suggestions.detector import BoilerplateDetector
from annotator.core.suggestions.features import FeatureConfig, page_view
from annotator.core.suggestions.learned import LinearTrainer
from annotator.core.suggestions.structure import NO_SIGN, PageStructure
from annotator.formats.base import ReadOptions
from annotator.formats.html import read_html

PAGE = b"""<!doctype html><html><head><title>Bridge to close</title></head><body>
<header><a href="/">Riverside Gazette</a></header>
<nav><a href="/t">Town</a> <a href="/c">County</a> <a href="/l">Letters</a></nav>
<main><article>
<header><h1>Bridge to close for six weeks</h1></header>
<p>The county closed the old bridge on Monday for six weeks of repairs.</p>
<p>Residents were told by letter, the council said.</p>
</article></main>
<aside><p>Try our new crossword every Friday morning.</p></aside>
<div class="share-bar"><p>Tell a friend about this story</p></div>
<p>Read on: <a href="/x">the ferry timetable for the spring and summer season</a></p>
<footer><p>Made with care by the newsroom team in Riverside.</p></footer>
</body></html>"""


def _page() -> Page:
    [draft] = read_html(PAGE, ReadOptions("bridge.html"))
    assert draft.original is not None
    return Page(1, draft.text, structure_of(draft.original.blocks))


def _by_line(page: Page, suggestions: list[Suggestion]) -> dict[str, Suggestion]:
    return {page.text[s.start : s.end]: s for s in suggestions}


def test_navigation_footer_aside_widgets_and_links_raise_the_detectors_score() -> None:
    page = _page()
    context = Context(("Boilerplate",), CorpusLines.build([(1, page.text)]))
    detector = BoilerplateDetector()
    plain = _by_line(page, detector.suggest(Page(1, page.text), context))
    found = _by_line(page, detector.suggest(page, context))
    expected = {
        "Town County Letters": "inside <nav>",
        "Made with care by the newsroom team in Riverside.": "inside <footer>",
        "Try our new crossword every Friday morning.": "inside <aside>",
        "Tell a friend about this story": "inside a 'share' element",
        "Riverside Gazette": "inside the page's <header>",
        "Read on: the ferry timetable for the spring and summer season": "links",
    }
    for line, reason in expected.items():
        assert found[line].score >= 0.5, line
        assert reason in found[line].reason, line
        assert line not in plain or plain[line].score < found[line].score
    # The footer's line reads as a sentence: the text alone does not make it boilerplate.
    assert "Made with care by the newsroom team in Riverside." not in plain
    # The article's own header, and its paragraphs, get no sign from the structure.
    for line in (
        "Bridge to close for six weeks",
        "Residents were told by letter, the council said.",
    ):
        assert found.get(line) == plain.get(line)
    assert all(s.version == BoilerplateDetector.version for s in found.values())


def test_a_page_without_structure_is_scored_by_its_text_as_before() -> None:
    pages = news_pages()
    context = context_of(pages)
    detector = BoilerplateDetector()
    for page in pages:
        found = detector.suggest(page.page, context)
        assert found and all("inside" not in s.reason for s in found)


def test_structure_signs_of_a_block_map() -> None:
    footer = (ElementStep("html"), ElementStep("body"), ElementStep("footer"), ElementStep("p"))
    article = (ElementStep("html"), ElementStep("body"), ElementStep("article"))
    card = (ElementStep("div", "user-card sidebar", ""),)
    structure = PageStructure.of(
        structure_of([Block(0, 10, article), Block(12, 20, footer), Block(22, 30, card, 0.75)])
    )
    assert structure is not None
    assert structure.sign(0, 5) == NO_SIGN
    assert structure.sign(10, 12) == NO_SIGN  # between blocks
    assert structure.sign(12, 20).reason == "inside <footer>"
    assert structure.sign(12, 20).landmark == 1.0
    widget = structure.sign(25, 30)
    assert widget.reason == "inside a 'sidebar' element; 75% links"
    assert widget.weight == pytest.approx(1 - 0.6 * 0.5)
    assert PageStructure.of(None) is None
    with pytest.raises(ValueError, match="structure version"):
        PageStructure.of({"version": 99})


def test_the_learned_recommender_learns_from_the_structure_too() -> None:
    page = _page()
    structure = PageStructure.of(page.structure)
    assert structure is not None
    # The annotator labels what the structure points at as boilerplate, and the first
    # paragraph as a claim.
    spans = [
        (start, end, "Boilerplate")
        for start, end in segments.lines(page.text, 0, len(page.text))
        if structure.sign(start, end).weight
    ]
    claim = "The county closed the old bridge on Monday for six weeks of repairs."
    spans.append((page.text.index(claim), page.text.index(claim) + len(claim), "Claim"))
    context = Context(("Claim", "Boilerplate"), CorpusLines.build([(1, page.text)]))
    recommender = LinearTrainer().train([LabelledPage(page, tuple(spans))], context)
    view = page_view(page, context, FeatureConfig())
    bare = page_view(Page(1, page.text), context, FeatureConfig())
    assert any(row["d:landmark"] for row in view.measures)
    assert not any(row["d:landmark"] for row in bare.measures)
    boilerplate = recommender.labels.index("Boilerplate") + 1  # after "" (no label)
    with_structure = recommender.probabilities(view)[:, boilerplate]
    without = recommender.probabilities(bare)[:, boilerplate]
    footer = next(
        at for at, unit in enumerate(view.units) if page.text[unit.start :].startswith("Made")
    )
    assert with_structure[footer] > without[footer]
