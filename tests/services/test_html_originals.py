"""HTML pages through a real project file: the original kept with its document, found again
on a second import, exported offsets that index the extracted text, removal and undo, merge."""

from __future__ import annotations

import json
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from project_files import upgrade_backups
from sqlalchemy import delete, func, select, update

from annotator.core.model import DocumentDraft
from annotator.core.originals import Block, ElementStep, Original
from annotator.errors import AnnotatorError
from annotator.formats.base import ReadOptions
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.store import db
from annotator.store.schema import DocumentOriginalRow, DocumentRow

ALICE = ImportOptions(default_annotator="alice", create_labels=True)

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Bridge reopens</title></head>
<body>
<nav class="menu"><a href="/">Home</a> <a href="/local">Local</a></nav>
<article><h1>Bridge reopens</h1>
<p>The bridge reopened on Friday after <a href="/repairs">two years of repairs</a>.</p>
<p>Residents say it is the best news in years 🎉.</p></article>
<div class="share"><a href="https://facebook.com/share">Share</a></div>
<footer><p>© 2024 Harbour Gazette</p></footer>
</body></html>
"""


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    opened = Project.open(tmp_path / "p.annotator", "alice")
    yield opened
    opened.close()


def write_page(folder: Path, name: str = "bridge.html", html: str = PAGE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(html.encode("utf-8"))
    return path


def import_page(project: Project, path: Path) -> ImportReport:
    report = project.importer.import_paths([path], ALICE)
    assert report.ok, report.errors
    return report


def only_document(project: Project) -> int:
    [summary] = project.catalog.document_summaries(project.annotator_id)
    return summary.id


def original_rows(project: Project) -> int:
    with project.store.reading() as session:
        return session.scalar(select(func.count()).select_from(DocumentOriginalRow)) or 0


@pytest.fixture
def bridge(project: Project, tmp_path: Path) -> tuple[Path, int]:
    """The page, written and imported: its file and its document's id."""
    path = write_page(tmp_path / "pages")
    import_page(project, path)
    return path, only_document(project)


def test_an_imported_page_keeps_its_original_compressed_with_its_block_map(
    project: Project, bridge: tuple[Path, int]
) -> None:
    path, document_id = bridge
    document = project.catalog.document(document_id)
    assert document.title == "Bridge reopens"
    assert document.text.startswith("Home Local\n\nBridge reopens\n\nThe bridge reopened")
    original = project.catalog.original(document_id)
    assert original is not None
    assert original.media_type == "text/html"
    assert original.data == path.read_bytes()
    texts = [document.text[b.start : b.end] for b in original.blocks]
    assert "\n\n".join(texts) == document.text
    share = original.blocks[texts.index("Share")]
    assert (share.element.tag, share.element.classes, share.link_density) == ("div", "share", 1.0)
    with project.store.reading() as session:
        row = session.get(DocumentOriginalRow, document_id)
        assert row is not None
        assert (row.compression, row.size) == ("zlib", len(path.read_bytes()))
        assert zlib.decompress(row.data) == path.read_bytes()
        assert row.structure["version"] == 1


def test_importing_the_same_page_twice_is_recognised_as_already_present(
    project: Project, tmp_path: Path
) -> None:
    import_page(project, write_page(tmp_path / "a"))
    again = import_page(project, write_page(tmp_path / "b", "copy.htm"))
    assert (again.documents_added, again.documents_already_present) == (0, 1)
    assert project.catalog.document_count() == 1
    assert original_rows(project) == 1


def test_spans_on_the_extracted_text_export_with_offsets_that_index_it(
    project: Project, tmp_path: Path
) -> None:
    import_page(project, write_page(tmp_path / "pages"))
    document_id = only_document(project)
    text = project.catalog.document(document_id).text
    labels = {label.name: label.id for label in project.catalog.labels()}
    phrases = {
        "two years of repairs": "Claim",
        "the best news in years 🎉": "Opinion",
        "© 2024 Harbour Gazette": "Boilerplate",
    }
    for phrase, label in phrases.items():
        start = text.index(phrase)
        project.annotation.add_span(
            document_id, project.annotator_id, labels[label], start, start + len(phrase)
        )
    target = tmp_path / "out.jsonl"
    project.exporter.export(target, "jsonl")
    [record] = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert record["text"] == text
    exported = {record["text"][s["start"] : s["end"]]: s["label"] for s in record["spans"]}
    assert exported == phrases
    original = project.catalog.original(document_id)
    assert original is not None
    assert next(b.start for b in original.blocks) == 0
    assert original.blocks[-1].end == len(record["text"])
    assert "\n\n".join(record["text"][b.start : b.end] for b in original.blocks) == record["text"]


