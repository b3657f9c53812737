"""``annotator export --status``, ``share``, ``merge --as`` and ``remove``, run in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from project_files import TEXTS, annotator_file

from annotator.cli import main
from annotator.core.model import DocStatus
from annotator.settings import Settings, SettingsStore


@pytest.fixture(autouse=True)
def _user_alice() -> None:
    """The settings of a user called "alice" (in the test's own config folder)."""
    SettingsStore().save(Settings(annotator_name="alice"))


def test_export_status_keeps_the_documents_in_those_statuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = annotator_file(
        tmp_path / "bob.annotator",
        "bob",
        [(0, "Claim", 0, 25, "see the report")],
        statuses=[(0, DocStatus.DONE), (1, DocStatus.IN_PROGRESS)],
        notes=[(0, "long page")],
    )
    out = tmp_path / "done.jsonl"
    assert main(["export", str(path), "-o", str(out), "--status", "done"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[1] == "Kept: the documents every annotator (bob) has as done."
    [record] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert record["text"] == TEXTS[0]
    assert record["spans"][0]["note"] == "see the report"
    assert record["annotators"]["bob"]["status"] == "done"
    assert record["annotators"]["bob"]["note"] == "long page"

    args = ["export", str(path), "-o", str(out), "--annotator", "bob"]
    assert main([*args, "--status", "in-progress", "--status", "new"]) == 0
    assert [json.loads(line)["text"] for line in out.read_text("utf-8").splitlines()] == [
        TEXTS[1],
        TEXTS[2],
    ]
    sidecar = json.loads(Path(f"{out}.meta.json").read_text("utf-8"))
    assert sidecar["documents"]["filter"]["statuses"] == ["new", "in_progress"]


def test_an_unknown_status_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = annotator_file(tmp_path / "bob.annotator", "bob")
    with pytest.raises(SystemExit) as stopped:
        main(["export", str(path), "-o", str(tmp_path / "o.jsonl"), "--status", "finished"])
    assert stopped.value.code == 2
    assert "unknown status 'finished' (choose new, in-progress, done or skipped)" in (
        capsys.readouterr().err
    )
