"""Import and export through a real project file: dedupe, all-or-nothing, round trips."""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from project_files import import_all
from sqlalchemy import func, select
from unicode_text import PIECES as BASE_PIECES

from annotator.core.model import DocStatus, DocumentDraft
from annotator.core.value_rules import MAX_META_NESTING
from annotator.errors import ExportError
from annotator.formats.base import ExportRecord, Writer, text_writer
from annotator.services import importing
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.services.stats import project_stats
from annotator.store.schema import AnnotatorRow, DocumentRow, LabelRow, SpanRow

ALICE = ImportOptions(default_annotator="alice")


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    opened = Project.open(tmp_path / "p.annotator", "alice")
    yield opened
    opened.close()


def write_jsonl(path: Path, records: Iterable[dict[str, Any]], newline: str = "\n") -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + newline for r in records),
        encoding="utf-8",
        newline="",
    )
    return path


def do_import(project: Project, *paths: Path, options: ImportOptions = ALICE) -> ImportReport:
    return project.importer.import_paths(list(paths), options)


def export(project: Project, target: Path, annotator: str | None = None) -> list[ExportRecord]:
    project.exporter.export(target, "jsonl", annotator)
    raw = target.read_bytes().decode("utf-8")
    assert raw.endswith("\n") or raw == ""
    return [json.loads(line) for line in raw.split("\n")[:-1]]


def counts(project: Project) -> dict[str, int]:
    with project.store.reading() as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (DocumentRow, SpanRow, LabelRow, AnnotatorRow)
        }


def normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def span_tuples(record: ExportRecord) -> list[tuple[int, int, str, str]]:
    return [(s["start"], s["end"], s["label"], s["annotator"]) for s in record["spans"]]


# --- identity and dedupe ---------------------------------------------------------------------


