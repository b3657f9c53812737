"""Run the real application offscreen, press keys, acknowledge what they did, wait to be killed.

``python kill9_driver.py PROJECT STEP [SEED]``. The keys are pressed on the real window; what
they changed is acknowledged on standard output, flushed, from the project's own
announcements, which come after the commit:

- ``first`` (test_kill9.py): label the first word Claim; prints ``ADDED ID LABEL TEXT``.
- ``second-then-undo`` (test_kill9.py): label the second word Opinion (``ADDED …``), then undo
  it (``REMOVED ID``).
- ``steady`` (crash_harness.py): from the keyboard, for ever: label a free word, mark the
  document done or in progress, undo, redo; each step as the JSON lines crash_driver.py
  prints (``pending`` before the keys, ``ack`` after).

Each step then prints ``READY`` ("steady" prints it before its first step) and the
application runs until it is killed.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from annotator.app import Application
from annotator.core.model import DocStatus, Span
from annotator.services.project import Project
from annotator.settings import SettingsStore
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.widgets import dialogs

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier
LABEL_KEYS = {"1": Qt.Key.Key_1, "2": Qt.Key.Key_2, "3": Qt.Key.Key_3}
Effect = dict[str, list[Any]]
#: A step planned: its effect if made, and the keys that make it.
Plan = tuple[Effect, Callable[[], None]]


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = NONE) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    QTest.keyClick(target, key, modifiers)
    QApplication.processEvents()


class Announced:
    """What the project announced (after each commit) since the last :meth:`take`."""

    def __init__(self, project: Project) -> None:
        self.effect: Effect = {"remove": [], "put": [], "status": []}
        self.added: list[Span] = []
        self.removed: list[Span] = []
        events = project.events
        events.span_added.connect(self._on_put)
        events.span_changed.connect(lambda _old, new: self._on_put(new))
        events.span_removed.connect(self._on_removed)
        events.status_changed.connect(
            lambda document, _layer, status: self.effect["status"].append([document, status.value])
        )

    def _on_put(self, span: Span) -> None:
        self.added.append(span)
        self.effect["put"].append(row(span))

    def _on_removed(self, span: Span) -> None:
        self.removed.append(span)
        self.effect["remove"].append(span.id)

    def take(self) -> Effect:
        effect, self.effect = self.effect, {"remove": [], "put": [], "status": []}
        return effect


def row(span: Span) -> list[Any]:
    return [span.id, span.document_id, span.label_id, span.start, span.end, span.note]


def emit(line: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


class Steady:
    """Keys at a steady rate; each step's effect foretold, then acknowledged."""

    def __init__(self, window: MainWindow, project: Project, seed: int) -> None:
        self.window = window
        self.project = project
        self.chance = random.Random(seed)
        self.announced = Announced(project)
        self.labels = {label.key: label.id for label in project.labels if label.key in LABEL_KEYS}
        self.statuses = {
            summary.id: summary.status
            for summary in project.catalog.document_summaries(project.annotator_id)
        }
        self.done: list[tuple[Effect, Effect]] = []  # (what a step did, what undoes it)
        self.undone: list[tuple[Effect, Effect]] = []
        self.number = 0

    def step(self) -> None:
        kind = self.chance.choices(["label", "mark", "undo", "redo"], [6, 1, 2, 1])[0]
        planned = getattr(self, f"_plan_{kind}")()
        if planned is None:
            return
        pending, keys = planned
        self.number += 1
        emit({"n": self.number, "pending": pending})
        before = self._spans()
        keys()
        effect = self.announced.take()
        emit({"n": self.number, "ack": effect})
        if not any(effect.values()):
            return
        if kind == "undo":
            self.undone.append(self.done.pop())
        elif kind == "redo":
            self.done.append(self.undone.pop())
        else:
            self.done.append((effect, self._inverse(effect, before)))
            self.undone.clear()
        for document_id, status in effect["status"]:
            self.statuses[document_id] = DocStatus(status)

    def _spans(self) -> dict[str, Span]:
        return {span.id: span for span in self.window.view.spans}

    def _inverse(self, effect: Effect, before: dict[str, Span]) -> Effect:
        return {
            "remove": [put[0] for put in effect["put"]],
            "put": [row(before[i]) for i in effect["remove"] if i in before],
            "status": [[d, self.statuses[d].value] for d, _status in effect["status"]],
        }

    def _plan_label(self) -> Plan | None:
        view = self.window.view
        document_id = view.document_id
        assert document_id is not None
        words = [m.span() for m in re.finditer(r"\w+", view.text)]
        free = [w for w in words if not view.spans.overlapping(*w)]
        if not free:
            return None
        start, end = self.chance.choice(free)
        key = self.chance.choice(sorted(self.labels))
        moved = self.statuses[document_id] is DocStatus.NEW
        pending: Effect = {
            "remove": [],
            "put": [[None, document_id, self.labels[key], start, end, None]],
            "status": [[document_id, DocStatus.IN_PROGRESS.value]] if moved else [],
        }

        def keys() -> None:
            view.select_range(start, end)
            press(LABEL_KEYS[key])

        return pending, keys

    def _plan_mark(self) -> Plan | None:
        document_id = self.window.view.document_id
        done = self.chance.random() < 0.5
        action = ActionId.MARK_DONE_AND_NEXT if done else ActionId.MARK_IN_PROGRESS
        status = DocStatus.DONE if done else DocStatus.IN_PROGRESS
        pending: Effect = {"remove": [], "put": [], "status": [[document_id, status.value]]}

        def keys() -> None:
            self.window.registry[action].trigger()
            _settle()

        return pending, keys

    def _plan_undo(self) -> Plan | None:
        if not self.done:
            return None
        return self.done[-1][1], lambda: press(Qt.Key.Key_Z, CTRL)

    def _plan_redo(self) -> Plan | None:
        if not self.undone:
            return None
        return self.undone[-1][0], lambda: press(Qt.Key.Key_Z, CTRL | SHIFT)


