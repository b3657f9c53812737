"""The JSON formats (ours, doccano's, Label Studio's) over the tricky-Unicode project: every
layer comes back exactly, and the files, parsed as their tools parse them, name the exact
characters with their offsets."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from format_roundtrip import PAGES, imported, spans_by_text, tricky_project

from annotator.core.model import GOLD_LAYER
from annotator.core.offset_units import OffsetUnit
from annotator.services.importing import ImportOptions
from annotator.services.project import Project

FORMATS = {"jsonl": "out.jsonl", "doccano": "out.jsonl", "labelstudio": "out.json"}


@pytest.mark.parametrize("format_name", list(FORMATS))
@pytest.mark.parametrize("layer", ["alice", "bob"])
def test_a_layer_comes_back_with_the_same_texts_and_spans(
    tmp_path: Path, layer: str, format_name: str
) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    target = tmp_path / FORMATS[format_name]
    project.exporter.export(target, format_name, layer)
    back = imported(tmp_path / "back.annotator", target)
    expected = spans_by_text(project, layer)
    if format_name == "doccano":  # one layer per file, with no annotator in it
        expected = {t: {(*s[:3], "reader") for s in spans} for t, spans in expected.items()}
    assert spans_by_text(back) == expected
    assert len(spans_by_text(back)) == len(PAGES)


def _doccano_spans(target: Path) -> list[tuple[str, str]]:
    """Each span's label and the characters its offsets name, as doccano reads the file:
    one JSON object per "\n"-ended line (U+2028 inside a line is not a line end)."""
    found = []
    for line in target.read_text(encoding="utf-8").split("\n"):
        if line:
            example = json.loads(line)
            found += [(label, example["text"][s:e]) for s, e, label in example["label"]]
    return found


def _labelstudio_spans(target: Path) -> list[tuple[str, str]]:
    """Each region's label and the characters its offsets name (code points, as Label Studio
    counts them), checked against the region's own text."""
    found = []
    for task in json.loads(target.read_text(encoding="utf-8")):
        for annotation in task["annotations"]:
            for region in annotation["result"]:
                value = region["value"]
                named = task["data"]["text"][value["start"] : value["end"]]
                assert named == value["text"]
                found += [(label, named) for label in value["labels"]]
    return found


@pytest.mark.parametrize(
    ("format_name", "parse"), [("doccano", _doccano_spans), ("labelstudio", _labelstudio_spans)]
)
def test_the_files_name_the_exact_characters_as_their_tools_read_them(
    tmp_path: Path, format_name: str, parse: Callable[[Path], list[tuple[str, str]]]
) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    target = tmp_path / FORMATS[format_name]
    project.exporter.export(target, format_name, "alice")
    expected = sorted(
        (label, text[start:end])
        for text, spans in spans_by_text(project, "alice").items()
        for start, end, label, _who in spans
    )
    assert sorted(parse(target)) == expected
    assert any("\U0001f1f3" in text for _label, text in expected)  # a flag inside a span


def test_the_gold_layer_has_alices_spans(tmp_path: Path) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    gold = {
        text: {s[:3] for s in spans}
        for text, spans in spans_by_text(project, "Gold standard").items()
    }
    alice = {
        text: {s[:3] for s in spans} for text, spans in spans_by_text(project, "alice").items()
    }
    assert gold == alice
    assert all(spans for spans in gold.values())


def test_a_gold_export_is_imported_under_a_name_of_its_own(tmp_path: Path) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    target = tmp_path / "gold.jsonl"
    project.exporter.export(target, "jsonl", gold=True)
    back = Project.open(tmp_path / "back.annotator", "reader")
    refused = back.importer.import_paths([target], ImportOptions("reader", create_labels=True))
    assert refused.errors == [
        f"{target}, line 1: its spans are a gold standard ('Gold standard'), which a project "
        "builds by curating; import them under a name of their own: --annotator NAME, or "
        "All spans under… in the window"
    ]
    assert spans_by_text(back) == {}
    options = ImportOptions("reader", annotator="gold-v1", create_labels=True)
    assert back.importer.import_paths([target], options).ok
    gold = {t: {s[:3] for s in spans} for t, spans in spans_by_text(project, GOLD_LAYER).items()}
    again = {t: {s[:3] for s in spans} for t, spans in spans_by_text(back, "gold-v1").items()}
    assert again == gold


@pytest.mark.parametrize(("format_name", "unit"), [("jsonl", "utf16"), ("labelstudio", "utf8")])
def test_an_export_in_other_units_is_refused_naming_the_unit(
    tmp_path: Path, format_name: str, unit: OffsetUnit
) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    target = tmp_path / FORMATS[format_name]
    project.exporter.export(target, format_name, "alice", offsets=unit)
    back = Project.open(tmp_path / "back.annotator", "reader")
    report = back.importer.import_paths([target], ImportOptions("reader", create_labels=True))
    words = {"utf16": "UTF-16 code units", "utf8": "UTF-8 bytes"}[unit]
    assert report.errors == [
        f"{target}: its span offsets count {words} (exported with --offsets {unit}, as its "
        ".meta.json says); only an export in code points can be imported: export it again "
        "without --offsets"
    ]


def test_a_reimported_export_exports_the_same_records(tmp_path: Path) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    first = tmp_path / "first.jsonl"
    project.exporter.export(first, "jsonl", "alice")
    back = imported(tmp_path / "back.annotator", first)
    second = tmp_path / "second.jsonl"
    back.exporter.export(second, "jsonl", "alice")

    def records(path: Path) -> list[dict[str, object]]:
        lines = path.read_text(encoding="utf-8").split("\n")
        return [json.loads(line) for line in lines if line]

    again = records(second)
    assert all("id" not in record["meta"] for record in again)  # type: ignore[operator]
    assert [(r["id"], r["text"], r["spans"]) for r in again] == [
        (r["id"], r["text"], r["spans"]) for r in records(first)
    ]


@pytest.mark.parametrize("format_name", ["jsonl", "doccano"])
def test_an_export_in_other_units_is_refused_even_without_its_sidecar(
    tmp_path: Path, format_name: str
) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    target = tmp_path / "alone.jsonl"
    project.exporter.export(target, format_name, "alice", offsets="utf16")
    (tmp_path / "alone.jsonl.meta.json").unlink()
    back = Project.open(tmp_path / "back.annotator", "reader")
    report = back.importer.import_paths([target], ImportOptions("reader", create_labels=True))
    assert report.errors == [
        f"{target}, line 1: its span offsets count UTF-16 code units (an export made with "
        "--offsets utf16); only an export in code points can be imported: export it again "
        "without --offsets"
    ]
    assert spans_by_text(back) == {}
