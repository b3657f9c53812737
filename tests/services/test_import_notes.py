"""Importing notes and statuses: a file fills in what the project has not got, never
overwrites what it has, says in its report what it did, and is taken whole or not at all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from format_roundtrip import notes_by_text

from annotator.core.model import GOLD_LAYER, DocStatus
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project

TEXT = "Prices rose five percent. I hate it."
OPTIONS = ImportOptions(default_annotator="reader", create_labels=True)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    opened = Project.open(tmp_path / "p.annotator", "reader")
    yield opened
    opened.close()


def record(
    spans: list[dict[str, Any]] | None = None, annotators: dict[str, Any] | None = None
) -> dict[str, Any]:
    return {"text": TEXT, "spans": spans or [], "annotators": annotators or {}}


def claim(note: str | None = None, annotator: str = "alice") -> dict[str, Any]:
    return {"start": 0, "end": 24, "label": "Claim", "annotator": annotator, "note": note}


def state(status: str, note: str | None = None, at: str | None = None) -> dict[str, Any]:
    return {"status": status, "status_set_at": at, "note": note}


def import_records(
    project: Project, path: Path, *records: dict[str, Any], options: ImportOptions = OPTIONS
) -> ImportReport:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return project.importer.import_paths([path], options)


def work(project: Project) -> tuple[set[Any], set[Any]]:
    """The one document's span notes and layer states."""
    (noted,) = notes_by_text(project).values()
    return set(noted.span_notes), set(noted.layers)


def test_notes_and_statuses_are_stored_with_the_time_the_file_gives(
    project: Project, tmp_path: Path
) -> None:
    at = "2024-05-01T12:00:00+02:00"
    report = import_records(
        project,
        tmp_path / "a.jsonl",
        record([claim("first\nsecond 🤔")], {"alice": state("done", "Read twice", at)}),
    )
    assert report.ok, report.errors
    assert work(project) == (
        {(0, 24, "Claim", "alice", "first\nsecond 🤔")},
        {("alice", "done", "Read twice")},
    )
    (line,) = _exported(project, tmp_path / "out.jsonl")
    assert line["annotators"]["alice"]["status_set_at"] == "2024-05-01T10:00:00+00:00"
    assert (report.layers.statuses_set, report.layers.notes_added) == (1, 1)
    assert "1 status(es) set; 1 document note(s) added" in report.summary()


def test_a_status_or_note_the_project_has_is_never_overwritten(
    project: Project, tmp_path: Path
) -> None:
    import_records(
        project, tmp_path / "a.jsonl", record(annotators={"alice": state("done", "Mine")})
    )
    report = import_records(
        project,
        tmp_path / "b.jsonl",
        record(annotators={"alice": state("skipped", "Theirs", "2099-01-01T00:00:00+00:00")}),
    )
    assert report.ok, report.errors
    assert work(project)[1] == {("alice", "done", "Mine")}
    assert (report.layers.statuses_set, report.layers.statuses_kept) == (0, 1)
    assert (report.layers.notes_added, report.layers.notes_kept) == (0, 1)
    assert (
        "1 status(es) kept as the project had them; "
        "1 document note(s) kept as the project had them" in report.summary()
    )


def test_a_file_fills_a_status_or_note_where_the_project_has_none(
    project: Project, tmp_path: Path
) -> None:
    import_records(project, tmp_path / "a.jsonl", record(annotators={"alice": state("new", "N")}))
    import_records(project, tmp_path / "b.jsonl", record(annotators={"bob": state("done")}))
    report = import_records(
        project,
        tmp_path / "c.jsonl",
        record(annotators={"alice": state("in_progress", "N"), "bob": state("done", "B")}),
    )
    assert work(project)[1] == {("alice", "in_progress", "N"), ("bob", "done", "B")}
    assert (report.layers.statuses_set, report.layers.statuses_kept) == (1, 0)
    assert (report.layers.notes_added, report.layers.notes_kept) == (1, 0)


def test_importing_the_same_export_again_changes_nothing_and_counts_nothing_kept(
    project: Project, tmp_path: Path
) -> None:
    content = record([claim("n")], {"alice": state("done", "d")})
    import_records(project, tmp_path / "a.jsonl", content)
    report = import_records(project, tmp_path / "b.jsonl", content)
    assert report.spans_already_present == 1
    assert not report.added_anything
    assert report.layers.statuses_kept == report.layers.notes_kept == report.span_notes_kept == 0
    assert report.summary() == (
        "1 file(s) imported; 0 new document(s); 1 already in the project; 0 span(s) added; "
        "1 duplicate span(s) skipped."
    )


