"""A full disk during import, labelling, export and merge: a clear message, nothing
half-written, no temporary file left, and the same operation works once space is freed.

Proven on a real small file system (small_disk.py: a tmpfs in a private mount namespace),
by disk_full_driver.py, which fills it, tries, frees the space and tries again, first with no
byte left and then with a little room, so that the operation starts and runs out half-way.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from small_disk import run_on_small_disk, skip_without_small_disk

from annotator.core.model import DocumentDraft, SpanDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project

DRIVER = Path(__file__).with_name("disk_full_driver.py")
#: What a full disk is called in every message (SQLite's, the system's, ours).
FULL = r"disk is full|No space left on device"
#: SQLite's own companions of a project file: not half-written work.
COMPANIONS = ("-wal", "-shm")


def documents(count: int) -> list[dict[str, Any]]:
    words = ["the", "bridge", "closes", "for", "months", "council", "says", "repairs"]
    chance = random.Random(count)
    texts = [" ".join(chance.choice(words) for _ in range(600)) for _ in range(count)]
    return [
        {"text": f"Page {n}: {text}", "label": [[0, 4, "Claim"]]} for n, text in enumerate(texts)
    ]


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """The inputs, on the ordinary disk: a small and a big JSONL file, a project of 60
    documents, and bob's project file of the same documents with his spans."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "small.jsonl").write_text(json.dumps({"text": "A first document."}) + "\n")
    big = documents(60)
    (folder / "big.jsonl").write_text("".join(json.dumps(record) + "\n" for record in big))
    drafts = [
        DocumentDraft(record["text"], f"page {n}", "big.jsonl", spans=[SpanDraft(0, 4, "Claim")])
        for n, record in enumerate(big)
    ]
    for name, who in (("project.annotator", "alice"), ("bob.annotator", "bob")):
        project = Project.open(folder / name, who)
        project.importer.import_drafts(drafts, ImportOptions(who, annotator=who), ImportReport())
        project.close()
    return folder


def run(scenario: str, tmp_path: Path, outside: Path) -> dict[str, Any]:
    skip_without_small_disk()
    argv = [sys.executable, str(DRIVER), str(tmp_path / "disk"), scenario, str(outside)]
    result = run_on_small_disk(tmp_path / "disk", 2048, argv)
    assert result.returncode == 0, result.stderr
    seen: dict[str, Any] = json.loads(result.stdout)
    assert seen["setup"]["exit"] == 0, seen["setup"]
    return seen


def names(files: dict[str, str]) -> set[str]:
    """The files on the disk, but for SQLite's own companions of the project file."""
    return {name for name in files if not name.endswith(COMPANIONS)}


def says_disk_full(attempt: dict[str, Any]) -> None:
    """The command failed with one line that says why, and no traceback."""
    assert attempt["exit"] == 1
    [line] = attempt["stderr"].splitlines()
    assert line.startswith("annotator: "), line
    assert re.search(FULL, line), line


NOTHING_ADDED = {"documents": 1, "spans": 0, "imports": 1, "document_status": 0, "integrity": "ok"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("scenario", "project", "imports"),
    [
        ("import", "project.annotator", 2),
        ("merge", "team.annotator", 1),
        ("merge-copied-elsewhere", "team.annotator", 1),
    ],
)
def test_an_import_or_merge_on_a_full_disk_adds_nothing_and_works_once_space_is_freed(
    tmp_path: Path, outside: Path, scenario: str, project: str, imports: int
) -> None:
    seen = run(scenario, tmp_path, outside)
    for attempt in seen["full"]:
        says_disk_full(attempt)
        assert attempt["rows"] == NOTHING_ADDED, "nothing of the file was stored"
        assert names(attempt["files"]) == {project, "tmp"}, "no temporary file is left"
    freed = seen["freed"]
    assert freed["exit"] == 0, freed["stderr"]
    assert freed["rows"] == {**NOTHING_ADDED, "documents": 61, "spans": 60, "imports": imports}
    assert names(freed["files"]) == {project, "tmp"}
    if scenario == "merge-copied-elsewhere":  # its private copies were removed too
        assert seen["outside"] == sorted(path.name for path in outside.iterdir())
        assert seen["outside"] == ["big.jsonl", "bob.annotator", "project.annotator", "small.jsonl"]


@pytest.mark.slow
def test_an_export_to_a_full_disk_leaves_the_earlier_export_whole(
    tmp_path: Path, outside: Path
) -> None:
    seen = run("export", tmp_path, outside)
    before = seen["before"]
    assert set(before) == {"out.jsonl", "out.jsonl.meta.json", "tmp"}
    for attempt in seen["full"]:
        says_disk_full(attempt)
        assert attempt["files"] == before, "the earlier export and its sidecar are untouched"
    freed = seen["freed"]
    assert freed["exit"] == 0, freed["stderr"]
    assert freed["stdout"].startswith("Wrote 60 document(s) and 60 span(s)")
    assert set(freed["files"]) == set(before)


@pytest.mark.slow
def test_labelling_on_a_full_disk_is_refused_whole_and_works_once_space_is_freed(
    tmp_path: Path, outside: Path
) -> None:
    """The project stays open all along: the next label after space is freed just works."""
    seen = run("label", tmp_path, outside)
    full = seen["full"][0]  # not a byte left: the write-ahead log cannot grow
    assert full["kind"] == "StorageError"
    assert re.search(FULL, full["error"]) and "Nothing was changed" in full["error"]
    assert full["rows"] == NOTHING_ADDED, "neither the span nor the status it moves"
    freed = seen["freed"]
    assert "span" in freed, freed
    labelled = sum("span" in attempt for attempt in [*seen["full"], freed])
    assert freed["rows"] == {**NOTHING_ADDED, "spans": labelled, "document_status": 1}
