"""Suggestion latency on the 1 MB scraped-style page: the detector, the learned recommender,
and the first screenful.

The page is the long page of the other benchmarks (1 MB of paragraphs between navigation and
share lines; 100 KB with ``--quick``). Its project's corpus of lines is the page and the 12
pages of the evaluation corpus (``resources/eval/pages.jsonl``), counted once outside the
clock, as :class:`~annotator.services.suggestions.SuggestionService` counts it once and keeps
it. The learned recommender is trained on the evaluation corpus's labels, also outside the
clock (its training time is in the details).

``suggest_detector``: ``BoilerplateDetector().suggest(page)``, every line scored.
``suggest_learned``: the trained recommender's ``suggest(page)``: units, features, hashing,
scores and a reason for every suggestion.

Baseline for both: split the page into lines and hash each case-folded line with BLAKE2b, in
the same alternation. Any recommender of this kind has at least that to do: read every line
and look it up in the corpus's counts (repetition across pages is the strongest sign of
boilerplate, and the counts are kept as 8-byte hashes of lines). It is the floor, not a rival:
the ratio says how many such passes a recommender costs.

``suggest_first_screen``: both recommenders on the page's first screenful (the first ~4 KB,
cut at a line end), as the window asks for the visible part first; its ratio is against the
same two on the whole page, to show the visible part does not wait for the rest.

No targets: the issue asks for the figures to be reported.
"""

from __future__ import annotations

import gc
import hashlib
import json
import time
from collections.abc import Callable

from annotator.core.boilerplate import CorpusLines
from annotator.core.suggestions.base import Context, LabelledPage, Page, Recommender
from annotator.core.suggestions.detector import BoilerplateDetector
from annotator.core.suggestions.learned import LinearTrainer
from benchmarks.corpus import LABEL_NAMES
from benchmarks.report import Measurement, median, ratio
from benchmarks.workspace import REPO_ROOT, Workspace

EVAL_CORPUS = REPO_ROOT / "resources" / "eval" / "pages.jsonl"
#: The first screenful: about this many code points, cut at a line end.
SCREEN_CHARS = 4096
_PAGE_KEY = -1


def eval_pages() -> list[LabelledPage]:
    """The evaluation corpus's pages with their spans."""
    rows = EVAL_CORPUS.read_text(encoding="utf-8").split("\n")
    return [
        LabelledPage(
            Page(number, record["text"]),
            tuple((span["start"], span["end"], span["label"]) for span in record["spans"]),
        )
        for number, record in enumerate(json.loads(row) for row in rows if row)
    ]


def line_hashes(text: str) -> int:
    """The baseline: every line split off, case-folded and hashed (returns how many)."""
    digests = [
        hashlib.blake2b(line.casefold().encode("utf-8", "surrogatepass"), digest_size=8).digest()
        for line in text.split("\n")
    ]
    return len(digests)


def _timed(action: Callable[[], object]) -> float:
    gc.collect()
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _suggest_all(recommenders: list[Recommender], page: Page, context: Context) -> int:
    return sum(len(r.suggest(page, context)) for r in recommenders)


def run(workspace: Workspace) -> list[Measurement]:
    """The three figures, ours and the baseline alternating."""
    text = workspace.page.text
    pages = eval_pages()
    started = time.perf_counter()
    corpus = CorpusLines.build([*((p.page.key, p.page.text) for p in pages), (_PAGE_KEY, text)])
    corpus_seconds = time.perf_counter() - started
    context = Context(LABEL_NAMES, corpus)
    started = time.perf_counter()
    learned = LinearTrainer().train(pages, context)
    train_seconds = time.perf_counter() - started
    detector = BoilerplateDetector()
    page = Page(_PAGE_KEY, text)
    screen = Page(_PAGE_KEY, text[: text.rfind("\n", 0, SCREEN_CHARS) + 1])
    both: list[Recommender] = [detector, learned]
    _suggest_all(both, pages[0].page, context)  # warm-up: imports, the explainer's examples
    samples: dict[str, list[float]] = {
        name: [] for name in ("baseline", "detector", "learned", "screen", "page")
    }
    counts = {
        "detector": len(detector.suggest(page, context)),
        "learned": len(learned.suggest(page, context)),
        "screen": _suggest_all(both, screen, context),
    }
    for _ in range(workspace.sizes.page_runs):
        samples["baseline"].append(_timed(lambda: line_hashes(text)))
        samples["detector"].append(_timed(lambda: detector.suggest(page, context)))
        samples["learned"].append(_timed(lambda: learned.suggest(page, context)))
        samples["screen"].append(_timed(lambda: _suggest_all(both, screen, context)))
        samples["page"].append(_timed(lambda: _suggest_all(both, page, context)))
    figures = {name: median(values) for name, values in samples.items()}
    details = {
        "page_chars": len(text),
        "lines": text.count("\n") + 1,
        "screen_chars": len(screen.text),
        "suggestions": counts,
        "corpus_seconds": round(corpus_seconds, 4),
        "train_seconds": round(train_seconds, 4),
        "training_pages": len(pages),
        "samples": samples,
    }
    size = f"{len(text) / 1e6:.1f} MB" if len(text) >= 500_000 else f"{len(text) // 1000} KB"
    return [
        _measurement(
            "suggest_detector",
            f"Detector suggestions on a {size} page",
            figures,
            "detector",
            details,
        ),
        _measurement(
            "suggest_learned",
            f"Learned suggestions on a {size} page",
            figures,
            "learned",
            details,
            f"trained on {len(pages)} labelled pages in {train_seconds:.2f} s",
        ),
        Measurement(
            name="suggest_first_screen",
            title=f"Detector + learned on the first {len(screen.text):,} characters, "
            "vs. the whole page",
            unit="s",
            ours=figures["screen"],
            baseline=figures["page"],
            ratio=ratio(figures["screen"], figures["page"]),
            target=None,
            details=details,
            note="the baseline is the same two recommenders on the whole page",
        ),
    ]


def _measurement(
    name: str,
    title: str,
    figures: dict[str, float],
    ours: str,
    details: dict[str, object],
    note: str = "",
) -> Measurement:
    return Measurement(
        name=name,
        title=f"{title}, vs. splitting and hashing every line",
        unit="s",
        ours=figures[ours],
        baseline=figures["baseline"],
        ratio=ratio(figures[ours], figures["baseline"]),
        target=None,
        details=details,
        note=note,
    )
