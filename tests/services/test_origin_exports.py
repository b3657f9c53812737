"""Spans accepted from suggestions keep their origin in exports, and JSONL and Parquet bring
it back on import; formats with no place for it say so in the sidecar."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from annotator.core.model import DocumentDraft
from annotator.core.suggestions.base import Origin
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.services.span_batches import Placement, read_origins

TEXT = "Share on Facebook\nThe bridge opened in 1932.\nI love the view."
ORIGIN = Origin("detector", "1", 0.875, "like 'Share on Facebook'")
WHEN = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """Alice accepted "Share on Facebook" from a suggestion and labelled the claim herself."""
    project = Project.open(tmp_path / "p.annotator", "alice")
    project.importer.import_drafts(
        [DocumentDraft(text=TEXT, title="Bridge", source="bridge.txt")],
        ImportOptions(default_annotator="alice"),
        ImportReport(),
    )
    document = project.catalog.document_summaries(project.annotator_id)[0].id
    labels = {label.name: label.id for label in project.catalog.labels()}
    accepted = Origin(
        ORIGIN.recommender, ORIGIN.version, ORIGIN.score, ORIGIN.reason, WHEN, "Boilerplate"
    )
    project.batches.add_many(
        document, project.annotator_id, [Placement(labels["Boilerplate"], 0, 17, accepted)]
    )
    project.annotation.add_span(document, project.annotator_id, labels["Claim"], 18, 44)
    yield project
    project.close()


def _origins_by_text(project: Project) -> dict[str, Origin | None]:
    document = project.catalog.document_summaries(project.annotator_id)[0]
    text = project.catalog.document(document.id).text
    spans = project.catalog.spans(document.id, project.annotator_id)
    with project.store.reading() as session:
        origins = read_origins(session.connection(), [span.id for span in spans])
    return {text[span.start : span.end]: origins.get(span.id) for span in spans}


def _reimported(tmp_path: Path, export: Path) -> Project:
    again = Project.open(tmp_path / "again.annotator", "carol")
    report = again.importer.import_paths([export], ImportOptions(default_annotator="carol"))
    assert report.ok, report.errors
    again.set_annotator("alice")
    return again


EXPECTED_ORIGIN = {
    "recommender": "detector",
    "version": "1",
    "score": 0.875,
    "reason": "like 'Share on Facebook'",
    "accepted_at": "2026-03-01T09:30:00+00:00",
    "label": "Boilerplate",
}


def test_jsonl_writes_the_origin_of_accepted_spans_and_reads_it_back(
    project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    result = project.exporter.export(out, "jsonl")
    assert result.losses == ()
    [record] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    spans = {span["text"]: span for span in record["spans"]}
    assert spans["Share on Facebook"]["origin"] == EXPECTED_ORIGIN
    assert "origin" not in spans["The bridge opened in 1932."]
    sidecar = json.loads(Path(f"{out}.meta.json").read_text("utf-8"))
    assert "accepted from a suggestion" in sidecar["fields"]["spans[].origin"]

    again = _reimported(tmp_path, out)
    try:
        assert _origins_by_text(again) == {
            "Share on Facebook": Origin(
                "detector", "1", 0.875, "like 'Share on Facebook'", WHEN, "Boilerplate"
            ),
            "The bridge opened in 1932.": None,
        }
        kept = _origins_by_text(again)["Share on Facebook"]
        assert kept is not None and kept.accepted_at == WHEN
    finally:
        again.close()


def test_parquet_holds_the_origin_in_the_span_struct_and_reads_it_back(
    project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "out.parquet"
    assert project.exporter.export(out, "parquet").losses == ()
    [row] = pq.read_table(out).to_pylist()
    spans = {span["text"]: span for span in row["spans"]}
    assert spans["Share on Facebook"]["origin"] == EXPECTED_ORIGIN
    assert spans["The bridge opened in 1932."]["origin"] is None
    again = _reimported(tmp_path, out)
    try:
        kept = _origins_by_text(again)["Share on Facebook"]
        assert kept is not None and (kept.score, kept.accepted_at) == (0.875, WHEN)
    finally:
        again.close()


def test_label_studio_marks_accepted_regions_as_predictions_with_their_score(
    project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "tasks.json"
    assert project.exporter.export(out, "labelstudio").losses == ()
    [task] = json.loads(out.read_text("utf-8"))
    regions = {r["value"]["text"]: r for r in task["annotations"][0]["result"]}
    accepted = regions["Share on Facebook"]
    assert (accepted["origin"], accepted["score"]) == ("prediction", 0.875)
    assert accepted["meta"]["origin"]["reason"] == "like 'Share on Facebook'"
    assert "origin" not in regions["The bridge opened in 1932."]


@pytest.mark.parametrize("name", ["csv", "brat", "conll", "xmi", "doccano"])
def test_formats_without_a_place_for_origins_say_so_once(
    project: Project, tmp_path: Path, name: str
) -> None:
    out = tmp_path / f"out-{name}.zip"
    result = project.exporter.export(out, name)
    lost = [loss for loss in result.losses if "accepted from suggestions" in loss]
    assert lost == [
        "1 span(s) accepted from suggestions lose their origin (recommender, version, score, "
        f"reason, when accepted): the {name} format has no place for it; jsonl, parquet, "
        "labelstudio and spacy keep it."
    ]
    sidecar = json.loads(Path(f"{out}.meta.json").read_text("utf-8"))
    assert lost[0] in sidecar["losses"]


def test_a_format_without_origins_reports_no_loss_when_nothing_was_accepted(
    project: Project, tmp_path: Path
) -> None:
    project.set_annotator("bob")
    document = project.catalog.document_summaries(project.annotator_id)[0].id
    claim = project.catalog.labels()[0].id
    project.annotation.add_span(document, project.annotator_id, claim, 18, 44)
    result = project.exporter.export(tmp_path / "bob.csv", "csv", "bob")
    assert result.losses == ()


@pytest.mark.parametrize(
    ("origin", "message"),
    [
        ("yes", r"spans\[0\]\.origin must be an object"),
        ({"recommender": "", "version": "1", "score": 0.5}, r"origin\.recommender must be"),
        ({"recommender": "d", "version": "1", "score": 1.5}, r"origin\.score must be a number"),
        ({"recommender": "d", "version": "1", "score": True}, r"origin\.score must be a number"),
        (
            {"recommender": "d", "version": "1", "score": 0.5, "accepted_at": "soon"},
            r"origin\.accepted_at 'soon' is not an ISO 8601 time",
        ),
        (
            {"recommender": "d", "version": "1", "score": 0.5, "reason": "x" * 501},
            r"origin\.reason is longer than 500",
        ),
    ],
)
def test_a_malformed_origin_refuses_the_file_with_one_line(
    tmp_path: Path, origin: Any, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    span = {"start": 0, "end": 5, "label": "Claim", "origin": origin}
    path.write_text(json.dumps({"text": "Share this", "spans": [span]}) + "\n", "utf-8")
    project = Project.open(tmp_path / "p.annotator", "alice")
    try:
        report = project.importer.import_paths([path], ImportOptions(default_annotator="alice"))
        [error] = report.errors
        assert "line 1" in error and "\n" not in error
        assert re.search(message, error), error
        assert project.catalog.document_summaries(project.annotator_id) == []
    finally:
        project.close()


def test_spacy_keeps_the_origin_in_user_data(project: Project, tmp_path: Path) -> None:
    import spacy  # here: loading spaCy takes a second the other tests need not wait
    from spacy.tokens import DocBin

    out = tmp_path / "out.spacy"
    assert project.exporter.export(out, "spacy").losses == ()
    [doc] = DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab)
    kept = {(s["start"], s["end"]): s for s in doc.user_data["annotator"]["spans"]}
    assert kept[0, 17]["origin"] == EXPECTED_ORIGIN
    assert (18, 44) not in kept  # a span with no note, provenance or origin needs no entry
