"""Read-only project files (issue 13, 9): a change fails saying why, and once the file is
writable again the next change succeeds, without restarting."""

from __future__ import annotations

from pathlib import Path

import pytest
from read_only_places import read_only_file

from annotator.core.model import DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.services.transactions import ProjectReadOnlyError, StorageError


def page_project(path: Path) -> int:
    project = Project.open(path, "alice")
    try:
        project.importer.import_drafts(
            [DocumentDraft(text="Prices rose five percent.", title="Page", source="p.txt")],
            ImportOptions(default_annotator="alice"),
            ImportReport(),
        )
        return project.catalog.document_summaries(project.annotator_id)[0].id
    finally:
        project.close()


def test_a_change_succeeds_once_the_file_is_writable_again(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    document_id = page_project(path)
    with read_only_file(path):
        project = Project.open(path, "alice")  # the window opens it as it is
        label = project.catalog.labels()[0].id
        with pytest.raises(StorageError, match="read-only"):
            project.annotation.add_span(document_id, project.annotator_id, label, 0, 6)
    try:
        project.annotation.add_span(document_id, project.annotator_id, label, 0, 6)
        assert len(project.catalog.spans(document_id, project.annotator_id)) == 1
    finally:
        project.close()


def test_a_read_only_file_opens_for_reading_and_refuses_writes_saying_why(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.annotator"
    document_id = page_project(path)
    with read_only_file(path):
        project = Project.open_to_read(path, "alice")
        try:
            assert project.read_only is not None
            assert "read-only" in project.read_only
            assert project.read_only.count(str(path)) == 1  # named once
            assert project.catalog.document_count() == 1
            label = project.catalog.labels()[0].id
            with pytest.raises(ProjectReadOnlyError, match="can only be read"):
                project.annotation.add_span(document_id, project.annotator_id, label, 0, 6)
        finally:
            project.close()


def test_a_writable_project_opens_to_read_as_usual(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    page_project(path)
    project = Project.open_to_read(path, "alice")
    try:
        assert project.read_only is None
        assert project.catalog.document_count() == 1
    finally:
        project.close()
