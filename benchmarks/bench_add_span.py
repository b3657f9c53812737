"""Adding one span: the label key press to a committed row and a repainted view.

Ours: the real ``MainWindow`` shows the long page (1 MB, 10,000 spans) from a project file.
For each add, a few unlabelled whole words are selected (outside the clock), then the clock
runs from ``QTest.keyClick(view, "1")`` - the shortcut, the undoable command, the transaction
(committed with ``synchronous=FULL`` in WAL mode before the handler returns), the change
events, the span list and document list updates - through delivering the pending events,
which paints what the change marked as damaged (the span's block in the text, the list row,
the status bar), as the event loop would before the next key press. A watcher on the text's
viewport checks, outside the clock, that every add really repainted the span's block; an add
that did not counts as a failure of the benchmark, not as a fast add.

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

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtTest import QTest

from annotator.services.project import Project
from annotator.ui.document_view import DocumentView
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


class PaintWatcher(QObject):
    """Records the rectangles painted in the widget it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            assert isinstance(event, QPaintEvent)
            self.painted.append(event.rect())
        return False


def _block_repainted(view: DocumentView, offset: int, painted: list[QRect]) -> bool:
    """Whether a painted rectangle covers the block holding code point ``offset``."""
    block = view.document().findBlock(view.offsets.to_qt(offset))
    area = view.blockBoundingGeometry(block).translated(view.contentOffset()).toAlignedRect()
    visible = area.intersected(view.viewport().rect())
    return any(rect.contains(visible) for rect in painted)


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
        watcher = PaintWatcher()
        view.viewport().installEventFilter(watcher)
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
            watcher.painted.clear()
            started = time.perf_counter()
            QTest.keyClick(view, Qt.Key.Key_1)
            application().processEvents()
            elapsed = time.perf_counter() - started
            if not _block_repainted(view, start, watcher.painted):
                raise RuntimeError(f"adding the span at {start}-{end} did not repaint its text")
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
