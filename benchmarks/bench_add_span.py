"""Adding one span: the label key press to a committed row and a repainted view.

Ours: the real ``MainWindow`` shows the long page (1 MB, 10,000 spans) from a project file.
For each add, a few unlabelled whole words are selected (outside the clock), then the clock
runs from ``QTest.keyClick(view, "1")`` - the shortcut, the undoable command, the transaction
(committed with ``synchronous=FULL`` in WAL mode before the handler returns), the change
events, the span list and document list updates - through delivering the pending events,
which paints what the change marked as damaged (the span's block in the text, the list row,
the status bar), as the event loop would before the next key press. A watcher on the text's
viewport checks, outside the clock, that every add really repainted the span's block; an add
that did not counts as a failure of the benchmark, not as a fast add. The span list selects
and scrolls to the new span once the keys pause (``FOLLOW_DELAY_MS``, 40 ms): that scroll,
which repaints every visible row of the list (about 4 ms here), is not in the figure, just as
it is not between two quick key presses.

Baseline: a raw ``sqlite3`` connection to a copy of the same project file, with the same
``journal_mode=WAL``, ``synchronous=FULL`` and ``foreign_keys=ON``, runs one ``INSERT`` into the
same ``spans`` table (same columns, indexes and constraints, same existing rows) followed by
``COMMIT``. That is the least any durable add must cost on this disk; adds alternate between
the two so both see the same disk conditions. Medians are compared; p95 is reported too.

Also reported, the toolkit floor: a bare ``QPlainTextEdit`` window with the same text, whose
label-key ``QAction`` runs the same raw INSERT + COMMIT and repaints the caret's block - what
any PySide6 program pays for the same key press without doing anything else. It runs in the
same alternation, so "ours / floor" says how much is ours to cut and how much the toolkit's.

Before each add the selection is made and the event loop settled outside the clock, so
nothing the selection left pending (a scroll bar repaint, say) is charged to the add.
"""

from __future__ import annotations

import gc
import sqlite3
import time
import uuid
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QAction, QKeySequence, QPaintEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMainWindow, QPlainTextEdit

from annotator.services.project import Project
from annotator.ui.text.document_view import DocumentView
from benchmarks.corpus import sqlite_datetime
from benchmarks.qtutil import application, dispose, main_window, settle, wait_until_active
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


def _raw_connection(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA foreign_keys=ON")
    return connection


class FloorWindow(QMainWindow):
    """The toolkit floor: a bare editor whose "1" action stores the selection raw and
    repaints the caret's block, as a minimal labelling program would."""

    def __init__(self, text: str, connection: sqlite3.Connection, document_id: int) -> None:
        super().__init__()
        self.editor = QPlainTextEdit()
        self.editor.setReadOnly(True)
        self.editor.setPlainText(text)
        self.setCentralWidget(self.editor)
        self.resize(1360, 860)
        self._connection = connection
        self._document_id = document_id
        action = QAction(self)
        action.setShortcut(QKeySequence("1"))
        action.triggered.connect(self._on_label_triggered)
        self.addAction(action)
        self.added = 0

    def select(self, start: int, end: int) -> None:
        cursor = self.editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()

    def _on_label_triggered(self) -> None:
        editor = self.editor
        cursor = editor.textCursor()
        _raw_insert(
            self._connection, self._document_id, cursor.selectionStart(), cursor.selectionEnd()
        )
        self.added += 1
        area = editor.blockBoundingGeometry(cursor.block()).translated(editor.contentOffset())
        cursor.setPosition(cursor.selectionEnd())
        editor.setTextCursor(cursor)
        editor.viewport().update(area.toAlignedRect())


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
    """Alternate key-press adds in the window with raw inserts and the toolkit floor."""
    application()
    ours_path = workspace.copy_project(workspace.page_project)
    raw_path = workspace.copy_project(workspace.page_project)
    floor_path = workspace.copy_project(workspace.page_project)
    project = Project.open(ours_path, ANNOTATOR)
    window = main_window(project, ours_path.parent)
    raw = _raw_connection(str(raw_path))
    floor_connection = _raw_connection(str(floor_path))
    try:
        wait_until_active(window)
        view = window.view
        watcher = PaintWatcher()
        view.viewport().installEventFilter(watcher)
        document_id = view.document_id
        assert document_id is not None
        floor = FloorWindow(view.toPlainText(), floor_connection, document_id)
        before = len(project.catalog.spans(document_id, project.annotator_id))
        ours: list[float] = []
        bare: list[float] = []
        floors: list[float] = []
        targets = _targets(workspace, workspace.sizes.adds + WARM_UP)
        for index, (start, end) in enumerate(targets):
            wait_until_active(window)
            view.select_range(start, end)
            settle()
            gc.collect()
            watcher.painted.clear()
            started = time.perf_counter()
            QTest.keyClick(view, Qt.Key.Key_1)
            application().processEvents()
            elapsed = time.perf_counter() - started
            if not _block_repainted(view, start, watcher.painted):
                raise RuntimeError(f"adding the span at {start}-{end} did not repaint its text")
            raw_elapsed = _raw_insert(raw, document_id, start, end)
            floor_elapsed = _floor_add(floor, *view.offsets.range_to_qt(start, end))
            if index >= WARM_UP:
                ours.append(elapsed * 1000)
                bare.append(raw_elapsed * 1000)
                floors.append(floor_elapsed * 1000)
        added = len(project.catalog.spans(document_id, project.annotator_id)) - before
        if added != len(targets) or floor.added != len(targets):
            raise RuntimeError(f"{len(targets)} key presses added {added} spans")
        dispose(floor)
        dispose(window)
    finally:
        raw.close()
        floor_connection.close()
        project.close()
    return [_measurement(workspace, ours, bare, floors)]


def _floor_add(floor: FloorWindow, qt_start: int, qt_end: int) -> float:
    """One add in the floor window, timed like ours (selection and settling outside)."""
    wait_until_active(floor)
    floor.select(qt_start, qt_end)
    settle()
    gc.collect()
    started = time.perf_counter()
    QTest.keyClick(floor.editor, Qt.Key.Key_1)
    application().processEvents()
    return time.perf_counter() - started


def _measurement(
    workspace: Workspace, ours: list[float], bare: list[float], floors: list[float]
) -> Measurement:
    ours_ms, bare_ms, floor_ms = median(ours), median(bare), median(floors)
    ours_p95, bare_p95 = percentile(ours, 0.95), percentile(bare, 0.95)
    return Measurement(
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
            "toolkit_floor_ms": floor_ms,
            "toolkit_floor_ratio": ratio(floor_ms, bare_ms),
            "ours_vs_floor": ratio(ours_ms, floor_ms),
            "ours_ms": [round(x, 3) for x in ours],
            "baseline_ms": [round(x, 3) for x in bare],
            "floor_ms": [round(x, 3) for x in floors],
        },
        note=f"p95: ours {ours_p95:.2f} ms, raw {bare_p95:.2f} ms; toolkit floor (bare "
        f"PySide6 window, same raw insert, one block repainted) {floor_ms:.2f} ms = "
        f"{ratio(floor_ms, bare_ms):.2f}x raw; ours is {ratio(ours_ms, floor_ms):.2f}x the floor",
    )
