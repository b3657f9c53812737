"""``annotator import`` of our own JSONL export: notes and statuses come back, filed under
``--annotator NAME`` when it is given, and the summary says what was set and what kept."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli import env, run, write_jsonl  # noqa: F401  (env is a fixture)

TEXT = "Prices rose five percent. I hate it."
STATE = {"status": "done", "status_set_at": "2024-05-01T12:00:00+00:00", "note": "OK"}
RECORD = {
    "text": TEXT,
    "spans": [{"start": 0, "end": 24, "label": "Claim", "annotator": "alice", "note": "Sure?\n🤔"}],
    "annotators": {"alice": STATE},
}


def test_an_export_imports_back_under_another_name_with_its_notes_and_status(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", RECORD)
    project = tmp_path / "p.annotator"
    done = run(env, "import", project, source, "--annotator", "carol", "--create-labels")
    assert done.returncode == 0, done.stderr
    assert "1 status(es) set; 1 document note(s) added" in done.stdout
    out = tmp_path / "out.jsonl"
    assert run(env, "export", project, "-o", out, "--annotator", "carol").returncode == 0
    record = json.loads(out.read_text("utf-8"))
    assert record["spans"][0]["note"] == "Sure?\n🤔"
    assert record["annotators"] == {"carol": STATE}
    again = write_jsonl(
        tmp_path / "again.jsonl", {**RECORD, "annotators": {"carol": {"status": "skipped"}}}
    )
    done = run(env, "import", project, again)
    assert done.returncode == 0, done.stderr
    assert "1 status(es) kept as the project had them" in done.stdout
