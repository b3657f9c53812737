"""Exports carry all the work: span notes, document notes, statuses; and filter by status."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from project_files import import_all
from sqlalchemy import event

from annotator.core.model import GOLD_LAYER, DocStatus, DocumentDraft, SpanDraft
from annotator.formats.base import RECORD_FIELDS
from annotator.formats.registry import default_registry
from annotator.services.annotators import ensure_gold_layer
from annotator.services.export_sidecar import sidecar_path
from annotator.services.importing import ImportOptions
from annotator.services.project import Project

TEXTS = ("First page. It is fine.", "Second page. Rain fell.", "Third page. Nothing.")


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """Three documents; alice and bob have spans on the first; the lead opened the file."""
    project = Project.open(tmp_path / "team.annotator", "lead")
    drafts = [DocumentDraft(text, f"Page {n}", f"p{n}.txt") for n, text in enumerate(TEXTS)]
    drafts[0].spans = [SpanDraft(0, 11, "Claim", "alice"), SpanDraft(12, 23, "Opinion", "bob")]
    import_all(project, drafts)
    yield project
    project.close()


def ids(project: Project) -> list[int]:
    return [d.id for d in project.catalog.document_summaries(project.annotator_id)]


def layer(project: Project, name: str) -> int:
    return next(a.id for a in project.catalog.annotators() if a.name == name)


def set_status(project: Project, name: str, index: int, status: DocStatus) -> None:
    project.annotation.set_status(ids(project)[index], layer(project, name), status)


def export(project: Project, target: Path, **options: Any) -> list[dict[str, Any]]:
    annotator = options.pop("annotator", None)
    project.exporter.export(target, "jsonl", annotator, **options)
    return [json.loads(line) for line in target.read_text("utf-8").splitlines()]


def test_span_notes_document_notes_and_statuses_are_in_every_record(
    project: Project, tmp_path: Path
) -> None:
    alice, bob = layer(project, "alice"), layer(project, "bob")
    [claim] = project.catalog.spans(ids(project)[0], alice)
    project.annotation.change_span(claim.id, note="check the source")
    project.annotation.set_status(ids(project)[0], alice, DocStatus.DONE)
    project.annotation.set_document_note(ids(project)[0], alice, "odd page")
    project.annotation.set_status(ids(project)[1], bob, DocStatus.SKIPPED)

    first, second, third = export(project, tmp_path / "all.jsonl")

    assert [(s["annotator"], s["note"]) for s in first["spans"]] == [
        ("alice", "check the source"),
        ("bob", None),
    ]
    # Everyone with work in the project, by name; the lead's empty layer is not there.
    assert list(first["annotators"]) == ["alice", "bob"]
    done = first["annotators"]["alice"]
    assert (done["status"], done["note"]) == ("done", "odd page")
    assert datetime.fromisoformat(done["status_set_at"]).utcoffset() is not None
    new = {"status": "new", "status_set_at": None, "note": None}
    assert first["annotators"]["bob"] == new
    assert second["annotators"]["bob"]["status"] == "skipped"
    assert third["annotators"] == {"alice": new, "bob": new}
    # The fields consumers had are unchanged.
    assert set(first) == {"id", "text", "spans", "meta", "annotators"}
    assert first["spans"][0]["text"] == "First page."


def test_one_annotator_and_the_gold_export_carry_that_layer_only(
    project: Project, tmp_path: Path
) -> None:
    set_status(project, "bob", 0, DocStatus.IN_PROGRESS)
    [bob, *_] = export(project, tmp_path / "bob.jsonl", annotator="bob")
    assert list(bob["annotators"]) == ["bob"]
    assert bob["annotators"]["bob"]["status"] == "in_progress"

    with project.store.transaction() as session:
        gold = ensure_gold_layer(session)
    project.annotation.set_status(ids(project)[0], gold, DocStatus.DONE)
    project.annotation.set_document_note(ids(project)[0], gold, "curated twice")
    [curated, *_] = export(project, tmp_path / "gold.jsonl", gold=True)
    assert curated["annotators"] == {
        GOLD_LAYER: {
            "status": "done",
            "status_set_at": curated["annotators"][GOLD_LAYER]["status_set_at"],
            "note": "curated twice",
        }
    }


def test_status_filter_for_one_layer(project: Project, tmp_path: Path) -> None:
    set_status(project, "alice", 0, DocStatus.DONE)
    set_status(project, "alice", 2, DocStatus.SKIPPED)
    out = tmp_path / "done.jsonl"
    assert [
        r["text"] for r in export(project, out, annotator="alice", statuses=[DocStatus.DONE])
    ] == [TEXTS[0]]
    both = export(project, out, annotator="alice", statuses=[DocStatus.DONE, DocStatus.SKIPPED])
    assert [r["text"] for r in both] == [TEXTS[0], TEXTS[2]]
    # No status recorded is "new".
    assert [
        r["text"] for r in export(project, out, annotator="alice", statuses=[DocStatus.NEW])
    ] == [TEXTS[1]]


def test_status_filter_over_every_layer_keeps_what_everyone_has_in_those_statuses(
    project: Project, tmp_path: Path
) -> None:
    set_status(project, "alice", 0, DocStatus.DONE)
    set_status(project, "bob", 0, DocStatus.DONE)
    set_status(project, "alice", 1, DocStatus.DONE)
    set_status(project, "bob", 1, DocStatus.SKIPPED)
    out = tmp_path / "finished.jsonl"
    kept = export(project, out, statuses=[DocStatus.DONE])
    assert [r["text"] for r in kept] == [TEXTS[0]]
    kept = export(project, out, statuses=[DocStatus.DONE, DocStatus.SKIPPED])
    assert [r["text"] for r in kept] == [TEXTS[0], TEXTS[1]]
    assert [r["text"] for r in export(project, out, statuses=[DocStatus.NEW])] == [TEXTS[2]]
    # The gold standard's curation status does not hold back everyone's work.
    with project.store.transaction() as session:
        gold = ensure_gold_layer(session)
    project.annotation.set_status(ids(project)[2], gold, DocStatus.DONE)
    assert [r["text"] for r in export(project, out, statuses=[DocStatus.DONE])] == [TEXTS[0]]


def test_the_sidecar_records_the_filter(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "done.jsonl"
    result = project.exporter.export(out, "jsonl", statuses=[DocStatus.SKIPPED, DocStatus.DONE])
    sidecar = json.loads(sidecar_path(out).read_text("utf-8"))
    assert sidecar["documents"]["filter"]["statuses"] == ["done", "skipped"]
    assert sidecar["documents"]["filter"]["annotators"] == ["alice", "bob"]
    assert result.kept == "the documents every annotator (alice, bob) has as done or skipped"
    project.exporter.export(out, "jsonl")
    assert json.loads(sidecar_path(out).read_text("utf-8"))["documents"] == {"filter": None}


def test_the_status_filter_runs_in_sql(project: Project, tmp_path: Path) -> None:
    """Documents the filter leaves out are never read: not their text, not their ids."""
    set_status(project, "alice", 0, DocStatus.DONE)
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        statements.append((statement, parameters))

    event.listen(project.store.engine, "before_cursor_execute", record)
    export(project, tmp_path / "done.jsonl", annotator="alice", statuses=[DocStatus.DONE])
    event.remove(project.store.engine, "before_cursor_execute", record)
    left_out = set(ids(project)[1:])
    texts = [p for s, p in statements if "documents.text" in s]
    spans = [p for s, p in statements if "FROM spans" in s]
    assert texts and spans, "the kept document was read with its spans"
    assert all(isinstance(p, tuple | list) for p in texts + spans)
    # The first parameters are the document ids of the batch; the left-out ones never come.
    assert not any(left_out & set(p[: len(p) - 1]) for p in spans)
    assert not any(left_out & set(p) for p in texts)


def test_reimporting_an_export_keeps_the_statuses_out_of_the_metadata(
    project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "all.jsonl"
    export(project, out)
    other = Project.open(tmp_path / "other.annotator", "zoe")
    try:
        report = other.importer.import_paths([out], ImportOptions(default_annotator="zoe"))
        assert report.ok, report.errors
        document = other.catalog.document(1)
        assert "annotators" not in document.meta
    finally:
        other.close()


def resolved(value: Any, path: str) -> list[Any]:
    """Every value at a sidecar field path: "[]" is each item of a list, "*" each value of
    a map by name ("spans[].note", "annotators.*.status")."""
    values = [value]
    for step in path.replace("[]", ".[]").split("."):
        if step == "[]":
            values = [item for value in values for item in value]
        elif step == "*":
            values = [item for value in values for item in value.values()]
        else:
            values = [value[step] for value in values]  # a KeyError: the data lacks it
    return values


def test_the_sidecar_describes_the_status_fields_only_for_files_that_hold_them(
    project: Project, tmp_path: Path
) -> None:
    project.annotation.set_status(ids(project)[0], layer(project, "alice"), DocStatus.DONE)
    described = {}
    for name, writer in default_registry().writers.items():
        out = tmp_path / f"{name}{writer.extension}"
        project.exporter.export(out, name, "alice")  # one layer: doccano takes no more
        sidecar = json.loads(sidecar_path(out).read_text("utf-8"))
        if "fields" in sidecar:
            described[name] = sidecar["fields"]
    assert set(described) == {"jsonl", "parquet"}
    assert described["jsonl"] == RECORD_FIELDS
    records = [
        json.loads(line) for line in (tmp_path / "jsonl.jsonl").read_text("utf-8").splitlines()
    ]
    rows = pq.read_table(tmp_path / "parquet.parquet").to_pylist()
    for fields, data in ((described["jsonl"], records), (described["parquet"], rows)):
        # Each field described is in the data, under the path the sidecar gives it (but
        # for those said to be "only on" some spans, which these spans are not).
        assert all(
            resolved(data[0], path) for path, meaning in fields.items() if "only on" not in meaning
        )
    assert resolved(rows[0], "annotators[].status") == ["done"]
    assert resolved(records[0], "annotators.*.status") == ["done"]
