"""One of two windows editing the same project at once, driven by random keys.

Used by test_two_windows.py: ``python two_windows_driver.py PROJECT SEED STEPS LOCK LOG``.

Each step takes an exclusive lock on LOCK (shared with the other process), presses keys, and
appends every change this window committed during the step - as the project's events
announce them, after commit - to LOG, then lets the lock go. So LOG lists both processes'
acknowledged changes in the order they were committed, and replaying it must give exactly
what the file holds. Between steps a window looks for the other's commits only now and then
(as its timer would), so it often edits from a stale view: that is the point.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.core.model import Span
from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.widgets import dialogs

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


NUDGES = (
    ActionId.SPAN_END_RIGHT,
    ActionId.SPAN_END_LEFT,
    ActionId.SPAN_START_LEFT,
    ActionId.SPAN_START_RIGHT,
)


def span_json(span: Span) -> dict[str, Any]:
    return {"id": span.id, "start": span.start, "end": span.end, "label": span.label_id}


def key(span: Span) -> tuple[str, int, int, int]:
    return span.id, span.start, span.end, span.label_id


class Recorder:
    """Collects the changes this window committed, as the project announces them, and for
    each span it removed or changed whether the window had ever shown that span as it was
    (a window that overwrites a state it never saw has destroyed another window's work; one
    that takes back its own edit, which another window changed and then changed back, has
    not)."""

    def __init__(self, project: Project, window: MainWindow) -> None:
        self.lines: list[dict[str, Any]] = []
        self.shown: set[tuple[str, int, int, int]] = set()
        self._window = window
        events = project.events
        # Connected after the window's own handler: runs once the window has re-read.
        events.changed_elsewhere.connect(self.look)
        events.span_added.connect(self._on_added)
        events.span_removed.connect(
            lambda s: self.lines.append({"removed": span_json(s), "seen": key(s) in self.shown})
        )
        events.span_changed.connect(self._on_changed)

    def _on_added(self, span: Span) -> None:
        self.lines.append({"added": span_json(span)})
        self.shown.add(key(span))

    def _on_changed(self, old: Span, new: Span) -> None:
        self.lines.append({"changed": span_json(new), "seen": key(old) in self.shown})
        self.shown.add(key(new))

    def look(self) -> None:
        """What the window shows now counts as seen (it shows it, and plans from it)."""
        self.shown |= {key(span) for span in self._window.view.spans}


def press(window: MainWindow, key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
    QTest.keyClick(window.view, key, modifiers)


def step(window: MainWindow, chance: random.Random) -> None:
    """One random action, as an annotator would make it from the keyboard."""
    view = window.view
    text = view.text
    action = chance.choice(
        ["label", "label", "label", "relabel", "remove", "nudge", "undo", "redo"]
    )
    if action == "label":
        start = chance.randrange(len(text) - 1)
        view.select_range(start, min(len(text), start + chance.randint(1, 40)))
        press(window, chance.choice([Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3]))
    elif action in ("relabel", "remove", "nudge") and len(view.spans):
        view.set_current_span(view.spans[chance.randrange(len(view.spans))])
        if action == "remove":
            press(window, Qt.Key.Key_Delete)
        elif action == "nudge":  # Alt+Right / Alt+Left, Alt+Shift+Left / Alt+Shift+Right
            window.registry[chance.choice(NUDGES)].trigger()
        else:
            press(window, chance.choice([Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3]))
    elif action == "undo":
        press(window, Qt.Key.Key_Z, CTRL)
    elif action == "redo":
        press(window, Qt.Key.Key_Z, CTRL | SHIFT)


def wait_for_the_other(lock_path: Path, seed: int) -> None:
    """Return once both windows have made all their steps."""
    lock_path.with_name(f"done-{seed}").touch()
    deadline = time.monotonic() + 120
    while len(list(lock_path.parent.glob("done-*"))) < 2:
        if time.monotonic() > deadline:
            raise SystemExit("the other window never finished")
        time.sleep(0.05)


def main() -> None:
    path, seed, steps = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    lock_path, log_path = Path(sys.argv[4]), Path(sys.argv[5])
    app = QApplication(sys.argv[:1])
    refused: list[str] = []
    # A refused edit opens no modal box here: it is counted, and the run goes on.
    dialogs.Tell.problem = classmethod(  # type: ignore[method-assign,assignment]
        lambda cls, parent, title, text: refused.append(text)
    )
    project = Project.open(path, "alice")
    home = path.parent / f"home-{seed}"
    home.mkdir(exist_ok=True)
    window = MainWindow(
        project,
        Settings(annotator_name="alice"),
        SettingsStore(home / "settings.json"),
        lambda _path, *, create=False: None,
        QSettings(str(home / "window.ini"), QSettings.Format.IniFormat),
    )
    window.show()
    recorder = Recorder(project, window)
    chance = random.Random(seed)
    with lock_path.open("a") as lock, log_path.open("a", encoding="utf-8") as log:
        for _ in range(steps):
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if chance.random() < 0.3:  # as the window's timer would, now and then
                    project.watcher.poll()
                recorder.look()
                step(window, chance)
                for line in recorder.lines:
                    log.write(json.dumps({"seed": seed, **line}) + "\n")
                log.flush()
                recorder.lines.clear()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
            app.processEvents()
    wait_for_the_other(lock_path, seed)
    project.watcher.poll()
    shown = sorted((s.id, s.start, s.end, s.label_id) for s in window.view.spans)
    print(json.dumps({"view": shown, "refused": refused}), flush=True)
    window.close()
    project.close()


if __name__ == "__main__":
    main()