def test_removing_a_page_removes_its_original_and_undo_brings_it_back(
    project: Project, bridge: tuple[Path, int]
) -> None:
    _path, document_id = bridge
    before = project.catalog.original(document_id)
    removed = project.removal.remove([document_id])
    assert original_rows(project) == 0
    assert project.catalog.original(document_id) is None
    project.removal.restore(removed)
    assert project.catalog.original(document_id) == before


def test_deleting_a_document_row_takes_its_original_with_it(
    project: Project, tmp_path: Path
) -> None:
    import_page(project, write_page(tmp_path / "pages"))
    with project.store.transaction() as session:
        session.execute(delete(DocumentRow))
    assert original_rows(project) == 0


def test_a_document_without_an_original_takes_the_page_of_the_same_text(
    project: Project, tmp_path: Path
) -> None:
    path = write_page(tmp_path / "pages")
    [page] = project.registry.readers["html"].read(path.read_bytes(), ReadOptions("bridge.html"))
    project.importer.import_drafts(
        [DocumentDraft(page.text, "as text", "bridge.txt")], ALICE, ImportReport()
    )
    document_id = only_document(project)
    assert project.catalog.original(document_id) is None
    report = import_page(project, path)
    assert report.documents_already_present == 1
    original = project.catalog.original(document_id)
    assert original is not None
    assert original.data == path.read_bytes()


def test_a_merge_does_not_carry_originals_and_importing_the_pages_adds_them(
    project: Project, tmp_path: Path
) -> None:
    path = write_page(tmp_path / "pages")
    bob = Project.open(tmp_path / "bob.annotator", "bob")
    try:
        import_page(bob, path)
    finally:
        bob.close()
    outcome = project.merger.merge_file(tmp_path / "bob.annotator")
    assert outcome.merged, outcome.error
    document_id = only_document(project)
    assert project.catalog.original(document_id) is None
    import_page(project, path)
    assert project.catalog.original(document_id) is not None


def test_block_ranges_follow_the_newline_policy(project: Project) -> None:
    """A reader's block map indexes its text; import turns CRLF into LF and shifts it."""
    text = "First line\r\nstill first\r\n\r\nSecond"
    steps = (ElementStep("html"), ElementStep("body"), ElementStep("pre"))
    blocks = (Block(0, 23, steps), Block(27, 33, (*steps[:2], ElementStep("p"))))
    draft = DocumentDraft(text, "T", "t.html", original=Original("text/html", b"<pre>", blocks))
    project.importer.import_drafts([draft], ALICE, ImportReport())
    document_id = only_document(project)
    stored = project.catalog.document(document_id).text
    original = project.catalog.original(document_id)
    assert original is not None
    assert [stored[b.start : b.end] for b in original.blocks] == [
        "First line\nstill first",
        "Second",
    ]


def test_a_damaged_original_is_reported_in_one_sentence(project: Project, tmp_path: Path) -> None:
    import_page(project, write_page(tmp_path / "pages"))
    document_id = only_document(project)
    with project.store.transaction() as session:
        session.execute(update(DocumentOriginalRow).values(size=10))
    with pytest.raises(AnnotatorError, match=r"original page of document \d+ is damaged"):
        project.catalog.original(document_id)
    with project.store.transaction() as session:
        session.execute(update(DocumentOriginalRow).values(data=b"not zlib"))
    with pytest.raises(AnnotatorError, match="is damaged"):
        project.catalog.original(document_id)


def test_a_project_of_schema_0006_upgrades_and_keeps_pages(tmp_path: Path) -> None:
    path = tmp_path / "0006.annotator"
    engine = db.create_project_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
        connection.exec_driver_sql(f"PRAGMA application_id={db.APPLICATION_ID}")
    engine.dispose()
    project = Project.open(path, "alice")
    try:
        import_page(project, write_page(tmp_path / "pages"))
        assert project.catalog.original(only_document(project)) is not None
    finally:
        project.close()
    assert len(upgrade_backups(tmp_path / "0006.annotator", "0006")) == 1


def test_without_lxml_an_import_names_the_extra_and_stores_nothing(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "lxml", None)
    monkeypatch.setitem(sys.modules, "lxml.html", None)
    path = write_page(tmp_path / "pages")
    report = project.importer.import_paths([path], ALICE)
    assert report.errors == [
        f"{path}: Reading HTML files needs lxml, which is not installed: run "
        "pip install 'annotator[html]' (or 'annotator[formats]' for every format)"
    ]
    assert project.catalog.document_count() == 0