def test_a_duplicate_span_keeps_its_note_or_takes_the_files_when_it_has_none(
    project: Project, tmp_path: Path
) -> None:
    other = {"start": 26, "end": 35, "label": "Opinion", "annotator": "alice"}
    import_records(project, tmp_path / "a.jsonl", record([claim("Mine"), other]))
    report = import_records(
        project, tmp_path / "b.jsonl", record([claim("Theirs"), {**other, "note": "Filled"}])
    )
    assert work(project)[0] == {
        (0, 24, "Claim", "alice", "Mine"),
        (26, 35, "Opinion", "alice", "Filled"),
    }
    assert (report.span_notes_added, report.span_notes_kept) == (1, 1)
    assert report.added_anything
    assert "1 note(s) added to duplicate spans; 1 span note(s) kept" in report.summary()


def test_a_duplicate_in_the_same_file_gives_its_note_to_the_span_before_it(
    project: Project, tmp_path: Path
) -> None:
    report = import_records(project, tmp_path / "a.jsonl", record([claim(), claim("Later")]))
    assert work(project)[0] == {(0, 24, "Claim", "alice", "Later")}
    assert (report.spans_added, report.spans_already_present) == (1, 1)


def test_annotator_option_files_statuses_and_notes_under_that_name(
    project: Project, tmp_path: Path
) -> None:
    report = import_records(
        project,
        tmp_path / "a.jsonl",
        record(
            [claim("n")], {"alice": state("done", "from alice"), "bob": state("skipped", "bob")}
        ),
        options=ImportOptions(default_annotator="reader", annotator="carol", create_labels=True),
    )
    # Several layers filed under one name: the first fills it, the others count as kept.
    assert work(project) == (
        {(0, 24, "Claim", "carol", "n")},
        {("carol", "done", "from alice")},
    )
    assert (report.layers.statuses_set, report.layers.statuses_kept) == (1, 1)
    assert {layer.name for layer in project.catalog.annotators()} == {"reader", "carol"}


def test_a_gold_standards_status_is_refused_and_nothing_of_the_file_is_stored(
    project: Project, tmp_path: Path
) -> None:
    report = import_records(
        project,
        tmp_path / "a.jsonl",
        record([claim()]),
        record(annotators={GOLD_LAYER: state("done")}) | {"text": "Another page."},
    )
    assert report.errors == [
        f"{tmp_path / 'a.jsonl'}, line 2: its statuses are a gold standard ('Gold standard'), "
        "which a project builds by curating; import them under a name of their own: "
        "--annotator NAME, or All spans under… in the window"
    ]
    assert project.catalog.document_count() == 0


def test_a_gold_standards_empty_entry_is_passed_over(project: Project, tmp_path: Path) -> None:
    report = import_records(
        project, tmp_path / "a.jsonl", record(annotators={GOLD_LAYER: state("new")})
    )
    assert report.ok, report.errors
    assert report.documents_added == 1


def test_a_bad_status_refuses_the_file_whole(project: Project, tmp_path: Path) -> None:
    report = import_records(
        project,
        tmp_path / "a.jsonl",
        record([claim()]),
        record(annotators={"alice": state("finished")}) | {"text": "Another page."},
    )
    assert len(report.errors) == 1
    assert "line 2: annotators['alice'] has the status 'finished'" in report.errors[0]
    assert project.catalog.document_count() == 0


def test_the_status_survives_a_second_export(project: Project, tmp_path: Path) -> None:
    at = "2023-01-02T03:04:05+00:00"
    import_records(
        project, tmp_path / "a.jsonl", record(annotators={"bob": state("done", None, at)})
    )
    (line,) = _exported(project, tmp_path / "out.jsonl")
    assert line["annotators"]["bob"] == state("done", None, at)
    assert project.catalog.status(1, _layer(project, "bob")) is DocStatus.DONE


def _layer(project: Project, name: str) -> int:
    return next(layer.id for layer in project.catalog.annotators() if layer.name == name)


def _exported(project: Project, target: Path) -> list[dict[str, Any]]:
    project.exporter.export(target, "jsonl")
    return [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
