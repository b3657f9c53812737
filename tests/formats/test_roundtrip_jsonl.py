"""Our JSONL over the tricky-Unicode project: every layer comes back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from format_roundtrip import PAGES, imported, spans_by_text, tricky_project

from annotator.core.model import GOLD_LAYER
from annotator.services.importing import ImportOptions
from annotator.services.project import Project


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


def test_a_gold_export_is_imported_under_a_name_of_its_own(tmp_path: Path) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    target = tmp_path / "gold.jsonl"
    project.exporter.export(target, "jsonl", gold=True)
    back = Project.open(tmp_path / "back.annotator", "reader")
    refused = back.importer.import_paths([target], ImportOptions("reader", create_labels=True))
    assert refused.errors == [
        f"{target}, line 1: its spans are a gold standard ('Gold standard'), which a project "
        "builds by curating; import them under a name of their own: --annotator NAME, or "
        "All spans under… in the window"
    ]
    assert spans_by_text(back) == {}
    options = ImportOptions("reader", annotator="gold-v1", create_labels=True)
    assert back.importer.import_paths([target], options).ok
    gold = {t: {s[:3] for s in spans} for t, spans in spans_by_text(project, GOLD_LAYER).items()}
    again = {t: {s[:3] for s in spans} for t, spans in spans_by_text(back, "gold-v1").items()}
    assert again == gold
