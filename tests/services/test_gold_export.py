"""The gold layer in the schema, and exports of one layer, of the gold standard, and sidecars."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from project_files import import_all
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from annotator import __version__
from annotator.core.model import GOLD_LAYER, DocumentDraft, SpanDraft
from annotator.errors import AnnotatorError, ExportError
from annotator.services.annotators import ensure_annotator, ensure_gold_layer, find_gold_layer
from annotator.services.export_sidecar import sidecar_path
from annotator.services.project import Project
from annotator.store.schema import GOLD, AnnotatorRow, SpanProvenanceRow, SpanRow

TEXT = "Officials said the bridge cost £23.6m. 😀 Critics called it a waste."
DECIDED = datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    project = Project.open(tmp_path / "team.annotator", "lead")
    claim = (TEXT.index("Officials"), TEXT.index(" 😀"))
    opinion = (TEXT.index("Critics"), len(TEXT))
    drafts = [
        DocumentDraft(
            TEXT,
            "Bridge",
            "bridge.txt",
            spans=[
                SpanDraft(*claim, "Claim", "alice"),
                SpanDraft(*claim, "Claim", "bob"),
                SpanDraft(*opinion, "Opinion", "bob"),
            ],
        )
    ]
    import_all(project, drafts)
    yield project
    project.close()


def add_gold_span(project: Project, start: int, end: int, label: str) -> None:
    labels = {item.name: item.id for item in project.catalog.labels()}
    with project.store.transaction() as session:
        gold = ensure_gold_layer(session)
        session.add(
            SpanRow(id=f"gold{start}", document_id=1, annotator_id=gold,
                    label_id=labels[label], start=start, end=end, created_at=DECIDED,
                    updated_at=DECIDED)
        )  # fmt: skip
        session.flush()
        session.add(
            SpanProvenanceRow(span_id=f"gold{start}", proposed_by="alice", agreed_by=["bob"],
                              decided_by="lead", decided_at=DECIDED, decision="accepted")
        )  # fmt: skip


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").split("\n") if line]


def test_the_gold_layer_is_one_reserved_layer(project: Project) -> None:
    with project.store.transaction() as session:
        assert find_gold_layer(session) is None
        first = ensure_gold_layer(session)
        assert ensure_gold_layer(session) == first
    layers = project.catalog.annotators()
    assert [(layer.name, layer.is_gold) for layer in layers][-1] == (GOLD_LAYER, True)
    assert not any(layer.is_gold for layer in layers[:-1])
    # The database itself keeps it to one, and to known kinds.
    with pytest.raises(IntegrityError), project.store.transaction() as session:
        session.add(AnnotatorRow(name="second gold", kind=GOLD))
    with pytest.raises(IntegrityError), project.store.transaction() as session:
        session.execute(
            text(
                "INSERT INTO annotators (name, kind, created_at) "
                "VALUES ('x', 'robot', '2026-01-01')"
            )
        )


def test_no_person_may_take_the_gold_standard_s_name(project: Project, tmp_path: Path) -> None:
    with (
        pytest.raises(AnnotatorError, match="name of the curated layer"),
        project.store.transaction() as session,
    ):
        ensure_annotator(session, "gold STANDARD")
    with pytest.raises(AnnotatorError, match="name of the curated layer"):
        Project.open(tmp_path / "other.annotator", GOLD_LAYER)


def test_a_gold_export_holds_only_the_gold_layer_with_provenance(
    project: Project, tmp_path: Path
) -> None:
    start = TEXT.index("Officials")
    add_gold_span(project, start, TEXT.index(" 😀"), "Claim")
    out = tmp_path / "gold.jsonl"
    result = project.exporter.export(out, "jsonl", gold=True)
    assert (result.documents, result.spans) == (1, 1)
    [record] = lines(out)
    assert record["spans"] == [
        {
            "start": start,
            "end": TEXT.index(" 😀"),
            "label": "Claim",
            "text": "Officials said the bridge cost £23.6m.",
            "annotator": GOLD_LAYER,
            "note": None,
            "provenance": {
                "proposed_by": "alice",
                "agreed_by": ["bob"],
                "decided_by": "lead",
                "decided_at": "2026-05-06T07:08:09+00:00",
                "decision": "accepted",
            },
        }
    ]


def test_the_sidecar_traces_the_dataset_back(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    project.exporter.export(out, "jsonl")
    sidecar = json.loads(sidecar_path(out).read_text("utf-8"))
    assert sidecar["data"] == {
        "file": "all.jsonl",
        "format": "jsonl",
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
        "documents": 1,
        "spans": 3,
    }
    assert sidecar["tool"]["version"] == __version__
    assert sidecar["project"]["file"] == "team.annotator"
    assert sidecar["layers"] == {"exported": "all", "names": ["alice", "bob", "lead"]}
    assert [(label["name"], label["color"]) for label in sidecar["labels"]] == [
        (label.name, label.color) for label in project.catalog.labels()
    ]
    assert "code points" in sidecar["offsets"]["unit"]
    assert "\\r\\n" in sidecar["newlines"]


def test_one_annotator_s_layer_exports_alone(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "bob.jsonl"
    project.exporter.export(out, "jsonl", "bob")
    [record] = lines(out)
    spans = record["spans"]
    assert isinstance(spans, list)
    assert {span["annotator"] for span in spans} == {"bob"}
    assert len(spans) == 2
    assert json.loads(sidecar_path(out).read_text("utf-8"))["layers"] == {
        "exported": "annotator",
        "name": "bob",
    }


def test_a_gold_export_before_any_curation_says_so_and_writes_nothing(
    project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "gold.jsonl"
    with pytest.raises(ExportError, match="no gold standard yet"):
        project.exporter.export(out, "jsonl", gold=True)
    assert not out.exists()
    assert not sidecar_path(out).exists()
    with pytest.raises(ExportError, match="either the gold standard or one"):
        project.exporter.export(out, "jsonl", "bob", gold=True)