def test_a_text_the_project_holds_is_not_added_twice(project: Project, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Same words.", encoding="utf-8")
    write_jsonl(tmp_path / "b.jsonl", [{"text": "Same words."}, {"text": "Other words."}])
    report = do_import(project, tmp_path / "a.txt", tmp_path / "b.jsonl")
    assert report.ok, report.errors
    assert (report.files_imported, report.documents_added) == (2, 2)
    assert report.documents_already_present == 1
    assert counts(project)["documents"] == 2


def test_the_same_text_twice_in_one_file_is_stored_once(project: Project, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "d.jsonl", [{"text": "Twice."}, {"text": "Twice."}])
    report = do_import(project, tmp_path / "d.jsonl")
    assert (report.documents_added, report.documents_already_present) == (1, 1)


def test_the_same_text_twice_in_one_file_gets_its_spans_once(
    project: Project, tmp_path: Path
) -> None:
    record = {"text": "Alpha beta.", "spans": [{"start": 0, "end": 5, "label": "Claim"}]}
    report = do_import(project, write_jsonl(tmp_path / "twice.jsonl", [record, record]))
    assert (report.documents_added, report.documents_already_present) == (1, 1)
    assert (report.spans_added, report.spans_already_present) == (1, 1)
    assert counts(project)["spans"] == 1
    again = do_import(project, tmp_path / "twice.jsonl")
    assert (again.spans_added, again.spans_already_present) == (0, 2)


def test_an_over_long_new_label_name_is_refused(project: Project, tmp_path: Path) -> None:
    name = "L" * 101
    record = {"text": "Alpha beta.", "spans": [{"start": 0, "end": 5, "label": name}]}
    path = write_jsonl(tmp_path / "long.jsonl", [record])
    options = ImportOptions(default_annotator="alice", create_labels=True)
    report = do_import(project, path, options=options)
    assert report.errors and "longer than 100 characters" in report.errors[0]
    assert counts(project)["documents"] == 0


def test_re_running_an_import_adds_nothing(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "one.txt").write_text("First page.\r\nMore.", encoding="utf-8")
    write_jsonl(
        folder / "two.jsonl",
        [{"text": "Rain fell.", "spans": [{"start": 0, "end": 10, "label": "Claim"}]}],
    )
    (folder / "three.csv").write_text("text\nA row.\n", encoding="utf-8")
    first = do_import(project, folder)
    before = counts(project)
    again = do_import(project, folder)
    assert first.ok and again.ok
    assert (first.documents_added, first.spans_added) == (3, 1)
    assert (again.files_imported, again.documents_added, again.spans_added) == (3, 0, 0)
    assert (again.documents_already_present, again.spans_already_present) == (3, 1)
    assert counts(project) == before


def test_spans_join_the_existing_document(project: Project, tmp_path: Path) -> None:
    text = "Prices rose. I hate it."
    (tmp_path / "page.txt").write_text(text, encoding="utf-8")
    do_import(project, tmp_path / "page.txt")
    write_jsonl(
        tmp_path / "spans.jsonl",
        [{"text": text, "spans": [{"start": 13, "end": 23, "label": "Opinion"}]}],
    )
    report = do_import(project, tmp_path / "spans.jsonl")
    assert (report.documents_added, report.documents_already_present) == (0, 1)
    assert report.spans_added == 1
    [record] = export(project, tmp_path / "out.jsonl")
    assert record["meta"]["source"] == str(tmp_path / "page.txt"), "the first import's row stays"
    assert span_tuples(record) == [(13, 23, "Opinion", "alice")]


def test_exact_duplicate_spans_are_not_added_again(project: Project, tmp_path: Path) -> None:
    text = "One. Two. Three."
    spans = [{"start": 0, "end": 4, "label": "Claim"}, {"start": 5, "end": 9, "label": "Claim"}]
    write_jsonl(tmp_path / "a.jsonl", [{"text": text, "spans": [*spans, spans[0]]}])
    first = do_import(project, tmp_path / "a.jsonl")
    assert (first.spans_added, first.spans_already_present) == (2, 1)
    # Same bounds with another label, or by another annotator, are different spans.
    more = [
        *spans,
        {"start": 0, "end": 4, "label": "Opinion"},
        {"start": 0, "end": 4, "label": "Claim", "annotator": "bob"},
        {"start": 10, "end": 16, "label": "Claim"},
    ]
    write_jsonl(tmp_path / "b.jsonl", [{"text": text, "spans": more}])
    second = do_import(project, tmp_path / "b.jsonl")
    assert (second.spans_added, second.spans_already_present) == (3, 2)
    [record] = export(project, tmp_path / "out.jsonl")
    bounds = [(s["start"], s["end"]) for s in record["spans"]]
    assert bounds == sorted(bounds)
    assert sorted(span_tuples(record)) == [
        (0, 4, "Claim", "alice"),
        (0, 4, "Claim", "bob"),
        (0, 4, "Opinion", "alice"),
        (5, 9, "Claim", "alice"),
        (10, 16, "Claim", "alice"),
    ]


def test_a_crlf_copy_of_a_text_is_the_same_document(project: Project, tmp_path: Path) -> None:
    (tmp_path / "unix.txt").write_bytes(b"one\ntwo\nthree")
    do_import(project, tmp_path / "unix.txt")
    write_jsonl(
        tmp_path / "dos.jsonl",
        [{"text": "one\r\ntwo\r\nthree", "spans": [{"start": 10, "end": 15, "label": "Claim"}]}],
    )
    report = do_import(project, tmp_path / "dos.jsonl")
    assert (report.documents_added, report.documents_already_present) == (0, 1)
    [record] = export(project, tmp_path / "out.jsonl")
    assert record["spans"][0]["text"] == "three"
    assert (record["spans"][0]["start"], record["spans"][0]["end"]) == (8, 13)


def page(number: int, *labels: str) -> dict[str, Any]:
    spans = [{"start": 0, "end": 4, "label": label} for label in labels]
    return {"text": f"Page {number}.", "spans": spans}


def test_a_file_larger_than_a_lookup_batch_dedupes_against_the_project(
    project: Project, tmp_path: Path
) -> None:
    # Over 1,000 documents: more than one IN (...) batch of hashes, document ids and spans.
    old = range(1_100)
    do_import(project, write_jsonl(tmp_path / "old.jsonl", [page(n, "Claim") for n in old]))
    records = [page(n, "Claim", "Opinion") for n in reversed(old)]
    records += [page(n, "Claim") for n in range(1_100, 1_150)] + [page(1_149, "Opinion")]
    report = do_import(project, write_jsonl(tmp_path / "new.jsonl", records))
    assert report.ok, report.errors
    assert (report.documents_added, report.documents_already_present) == (50, 1_101)
    assert (report.spans_added, report.spans_already_present) == (1_100 + 51, 1_100)

    exported = export(project, tmp_path / "out.jsonl")
    expected = [f"Page {n}." for n in range(1_150)]
    assert [r["text"] for r in exported] == expected, "old ones first, new ones in file order"
    # Spans with the same bounds follow in the order of their (random) ids.
    old_labels = [sorted(s["label"] for s in r["spans"]) for r in exported[:1_100]]
    assert old_labels == [["Claim", "Opinion"]] * 1_100
    assert sorted(exported[-1]["spans"], key=lambda span: span["label"]) == [
        {"start": 0, "end": 4, "label": label, "text": "Page", "annotator": "alice", "note": None}
        for label in ("Claim", "Opinion")
    ]
    with project.store.reading() as session:
        rows = session.execute(select(DocumentRow.id, DocumentRow.position)).all()
    assert sorted(rows) == [(n, n) for n in range(1, 1_151)]


def test_imported_spans_get_distinct_version_4_uuids(project: Project, tmp_path: Path) -> None:
    do_import(project, write_jsonl(tmp_path / "a.jsonl", [page(n, "Claim") for n in range(300)]))
    with project.store.reading() as session:
        ids = list(session.scalars(select(SpanRow.id)))
    assert len(set(ids)) == len(ids) == 300
    for span_id in ids:
        parsed = uuid.UUID(hex=span_id)
        assert (parsed.hex, parsed.version, parsed.variant) == (span_id, 4, uuid.RFC_4122)


# --- annotators and labels -------------------------------------------------------------------


def test_span_annotator_field_and_the_annotator_override(project: Project, tmp_path: Path) -> None:
    text = "Alpha beta gamma."
    spans = [
        {"start": 0, "end": 5, "label": "Claim"},
        {"start": 6, "end": 10, "label": "Claim", "annotator": "bob"},
    ]
    write_jsonl(tmp_path / "a.jsonl", [{"text": text, "spans": spans}])
    do_import(project, tmp_path / "a.jsonl")
    [record] = export(project, tmp_path / "out.jsonl")
    assert span_tuples(record) == [(0, 5, "Claim", "alice"), (6, 10, "Claim", "bob")]

    overridden = ImportOptions(default_annotator="alice", annotator="carol")
    report = do_import(project, tmp_path / "a.jsonl", options=overridden)
    assert report.spans_added == 2
    [record] = export(project, tmp_path / "out.jsonl")
    assert {s["annotator"] for s in record["spans"]} == {"alice", "bob", "carol"}
    carol = export(project, tmp_path / "carol.jsonl", annotator="carol")
    assert span_tuples(carol[0]) == [(0, 5, "Claim", "carol"), (6, 10, "Claim", "carol")]


def test_export_of_an_unknown_annotator_is_refused(project: Project, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="No annotator called 'zoe'"):
        project.exporter.export(tmp_path / "out.jsonl", "jsonl", "zoe")
    assert not (tmp_path / "out.jsonl").exists()
    assert not list(tmp_path.rglob("*.part"))


def test_labels_are_matched_case_insensitively(project: Project, tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "a.jsonl",
        [{"text": "Hot soup.", "label": [[0, 3, "claim"], [4, 9, "BOILERPLATE"]]}],
    )
    report = do_import(project, tmp_path / "a.jsonl")
    assert report.ok and report.labels_created == []
    [record] = export(project, tmp_path / "out.jsonl")
    assert [s["label"] for s in record["spans"]] == ["Claim", "Boilerplate"]
    assert counts(project)["labels"] == 3


def test_unknown_labels_are_refused_unless_created(project: Project, tmp_path: Path) -> None:
    records = [
        {"text": "Known.", "spans": [{"start": 0, "end": 5, "label": "Claim"}]},
        {"text": "New one.", "spans": [{"start": 0, "end": 3, "label": "Sarcasm"}]},
        {"text": "Again.", "spans": [{"start": 0, "end": 5, "label": "sarcasm"}]},
    ]
    path = write_jsonl(tmp_path / "a.jsonl", records)
    before = counts(project)
    refused = do_import(project, path)
    [error] = refused.errors
    assert error.startswith(f"{path}, line 2: unknown label 'Sarcasm'")
    assert "--create-labels" in error
    assert counts(project) == before

    created = do_import(project, path, options=ImportOptions("alice", create_labels=True))
    assert created.ok
    assert created.labels_created == ["Sarcasm"]
    assert created.spans_added == 3
    names = [label.name for label in project.catalog.labels()]
    assert names == ["Claim", "Opinion", "Boilerplate", "Sarcasm"]


# --- all or nothing --------------------------------------------------------------------------

GOOD = [
    {"text": "Good one.", "spans": [{"start": 0, "end": 4, "label": "Claim"}]},
    {"text": "Good two."},
]


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ('{"text": "broken",', "not valid JSON"),
        ('{"text": "abc", "spans": [{"start": 1, "end": 9, "label": "Claim"}]}', "outside"),
        ('{"text": "abc", "spans": [{"start": 0, "end": 1, "label": "Nope"}]}', "unknown label"),
        ('{"text": ""}', "the document is empty"),
        ('{"text": " \\r\\n\\t\\u2028 "}', "the document contains only white space"),
        ('{"text": "abc", "deep": ' + "[" * 500 + "]" * 500 + "}", "nested"),
        ('{"text": "a\\udfffb"}', "surrogate"),
    ],
    ids=["json", "range", "label", "empty", "blank", "deep", "surrogate"],
)
def test_one_bad_record_among_good_ones_imports_nothing(
    project: Project, tmp_path: Path, bad_line: str, reason: str
) -> None:
    seeded = write_jsonl(tmp_path / "seed.jsonl", [{"text": "Already here."}])
    do_import(project, seeded)
    lines = [json.dumps(r) for r in GOOD]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([*lines, bad_line, json.dumps({"text": "Good three."})]) + "\n")
    other = write_jsonl(tmp_path / "other.jsonl", [{"text": "Independent."}])
    before = counts(project)

    report = do_import(project, path, other)

    [error] = report.errors
    assert error.startswith(f"{path}, line 3: ")
    assert reason in error
    assert report.files_imported == 1, "the other file is imported"
    assert counts(project) == {**before, "documents": before["documents"] + 1}
    texts = [r["text"] for r in export(project, tmp_path / "out.jsonl")]
    assert texts == ["Already here.", "Independent."]


