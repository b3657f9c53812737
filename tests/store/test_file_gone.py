"""A project file deleted or replaced by another program while it is open (issue 13, 1).

SQLite keeps working on the file it opened: after ``rm`` every change was reported saved
and vanished at quit; after a replacement, the old ``-wal`` left beside the name was applied
to the new file at its next opening, destroying it.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

from annotator.core.model import DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.services.transactions import ProjectFileGoneError, StorageError

TEXT = "Prices rose five percent. I hate it. The bridge opened in 1932."


def opened_with_page(path: Path, name: str = "alice", text: str = TEXT) -> tuple[Project, int]:
    project = Project.open(path, name)
    project.importer.import_drafts(
        [DocumentDraft(text=text, title="Page", source="page.txt")],
        ImportOptions(default_annotator=name),
        ImportReport(),
    )
    return project, project.catalog.document_summaries(project.annotator_id)[0].id


def label_words(project: Project, document_id: int, count: int, start: int = 0) -> None:
    label = project.catalog.labels()[0].id
    for n in range(start, start + count):
        project.annotation.add_span(document_id, project.annotator_id, label, n * 2, n * 2 + 1)


def side_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


def integrity(path: Path) -> str:
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def test_a_deleted_project_refuses_the_next_write_and_its_work_can_be_saved(
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.annotator"
    project, document_id = opened_with_page(path)
    try:
        label_words(project, document_id, 5)
        path.unlink()
        label = project.catalog.labels()[0].id
        with pytest.raises(ProjectFileGoneError, match="deleted while it was open"):
            project.annotation.add_span(document_id, project.annotator_id, label, 20, 22)
        with pytest.raises(ProjectFileGoneError):  # and every write after it
            project.settings.sample_corpus_imported = True
        assert isinstance(ProjectFileGoneError(path, "deleted"), StorageError)
        # The log's names are let go at once: nothing could apply them to a new file.
        assert side_files(path) == []
        # Everything saved before the file went can still be read, and saved elsewhere,
        # even under the old name.
        assert len(project.catalog.spans(document_id, project.annotator_id)) == 5
        project.sharing.share(path)
    finally:
        project.close()
    assert side_files(path) == []
    assert integrity(path) == "ok"
    saved = Project.open(path, "alice")
    try:
        spans = saved.catalog.spans(document_id, saved.annotator_id)
        assert [(s.start, s.end) for s in spans] == [(n * 2, n * 2 + 1) for n in range(5)]
    finally:
        saved.close()


def test_a_replaced_project_is_refused_and_the_new_file_stays_intact(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    other = tmp_path / "other.annotator"
    theirs, _ = opened_with_page(other, "bob", "Another program's page. Quite different.")
    theirs.close()
    before = other.read_bytes()
    project, document_id = opened_with_page(path)
    try:
        label_words(project, document_id, 8)
        other.replace(path)  # a sync tool, or "restore previous version"
        with pytest.raises(ProjectFileGoneError, match="replaced by another file"):
            label_words(project, document_id, 1, start=10)
        assert project.store.file_gone
        copy = tmp_path / "saved.annotator"
        project.sharing.share(copy)
    finally:
        project.close()
    # Our log never met the new file: it is byte for byte what the other program wrote,
    # and opens with its own content.
    assert side_files(path) == []
    assert path.read_bytes() == before
    assert integrity(path) == "ok"
    reopened = Project.open(path, "bob")
    try:
        [page] = reopened.catalog.document_summaries(reopened.annotator_id)
        assert page.title == "Page"
        assert reopened.catalog.document_count() == 1
        kept = reopened.catalog.spans(page.id, reopened.annotator_id)
        assert kept == []
    finally:
        reopened.close()
    saved = Project.open(copy, "alice")
    try:
        assert len(saved.catalog.spans(document_id, saved.annotator_id)) == 8
    finally:
        saved.close()


def test_no_new_connection_is_opened_on_a_deleted_name(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    project, _ = opened_with_page(path)
    try:
        path.unlink()
        project.store.engine.dispose()  # the pool must open a new connection to read
        with pytest.raises(ProjectFileGoneError), project.store.reading() as session:
            session.execute(text("SELECT count(*) FROM documents"))
        assert not path.exists()  # SQLite would have created an empty file there
    finally:
        project.close()
    assert list(tmp_path.iterdir()) == []


def test_a_project_that_stays_put_is_not_taken_for_gone(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    project, document_id = opened_with_page(path)
    try:
        label_words(project, document_id, 3)
        assert not project.store.file_gone
        assert project.watcher.poll() is False
    finally:
        project.close()
    assert side_files(path) == []


def test_the_watcher_announces_a_gone_file_once(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    project, _ = opened_with_page(path)
    heard: list[str] = []
    project.events.project_file_gone.connect(lambda: heard.append("gone"))
    try:
        path.unlink()
        assert project.watcher.poll() is False
        assert project.watcher.poll() is False
        assert heard == ["gone"]
    finally:
        project.close()


def test_a_closed_store_no_longer_watches_the_name(tmp_path: Path) -> None:
    """A restore closes the project and puts another file in its place: no longer ours."""
    path = tmp_path / "p.annotator"
    project, _ = opened_with_page(path)
    project.close()
    other = tmp_path / "other.annotator"
    opened_with_page(other, "bob")[0].close()
    other.replace(path)
    assert not project.store.file_gone
    assert integrity(path) == "ok"
