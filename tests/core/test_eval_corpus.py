"""The invented evaluation corpus for suggestions (resources/eval/pages.jsonl): well formed,
labelled with the project's three labels without overlaps, and importable span for span."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.core.model import DocumentDraft, SpanDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project

CORPUS = Path(__file__).resolve().parents[2] / "resources" / "eval" / "pages.jsonl"
LABELS = {"Claim", "Opinion", "Boilerplate"}


def _pages() -> list[dict[str, Any]]:
    lines = CORPUS.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    return [json.loads(line) for line in lines[:-1]]


def test_every_line_parses_into_a_page() -> None:
    pages = _pages()
    assert len(pages) == 12
    kinds = [page["meta"]["kind"] for page in pages]
    assert (kinds.count("news"), kinds.count("aggregator"), kinds.count("forum")) == (5, 3, 4)
    for page in pages:
        assert isinstance(page["text"], str) and page["title"] and page["meta"]["site"]
        assert 25 <= len(page["text"].split("\n")) <= 60


@pytest.mark.parametrize("number", range(12))
def test_spans_are_in_range_known_and_disjoint(number: int) -> None:
    page = _pages()[number]
    text = page["text"]
    spans = sorted((s["start"], s["end"], s["label"]) for s in page["spans"])
    for start, end, label in spans:
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
        assert label in LABELS
    for (_, end, _), (start, _, _) in itertools.pairwise(spans):
        assert end <= start
    # Every page, forums included, holds at least one of each label.
    assert {label for _, _, label in spans} == LABELS


def test_the_corpus_imports_with_every_span(tmp_path: Path) -> None:
    pages = _pages()
    project = Project.open(tmp_path / "eval", "alice")
    drafts = [
        DocumentDraft(
            page["text"],
            page["title"],
            f"eval/{number}.txt",
            meta=page["meta"],
            spans=[SpanDraft(s["start"], s["end"], s["label"], "alice") for s in page["spans"]],
        )
        for number, page in enumerate(pages)
    ]
    report = ImportReport()
    project.importer.import_drafts(
        drafts, ImportOptions(default_annotator="alice", create_labels=True), report
    )
    assert report.spans_added == sum(len(page["spans"]) for page in pages)
    assert len(project.catalog.document_summaries(project.annotator_id)) == 12
