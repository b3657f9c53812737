"""Suggestions see the element structure an HTML import kept: in the window, in training
and in ``annotator suggest``; a block map that cannot be read is passed over."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from project_files import execute

from annotator.core.suggestions.detector import BoilerplateDetector
from annotator.services.importing import ImportOptions
from annotator.services.project import Project
from annotator.services.suggestion_output import suggestion_records

PAGE = """<!doctype html><html><head><title>Harbour</title></head><body>
<article><h1>Harbour to be dredged</h1>
<p>The harbour will be dredged from March, the council said.</p></article>
<footer><p>Ledger Media Ltd, 4 Quay Street, Marlow.</p></footer>
</body></html>"""
ADDRESS = "Ledger Media Ltd, 4 Quay Street, Marlow."


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    page = tmp_path / "harbour.html"
    page.write_text(PAGE, "utf-8")
    project = Project.open(tmp_path / "p.annotator", "alice")
    report = project.importer.import_paths([page], ImportOptions(default_annotator="alice"))
    assert report.ok, report.errors
    yield project
    project.close()


def _document(project: Project) -> tuple[int, str]:
    summary = project.catalog.document_summaries(project.annotator_id)[0]
    return summary.id, project.catalog.document(summary.id).text


def test_a_line_inside_the_footer_is_suggested_for_its_element(project: Project) -> None:
    document, text = _document(project)
    found = {text[s.start : s.end]: s for s in project.suggestions.for_document(document, 1)}
    assert "inside <footer>" in found[ADDRESS].reason


def test_training_pages_carry_the_block_map(project: Project) -> None:
    document, text = _document(project)
    boiler = project.catalog.labels()[2].id
    start = text.index(ADDRESS)
    project.annotation.add_span(document, project.annotator_id, boiler, start, start + len(ADDRESS))
    [page] = project.suggestions.models.training_data(project.annotator_id).pages
    assert page.page.structure is not None and page.page.structure["blocks"]


def test_a_block_map_that_cannot_be_read_is_passed_over(
    project: Project, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project.close()
    execute(
        tmp_path / "p.annotator", """UPDATE document_originals SET structure = '{"version": 99}'"""
    )
    reopened = Project.open(tmp_path / "p.annotator", "alice")
    try:
        document, text = _document(reopened)
        found = reopened.suggestions.for_document(document, reopened.annotator_id)
        # By its text alone the address is no widget: only its element made it one.
        assert ADDRESS not in {text[s.start : s.end] for s in found}
        assert "cannot be read" in caplog.text
    finally:
        reopened.close()


def test_the_command_lines_suggestions_see_it_too(project: Project) -> None:
    document, _text = _document(project)
    corpus = project.suggestions.corpus()
    [record] = suggestion_records(
        project.store, corpus, project.annotator_id, [BoilerplateDetector()], None, [document], 0.5
    )
    [address] = [s for s in record["spans"] if s["text"] == ADDRESS]
    assert "inside <footer>" in address["reason"]
