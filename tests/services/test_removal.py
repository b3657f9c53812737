"""Removing documents, or all one import added, and putting them back exactly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from event_recorder import EventRecorder
from project_files import dump

from annotator.core.model import DocStatus
from annotator.errors import AnnotatorError
from annotator.services.annotators import ensure_gold_layer
from annotator.services.importing import ImportOptions
from annotator.services.project import Project
from annotator.store.schema import SpanProvenanceRow, SpanRow, utcnow


def write(folder: Path, name: str, *lines: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """Two imports: first two pages with alice's spans, then a folder of two more."""
    project = Project.open(tmp_path / "p.annotator", "alice")
    options = ImportOptions(default_annotator="alice")
    first = write(
        tmp_path / "one",
        "pages.jsonl",
        '{"text": "Page one. Claim here.", "spans": [{"start": 0, "end": 9, "label": "Claim"}]}',
        '{"text": "Page two. Opinion.", "spans": [{"start": 10, "end": 18, "label": "Opinion"}]}',
    )
    assert project.importer.import_paths([first], options).ok
    write(tmp_path / "two", "a.txt", "Page three.")
    write(tmp_path / "two", "b.txt", "Page four.")
    assert project.importer.import_paths([tmp_path / "two"], options).ok
    yield project
    project.close()


def ids(project: Project) -> list[int]:
    return [d.id for d in project.catalog.document_summaries(project.annotator_id)]


def test_each_import_is_recorded_with_its_sources_and_documents(
    project: Project, tmp_path: Path
) -> None:
    newest, oldest = project.removal.imports()
    assert (newest.sources, newest.documents, newest.imported_by) == (
        [str(tmp_path / "two" / "a.txt"), str(tmp_path / "two" / "b.txt")],
        2,
        "alice",
    )
    assert newest.describe() == f"{tmp_path / 'two' / 'a.txt'} and 1 more"
    assert oldest.documents == 2 and oldest.describe() == str(tmp_path / "one" / "pages.jsonl")
    assert project.removal.documents_of_import(oldest.id) == ids(project)[:2]
    # An import that adds no new document leaves no record.
    again = project.importer.import_paths(
        [tmp_path / "two"], ImportOptions(default_annotator="alice")
    )
    assert again.import_id is None
    assert len(project.removal.imports()) == 2


def test_the_record_names_only_the_files_that_brought_documents(
    project: Project, tmp_path: Path
) -> None:
    """Five files named, two refused, one already imported: the record names two."""
    folder = tmp_path / "three"
    posts = write(folder, "posts.csv", "title,text", ",New post one.", ",New post two.")
    extra = write(folder, "extra.txt", "A new page.")
    refused = write(folder, "broken.jsonl", '{"text": "Never stored."}', "not json")
    empty = write(folder, "empty.csv", "title,text")
    again = tmp_path / "two" / "a.txt"
    named = [posts, refused, again, empty, extra]
    report = project.importer.import_paths(named, ImportOptions(default_annotator="alice"))
    assert (len(report.errors), report.files_imported, report.documents_added) == (2, 3, 3)
    newest = project.removal.imports()[0]
    assert newest.sources == [str(posts), str(extra)]
    assert newest.describe() == f"{posts} and 1 more"


def test_a_file_imported_under_a_relative_name_is_recorded_by_its_full_path(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "four", "c.txt", "Page five.")
    monkeypatch.chdir(tmp_path)
    project.importer.import_paths([Path("four")], ImportOptions(default_annotator="alice"))
    assert project.removal.imports()[0].sources == [str(tmp_path / "four" / "c.txt")]


def test_a_refused_file_leaves_no_import_record(project: Project, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad", "bad.jsonl", '{"text": "New page."}', "not json")
    report = project.importer.import_paths([bad], ImportOptions(default_annotator="alice"))
    assert not report.ok and report.import_id is None
    assert len(project.removal.imports()) == 2


def test_removing_documents_and_restoring_them_gives_back_every_row(
    project: Project,
) -> None:
    alice = project.annotator_id
    first, second, *_ = ids(project)
    [span] = project.catalog.spans(first, alice)
    project.annotation.change_span(span.id, note="a note")
    project.annotation.set_status(first, alice, DocStatus.DONE)
    project.annotation.set_document_note(first, alice, "document note")
    with project.store.transaction() as session:
        gold = ensure_gold_layer(session)
        session.add(
            SpanRow(id="g" * 32, document_id=first, annotator_id=gold, label_id=1, start=0,
                    end=4, created_at=utcnow(), updated_at=utcnow())
        )  # fmt: skip
        session.flush()
        session.add(
            SpanProvenanceRow(span_id="g" * 32, proposed_by="alice", agreed_by=[],
                              decided_by="lead", decided_at=utcnow(), decision="accepted")
        )  # fmt: skip
    before = dump(project.path)

    preview = project.removal.preview([first, second])
    assert preview.describe() == "2 documents and 3 spans of 2 annotators (Gold standard, alice)"
    assert len(preview.titles) == 2
    removed = project.removal.remove([first, second])
    assert first not in ids(project) and len(ids(project)) == 2
    assert removed.spans == 3
    after_removal = dump(project.path)
    assert not any("a note" in line or "g" * 32 in line for line in after_removal)

    project.removal.restore(removed)
    assert sorted(dump(project.path)) == sorted(before)  # the same rows (rowids may differ)


def test_removing_an_import_takes_its_record_and_undo_brings_it_back(project: Project) -> None:
    newest = project.removal.imports()[0]
    before = dump(project.path)
    removed = project.removal.remove(
        project.removal.documents_of_import(newest.id), import_id=newest.id
    )
    assert [i.id for i in project.removal.imports()] != [newest.id]
    assert len(ids(project)) == 2
    project.removal.restore(removed)
    assert sorted(dump(project.path)) == sorted(before)


def test_a_removal_announces_itself(project: Project) -> None:
    recorder = EventRecorder(project)
    project.removal.remove(ids(project)[:1])
    assert recorder.names() == ["documents_changed"]


def test_removing_documents_that_are_gone_is_refused_and_changes_nothing(
    project: Project,
) -> None:
    before = dump(project.path)
    with pytest.raises(AnnotatorError, match="no longer in this project"):
        project.removal.remove([999], import_id=project.removal.imports()[0].id)
    assert dump(project.path) == before


def test_restoring_after_the_same_text_came_back_is_refused_whole(
    project: Project, tmp_path: Path
) -> None:
    removed = project.removal.remove(ids(project)[2:])
    project.importer.import_paths([tmp_path / "two"], ImportOptions(default_annotator="alice"))
    before = dump(project.path)
    with pytest.raises(AnnotatorError, match="cannot come back"):
        project.removal.restore(removed)
    assert dump(project.path) == before


def test_documents_are_found_by_their_export_id(project: Project) -> None:
    first = project.catalog.document(ids(project)[0])
    assert project.removal.find_documents([first.sha256[:10].upper()]) == [first.id]
    with pytest.raises(AnnotatorError, match="at least 8"):
        project.removal.find_documents(["abc"])
    with pytest.raises(AnnotatorError, match="matches no document"):
        project.removal.find_documents(["0" * 64])
