"""Parquet: exports that pyarrow and Hugging Face ``datasets`` load with exact offsets, split
into train/dev/test by document with a fixed seed, and read back into a project."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from format_roundtrip import PAGES, imported, spans_by_text, tricky_project
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.model import GOLD_LAYER, DocStatus, LayerState, SpanDraft
from annotator.errors import ExportError, InputError
from annotator.formats.base import FormatUnavailableError, ReadOptions, Split
from annotator.formats.parquet import SPLIT_FILES, assign_parts, schema, split_counts
from annotator.formats.parquet_reader import read_parquet
from annotator.services.importing import ImportOptions
from annotator.services.project import Project


def rows(path: Path) -> list[dict[str, Any]]:
    table: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    return table


def parquet_bytes(table: Any) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def refusal(data: bytes) -> str:
    with pytest.raises(InputError) as caught:
        read_parquet(data, ReadOptions("data.parquet"))
    message = str(caught.value)
    assert "\n" not in message and message.startswith("data.parquet")
    return message


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return tricky_project(tmp_path / "p.annotator")


# -- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("layer", [None, "alice", "bob"])
def test_the_round_trip_gives_back_the_same_texts_and_spans(
    tmp_path: Path, layer: str | None
) -> None:
    # Without the gold layer: an import files no span under the curated layer's name.
    project = tricky_project(tmp_path / "p.annotator", gold=False)
    target = tmp_path / "out.parquet"
    result = project.exporter.export(target, "parquet", layer)
    assert result.documents == len(PAGES)
    back = imported(tmp_path / "back.annotator", target)
    assert spans_by_text(back) == spans_by_text(project, layer)


def test_the_gold_export_keeps_each_spans_provenance(tmp_path: Path, project: Project) -> None:
    target = tmp_path / "gold.parquet"
    project.exporter.export(target, "parquet", gold=True)
    as_json = tmp_path / "gold.jsonl"
    project.exporter.export(as_json, "jsonl", gold=True)
    expected = [json.loads(line) for line in as_json.read_text("utf-8").split("\n") if line]
    written = rows(target)
    assert [r["id"] for r in written] == [r["id"] for r in expected]
    for row, record in zip(written, expected, strict=True):
        # Parquet's spans all have the schema's origin, null where JSONL leaves it out.
        assert row["spans"] == [{"origin": None, **span} for span in record["spans"]]
        assert all(span["provenance"]["decided_by"] == "lead" for span in row["spans"])
        assert row["annotators"] == [
            {"annotator": name, **entry} for name, entry in record["annotators"].items()
        ]
    back = Project.open(tmp_path / "back.annotator", "reader")
    options = ImportOptions(default_annotator="reader", annotator="curated", create_labels=True)
    assert back.importer.import_paths([target], options).ok
    gold = {
        text: {s[:3] for s in spans} for text, spans in spans_by_text(project, GOLD_LAYER).items()
    }
    assert {text: {s[:3] for s in spans} for text, spans in spans_by_text(back).items()} == gold


def test_an_export_of_no_document_has_the_schema(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "empty.annotator", "alice")
    target = tmp_path / "empty.parquet"
    assert project.exporter.export(target, "parquet").documents == 0
    assert pq.read_schema(target).equals(schema(pa), check_metadata=False)
    assert pq.read_table(target).num_rows == 0


# -- consumers ------------------------------------------------------------------------------------


def test_pyarrow_reads_the_export_with_each_spans_text_at_its_offsets(
    tmp_path: Path, project: Project
) -> None:
    target = tmp_path / "out.parquet"
    project.exporter.export(target, "parquet")
    written = rows(target)
    assert sorted(r["title"] for r in written) == sorted(page.title for page in PAGES)
    assert sum(len(r["spans"]) for r in written) == sum(
        len(spans) for spans in spans_by_text(project).values()
    )
    for row in written:
        assert all(s["text"] == row["text"][s["start"] : s["end"]] for s in row["spans"])
        assert row["source"].startswith("pages/")
        assert json.loads(row["meta"])["encoding"] == "utf-8"
        assert {a["annotator"] for a in row["annotators"]} == {"alice", "bob", GOLD_LAYER}


def offline_datasets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """``datasets`` with its caches in ``tmp_path`` and no network."""
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf" / "datasets"))
    import datasets

    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", tmp_path / "hf" / "datasets")
    datasets.disable_progress_bars()
    return datasets


def test_hugging_face_datasets_loads_the_export(
    tmp_path: Path, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    datasets = offline_datasets(tmp_path, monkeypatch)
    target = tmp_path / "out.parquet"
    project.exporter.export(target, "parquet", gold=True)
    cache = str(tmp_path / "hf" / "datasets")
    loaded = datasets.Dataset.from_parquet(str(target), cache_dir=cache)
    assert loaded.num_rows == len(PAGES)
    by_files = datasets.load_dataset("parquet", data_files={"train": str(target)}, cache_dir=cache)
    for dataset in (loaded, by_files["train"]):
        for row in dataset:
            assert row["spans"], row["title"]
            for span in row["spans"]:
                assert span["text"] == row["text"][span["start"] : span["end"]]
                assert span["provenance"]["decided_by"] == "lead"


def test_hugging_face_datasets_names_the_split_files_train_validation_and_test(
    tmp_path: Path, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    datasets = offline_datasets(tmp_path, monkeypatch)
    target = tmp_path / "split"
    project.exporter.export(target, "parquet", split=Split((0.4, 0.3, 0.3), 7))
    loaded = datasets.load_dataset(
        "parquet", data_dir=str(target), cache_dir=str(tmp_path / "hf" / "datasets")
    )
    assert set(loaded) == {"train", "validation", "test"}
    assert sum(part.num_rows for part in loaded.values()) == len(PAGES)
    texts = [row["text"] for part in loaded.values() for row in part]
    assert sorted(texts) == sorted(spans_by_text(project))


# -- the split ----------------------------------------------------------------------------------


@given(st.integers(0, 500), st.integers(0, 100), st.integers(0, 100))
def test_split_counts_are_the_shares_exactly_and_add_up(total: int, train: int, dev: int) -> None:
    dev = min(dev, 100 - train)
    shares = (train / 100, dev / 100, (100 - train - dev) / 100)
    counts = split_counts(total, shares)
    assert sum(counts) == total
    for count, share in zip(counts, shares, strict=True):
        assert abs(count - total * share) < 1
        if (total * round(share * 100)) % 100 == 0:
            assert count == total * round(share * 100) // 100


def test_the_same_seed_gives_the_same_split_whatever_the_order() -> None:
    ids = [f"{n:064x}" for n in range(1000)]
    split = Split((0.8, 0.1, 0.1), 7)
    first = assign_parts(ids, split)
    assert assign_parts(reversed(ids), split) == first
    assert [sum(1 for part in first.values() if part == n) for n in range(3)] == [800, 100, 100]
    assert assign_parts(ids, Split((0.8, 0.1, 0.1), 8)) != first
    # Fixed forever: the same seed must give the same split on every machine and version.
    assert [first[f"{n:064x}"] for n in range(12)] == FIRST_PARTS_SEED_7


FIRST_PARTS_SEED_7 = [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]


def test_a_split_export_puts_each_document_in_exactly_one_file(tmp_path: Path) -> None:
    project = tricky_project(tmp_path / "p.annotator", gold=False)
    split = Split((0.34, 0.33, 0.33), 3)
    target = tmp_path / "split"
    result = project.exporter.export(target, "parquet", split=split)
    assert result.path == target and sorted(p.name for p in target.iterdir()) == sorted(SPLIT_FILES)
    parts = [{r["id"] for r in rows(target / name)} for name in SPLIT_FILES]
    assert [len(p) for p in parts] == [1, 1, 1]
    assert len(set().union(*parts)) == len(PAGES)
    assert assign_parts(set().union(*parts), split) == {
        i: n for n, part in enumerate(parts) for i in part
    }
    again = tmp_path / "again"
    project.exporter.export(again, "parquet", split=split)
    assert [(again / n).read_bytes() for n in SPLIT_FILES] == [
        (target / n).read_bytes() for n in SPLIT_FILES
    ]
    sidecar = json.loads((tmp_path / "split.meta.json").read_text("utf-8"))
    assert set(sidecar["data"]["files"]) == set(SPLIT_FILES)
    assert sidecar["split"]["seed"] == 3
    back = imported(tmp_path / "back.annotator", target)
    assert spans_by_text(back) == spans_by_text(project)


def test_an_empty_part_is_still_written_with_the_schema(tmp_path: Path, project: Project) -> None:
    target = tmp_path / "split"
    result = project.exporter.export(target, "parquet", split=Split((1.0, 0.0, 0.0), 5))
    assert [loss.split(" ")[0] for loss in result.losses] == ["dev.parquet", "test.parquet"]
    assert "Hugging Face datasets refuses to load an empty file" in result.losses[0]
    assert [pq.read_table(target / name).num_rows for name in SPLIT_FILES] == [len(PAGES), 0, 0]
    for name in SPLIT_FILES:
        assert pq.read_schema(target / name).equals(schema(pa), check_metadata=False)


def test_a_split_into_a_zip_reads_back_whole(tmp_path: Path, project: Project) -> None:
    target = tmp_path / "split.zip"
    project.exporter.export(target, "parquet", "alice", split=Split((0.5, 0.25, 0.25), 1))
    back = imported(tmp_path / "back.annotator", target)
    assert spans_by_text(back) == spans_by_text(project, "alice")


def test_a_format_that_cannot_split_says_which_can(tmp_path: Path, project: Project) -> None:
    with pytest.raises(ExportError, match=r"jsonl format cannot split.*parquet can"):
        project.exporter.export(tmp_path / "out", "jsonl", split=Split())
    assert not (tmp_path / "out").exists()


# -- other writers' files and bad input -------------------------------------------------------


def test_the_simple_layout_written_by_hugging_face_datasets_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    datasets = offline_datasets(tmp_path, monkeypatch)
    text = "Prices rose 5% 👨‍👩‍👧. I hate it."
    spans = [
        {"start": 0, "end": 14, "label": "Claim"},
        {"start": 22, "end": 31, "label": "Opinion"},
    ]
    written = datasets.Dataset.from_dict({"text": [text, "Nothing here."], "spans": [spans, []]})
    path = tmp_path / "hf.parquet"
    written.to_parquet(str(path))
    first, second = read_parquet(path.read_bytes(), ReadOptions("hf.parquet"))
    assert first.text == text and second.spans == []
    assert first.spans == [SpanDraft(0, 14, "Claim"), SpanDraft(22, 31, "Opinion")]
    assert (first.title, second.title) == ("hf #1", "hf #2")  # no headline: the file's name


def test_a_table_written_by_pandas_with_only_text_is_read_as_documents() -> None:
    table = pa.table({"text": ["One page.", "Another."], "url": ["https://a", "https://b"]})
    drafts = read_parquet(parquet_bytes(table), ReadOptions("pages.parquet"))
    assert [d.text for d in drafts] == ["One page.", "Another."]
    assert [d.spans for d in drafts] == [[], []]


def test_other_tables_are_refused_in_one_line_naming_the_file() -> None:
    assert "not a readable Parquet file" in refusal(b"PAR1 not really")
    message = refusal(parquet_bytes(pa.table({"body": ["x"], "n": [1]})))
    assert 'no "text" column' in message and "body, n" in message
    assert 'no "text" column' in refusal(parquet_bytes(pa.table({"text": [1, 2]})))
    labels_only = pa.table({"text": ["abc"], "spans": [["Claim"]]})
    assert '"spans" column is not a list' in refusal(parquet_bytes(labels_only))


def test_a_bad_span_is_named_by_row_and_position() -> None:
    spans = [[], [{"start": 0, "end": 3, "label": "Claim"}, {"start": 2, "end": 99, "label": "X"}]]
    message = refusal(parquet_bytes(pa.table({"text": ["abc", "abcdef"], "spans": spans})))
    assert message == "data.parquet: row 2: spans[1] 2-99 is outside the text (0-6) or empty"
    shifted = [[{"start": 0, "end": 3, "label": "Claim", "text": "abd"}]]
    assert "were the offsets counted" in refusal(
        parquet_bytes(pa.table({"text": ["abcdef"], "spans": shifted}))
    )


def test_an_export_in_utf16_offsets_is_refused_on_import(tmp_path: Path, project: Project) -> None:
    target = tmp_path / "utf16.parquet"
    project.exporter.export(target, "parquet", "alice", offsets="utf16")
    message = refusal(target.read_bytes())
    assert "count utf16 units" in message


# -- without pyarrow ----------------------------------------------------------------------------


def test_without_pyarrow_the_message_names_the_extra(
    tmp_path: Path, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(ExportError) as caught:
        project.exporter.export(tmp_path / "out.parquet", "parquet")
    assert "pip install 'annotator[parquet]'" in str(caught.value)
    assert not (tmp_path / "out.parquet").exists()
    with pytest.raises(FormatUnavailableError, match=r"annotator\[parquet\]"):
        read_parquet(b"PAR1", ReadOptions("data.parquet"))


def test_span_notes_and_statuses_are_read_and_bad_ones_named_by_row() -> None:
    spans = [{"start": 0, "end": 2, "label": "C", "note": "n\n🤔"}]
    good = {"annotator": "ann", "status": "done", "status_set_at": None, "note": "d"}
    (draft,) = read_parquet(
        parquet_bytes(pa.table({"text": ["ab"], "spans": [spans], "annotators": [[good]]})),
        ReadOptions("data.parquet"),
    )
    assert draft.spans == [SpanDraft(0, 2, "C", None, "n\n🤔")]
    assert draft.layers == {"ann": LayerState(DocStatus.DONE, None, "d")}
    bad = {**good, "status": "finished"}
    table = pa.table({"text": ["ab", "cd"], "annotators": [[good], [bad]]})
    assert refusal(parquet_bytes(table)) == (
        "data.parquet: row 2: annotators[0] has the status 'finished', which is not one of "
        "new, in_progress, done, skipped"
    )
    table = pa.table({"text": ["ab"], "annotators": [[{**good, "status_set_at": "soon"}]]})
    assert "row 1: annotators[0].status_set_at 'soon' is not a time" in refusal(
        parquet_bytes(table)
    )