def _settle() -> None:
    QApplication.processEvents()
    window = QApplication.activeWindow()
    if isinstance(window, MainWindow):
        window.view.setFocus()


def scripted(step: str, project: Project, window: MainWindow) -> None:
    """The two fixed scenarios of test_kill9.py, each acknowledged after the commit."""
    announced = Announced(project)
    names = {label.id: label.name for label in project.labels}
    if step == "second-then-undo":  # the caret after the first word
        press(Qt.Key.Key_Right, CTRL)
    press(Qt.Key.Key_Right, CTRL | SHIFT)  # select a word
    press(Qt.Key.Key_1 if step == "first" else Qt.Key.Key_2)
    for span in announced.added:
        print("ADDED", span.id, names[span.label_id], window.view.text[span.start : span.end])
    if step == "second-then-undo":
        press(Qt.Key.Key_Z, CTRL)
        for span in announced.removed:
            print("REMOVED", span.id)
    sys.stdout.flush()


def main() -> None:
    project_path, step = Path(sys.argv[1]), sys.argv[2]
    app = QApplication(sys.argv[:1])
    # A problem reported in a dialog is printed instead: a modal box would stop the keys.
    dialogs.Tell.problem = classmethod(  # type: ignore[method-assign,assignment]
        lambda cls, parent, title, text, details="": emit({"problem": text})
    )
    store = SettingsStore()
    application = Application(store, store.load())
    assert application.open(project_path)
    window, project = application.window, application.project
    assert window is not None and project is not None
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    if step == "steady":
        steady = Steady(window, project, int(sys.argv[3]))
        print("READY", flush=True)
        while True:
            steady.step()
            app.processEvents()
    scripted(step, project, window)
    print("READY", flush=True)
    app.exec()  # run until killed


if __name__ == "__main__":
    main()
