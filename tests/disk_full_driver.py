"""Run an operation on a full small disk, then again once space is freed; report what happened.

Used by test_disk_full.py, inside a tmpfs (small_disk.py):
``python disk_full_driver.py DISK SCENARIO OUTSIDE``. DISK is the small disk, OUTSIDE a
folder on the ordinary disk holding the scenario's inputs. Temporary files go to DISK/tmp
(TMPDIR), so a temporary file left behind is seen. The scenario fills the disk (to the last
byte, then leaving a little room so that the operation starts and fails half-way), tries the
operation through the command line or the services, frees the space and tries once more;
everything seen is printed as one JSON object: each attempt's exit code, messages, the rows
in the project and the files on the disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from small_disk import fill, free

from annotator import cli
from annotator.errors import AnnotatorError
from annotator.services.project import Project

#: How full each attempt leaves the disk: to the last byte, and with a little room so that
#: the operation begins (the project opens, a file is started) and then runs out.
ROOM = (0, 48 << 10)


def command(*argv: object) -> dict[str, Any]:
    """Run the command line in this process; its exit code and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(arg) for arg in argv])
    return {"exit": code, "stdout": out.getvalue(), "stderr": err.getvalue()}


def files(disk: Path) -> dict[str, str]:
    """Every file on the disk but the filler, with the SHA-256 of its bytes (folders: "")."""
    found = {}
    for path in sorted(disk.rglob("*")):
        if path.name == "filler.bin":
            continue
        digest = "" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
        found[str(path.relative_to(disk))] = digest
    return found


def rows(project: Path) -> dict[str, Any]:
    """What the project holds, read as another program would, and its integrity."""
    if not project.exists():
        return {}
    with contextlib.closing(sqlite3.connect(f"{project.as_uri()}?mode=ro", uri=True)) as db:
        counted = {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "spans", "imports", "document_status")
        }
        counted["integrity"] = db.execute("PRAGMA integrity_check").fetchone()[0]
    return counted


def attempts(disk: Path, project: Path, run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``run`` on the full disk (each amount of ROOM), then once space is freed."""
    seen: dict[str, Any] = {"full": []}
    for room in ROOM:
        filler = fill(disk, room)
        try:
            outcome = run()
        finally:
            free(filler)
        # The files first: reading the project's rows may leave its -wal and -shm behind.
        seen["full"].append({**outcome, "files": files(disk), "rows": rows(project)})
    outcome = run()
    seen["freed"] = {**outcome, "files": files(disk), "rows": rows(project)}
    return seen


def import_scenario(disk: Path, outside: Path) -> dict[str, Any]:
    """Import a file of many documents into a project on the full disk."""
    project = disk / "project.annotator"
    first = command("import", project, outside / "small.jsonl")
    seen = attempts(disk, project, lambda: command("import", project, outside / "big.jsonl"))
    return {"setup": first, **seen}


def export_scenario(disk: Path, outside: Path) -> dict[str, Any]:
    """Export a project (on the ordinary disk) to the full disk, over an earlier export."""
    project, target = outside / "project.annotator", disk / "out.jsonl"
    first = command("export", project, "-o", target)
    before = files(disk)
    seen = attempts(disk, project, lambda: command("export", project, "-o", target))
    return {"setup": first, "before": before, **seen}


def merge_scenario(disk: Path, outside: Path) -> dict[str, Any]:
    """Merge a colleague's file (on the ordinary disk) into a team project on the full disk;
    the merge's private copy of the file goes to the full disk too."""
    project = disk / "team.annotator"
    first = command("import", project, outside / "small.jsonl")
    seen = attempts(disk, project, lambda: command("merge", project, outside / "bob.annotator"))
    return {"setup": first, **seen}


def merge_copied_elsewhere_scenario(disk: Path, outside: Path) -> dict[str, Any]:
    """As :func:`merge_scenario`, with temporary files on the ordinary disk: the private copy
    succeeds, and writing the team project runs out of space."""
    tempfile.tempdir = str(outside)
    seen = merge_scenario(disk, outside)
    return {**seen, "outside": sorted(path.name for path in outside.iterdir())}


def label_scenario(disk: Path, outside: Path) -> dict[str, Any]:
    """Label through the services, with the project open all along (no restart)."""
    path = disk / "project.annotator"
    setup = command("import", path, outside / "small.jsonl")
    project = Project.open(path, "alice")
    document = project.catalog.document_summaries(project.annotator_id)[0]
    starts = iter(range(0, 400, 4))

    def label() -> dict[str, Any]:
        start = next(starts)
        try:
            change = project.annotation.add_span(
                document.id, project.annotator_id, project.labels[0].id, start, start + 3
            )
        except AnnotatorError as error:
            return {"error": str(error), "kind": type(error).__name__}
        return {"span": change.span.id}

    try:
        return {"setup": setup, **attempts(disk, path, label)}
    finally:
        project.close()


SCENARIOS = {
    "import": import_scenario,
    "export": export_scenario,
    "merge": merge_scenario,
    "merge-copied-elsewhere": merge_copied_elsewhere_scenario,
    "label": label_scenario,
}


def main() -> None:
    disk, scenario, outside = (
        Path(sys.argv[1]).absolute(),
        sys.argv[2],
        Path(sys.argv[3]).absolute(),
    )
    (disk / "tmp").mkdir()
    tempfile.tempdir = str(disk / "tmp")  # as TMPDIR would: temporaries on the small disk
    print(json.dumps(SCENARIOS[scenario](disk, outside)), flush=True)


if __name__ == "__main__":
    main()
