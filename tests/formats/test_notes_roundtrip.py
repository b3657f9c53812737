"""Notes and statuses over the tricky-Unicode project: JSONL and Parquet give back span notes,
document notes and every layer's status; Label Studio, brat, XMI and spaCy give back the span
notes they can hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from format_roundtrip import imported, notes_by_text, spans_by_text, tricky_project

from annotator.formats.xmi import xml_safe
from annotator.services.importing import ImportOptions
from annotator.services.project import Project

#: Each format and the target its export is written to.
TARGETS = {
    "jsonl": "out.jsonl",
    "parquet": "out.parquet",
    "labelstudio": "out.json",
    "brat": "out.zip",
    "xmi": "out.zip",
    "spacy": "out.spacy",
}
#: Formats that keep every layer's status and document note, not only span notes.
EVERYTHING = {"jsonl", "parquet"}


def exported(tmp_path: Path, format_name: str) -> tuple[Project, Path]:
    """The tricky project (without a gold layer, which a file cannot bring back) and its
    export of every layer in ``format_name``."""
    project = tricky_project(tmp_path / "p.annotator", gold=False)
    target = tmp_path / TARGETS[format_name]
    project.exporter.export(target, format_name)
    return project, target


@pytest.mark.parametrize("format_name", list(TARGETS))
def test_notes_and_statuses_come_back_as_far_as_the_format_holds_them(
    tmp_path: Path, format_name: str
) -> None:
    project, target = exported(tmp_path, format_name)
    back = imported(tmp_path / "back.annotator", target)
    # XML cannot hold a form feed: XMI writes a space in its place (and reports it).
    same = (lambda text: xml_safe(text)[0]) if format_name == "xmi" else (lambda text: text)
    assert spans_by_text(back) == {same(t): s for t, s in spans_by_text(project).items()}
    expected = {same(text): noted for text, noted in notes_by_text(project).items()}
    found = notes_by_text(back)
    assert sum(len(n.span_notes) for n in expected.values()) == 2
    if format_name in EVERYTHING:
        assert found == expected
        assert sum(len(n.layers) for n in expected.values()) == 3
        return
    spans = {text: set(noted.span_notes) for text, noted in expected.items()}
    if format_name == "brat":  # an .ann line holds no line break: the note's became a space
        spans = {t: {(*s[:4], s[4].replace("\n", " ")) for s in n} for t, n in spans.items()}
    assert {text: set(noted.span_notes) for text, noted in found.items()} == spans
    assert not any(noted.layers for noted in found.values())


@pytest.mark.parametrize("format_name", sorted(EVERYTHING))
def test_reimporting_into_the_project_it_came_from_changes_nothing(
    tmp_path: Path, format_name: str
) -> None:
    project, target = exported(tmp_path, format_name)
    before = notes_by_text(project)
    report = project.importer.import_paths([target], ImportOptions(default_annotator="alice"))
    assert report.ok, report.errors
    assert not report.added_anything
    assert report.layers.statuses_kept == report.layers.notes_kept == 0
    assert notes_by_text(project) == before


@pytest.mark.parametrize("format_name", sorted(EVERYTHING))
def test_a_project_with_other_work_keeps_it_and_the_report_says_so(
    tmp_path: Path, format_name: str
) -> None:
    _project, target = exported(tmp_path, format_name)
    back = imported(tmp_path / "back.annotator", target)
    layers = {layer.name: layer.id for layer in back.catalog.annotators()}
    first = back.catalog.document_summaries(back.annotator_id)[0].id
    back.annotation.set_document_note(first, layers["alice"], "Changed my mind")
    report = back.importer.import_paths([target], ImportOptions(default_annotator="reader"))
    assert report.ok, report.errors
    assert (report.layers.notes_added, report.layers.notes_kept) == (0, 1)
    assert back.catalog.document_note(first, layers["alice"]) == "Changed my mind"
    assert "1 document note(s) kept as the project had them" in report.summary()
