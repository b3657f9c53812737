"""A project on a full disk can still be read (issue 13, trial): the commands that only
read open it read-only, saying once that the disk is full, and leave nothing beside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from small_disk import fill, free, mounted_small_disk

from annotator.core.model import DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project


def test_a_project_on_a_full_disk_opens_to_read_and_the_commands_that_read_work(
    tmp_path: Path,
) -> None:
    with mounted_small_disk(tmp_path / "disk", 1024) as disk:
        path = disk / "p.annotator"
        project = Project.open(path, "alice")
        project.importer.import_drafts(
            [DocumentDraft(text="Prices rose five percent.", title="Page", source="p.txt")],
            ImportOptions(default_annotator="alice"),
            ImportReport(),
        )
        project.close()
        filler = fill(disk, leave=24 << 10)
        try:
            reading = Project.open_to_read(path, "alice")
            try:
                assert reading.read_only is not None
                assert "full" in reading.read_only
                assert reading.catalog.document_count() == 1
            finally:
                reading.close()
            output = tmp_path / "out.jsonl"
            env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"))
            stats, export, share = (
                subprocess.run(
                    [sys.executable, "-m", "annotator", *args],
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=120,
                    check=False,
                )
                for args in (
                    ("stats", str(path), "--json"),
                    ("export", str(path), "-o", str(output)),
                    ("share", str(path), str(tmp_path / "copy.annotator")),
                )
            )
            left = sorted(p.name for p in disk.iterdir())
        finally:
            free(filler)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["documents"] == 1
    [note] = stats.stderr.strip().splitlines()
    assert note.startswith("annotator: note:") and "disk" in note and "full" in note
    assert export.returncode == 0, export.stderr
    assert json.loads(output.read_text(encoding="utf-8"))["text"] == "Prices rose five percent."
    assert share.returncode == 0, share.stderr
    assert (tmp_path / "copy.annotator").stat().st_size > 0
    assert left == ["filler.bin", "p.annotator"]  # no truncated -shm left behind
