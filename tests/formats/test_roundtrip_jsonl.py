"""Our JSONL over the tricky-Unicode project: every layer comes back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from format_roundtrip import PAGES, imported, spans_by_text, tricky_project


@pytest.mark.parametrize("layer", ["alice", "bob"])
def test_a_layer_comes_back_with_the_same_texts_and_spans(tmp_path: Path, layer: str) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    target = tmp_path / "out.jsonl"
    project.exporter.export(target, "jsonl", layer)
    back = imported(tmp_path / "back.annotator", target)
    assert spans_by_text(back) == spans_by_text(project, layer)
    assert len(spans_by_text(back)) == len(PAGES)


def test_the_gold_layer_has_alices_spans(tmp_path: Path) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    gold = {
        text: {s[:3] for s in spans}
        for text, spans in spans_by_text(project, "Gold standard").items()
    }
    alice = {
        text: {s[:3] for s in spans} for text, spans in spans_by_text(project, "alice").items()
    }
    assert gold == alice
    assert all(spans for spans in gold.values())
