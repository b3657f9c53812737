"""Label Studio JSON: our tasks out, Label Studio's export in, with exact offsets."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from format_roundtrip import tricky_project
from hypothesis import given
from hypothesis import strategies as st
from unicode_text import FAMILY, TEXTS

from annotator.core.model import SpanDraft
from annotator.errors import InputError
from annotator.formats.base import ExportRecord, LabelInfo, ReadOptions
from annotator.formats.labelstudio import labelling_config, read_labelstudio, write_labelstudio


def read(tasks: Any) -> list[Any]:
    raw = json.dumps(tasks, ensure_ascii=False).encode("utf-8")
    return read_labelstudio(raw, ReadOptions("export.json"))


def refusal(tasks: Any) -> str:
    with pytest.raises(InputError) as caught:
        read(tasks)
    assert "\n" not in str(caught.value)
    return str(caught.value)


@st.composite
def records(draw: st.DrawFn) -> ExportRecord:
    text = draw(TEXTS.filter(bool))
    bounds = st.tuples(st.integers(0, len(text)), st.integers(0, len(text)))
    pairs = draw(st.lists(bounds.filter(lambda b: b[0] < b[1]), max_size=6))
    spans = [
        {
            "start": s,
            "end": e,
            "label": draw(st.sampled_from(["Claim", "Opinion"])),
            "text": text[s:e],
            "annotator": draw(st.sampled_from(["alice", "bob"])),
            "note": draw(st.sampled_from([None, "check"])),
        }
        for s, e in pairs
    ]
    return {"id": "d", "text": text, "spans": spans, "meta": {"title": "T", "source": "t.txt"}}


@given(st.lists(records(), min_size=1, max_size=3))
def test_tasks_read_back_with_the_same_texts_spans_annotators_and_notes(
    written: list[ExportRecord],
) -> None:
    out = io.StringIO()
    assert write_labelstudio(out, written) == len(written)
    tasks = json.loads(out.getvalue())
    assert [task["data"]["text"] for task in tasks] == [r["text"] for r in written]
    drafts = read_labelstudio(out.getvalue().encode("utf-8"), ReadOptions("back.json"))
    for draft, record in zip(drafts, written, strict=True):
        assert draft.text == record["text"] and draft.title == "T"
        expected = [
            SpanDraft(s["start"], s["end"], s["label"], s["annotator"], s["note"])
            for s in record["spans"]
        ]
        assert sorted(draft.spans, key=repr) == sorted(expected, key=repr)


def test_a_label_studio_export_is_read_with_each_label_of_a_region() -> None:
    text = f"{FAMILY} Prices rose."
    start = text.index("Prices")
    task = {
        "id": 7,
        "data": {"text": text},
        "annotations": [
            {
                "completed_by": {"email": "alice@example.org"},
                "result": [
                    {
                        "type": "labels",
                        "from_name": "label",
                        "to_name": "text",
                        "value": {
                            "start": start,
                            "end": start + 6,
                            "text": "Prices",
                            "labels": ["Claim", "Opinion"],
                        },
                    },
                    {"type": "choices", "value": {"choices": ["Good"]}},
                ],
            }
        ],
    }
    (draft,) = read([task])
    assert draft.spans == [
        SpanDraft(start, start + 6, "Claim", "alice@example.org"),
        SpanDraft(start, start + 6, "Opinion", "alice@example.org"),
    ]


def test_offsets_counted_in_utf16_units_are_refused_not_shifted() -> None:
    text = f"{FAMILY} Prices rose."
    utf16_start = len(text[: text.index("Prices")].encode("utf-16-le")) // 2
    region = {
        "type": "labels",
        "value": {
            "start": utf16_start,
            "end": utf16_start + 6,
            "text": "Prices",
            "labels": ["Claim"],
        },
    }
    message = refusal([{"data": {"text": text}, "annotations": [{"result": [region]}]}])
    assert message.startswith("export.json: task 1: the region at") and "UTF-16" in message


def test_bad_tasks_are_named() -> None:
    assert "task 2 has no text" in refusal([{"data": {"text": "a"}}, {"data": {"html": "<p>"}}])
    assert "not a Label Studio task" in refusal([["not", "a", "task"]])
    region = {"type": "labels", "value": {"start": 3, "end": 99, "labels": ["Claim"]}}
    assert "not a range" in refusal(
        [{"data": {"text": "abcdef"}, "annotations": [{"result": [region]}]}]
    )
    with pytest.raises(InputError, match="not valid JSON"):
        read_labelstudio(b"[{", ReadOptions("export.json"))


def test_an_exports_sidecar_is_not_taken_for_label_studio_tasks() -> None:
    from annotator.formats.registry import default_registry

    registry = default_registry()
    assert registry.reader_for(Path("export.json")) is not None
    assert registry.reader_for(Path("gold.jsonl.meta.json")) is None
    assert registry.reader_for(Path("GOLD.JSONL.META.JSON")) is None


def test_the_labelling_config_beside_the_tasks_names_every_label_and_its_regions(
    tmp_path: Path,
) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    target = tmp_path / "tasks.json"
    project.exporter.export(target, "labelstudio")
    config = tmp_path / "tasks.labelconfig.xml"
    root = ElementTree.parse(config).getroot()
    assert root.tag == "View"
    (labels,) = root.iter("Labels")
    (text,) = root.iter("Text")
    assert (labels.get("toName"), text.get("value")) == (text.get("name"), "$text")
    assert [(tag.get("value"), tag.get("background")) for tag in labels.iter("Label")] == [
        (label.name, label.color) for label in project.catalog.labels()
    ]
    regions = [
        region
        for task in json.loads(target.read_text("utf-8"))
        for annotation in task["annotations"]
        for region in annotation["result"]
    ]
    assert regions
    assert {(r["from_name"], r["to_name"]) for r in regions} == {
        (labels.get("name"), labels.get("toName"))
    }
    sidecar = json.loads((tmp_path / "tasks.json.meta.json").read_text("utf-8"))
    digest = hashlib.sha256(config.read_bytes()).hexdigest()
    assert sidecar["data"]["files"] == {"labelconfig.xml": digest}


def test_label_names_are_escaped_in_the_config() -> None:
    tricky = ['A & "B" <C>', "it's", "Ünïcode 👍"]
    config = labelling_config(LabelInfo(name, "#112233") for name in tricky)
    root = ElementTree.fromstring(config)
    assert [tag.get("value") for tag in root.iter("Label")] == tricky


def test_standard_output_gets_the_tasks_only(tmp_path: Path) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    out = io.StringIO()
    result = project.exporter.write(out, "labelstudio", "alice")
    assert len(json.loads(out.getvalue())) == result.documents == 3
    assert "<View>" not in out.getvalue()
    assert not list(tmp_path.glob("*.xml"))


def test_a_gold_export_keeps_each_spans_provenance_in_its_region_meta(tmp_path: Path) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    target = tmp_path / "gold.json"
    project.exporter.export(target, "labelstudio", gold=True)
    tasks = json.loads(target.read_text(encoding="utf-8"))
    regions = [r for task in tasks for a in task["annotations"] for r in a["result"]]
    assert regions
    for region in regions:
        provenance = region["meta"]["provenance"]
        assert provenance["proposed_by"] == "alice"
        assert provenance["decided_by"] == "lead"
        assert provenance["decision"] == "accepted"


def test_region_comments_are_span_notes_and_cancelled_annotations_are_skipped() -> None:
    region: dict[str, Any] = {
        "id": "r1",
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": 0, "end": 6, "text": "Prices", "labels": ["Claim"]},
        "meta": {"text": ["Check this", "and that 🤔"]},
    }
    skipped = {**region, "meta": {}, "value": {**region["value"], "labels": ["Opinion"]}}
    (draft,) = read(
        [
            {
                "id": 7,
                "data": {"text": "Prices rose."},
                "annotations": [
                    {"completed_by": 1, "result": [region]},
                    {"completed_by": 2, "was_cancelled": True, "result": [skipped]},
                ],
            }
        ]
    )
    assert draft.spans == [
        SpanDraft(0, 6, "Claim", "Label Studio user 1", "Check this\nand that 🤔")
    ]


def test_a_region_note_that_is_not_text_is_refused() -> None:
    region = {
        "type": "labels",
        "value": {"start": 0, "end": 6, "labels": ["Claim"]},
        "meta": {"text": [3]},
    }
    message = refusal([{"data": {"text": "Prices rose."}, "annotations": [{"result": [region]}]}])
    assert message == (
        'export.json: task 1: the region at 0–6 has a "meta.text" note that is not a list '
        "of strings"
    )
