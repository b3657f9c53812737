"""Make changes to a project through the services, one after another, until killed.

Used by crash_harness.py. ``python crash_driver.py PROJECT SEED`` opens PROJECT as the
annotator "crash", prints ``READY`` and then, for ever, picks a change at random (add a span,
trimming what it overlaps; relabel, move, note or remove a span; mark a document; undo or
redo one of its own changes) and prints two JSON lines on standard output, each flushed:

- ``{"n": N, "pending": EFFECT}`` before the service call: what the change will do if it is
  made (ids the service has yet to choose are null);
- ``{"n": N, "ack": EFFECT}`` after the call returned, that is after the commit: what it did
  (an empty effect when the service refused the change).

An EFFECT is ``{"remove": [span ids], "put": [[id, document, label, start, end, note]],
"status": [[document, status]]}``: remove the spans, then store the spans put, then set the
statuses. ``python crash_driver.py --serve`` is a fork server for the harness: it imports
everything once, then for each ``run PROJECT OUTPUT SEED`` line on its standard input forks a
child that runs the above with its standard output appended to OUTPUT, and answers with the
child's process id; ``reap PID`` waits for that child and answers with its wait status. A
child starts in milliseconds instead of the second an import of the package takes.
"""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.core.model import DocStatus, Span
from annotator.core.overlaps import plan_trims
from annotator.errors import AnnotatorError
from annotator.services.changes import Change, SpanChange, StatusChange
from annotator.services.project import Project

LAYER = "crash"
Effect = dict[str, list[Any]]
#: A change planned: its effect if made, and the call that makes it.
Plan = tuple[Effect, Callable[[], Change]]


def span_row(span: Span, new: bool = False) -> list[Any]:
    return [
        None if new else span.id,
        span.document_id,
        span.label_id,
        span.start,
        span.end,
        span.note,
    ]


def effect_of(change: Change) -> Effect:
    """What a change the service made (or an undo or redo would make) does to the rows."""
    if isinstance(change, SpanChange):
        status = [] if change.status_after is None else [[change.document_id, change.status_after]]
        return {
            "remove": [span.id for span in change.before],
            "put": [span_row(span) for span in change.after],
            "status": status,
        }
    assert isinstance(change, StatusChange)
    return {"remove": [], "put": [], "status": [[change.document_id, change.after.value]]}


