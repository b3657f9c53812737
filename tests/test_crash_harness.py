"""The crash harness (crash_harness.py): random SIGKILLs of a process making changes lose
nothing acknowledged and leave no change half made; and the harness's checks have teeth."""

from __future__ import annotations

import json
import os
import random
import sqlite3
from pathlib import Path

import pytest
from crash_harness import HarnessError, State, check_cycle, make_project, read_state, run_headless

from annotator.services.project import Project

#: CRASH_SEED=N replays a run; by default each run has a new seed (printed with a failure).
SEED = int(os.environ.get("CRASH_SEED", random.randrange(2**32)))


@pytest.mark.slow
def test_random_kills_lose_no_acknowledged_change(tmp_path: Path) -> None:
    project = tmp_path / "crash.annotator"
    make_project(project)
    figures = run_headless(project, kills=60, seed=SEED)
    assert figures.kills == 60
    assert figures.acknowledged >= 60, f"seed {SEED}: the driver made too few changes"
    reopened = Project.open(project, "crash")  # and it opens normally
    try:
        stored = sum(
            len(reopened.catalog.spans(summary.id, reopened.annotator_id))
            for summary in reopened.catalog.document_summaries(reopened.annotator_id)
        )
    finally:
        reopened.close()
    assert stored == len(read_state(project).spans)


ADD = {
    "remove": ["a"],
    "put": [["a", 1, 1, 0, 3, None], [None, 1, 1, 5, 9, None], [None, 1, 2, 3, 5, None]],
    "status": [[1, "in_progress"]],
}
BEFORE = State({"a": (1, 1, 0, 9, None)}, {})


def lines(*records: dict[str, object]) -> list[str]:
    return ["READY", *(json.dumps(record) for record in records)]


def test_a_lost_acknowledged_change_fails() -> None:
    acked = {"remove": [], "put": [["b", 1, 1, 10, 12, None]], "status": []}
    with pytest.raises(HarnessError, match="not what was acknowledged"):
        check_cycle(BEFORE, lines({"n": 1, "ack": acked}), BEFORE)


def test_a_change_made_but_never_announced_fails() -> None:
    found = State({**BEFORE.spans, "b": (1, 1, 10, 12, None)}, {})
    with pytest.raises(HarnessError, match="not what was acknowledged"):
        check_cycle(BEFORE, lines(), found)


def test_the_change_in_flight_counts_whole_or_not_at_all() -> None:
    in_flight = lines({"n": 1, "pending": ADD})
    whole = State(
        {"a": (1, 1, 0, 3, None), "x": (1, 1, 5, 9, None), "y": (1, 2, 3, 5, None)},
        {1: "in_progress"},
    )
    assert check_cycle(BEFORE, in_flight, whole)[2] is True
    assert check_cycle(BEFORE, in_flight, BEFORE)[2] is False
    without_status = State(whole.spans, {})
    half_trimmed = State({**whole.spans, "a": (1, 1, 0, 9, None)}, whole.statuses)
    for half in (without_status, half_trimmed):
        with pytest.raises(HarnessError, match="nor that plus the change in flight"):
            check_cycle(BEFORE, in_flight, half)


def test_an_acknowledgement_cut_by_the_kill_does_not_count() -> None:
    cut = lines({"n": 1, "pending": ADD})
    cut.append(json.dumps({"n": 1, "ack": ADD})[:40])
    assert check_cycle(BEFORE, cut, BEFORE)[2] is False


def test_a_damaged_file_fails_the_integrity_check(tmp_path: Path) -> None:
    project = tmp_path / "damaged.annotator"
    make_project(project)
    with sqlite3.connect(project) as connection:
        [page] = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'documents'"
        ).fetchone()
        [size] = connection.execute("PRAGMA page_size").fetchone()
    connection.close()
    with project.open("r+b") as handle:  # the header of the documents' table page
        handle.seek((page - 1) * size)
        handle.write(b"\xff" * 12)
    with pytest.raises(HarnessError):
        read_state(project)
