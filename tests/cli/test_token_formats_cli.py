"""`annotator export|import --format conll|spacy` from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_cli import env, run, write_jsonl  # noqa: F401  (env is a fixture)

TEXT = "Prices rose 5% 👨\u200d👩\u200d👧.\nI hate it."
SPANS: list[dict[str, Any]] = [
    {"start": 0, "end": 11, "label": "Claim", "annotator": "bob"},
    {"start": 7, "end": 14, "label": "Claim", "annotator": "bob"},  # overlaps the one before
    {"start": 22, "end": 31, "label": "Opinion", "annotator": "bob"},
]


def project_of_bob(env: dict[str, str], tmp_path: Path) -> Path:  # noqa: F811
    source = write_jsonl(tmp_path / "in.jsonl", {"text": TEXT, "title": "Prices", "spans": SPANS})
    project = tmp_path / "p.annotator"
    assert run(env, "import", project, source).returncode == 0
    return project


def exported_spans(env: dict[str, str], project: Path, tmp_path: Path) -> list[list[object]]:  # noqa: F811
    back = tmp_path / "back.jsonl"
    assert run(env, "export", project, "-o", back).returncode == 0
    record = json.loads(back.read_text("utf-8"))
    return sorted([s["text"], s["label"], s["annotator"]] for s in record["spans"])


def test_conll_export_lists_the_overlap_and_imports_back(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = project_of_bob(env, tmp_path)
    out = tmp_path / "bob.conll"
    done = run(env, "export", project, "--format", "conll", "--annotator", "bob", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "“Prices”: the Claim span at 7–14 “rose 5%” overlaps" in done.stderr
    sidecar = json.loads((tmp_path / "bob.conll.meta.json").read_text("utf-8"))
    assert len(sidecar["losses"]) == 1
    again = tmp_path / "again.annotator"
    assert run(env, "import", again, out).returncode == 0
    assert exported_spans(env, again, tmp_path) == [
        ["I hate it", "Opinion", "alice"],
        ["Prices rose", "Claim", "alice"],
    ]


def test_conll_to_standard_output_refuses_a_loss_it_cannot_list(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = project_of_bob(env, tmp_path)
    done = run(env, "export", project, "--format", "conll", "--annotator", "bob", "-o", "-")
    assert done.returncode != 0
    assert "B-Claim" in done.stdout
    assert "Export to a file to have every case listed" in done.stderr


def test_a_conll_file_named_txt_is_read_with_format_conll(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    source = tmp_path / "train.txt"
    source.write_text("-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n", "utf-8")
    project = tmp_path / "p.annotator"
    done = run(env, "import", project, source, "--format", "conll", "--create-labels")
    assert done.returncode == 0, done.stderr
    assert exported_spans(env, project, tmp_path) == [["EU", "ORG", "alice"]]


def test_spacy_export_keeps_every_span_and_counts_only_code_points(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = project_of_bob(env, tmp_path)
    out = tmp_path / "train.spacy"
    done = run(env, "export", project, "--format", "spacy", "-o", out)
    assert done.returncode == 0, done.stderr
    assert "doc.ents is left empty" in done.stderr
    again = tmp_path / "again.annotator"
    assert run(env, "import", again, out).returncode == 0
    assert exported_spans(env, again, tmp_path) == sorted(
        [TEXT[s["start"] : s["end"]], s["label"], "bob"] for s in SPANS
    )
    refused = run(env, "export", project, "--format", "spacy", "--offsets", "utf16", "-o", out)
    assert refused.returncode != 0
    assert "counts offsets in code points only" in refused.stderr


def test_conll_holds_no_offsets_and_its_sidecar_says_so(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = project_of_bob(env, tmp_path)
    out = tmp_path / "tags.conll"
    refused = run(env, "export", project, "--format", "conll", "--offsets", "utf8", "-o", out)
    assert refused.returncode == 1
    assert "The conll format holds no character offsets; leave out --offsets." in refused.stderr
    done = run(env, "export", project, "--format", "conll", "--annotator", "bob", "-o", out)
    assert done.returncode == 0, done.stderr
    sidecar = json.loads((tmp_path / "tags.conll.meta.json").read_text(encoding="utf-8"))
    assert sidecar["offsets"]["counted_in"] is None
