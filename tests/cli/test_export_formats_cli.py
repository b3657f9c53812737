"""`annotator export --format doccano|csv` from the command line, and doccano back in."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from test_cli import env, run, write_jsonl  # noqa: F401  (env is a fixture)

#: Imported with "\r\n", stored (and so exported) with "\n": the offsets below are the stored
#: text's, which the importer maps the given ones to.
GIVEN = "Prices rose 5% 👨\u200d👩\u200d👧.\r\nI hate it.\u2028=SUM(1)"
TEXT = GIVEN.replace("\r\n", "\n")


def labelled_project(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
    *people: str,
) -> Path:
    spans = [
        {"start": 0, "end": 16, "label": "Claim", "annotator": people[0]},
        {"start": 23, "end": 33, "label": "Opinion", "annotator": people[-1]},
        {"start": 34, "end": 40, "label": "Claim", "annotator": people[-1]},
    ]
    source = write_jsonl(tmp_path / "in.jsonl", {"text": GIVEN, "title": "Prices", "spans": spans})
    project = tmp_path / "p.annotator"
    done = run(env, "import", project, source)
    assert done.returncode == 0, done.stderr
    return project


def test_doccano_export_imports_back_with_the_same_spans(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = labelled_project(env, tmp_path, "alice")
    out = tmp_path / "doccano.jsonl"
    done = run(env, "export", project, "--format", "doccano", "-o", out)
    assert done.returncode == 0, done.stderr
    line = json.loads(out.read_text("utf-8"))
    assert line["text"] == TEXT
    assert sorted(line["label"]) == [[0, 16, "Claim"], [22, 32, "Opinion"], [33, 39, "Claim"]]
    again = tmp_path / "again.annotator"
    assert run(env, "import", again, out).returncode == 0
    back = tmp_path / "back.jsonl"
    assert run(env, "export", again, "-o", back).returncode == 0
    record = json.loads(back.read_text("utf-8"))
    assert record["text"] == TEXT
    spans = sorted((s["start"], s["end"], s["label"]) for s in record["spans"])
    assert spans == [(0, 16, "Claim"), (22, 32, "Opinion"), (33, 39, "Claim")]


def test_doccano_refuses_two_layers_in_one_line_and_writes_nothing(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = labelled_project(env, tmp_path, "alice", "bob")
    out = tmp_path / "doccano.jsonl"
    done = run(env, "export", project, "--format", "doccano", "-o", out)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "--annotator NAME or --gold" in done.stderr
    assert not out.exists()
    done = run(env, "export", project, "--format", "doccano", "--annotator", "bob", "-o", out)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(out.read_text("utf-8"))["label"]) == 2


def test_csv_export_has_a_row_per_span_and_no_live_formula(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = labelled_project(env, tmp_path, "alice", "bob")
    out = tmp_path / "spans.csv"
    done = run(env, "export", project, "--format", "csv", "-o", out)
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["annotator"], r["label"], r["start"], r["end"]) for r in rows] == [
        ("alice", "Claim", "0", "16"),
        ("bob", "Opinion", "22", "32"),
        ("bob", "Claim", "33", "39"),
    ]
    assert rows[0]["text"] == TEXT[0:16] and rows[2]["text"] == "'=SUM(1"
    assert json.loads(out.with_name("spans.csv.meta.json").read_text("utf-8"))


def test_label_studio_tasks_import_back_with_every_layer(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = labelled_project(env, tmp_path, "alice", "bob")
    out = tmp_path / "tasks.json"
    done = run(env, "export", project, "--format", "labelstudio", "-o", out)
    assert done.returncode == 0, done.stderr
    (task,) = json.loads(out.read_text("utf-8"))
    assert task["data"]["text"] == TEXT
    assert sorted(a["meta"]["annotator"] for a in task["annotations"]) == ["alice", "bob"]
    again = tmp_path / "again.annotator"
    done = run(env, "import", again, out)
    assert done.returncode == 0, done.stderr
    back = tmp_path / "back.jsonl"
    assert run(env, "export", again, "-o", back).returncode == 0
    record = json.loads(back.read_text("utf-8"))
    assert record["text"] == TEXT
    spans = sorted((s["annotator"], s["start"], s["end"], s["label"]) for s in record["spans"])
    assert spans == [
        ("alice", 0, 16, "Claim"),
        ("bob", 22, 32, "Opinion"),
        ("bob", 33, 39, "Claim"),
    ]


def test_offsets_in_utf16_units_or_utf8_bytes_for_other_languages(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = labelled_project(env, tmp_path, "alice")
    for unit, encoding, width in (("utf16", "utf-16-le", 2), ("utf8", "utf-8", 1)):
        out = tmp_path / f"{unit}.jsonl"
        done = run(env, "export", project, "--offsets", unit, "-o", out)
        assert done.returncode == 0, done.stderr
        record = json.loads(out.read_text("utf-8"))
        encoded = record["text"].encode(encoding)
        for span in record["spans"]:
            # What a JavaScript (or Rust) consumer slicing by these offsets gets:
            part = encoded[width * span["start"] : width * span["end"]].decode(encoding)
            assert part == span["text"]
        assert record["spans"][1]["start"] != 22  # past the emoji: not code points
        sidecar = json.loads(out.with_name(f"{unit}.jsonl.meta.json").read_text("utf-8"))
        assert sidecar["offsets"]["counted_in"] == unit


def test_format_names_are_taken_in_any_case(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = labelled_project(env, tmp_path, "alice")
    out = tmp_path / "spans.csv"
    assert run(env, "export", project, "--format", "CSV", "-o", out).returncode == 0
    page = tmp_path / "page.md"
    page.write_text("Plain words, read as text.", encoding="utf-8")
    done = run(env, "import", project, "--format", "TXT", page)
    assert done.returncode == 0, done.stderr
    assert "1 new document(s)" in done.stdout