class Driver:
    """One process's steady stream of changes, planned from its own view of the layer."""

    def __init__(self, project: Project, chance: random.Random) -> None:
        self.project = project
        self.chance = chance
        self.layer = project.annotator_id
        self.documents = {
            summary.id: project.catalog.document(summary.id).text
            for summary in project.catalog.document_summaries(self.layer)
        }
        self.labels = [label.id for label in project.labels]
        self.spans: dict[str, Span] = {}
        self.statuses: dict[int, DocStatus] = {}
        for document_id in self.documents:
            self.spans |= {s.id: s for s in project.catalog.spans(document_id, self.layer)}
            self.statuses[document_id] = project.catalog.status(document_id, self.layer)
        self.done: list[Change] = []
        self.undone: list[Change] = []
        self.number = 0

    def step(self) -> None:
        """Plan one change, announce it, make it, acknowledge it."""
        kind = self.chance.choices(
            ["add", "change", "remove", "status", "undo", "redo"], [6, 3, 2, 2, 2, 1]
        )[0]
        planned = getattr(self, f"_plan_{kind}")()
        if planned is None:
            return
        pending, make = planned
        self.number += 1
        emit({"n": self.number, "pending": pending})
        try:
            change = make()
        except AnnotatorError as error:
            refused: Effect = {"remove": [], "put": [], "status": []}
            emit({"n": self.number, "ack": refused, "refused": type(error).__name__})
            if kind in ("undo", "redo"):  # its rows changed: it can never be replayed
                (self.done if kind == "undo" else self.undone).pop()
            return
        emit({"n": self.number, "ack": effect_of(change)})
        self._remember(change, kind)

    def _remember(self, change: Change, kind: str) -> None:
        """Keep the history and the view of the layer as ``change`` (as made) left them."""
        if kind == "undo":
            self.undone.append(self.done.pop())
        elif kind == "redo":
            self.done.append(self.undone.pop())
        else:
            self.done.append(change)
            self.undone.clear()
        if isinstance(change, SpanChange):
            for span in change.before:
                self.spans.pop(span.id, None)
            self.spans |= {span.id: span for span in change.after}
            if change.status_after is not None:
                self.statuses[change.document_id] = change.status_after
        else:
            assert isinstance(change, StatusChange)
            self.statuses[change.document_id] = change.after

    def _plan_add(self) -> Plan | None:
        document_id = self.chance.choice(list(self.documents))
        text = self.documents[document_id]
        start = self.chance.randrange(len(text) - 1)
        end = min(len(text), start + self.chance.randint(1, 30))
        label = self.chance.choice(self.labels)
        mine = [s for s in self.spans.values() if s.document_id == document_id]
        if any((s.start, s.end, s.label_id) == (start, end, label) for s in mine):
            return None
        trims = plan_trims(text, (start, end), mine)
        put = []
        for trim in trims:
            for number, (part_start, part_end) in enumerate(trim.parts):
                part = replace(trim.span, start=part_start, end=part_end)
                put.append(span_row(part, new=number > 0))
        put.append([None, document_id, label, start, end, None])
        moved = self.statuses[document_id] is DocStatus.NEW
        pending: Effect = {
            "remove": [trim.span.id for trim in trims],
            "put": put,
            "status": [[document_id, DocStatus.IN_PROGRESS.value]] if moved else [],
        }
        annotation = self.project.annotation
        return pending, lambda: annotation.add_span(
            document_id, self.layer, label, start, end, trims=trims
        )

    def _plan_change(self) -> Plan | None:
        if not self.spans:
            return None
        span = self.chance.choice(sorted(self.spans.values(), key=lambda s: s.id))
        what = self.chance.choice(["label", "bounds", "note"])
        if what == "label":
            changes: dict[str, Any] = {"label_id": self.chance.choice(self.labels)}
        elif what == "bounds":
            start = max(0, span.start + self.chance.randint(-3, 3))
            end = max(start + 1, min(len(self.documents[span.document_id]), span.end + 2))
            changes = {"start": start, "end": end}
        else:
            changes = {"note": f"note {self.chance.randrange(1000)}"}
        pending: Effect = {
            "remove": [span.id],
            "put": [span_row(replace(span, **changes))],
            "status": [],
        }
        annotation = self.project.annotation
        return pending, lambda: annotation.change_span(span.id, expected=span, **changes)

    def _plan_remove(self) -> Plan | None:
        if not self.spans:
            return None
        span = self.chance.choice(sorted(self.spans.values(), key=lambda s: s.id))
        annotation = self.project.annotation
        return {"remove": [span.id], "put": [], "status": []}, lambda: annotation.remove_span(
            span.id, expected=span
        )

    def _plan_status(self) -> Plan | None:
        document_id = self.chance.choice(list(self.documents))
        status = self.chance.choice(list(DocStatus))
        annotation = self.project.annotation
        pending: Effect = {"remove": [], "put": [], "status": [[document_id, status.value]]}
        return pending, lambda: annotation.set_status(
            document_id, self.layer, status, expected=self.statuses[document_id]
        )

    def _plan_undo(self) -> Plan | None:
        if not self.done:
            return None
        change = self.done[-1]
        annotation = self.project.annotation

        def make() -> Change:
            annotation.undo(change)
            return change.inverse()  # what the undo did

        return effect_of(change.inverse()), make

    def _plan_redo(self) -> Plan | None:
        if not self.undone:
            return None
        change = self.undone[-1]
        annotation = self.project.annotation

        def make() -> Change:
            annotation.redo(change)
            return change

        return effect_of(change), make


def emit(line: dict[str, Any]) -> None:
    """One line on standard output, written through at once (one write system call)."""
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


def work(path: Path, seed: int) -> None:
    """Open the project, say READY, and make changes until killed."""
    project = Project.open(path, LAYER)
    driver = Driver(project, random.Random(seed))
    print("READY", flush=True)
    while True:
        driver.step()


def serve() -> None:
    """The fork server (see the module's docstring)."""
    for line in sys.stdin:
        command, *args = line.split()
        if command == "run":
            pid = os.fork()
            if pid == 0:
                _child(Path(args[0]), Path(args[1]), int(args[2]))
            print(pid, flush=True)
        elif command == "reap":
            _, status = os.waitpid(int(args[0]), 0)
            print(status, flush=True)


def _child(project: Path, output: Path, seed: int) -> None:
    try:
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        out = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(out, 1)
        work(project, seed)
    except BaseException as error:  # reported in OUTPUT; the harness fails on it
        emit({"error": f"{type(error).__name__}: {error}"})
    finally:
        os._exit(1)


if __name__ == "__main__":
    if sys.argv[1] == "--serve":
        serve()
    else:
        work(Path(sys.argv[1]), int(sys.argv[2]))