def test_an_over_long_document_is_refused(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importing, "MAX_DOCUMENT_CHARS", 10)
    path = write_jsonl(tmp_path / "a.jsonl", [{"text": "short"}, {"text": "x" * 11}])
    [error] = do_import(project, path).errors
    assert error == f"{path}, line 2: the document has 11 characters; the limit is 10"
    assert counts(project)["documents"] == 0


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "the document is empty"),
        ("blank.txt", b"  \r\n\t\x0c\n", "the document contains only white space"),
        ("empty.jsonl", b"\n\n", "contains no documents"),
        ("header.csv", b"text,title\n", "contains no documents"),
        (
            "image.txt",
            bytes.fromhex("89504e470d0a1a0a") + bytes(40),
            "looks like a binary file, not text",
        ),
    ],
)
def test_files_without_usable_text_are_refused(
    project: Project, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [error] = do_import(project, path).errors
    assert error.startswith(f"{path}")
    assert error.endswith(reason)
    assert counts(project)["documents"] == 0


def test_what_cannot_be_collected_is_reported(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "notes.txt").write_text("hidden")
    (folder / ".draft.txt").write_text("hidden too")
    (folder / "letter.rtf").write_text("{\\rtf1 not a format}")
    (folder / "page.txt").write_text("A page.")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    report = do_import(project, folder, tmp_path / "photo.png", tmp_path / "missing.txt")
    assert report.files_imported == 1
    assert [(entry.path, entry.reason.split(" (")[0]) for entry in report.skipped] == [
        (str(folder / "letter.rtf"), "unsupported file type '.rtf'")
    ]
    assert "skipped letter.rtf (unsupported type)" in report.summary()
    assert report.errors[0].startswith(f"{tmp_path / 'photo.png'}: unsupported file type '.png'")
    assert report.errors[1] == f"{tmp_path / 'missing.txt'}: no such file or folder"


def test_csv_with_a_named_text_column(project: Project, tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text('title,body\nFront,"Line 1\r\nLine 2"\n', encoding="utf-8")
    options = ImportOptions("alice", text_column="body")
    assert do_import(project, tmp_path / "t.csv", options=options).ok
    [record] = export(project, tmp_path / "out.jsonl")
    assert record["text"] == "Line 1\nLine 2"
    assert record["meta"]["title"] == "Front"


def test_an_empty_title_cell_is_exported_as_the_window_shows_it(
    project: Project, tmp_path: Path
) -> None:
    page = "Breaking: river floods town centre\nWater rose overnight in the old town."
    (tmp_path / "posts.csv").write_text(f'title,text,url\n,"{page}",https://a.example/\n')
    assert do_import(project, tmp_path / "posts.csv").ok
    [shown] = [summary.title for summary in project.catalog.document_summaries(-1)]
    [record] = export(project, tmp_path / "out.jsonl")
    assert shown == record["meta"]["title"] == "Breaking: river floods town centre"
    assert record["meta"]["url"] == "https://a.example/"


def test_the_export_titles_a_document_as_the_project_does(project: Project, tmp_path: Path) -> None:
    """A project imported before titles left meta: the stored title wins over meta's copy."""
    draft = DocumentDraft("Some text.", "Headline found", "old.csv", meta={"title": "", "n": "1"})
    import_all(project, [draft])
    [record] = export(project, tmp_path / "out.jsonl")
    assert record["meta"]["title"] == "Headline found"
    assert list(record["meta"]) == ["title", "n", "source", "encoding"], "the title first"


# --- newline policy --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw_bounds", "bounds", "text"),
    [
        ((0, 2), (0, 2), "ab"),  # before any newline
        ((4, 6), (3, 5), "cd"),  # after one CRLF
        ((6, 7), (5, 6), "\n"),  # a lone CR becomes "\n" and removes nothing
        ((7, 9), (6, 8), "ef"),
        ((2, 4), (2, 3), "\n"),  # a whole CRLF pair becomes one "\n"
        ((8, 12), (7, 9), "f\n"),  # ends between "\r" and "\n": falls back to the "\n"
        ((10, 13), (8, 10), "\n\n"),  # starts between "\r" and "\n": on the "\n"
        ((13, 15), (10, 12), "gh"),  # after three CRLF pairs
        ((0, 15), (0, 12), "ab\ncd\nef\n\ngh"),
    ],
)
def test_crlf_and_lone_cr_become_lf_and_offsets_shift(
    project: Project,
    tmp_path: Path,
    raw_bounds: tuple[int, int],
    bounds: tuple[int, int],
    text: str,
) -> None:
    raw = "ab\r\ncd\ref\r\n\r\ngh"
    write_jsonl(tmp_path / "a.jsonl", [{"text": raw, "label": [[*raw_bounds, "Claim"]]}])
    assert do_import(project, tmp_path / "a.jsonl").ok
    [exported] = export(project, tmp_path / "out.jsonl")
    assert exported["text"] == "ab\ncd\nef\n\ngh"
    [span] = exported["spans"]
    assert ((span["start"], span["end"]), span["text"]) == (bounds, text)


def test_a_span_of_only_the_cr_of_a_crlf_pair_vanishes(project: Project, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", [{"text": "a\r\nb", "label": [[1, 2, "Claim"]]}])
    report = do_import(project, tmp_path / "a.jsonl")
    assert report.ok
    assert (report.documents_added, report.spans_added) == (1, 0)


# --- the export ------------------------------------------------------------------------------


def test_export_record_shape(project: Project, tmp_path: Path) -> None:
    text = "Zweite Aussage. Erste Aussage 🙂."
    write_jsonl(
        tmp_path / "news.jsonl",
        [
            {
                "text": text,
                "meta": {"title": "Nachrichten", "url": "https://example.org/n"},
                "spans": [
                    {"start": 16, "end": 32, "label": "Opinion", "annotator": "bob"},
                    {"start": 0, "end": 15, "label": "Claim"},
                    {"start": 0, "end": 6, "label": "Claim"},
                ],
            }
        ],
    )
    (tmp_path / "plain.txt").write_bytes(codecs.BOM_UTF8 + b"Plain page.")
    do_import(project, tmp_path / "news.jsonl", tmp_path / "plain.txt")
    target = tmp_path / "out.jsonl"
    result = project.exporter.export(target, "jsonl")
    assert (result.path, result.documents, result.spans) == (target, 2, 3)
    news, plain = export(project, target)

    for record in (news, plain):
        assert set(record) == {"id", "text", "spans", "meta", "annotators"}
        assert record["id"] == hashlib.sha256(record["text"].encode("utf-8")).hexdigest()
        for span in record["spans"]:
            assert set(span) == {"start", "end", "label", "text", "annotator", "note"}
            assert span["text"] == record["text"][span["start"] : span["end"]]
    assert [(s["start"], s["end"]) for s in news["spans"]] == [(0, 6), (0, 15), (16, 32)]
    assert news["spans"][2] == {
        "start": 16,
        "end": 32,
        "label": "Opinion",
        "text": "Erste Aussage 🙂.",
        "annotator": "bob",
        "note": None,
    }
    assert news["meta"] == {
        "title": "Nachrichten",
        "url": "https://example.org/n",
        "source": str(tmp_path / "news.jsonl"),
        "encoding": "utf-8",
    }
    assert plain["meta"] == {
        "title": "plain",
        "source": str(tmp_path / "plain.txt"),
        "encoding": "utf-8-sig",
    }
    assert plain["spans"] == []


def test_an_empty_project_exports_an_empty_file(project: Project, tmp_path: Path) -> None:
    result = project.exporter.export(tmp_path / "out.jsonl", "jsonl")
    assert (result.documents, result.spans) == (0, 0)
    assert (tmp_path / "out.jsonl").read_bytes() == b""


def test_deepest_accepted_metadata_is_stored_exported_and_imported_again(
    project: Project, tmp_path: Path
) -> None:
    depth = MAX_META_NESTING - 1  # the metadata object itself is one level
    path = tmp_path / "deep.jsonl"
    path.write_text('{"text": "a", "deep": ' + "[" * depth + "]" * depth + "}\n")
    assert do_import(project, path).ok
    [record] = export(project, tmp_path / "out.jsonl")
    value = record["meta"]["deep"]
    for _ in range(depth - 1):
        [value] = value
    assert value == []
    other = Project.open(tmp_path / "other.annotator", "bob")
    try:
        again = do_import(other, tmp_path / "out.jsonl")
        assert again.ok, again.errors
        assert again.documents_added == 1
    finally:
        other.close()


def test_metadata_deeper_than_an_export_can_carry_is_refused(
    project: Project, tmp_path: Path
) -> None:
    depth = MAX_META_NESTING
    path = tmp_path / "deep.jsonl"
    path.write_text('{"text": "a", "deep": ' + "[" * depth + "]" * depth + "}\n")
    report = do_import(project, path)
    assert report.errors == [
        f"{path}, line 1: the metadata is nested more than {MAX_META_NESTING} levels"
    ]
    assert counts(project)["documents"] == 0


def test_export_to_a_missing_folder_is_refused(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "out.jsonl"
    with pytest.raises(ExportError, match="does not exist"):
        project.exporter.export(target, "jsonl")
    assert not target.parent.exists()
    assert not list(tmp_path.rglob("*.part"))


def test_unknown_export_format_is_refused(project: Project, tmp_path: Path) -> None:
    from annotator.formats.registry import default_registry

    names = ", ".join(default_registry().writers)  # every format registered, in order
    assert names.startswith("jsonl, doccano, labelstudio, csv")
    with pytest.raises(
        ExportError, match=re.escape(f"Unknown export format 'xml' (available: {names}).")
    ):
        project.exporter.export(tmp_path / "out.xml", "xml")
    assert not (tmp_path / "out.xml").exists()


def test_export_into_a_folder_path_is_an_export_error(project: Project, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "inside").write_text("keep")
    with pytest.raises(ExportError, match="Cannot write"):
        project.exporter.export(tmp_path / "taken", "jsonl")
    assert (tmp_path / "taken" / "inside").read_text() == "keep"
    assert not list(tmp_path.rglob("*.part"))


def test_export_onto_a_pipe_is_refused_and_leaves_it_a_pipe(
    project: Project, tmp_path: Path
) -> None:
    """As /dev/stdout is (a link to a pipe or a terminal): it used to be renamed over."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    link = tmp_path / "stdout"
    link.symlink_to(pipe)
    for target in (pipe, link):
        with pytest.raises(ExportError) as refused:
            project.exporter.export(target, "jsonl")
        assert str(refused.value) == (
            f"Cannot write {target}: it is a named pipe, not a file. Choose a file to write to."
        )
    assert stat.S_ISFIFO(pipe.stat().st_mode) and link.is_symlink()
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "p.annotator",
        "p.annotator-shm",
        "p.annotator-wal",
        "pipe",
        "stdout",
    ]


def test_export_through_a_link_writes_the_file_it_names(project: Project, tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", [{"text": "Linked."}])
    do_import(project, tmp_path / "a.jsonl")
    real = tmp_path / "data" / "out.jsonl"
    real.parent.mkdir()
    real.write_text("OLD\n")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(Path("data") / "out.jsonl")
    result = project.exporter.export(link, "jsonl")
    assert link.is_symlink() and link.resolve() == real
    assert result.path == real
    assert [json.loads(line)["text"] for line in real.read_text().splitlines()] == ["Linked."]
    sidecar = json.loads((tmp_path / "data" / "out.jsonl.meta.json").read_text())
    assert sidecar["data"]["file"] == "out.jsonl"


def test_a_sidecar_that_cannot_be_written_stops_the_export_first(
    project: Project, tmp_path: Path
) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("OLD\n")
    os.mkfifo(tmp_path / "out.jsonl.meta.json")
    with pytest.raises(ExportError, match=r"out\.jsonl\.meta\.json: it is a named pipe"):
        project.exporter.export(target, "jsonl")
    assert target.read_text() == "OLD\n"


def _failing_writer(error: BaseException) -> Writer:
    def write(handle: TextIO, records: Iterable[ExportRecord]) -> int:
        for count, record in enumerate(records, start=1):
            handle.write(json.dumps(record) + "\n")
            handle.flush()
            if count == 2:
                raise error
        return 0

    return text_writer("jsonl", "fails mid-way", ".jsonl", write)


@pytest.mark.parametrize(
    ("error", "expected"),
    [(RuntimeError("writer bug"), RuntimeError), (OSError(28, "No space left"), ExportError)],
    ids=["bug", "disk-full"],
)
def test_a_failing_export_leaves_the_old_file_intact(
    project: Project,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    expected: type[BaseException],
) -> None:
    write_jsonl(tmp_path / "a.jsonl", [{"text": f"Document {i}."} for i in range(5)])
    do_import(project, tmp_path / "a.jsonl")
    out = tmp_path / "exports"
    out.mkdir()
    target = out / "out.jsonl"
    target.write_text("OLD EXPORT\n")
    monkeypatch.setitem(project.registry.writers, "jsonl", _failing_writer(error))

    with pytest.raises(expected):
        project.exporter.export(target, "jsonl")

    assert target.read_text() == "OLD EXPORT\n"
    assert list(out.iterdir()) == [target], "no temporary file is left behind"


def test_a_successful_export_replaces_the_old_file(project: Project, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("OLD EXPORT\n" * 1000)
    write_jsonl(tmp_path / "a.jsonl", [{"text": "New."}])
    do_import(project, tmp_path / "a.jsonl")
    [record] = export(project, target)
    assert record["text"] == "New."
    assert not list(tmp_path.rglob("*.part"))


# --- stats -----------------------------------------------------------------------------------


def test_stats_leave_out_layers_without_work(project: Project, tmp_path: Path) -> None:
    """The window registers its user ("root" here): a layer with nothing in it is no count."""
    write_jsonl(
        tmp_path / "a.jsonl", [{"text": "A b.", "label": [[0, 1, "Claim"]]}, {"text": "C."}]
    )
    do_import(project, tmp_path / "a.jsonl", options=ImportOptions("alice", annotator="bob"))
    Project.open(project.path, "root").close()
    Project.open(project.path, "carol").close()
    [carol] = [layer.id for layer in project.catalog.annotators() if layer.name == "carol"]
    first = project.catalog.document_summaries(carol)[0]
    project.annotation.set_document_note(first.id, carol, "read it")  # a note is work
    stats = project_stats(project.store)
    assert stats.per_annotator == {"bob": 1, "carol": 0}
    assert set(stats.per_status) == {"bob", "carol"}


def test_stats_count_labels_annotators_and_statuses(project: Project, tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"text": "A b.", "label": [[0, 1, "Claim"], [2, 3, "Claim"]]},
            {
                "text": "C d.",
                "spans": [{"start": 0, "end": 1, "label": "Opinion", "annotator": "bob"}],
            },
            {"text": "E f."},
        ],
    )
    do_import(project, tmp_path / "a.jsonl")
    first = project.catalog.document_summaries(project.annotator_id)[0]
    project.annotation.set_status(first.id, project.annotator_id, DocStatus.DONE)
    stats = project_stats(project.store)
    assert (stats.documents, stats.spans) == (3, 3)
    assert stats.per_label == {"Claim": 2, "Opinion": 1, "Boilerplate": 0}
    assert stats.per_annotator == {"alice": 2, "bob": 1}
    assert stats.per_status["alice"] == {"new": 2, "in_progress": 0, "done": 1, "skipped": 0}
    assert stats.per_status["bob"] == {"new": 3, "in_progress": 0, "done": 0, "skipped": 0}


# --- round trips -----------------------------------------------------------------------------

PIECES = [*BASE_PIECES, "word", "\x00"]
RAW_TEXT = st.lists(
    st.sampled_from(PIECES) | st.text(st.characters(exclude_categories=["Cs"]), max_size=3),
    max_size=25,
).map("".join)


def _expected_span(raw: str, start: int, end: int) -> tuple[int, int, str] | None:
    """Where a raw span lands under the newline policy, computed independently of the code."""
    pairs = [i for i in range(len(raw) - 1) if raw[i : i + 2] == "\r\n"]
    new_start = start - sum(1 for i in pairs if i < start)
    new_end = end - sum(1 for i in pairs if i < end)
    piece = raw[start:end]
    if end < len(raw) and raw[end - 1 : end + 1] == "\r\n":
        piece = piece[:-1]  # an end between "\r" and "\n" falls back onto the pair's "\n"
    if not piece:
        return None
    assert new_end - new_start == len(normalise(piece))
    return new_start, new_end, normalise(piece)


@st.composite
def corpora(draw: st.DrawFn) -> list[dict[str, Any]]:
    records = []
    for index in range(draw(st.integers(1, 4))):
        text = f"doc {index}: " + draw(RAW_TEXT)
        spans = []
        for _ in range(draw(st.integers(0, 6))):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
            span: dict[str, Any] = {
                "start": start,
                "end": end,
                "label": draw(st.sampled_from(["Claim", "opinion", "Boilerplate"])),
            }
            if draw(st.booleans()):
                span["text"] = text[start:end]
            if draw(st.booleans()):
                span["annotator"] = draw(st.sampled_from(["bob", "carol"]))
            spans.append(span)
        records.append({"text": text, "spans": spans})
    return records


@settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    records=corpora(),
    ascii_only=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_jsonl_round_trip_keeps_every_span_exact(
    records: list[dict[str, Any]], ascii_only: bool, newline: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source = root / "in.jsonl"
        source.write_bytes(
            "".join(json.dumps(r, ensure_ascii=ascii_only) + newline for r in records).encode()
        )
        project = Project.open(root / "p.annotator", "alice")
        try:
            report = do_import(project, source)
            assert report.ok, report.errors
            exported = export(project, root / "out.jsonl")
        finally:
            project.close()

    assert [r["text"] for r in exported] == [normalise(r["text"]) for r in records]
    for original, record in zip(records, exported, strict=True):
        expected = set()
        for span in original["spans"]:
            landed = _expected_span(original["text"], span["start"], span["end"])
            if landed is not None:
                label = span["label"].capitalize()
                expected.add((*landed, label, span.get("annotator", "alice")))
        got = set()
        for span in record["spans"]:
            assert span["text"] == record["text"][span["start"] : span["end"]]
            got.add((span["start"], span["end"], span["text"], span["label"], span["annotator"]))
        assert got == expected
        assert len(record["spans"]) == len(got), "no duplicate spans"
        assert record["spans"] == sorted(record["spans"], key=lambda s: (s["start"], s["end"]))


SCRAPED = {
    "01-plain.txt": ("Breaking: prices rose 5% today.\nMore at 11.\n", "utf-8", "utf-8"),
    "02-windows.txt": ("Line one\r\nLine two\r\n\r\nFooter © 2024\r\n", "utf-8", "utf-8"),
    "03-old-mac.txt": ("Old\rMac\rfile", "utf-8", "utf-8"),
    "04-french.txt": (
        "Le café était fermé à Noël — “dommage”, dit-il.\r\nÀ bientôt.\r\n",
        "cp1252",
        "cp1252",
    ),
    "05-utf16.txt": ("Emoji 🙂👩‍👩‍👧 and שלום\r\nנתראה\u2028sep\n", "utf-16", "utf-16"),
    "06-bom.txt": ("Title\n\nBody with 𠀀 and e\u0301.\n", "utf-8-sig", "utf-8-sig"),
    "sub/07-nested.txt": ("Nested\tpage\x0cwith form feed.", "utf-8", "utf-8"),
}
HEADLINES = {"05-utf16.txt": "Emoji 🙂👩\u200d👩\u200d👧 and שלום"}


def test_a_folder_of_scraped_pages_round_trips_verbatim(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "scraped"
    for name, (text, codec, _) in SCRAPED.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if codec == "utf-16":
            path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
        else:
            path.write_bytes(text.encode(codec))
    (folder / "index.rtf").write_text("{\\rtf1}")

    report = do_import(project, folder)
    assert report.ok, report.errors
    assert report.documents_added == len(SCRAPED)
    assert [entry.path for entry in report.skipped] == [str(folder / "index.rtf")]
    records = export(project, tmp_path / "out.jsonl")

    assert len(records) == len(SCRAPED)
    for record, (name, (text, _, encoding)) in zip(records, sorted(SCRAPED.items()), strict=True):
        assert record["text"] == normalise(text)
        assert record["meta"] == {
            # A first line that reads as a headline is the title; else the file's name.
            "title": HEADLINES.get(name, Path(name).stem),
            "source": str(folder / name),
            "encoding": encoding,
        }
        assert "\r" not in record["text"]


def test_a_cancelled_import_keeps_whole_files_and_says_so(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(5):
        (folder / f"{number}.txt").write_text(f"Page number {number}.\n", encoding="utf-8")
    seen: list[int] = []

    def progress(done: int, total: int, what: str) -> None:
        del total, what
        seen.append(done)

    report = project.importer.import_paths(
        [folder],
        ALICE,
        progress,
        should_stop=lambda: len(seen) >= 2,  # after two files
    )
    assert report.cancelled
    assert report.files_imported == 2
    assert counts(project)["documents"] == 2
    assert report.summary().startswith("Import cancelled")


def test_a_cancelled_export_leaves_the_old_file(project: Project, tmp_path: Path) -> None:
    do_import(project, write_jsonl(tmp_path / "a.jsonl", [{"text": "One."}, {"text": "Two."}]))
    target = tmp_path / "out.jsonl"
    target.write_text("previous export\n", encoding="utf-8")
    with pytest.raises(ExportError, match="cancelled"):
        project.exporter.export(target, "jsonl", should_stop=lambda: True)
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
