"""Tests for :mod:`annotator.services.suggestions`: what an annotator is shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core.model import DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project

FOOTER = "Share: Facebook · X · Email\n© 2024 Ledger Media Ltd. All rights reserved."
PAGES = [
    "Harbour to be dredged\n\nThe harbour will be dredged from March, the council said."
    f"\n\n{FOOTER}",
    "Ferry operator named\n\nA new operator will run the ferry from June, officials said."
    f"\n\n{FOOTER}",
]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    project = Project.open(tmp_path / "p.annotator", "alice")
    drafts = [DocumentDraft(text=t, title=f"P{i}", source=f"{i}.txt") for i, t in enumerate(PAGES)]
    project.importer.import_drafts(drafts, ImportOptions(default_annotator="alice"), ImportReport())
    yield project
    project.close()


def test_repeated_footer_lines_are_suggested_as_boilerplate(project: Project) -> None:
    doc = project.catalog.document_summaries(project.annotator_id)[0].id
    found = project.suggestions.for_document(doc, project.annotator_id)
    text = PAGES[0]
    shown = {text[s.start : s.end]: s for s in found}
    assert set(FOOTER.split("\n")) <= set(shown)
    assert all(s.label == "Boilerplate" and s.source == "detector" for s in found)
    assert "repeated on 2 pages" in shown[FOOTER.split("\n")[0]].reason
    assert "The harbour will be dredged from March, the council said." not in shown


def test_text_the_layer_labels_is_not_suggested(project: Project) -> None:
    doc = project.catalog.document_summaries(project.annotator_id)[0].id
    claim = project.catalog.labels()[0].id
    start = PAGES[0].index("Share:")
    project.annotation.add_span(doc, project.annotator_id, claim, start, start + 5)
    found = project.suggestions.for_document(doc, project.annotator_id)
    assert all(not (s.start < start + 5 and start < s.end) for s in found)
    assert any(PAGES[0][s.start : s.end].startswith("©") for s in found)


def test_no_boilerplate_label_means_no_detector_suggestions(project: Project) -> None:
    doc = project.catalog.document_summaries(project.annotator_id)[0].id
    boiler = project.catalog.labels()[2]
    project.label_service.rename(boiler.id, "Widget")
    assert project.suggestions.for_document(doc, project.annotator_id) == []


def test_the_part_in_view_gets_the_same_suggestions_there_with_whole_page_offsets(
    project: Project,
) -> None:
    doc = project.catalog.document_summaries(project.annotator_id)[0].id
    text = PAGES[0]
    whole = project.suggestions.for_document(doc, project.annotator_id)
    footer = text.index("Share:")
    # A range starting mid-line: the whole line it meets is looked at.
    part = project.suggestions.for_document(doc, project.annotator_id, (footer + 3, len(text)))
    assert part and all(s.start >= footer for s in part)
    assert [(s.start, s.end, s.label) for s in part] == [
        (s.start, s.end, s.label) for s in whole if s.start >= footer
    ]
    assert {text[s.start : s.end] for s in part} == set(FOOTER.split("\n"))
