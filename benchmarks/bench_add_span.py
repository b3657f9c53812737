"""Adding one span: the label key press to a committed row and a repainted view.

Ours: the real ``MainWindow`` shows the long page (1 MB, 10,000 spans) from a project file.
For each add, a few unlabelled whole words are selected (outside the clock), then the clock
runs from ``QTest.keyClick(view, "1")`` - the shortcut, the undoable command, the transaction
(committed with ``synchronous=FULL`` in WAL mode before the handler returns), the change
events, the span list and document list updates - through delivering pending events and a
full repaint of the text viewport.

Baseline: a raw ``sqlite3`` connection to a copy of the same project file, with the same
``journal_mode=WAL``, ``synchronous=FULL`` and ``foreign_keys=ON``, runs one ``INSERT`` into the
same ``spans`` table (same columns, indexes and constraints, same existing rows) followed by
``COMMIT``. That is the least any durable add must cost on this disk; adds alternate between
the two so both see the same disk conditions. Medians are compared; p95 is reported too.
"""

from __future__ import annotations

import gc
import sqlite3
import time
import uuid
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.services.project import Project
from benchmarks.corpus import sqlite_datetime
from benchmarks.qtutil import application, dispose, main_window, wait_until_active
from benchmarks.report import Measurement, median, percentile, ratio
from benchmarks.workspace import ANNOTATOR, Workspace

TARGET = 3.0
WARM_UP = 5


def _targets(workspace: Workspace, count: int) -> list[tuple[int, int]]:
    """``count`` unlabelled stretches spread over the whole page (one or more whole words)."""
    gaps = workspace.page.gaps
    step = max(1, len(gaps) // count)
    return [gaps[i] for i in range(0, len(gaps), step)][:count]


def _raw_insert(connection: sqlite3.Connection, document_id: int, start: int, end: int) -> float:
    now = sqlite_datetime(datetime.now(UTC))
    started = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        'INSERT INTO spans (id, document_id, annotator_id, label_id, start, "end", created_at, '
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (uuid.uuid4().hex, document_id, 1, 1, start, end, now, now),
    )
    connection.execute("COMMIT")
    return time.perf_counter() - started


def run(workspace: Workspace) -> list[Measurement]:
    """Alternate key-press adds in the window with raw inserts."""
    application()
    ours_path = workspace.copy_project(workspace.page_project)
    raw_path = workspace.copy_project(workspace.page_project)
    project = Project.open(ours_path, ANNOTATOR)
    window = main_window(project, ours_path.parent)
    raw = sqlite3.connect(raw_path, isolation_level=None)
    try:
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("PRAGMA synchronous=FULL")
        raw.execute("PRAGMA foreign_keys=ON")
        wait_until_active(window)
        view = window.view
        document_id = view.document_id
        assert document_id is not None
        before = len(project.catalog.spans(document_id, project.annotator_id))
        ours: list[float] = []
        bare: list[float] = []
        targets = _targets(workspace, workspace.sizes.adds + WARM_UP)
        for index, (start, end) in enumerate(targets):
            view.select_range(start, end)
            application().processEvents()
            gc.collect()
            started = time.perf_counter()
            QTest.keyClick(view, Qt.Key.Key_1)
            application().processEvents()
            view.viewport().repaint()
            elapsed = time.perf_counter() - started
            raw_elapsed = _raw_insert(raw, document_id, start, end)
            if index >= WARM_UP:
                ours.append(elapsed * 1000)
                bare.append(raw_elapsed * 1000)
        added = len(project.catalog.spans(document_id, project.annotator_id)) - before
        if added != len(targets):
            raise RuntimeError(f"{len(targets)} key presses added {added} spans")
        dispose(window)
    finally:
        raw.close()
        project.close()
    ours_ms, bare_ms = median(ours), median(bare)
    ours_p95, bare_p95 = percentile(ours, 0.95), percentile(bare, 0.95)
    return [
        Measurement(
            name="add_span",
            title=f"Add a span by key press on the {len(workspace.page.text) / 1e6:.1f} MB page "
            "(median), vs. a raw sqlite3 INSERT + COMMIT",
            unit="ms",
            ours=ours_ms,
            baseline=bare_ms,
            ratio=ratio(ours_ms, bare_ms),
            target=TARGET,
            details={
                "adds": len(ours),
                "ours_p95_ms": ours_p95,
                "baseline_p95_ms": bare_p95,
                "p95_ratio": ratio(ours_p95, bare_p95),
                "ours_ms": [round(x, 3) for x in ours],
                "baseline_ms": [round(x, 3) for x in bare],
            },
            note=f"p95: ours {ours_p95:.2f} ms, raw {bare_p95:.2f} ms "
            f"(ratio {ratio(ours_p95, bare_p95):.2f})",
        )
    ]
