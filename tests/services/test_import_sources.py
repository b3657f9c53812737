"""Where imports read from (files, folders, zips, --format) and where exports write to (one
file with companions, a folder, a zip), complete or not at all."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from annotator.core.model import DocumentDraft
from annotator.errors import ExportError, InputError
from annotator.formats.base import (
    ExportContext,
    ExportRecord,
    Output,
    Reader,
    ReadOptions,
    Requirement,
    Writer,
)
from annotator.formats.registry import FormatRegistry, default_registry
from annotator.services.export_output import FileOutput, FolderOutput, ZipOutput, sha256_of
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project

ALICE = ImportOptions(default_annotator="alice")


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    opened = Project.open(tmp_path / "p.annotator", "alice")
    yield opened
    opened.close()


def texts(project: Project) -> list[str]:
    return [
        project.catalog.document(summary.id).text
        for summary in project.catalog.document_summaries(project.annotator_id)
    ]


def test_a_zip_is_imported_like_a_folder_each_member_named(
    project: Project, tmp_path: Path
) -> None:
    archive = tmp_path / "pages.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("pages/a.txt", "First page 👍")
        zipped.writestr("pages/b.jsonl", json.dumps({"text": "Second page"}) + "\n")
        zipped.writestr("pages/.hidden.txt", "hidden")
        zipped.writestr("__MACOSX/pages/._a.txt", "resource fork")
        zipped.writestr("pages/logo.png", b"\x89PNG")
    report = project.importer.import_paths([archive], ALICE)
    assert report.ok, report.errors
    assert report.files_imported == 2
    assert sorted(texts(project)) == ["First page 👍", "Second page"]
    assert [str(s) for s in report.skipped] == [
        f"{archive}!pages/logo.png: unsupported file type '.png' (supported: "
        + ", ".join((*default_registry().extensions, ".zip"))
        + ")"
    ]
    sources = {project.catalog.document(s.id).source for s in project.catalog.document_summaries(1)}
    assert sources == {f"{archive}!pages/a.txt", f"{archive}!pages/b.jsonl"}


def test_a_bad_member_names_the_zip_and_member_and_leaves_no_trace(
    project: Project, tmp_path: Path
) -> None:
    archive = tmp_path / "pages.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("a.jsonl", '{"text": "fine"}\n{"text": \n')
    report = project.importer.import_paths([archive], ALICE)
    assert len(report.errors) == 1
    assert report.errors[0].startswith(f"{archive}!a.jsonl, line 2: not valid JSON")
    assert texts(project) == []


def test_a_damaged_zip_is_one_line(project: Project, tmp_path: Path) -> None:
    archive = tmp_path / "pages.zip"
    archive.write_bytes(b"PK\x03\x04 not really a zip")
    report = project.importer.import_paths([archive], ALICE)
    assert report.errors == [f"{archive}: not a readable .zip file"]


def test_format_reads_a_file_named_whatever_its_extension(project: Project, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Not markdown here, just text", encoding="utf-8")
    options = ImportOptions(default_annotator="alice", format_name="txt")
    report = project.importer.import_paths([page], options)
    assert report.ok, report.errors
    assert texts(project) == ["# Not markdown here, just text"]


def test_format_takes_only_its_files_in_a_folder(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("plain", encoding="utf-8")
    (folder / "b.jsonl").write_text('{"text": "lines"}\n', encoding="utf-8")
    options = ImportOptions(default_annotator="alice", format_name="doccano")
    report = project.importer.import_paths([folder], options)
    assert report.ok, report.errors
    assert texts(project) == ["lines"]
    assert [s.reason for s in report.skipped] == [
        "passed over: --format jsonl takes .jsonl, .ndjson files in folders and zips (this one "
        "is .txt)"
    ]


def test_a_format_that_finds_no_file_is_an_error(project: Project, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("plain", encoding="utf-8")
    options = ImportOptions(default_annotator="alice", format_name="xmi")
    report = project.importer.import_paths([tmp_path], options)
    assert report.errors == [
        f"{tmp_path}: no xmi files to import (--format xmi takes .xmi files in folders and zips)"
    ]
    assert not report.ok


def test_an_unknown_format_is_refused_with_the_names(project: Project, tmp_path: Path) -> None:
    options = ImportOptions(default_annotator="alice", format_name="wordperfect")
    report = project.importer.import_paths([tmp_path], options)
    assert len(report.errors) == 1
    assert report.errors[0].startswith("Unknown import format 'wordperfect' (available: txt, ")


def _pair_reader(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    text = options.sibling(options.source_name.rsplit("/", 1)[-1].replace(".pair", ".txt"))
    if text is None:
        raise InputError(options.source_name, "has no .txt beside it")
    return [DocumentDraft(text.decode(), data.decode().strip(), options.source_name)]


PAIRS = Reader("pairs", "text with a title file", (".pair",), _pair_reader, companions=(".txt",))


def test_a_companion_is_read_with_its_file_and_not_alone(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pair").write_text("Title A", encoding="utf-8")
    (folder / "a.txt").write_text("Text A", encoding="utf-8")
    (folder / "b.txt").write_text("Text B alone", encoding="utf-8")
    registry = default_registry()
    registry.readers["pairs"] = PAIRS
    project.importer._registry = registry
    report = project.importer.import_paths([folder], ALICE)
    assert report.ok, report.errors
    assert sorted(texts(project)) == ["Text A", "Text B alone"]
    titles = {s.title for s in project.catalog.document_summaries(project.annotator_id)}
    assert "Title A" in titles


def test_a_missing_library_names_the_extra(project: Project, tmp_path: Path) -> None:
    needs = Requirement("annotator_no_such_module", "no-such-package", "nothing")
    reader = Reader("odd", "Odd files", (".odd",), _pair_reader, requires=needs)
    project.importer._registry = FormatRegistry([reader], [])
    page = tmp_path / "page.odd"
    page.write_text("x", encoding="utf-8")
    report = project.importer.import_paths([page], ALICE)
    assert report.errors == [
        f"{page}: Reading Odd files needs no-such-package, which is not installed: run "
        "pip install 'annotator[nothing]' (or 'annotator[formats]' for every format)"
    ]


RECORDS: list[ExportRecord] = [{"id": "1", "text": "a", "spans": [], "meta": {}}]


def _bundle_write(output: Output, records: Iterable[ExportRecord], context: ExportContext) -> int:
    count = 0
    for count, record in enumerate(records, start=1):
        with output.text(f"docs/{count}.txt") as handle:
            handle.write(record["text"])
    with output.text("labels.conf") as handle:
        handle.write("\n".join(label.name for label in context.labels) + "\n")
    return count


BUNDLE = Writer("bundle", "Folder of texts", "", _bundle_write, bundle=True)


@pytest.mark.parametrize("target_name", ["out", "out.zip"])
def test_a_bundle_is_a_folder_or_a_zip_with_every_file_in_the_sidecar(
    project: Project, tmp_path: Path, target_name: str
) -> None:
    drafts = [DocumentDraft("one 👍", "One", "a"), DocumentDraft("two", "Two", "b")]
    project.importer.import_drafts(drafts, ALICE, ImportReport())
    project.exporter._registry.writers["bundle"] = BUNDLE
    target = tmp_path / target_name
    result = project.exporter.export(target, "bundle")
    assert result.documents == 2
    sidecar = json.loads((tmp_path / f"{target_name}.meta.json").read_text(encoding="utf-8"))
    names = {"docs/1.txt", "docs/2.txt", "labels.conf"}
    assert set(sidecar["data"]["files"]) == names
    if target_name.endswith(".zip"):
        with zipfile.ZipFile(target) as zipped:
            assert set(zipped.namelist()) == names
            assert zipped.read("docs/1.txt").decode() == "one 👍"
        assert sidecar["data"]["sha256"] == sha256_of(target)
    else:
        assert (target / "docs" / "1.txt").read_text(encoding="utf-8") == "one 👍"
        assert sidecar["data"]["sha256"] is None
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_folder_with_other_files_is_never_overwritten(project: Project, tmp_path: Path) -> None:
    project.exporter._registry.writers["bundle"] = BUNDLE
    target = tmp_path / "mine"
    target.mkdir()
    (target / "thesis.tex").write_text("precious", encoding="utf-8")
    with pytest.raises(ExportError, match="has files in it that no export of ours wrote"):
        project.exporter.export(target, "bundle")
    assert (target / "thesis.tex").read_text(encoding="utf-8") == "precious"


def test_an_earlier_export_folder_is_replaced_whole(project: Project, tmp_path: Path) -> None:
    project.exporter._registry.writers["bundle"] = BUNDLE
    target = tmp_path / "out"
    project.exporter.export(target, "bundle")
    (target / "stale.txt").write_text("from before", encoding="utf-8")
    project.exporter.export(target, "bundle")
    assert not (target / "stale.txt").exists()
    assert (target / "labels.conf").is_file()


def test_a_failing_bundle_leaves_nothing(project: Project, tmp_path: Path) -> None:
    def failing(output: Output, records: Iterable[ExportRecord], context: ExportContext) -> int:
        with output.text("a.txt") as handle:
            handle.write("half")
        raise OSError(28, "No space left on device")

    project.exporter._registry.writers["bundle"] = Writer("bundle", "x", "", failing, bundle=True)
    for name in ("out", "out.zip"):
        with pytest.raises(ExportError, match="the disk is full; free some space and try again"):
            project.exporter.export(tmp_path / name, "bundle")
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("p.annotator"))
    assert left == []


def test_file_output_puts_companions_beside_the_file(tmp_path: Path) -> None:
    output = FileOutput(tmp_path / "out.json")
    with output.text() as handle:
        handle.write("[]")
    with output.text("labelconfig.xml") as handle:
        handle.write("<View/>")
    assert not (tmp_path / "out.json").exists()  # nothing until the commit
    output.commit()
    assert (tmp_path / "out.json").read_text() == "[]"
    assert (tmp_path / "out.labelconfig.xml").read_text() == "<View/>"
    assert set(output.files) == {"", "labelconfig.xml"}


@pytest.mark.parametrize("kind", [FolderOutput, ZipOutput])
def test_names_cannot_leave_the_bundle(tmp_path: Path, kind: type) -> None:
    output = kind(tmp_path / "b", False) if kind is FolderOutput else kind(tmp_path / "b.zip")
    with pytest.raises(ValueError, match="inside the export"), output.text("../escape.txt"):
        pass
    output.discard()
    assert list(tmp_path.iterdir()) == []
