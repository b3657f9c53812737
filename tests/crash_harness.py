"""The crash harness: kill a process making changes, at random moments, and check the file.

A driver (crash_driver.py, through the services; or ui/kill9_driver.py, the real window)
makes changes to a project at a steady rate and acknowledges each on its standard output once
the service call returned, i.e. after the commit. The harness kills it with SIGKILL at a
random moment and then reads the file as the next process would and checks that:

- every acknowledged change is in it;
- nothing else is, except possibly the one change in flight at the kill, and that one
  whole (a span added with the spans it trimmed and the status it moved, or none of it);
- ``PRAGMA integrity_check`` says ok and ``PRAGMA foreign_key_check`` finds nothing;
- the next driver opens the project normally (it prints READY only once opened).

The random moments come from one seed, printed with any failure, so a failure can be replayed.
The CI run (tests/test_crash_harness.py, tests/ui/test_kill9.py) is short; a long one is one
command, from the repository's root::

    python -m tests.crash_harness --kills 1000 [--window-kills 20] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

TESTS = Path(__file__).resolve().parent
DRIVER = TESTS / "crash_driver.py"
WINDOW_DRIVER = TESTS / "ui" / "kill9_driver.py"

#: A span as compared: document, label, start, end, note (times are not compared).
Content = tuple[int, int, int, int, str | None]


class HarnessError(AssertionError):
    """The file after a kill is not what the acknowledged changes say it must be."""


@dataclass
class State:
    """The working layer of a project: its spans by id, and its documents' statuses
    (a document without a status, or marked new, is left out: both mean new)."""

    spans: dict[str, Content] = field(default_factory=dict)
    statuses: dict[int, str] = field(default_factory=dict)

    def after(self, effect: dict[str, list[Any]]) -> tuple[State, list[Content]]:
        """This state with ``effect`` applied, and the spans it puts whose id is not known
        yet (the driver prints an id only once the service chose it)."""
        spans = dict(self.spans)
        for span_id in effect["remove"]:
            spans.pop(span_id, None)
        unnamed = []
        for span_id, *content in effect["put"]:
            row: Content = (content[0], content[1], content[2], content[3], content[4])
            if span_id is None:
                unnamed.append(row)
            else:
                spans[span_id] = row
        statuses = dict(self.statuses)
        for document_id, status in effect["status"]:
            statuses[document_id] = status
        return State(spans, {d: s for d, s in statuses.items() if s != "new"}), unnamed

    def holds(self, other: State, unnamed: list[Content]) -> bool:
        """Whether this (the file) is ``other`` plus exactly the ``unnamed`` spans, under
        ids ``other`` does not have."""
        if self.statuses != other.statuses:
            return False
        extra = {i: c for i, c in self.spans.items() if i not in other.spans}
        kept = {i: c for i, c in self.spans.items() if i in other.spans}
        return kept == other.spans and Counter(extra.values()) == Counter(unnamed)


@dataclass
class Figures:
    """What a run did."""

    kills: int = 0
    acknowledged: int = 0
    in_flight_made: int = 0
    in_flight_not_made: int = 0
    before_ready: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        rate = self.acknowledged / self.seconds if self.seconds else 0.0
        return (
            f"{self.kills} kills in {self.seconds:.1f} s; {self.acknowledged} changes "
            f"acknowledged ({rate:.0f}/s), none lost; a change in flight at "
            f"{self.in_flight_made + self.in_flight_not_made} kills: made whole "
            f"{self.in_flight_made}, not at all {self.in_flight_not_made}; "
            f"{self.before_ready} kills while the driver was still opening the project"
        )


def read_state(path: Path) -> State:
    """Read the file as a fresh process after the crash would, and check its integrity.

    Read-only, so the read leaves a write-ahead log the crash left for the next driver to
    recover (a read-only connection never checkpoints).

    Raises:
        HarnessError: The integrity or foreign-key check finds a problem.
    """
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
            integrity = connection.execute("PRAGMA integrity_check").fetchall()
            if integrity != [("ok",)]:
                raise HarnessError(f"integrity_check: {integrity[:5]}")
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise HarnessError(f"foreign_key_check: {broken[:5]}")
            spans = connection.execute(
                'SELECT id, document_id, label_id, start, "end", note FROM spans'
            ).fetchall()
            statuses = connection.execute(
                "SELECT document_id, status FROM document_status WHERE status != 'new'"
            ).fetchall()
    except sqlite3.DatabaseError as error:
        raise HarnessError(f"the file cannot be read: {error}") from error
    return State({row[0]: tuple(row[1:]) for row in spans}, dict(statuses))


def check_cycle(before: State, lines: list[str], after: State) -> tuple[State, int, bool | None]:
    """Check the file after one kill against what the driver acknowledged.

    Args:
        before: The state the cycle began from.
        lines: The driver's output.
        after: The file as read after the kill.

    Returns:
        The state to continue from, the number of changes acknowledged, and whether the
        change in flight at the kill was made (None: none was in flight).
    """
    expected, acknowledged, pending = before, 0, None
    for line in lines:
        if not line.startswith("{"):
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:  # the last line, cut by the kill: not acknowledged
            continue
        if "error" in record:
            raise HarnessError(f"the driver failed: {record['error']}")
        if "pending" in record:
            pending = record["pending"]
        elif "ack" in record:
            expected, unnamed = expected.after(record["ack"])
            assert not unnamed, "an acknowledgement names every span"
            acknowledged, pending = acknowledged + 1, None
    if pending is None:
        if after.holds(expected, []):
            return after, acknowledged, None
        raise HarnessError(_difference(expected, after, "acknowledged"))
    if after.holds(expected, []):
        return after, acknowledged, False
    made, unnamed = expected.after(pending)
    if after.holds(made, unnamed):
        return after, acknowledged, True
    raise HarnessError(
        _difference(expected, after, "acknowledged, nor that plus the change in flight")
        + f"; in flight: {pending}"
    )


def _difference(expected: State, found: State, what: str) -> str:
    lost = [(i, c) for i, c in expected.spans.items() if found.spans.get(i) != c]
    extra = [(i, c) for i, c in found.spans.items() if expected.spans.get(i) != c]
    return (
        f"the file is not what was {what}: {len(lost)} spans expected but missing or "
        f"different {lost[:5]}; {len(extra)} spans found but not expected {extra[:5]}; "
        f"statuses expected {expected.statuses}, found {found.statuses}"
    )


class ForkServer:
    """crash_driver.py --serve: starts drivers in milliseconds (see crash_driver.py)."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, str(DRIVER), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": _python_path()},
        )

    def _ask(self, line: str) -> int:
        stdin, stdout = self._process.stdin, self._process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(line + "\n")
        stdin.flush()
        answer = stdout.readline()
        if not answer:
            raise HarnessError(f"the fork server ended (exit status {self._process.wait()})")
        return int(answer)

    def start(self, project: Path, output: Path, seed: int) -> int:
        """Start a driver; returns its process id."""
        return self._ask(f"run {project} {output} {seed}")

    def reap(self, pid: int) -> int:
        """Wait for a driver that was killed; returns its wait status."""
        return self._ask(f"reap {pid}")

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=30)
        if self._process.stdout is not None:
            self._process.stdout.close()


def _python_path() -> str:
    """The repository (for annotator) ahead of whatever PYTHONPATH says."""
    return os.pathsep.join(filter(None, [str(TESTS.parent), os.environ.get("PYTHONPATH")]))


def wait_for_line(read: Callable[[], str], wanted: str, seconds: float) -> bool:
    """Whether the output ``read`` returns has a line ``wanted`` within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if wanted in read().splitlines():
            return True
        time.sleep(0.005)
    return False


def make_project(path: Path, documents: int = 4) -> None:
    """A project with a few documents of a few hundred characters, nothing labelled."""
    from annotator.core.model import DocumentDraft
    from annotator.services.importing import ImportOptions, ImportReport
    from annotator.services.project import Project

    words = ["the", "bridge", "closes", "for", "fourteen", "months", "council", "says", "more"]
    chance = random.Random(documents)
    drafts = [
        DocumentDraft(
            " ".join(chance.choice(words) for _ in range(60)) + ".\n", f"doc {n}", f"d{n}.txt"
        )
        for n in range(documents)
    ]
    project = Project.open(path, "setup")
    project.importer.import_drafts(drafts, ImportOptions(default_annotator="setup"), ImportReport())
    project.close()


def run_headless(project: Path, kills: int, seed: int, log: IO[str] | None = None) -> Figures:
    """Kill the service driver ``kills`` times at random moments, checking after each.

    Raises:
        HarnessError: A check failed; the message names the seed and the kill.
    """
    chance = random.Random(seed)
    figures = Figures()
    state = read_state(project)
    server = ForkServer()
    began = time.monotonic()
    try:
        for kill in range(1, kills + 1):
            with _named_failure(seed, kill):
                state = _headless_cycle(server, project, chance, state, figures)
            if log is not None and kill % 50 == 0:
                print(f"{kill} kills: {figures.acknowledged} changes", file=log, flush=True)
    finally:
        server.close()
    figures.seconds = time.monotonic() - began
    return figures


def _headless_cycle(
    server: ForkServer, project: Path, chance: random.Random, state: State, figures: Figures
) -> State:
    output = project.with_name("driver.out")
    output.unlink(missing_ok=True)
    pid = server.start(project, output, chance.randrange(2**32))
    early = chance.random() < 0.15  # now and then while it opens (and recovers) the file

    def read() -> str:
        return output.read_text() if output.exists() else ""

    if early:
        time.sleep(chance.uniform(0, 0.1))
    elif not wait_for_line(read, "READY", 60):
        os.kill(pid, signal.SIGKILL)
        server.reap(pid)
        raise HarnessError(f"the driver did not open the project: {read()[-2000:]}")
    else:
        time.sleep(chance.uniform(0, 0.3))
    os.kill(pid, signal.SIGKILL)
    status = server.reap(pid)
    if not os.WIFSIGNALED(status) or os.WTERMSIG(status) != signal.SIGKILL:
        raise HarnessError(f"the driver ended before the kill: {read()[-2000:]}")
    lines = read().splitlines()
    state, acknowledged, made = check_cycle(state, lines, read_state(project))
    figures.kills += 1
    figures.acknowledged += acknowledged
    figures.before_ready += "READY" not in lines
    if made is not None:
        figures.in_flight_made += made
        figures.in_flight_not_made += not made
    return state


@contextmanager
def _named_failure(seed: int, kill: int) -> Iterator[None]:
    try:
        yield
    except HarnessError as failure:
        raise HarnessError(f"kill {kill} of the run with seed {seed}: {failure}") from None


def run_window(project: Path, kills: int, seed: int, home: Path) -> Figures:
    """Kill the real window (ui/kill9_driver.py, offscreen) ``kills`` times while it labels,
    marks and undoes from the keyboard at a steady rate, checking after each kill.

    Raises:
        HarnessError: A check failed; the message names the seed and the kill.
    """
    chance = random.Random(seed)
    figures = Figures()
    state = read_state(project)
    began = time.monotonic()
    for kill in range(1, kills + 1):
        with _named_failure(seed, kill):
            state = _window_cycle(project, chance, state, figures, home)
    figures.seconds = time.monotonic() - began
    return figures


def _window_cycle(
    project: Path, chance: random.Random, state: State, figures: Figures, home: Path
) -> State:
    env = {
        **os.environ,
        "PYTHONPATH": _python_path(),
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
    }
    output = project.with_name("window.out")
    with (
        output.open("w") as sink,
        subprocess.Popen(
            [
                sys.executable,
                str(WINDOW_DRIVER),
                str(project),
                "steady",
                str(chance.randrange(2**32)),
            ],
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        ) as process,
    ):
        if not wait_for_line(output.read_text, "READY", 120):
            process.kill()
            _, errors = process.communicate(timeout=30)
            raise HarnessError(f"the window did not open the project: {errors[-2000:]}")
        time.sleep(chance.uniform(0.05, 1.0))
        os.kill(process.pid, signal.SIGKILL)
        _, errors = process.communicate(timeout=30)
    if process.returncode != -signal.SIGKILL:
        raise HarnessError(f"the window ended before the kill: {errors[-2000:]}")
    lines = output.read_text().splitlines()
    state, acknowledged, made = check_cycle(state, lines, read_state(project))
    figures.kills += 1
    figures.acknowledged += acknowledged
    if made is not None:
        figures.in_flight_made += made
        figures.in_flight_not_made += not made
    return state


def main(argv: list[str] | None = None) -> int:
    """The long run: ``python -m tests.crash_harness --kills 1000``."""
    parser = argparse.ArgumentParser(prog="python -m tests.crash_harness", description=__doc__)
    parser.add_argument("--kills", type=int, default=1000, help="kills of the service driver")
    parser.add_argument("--window-kills", type=int, default=0, help="kills of the real window")
    parser.add_argument("--seed", type=int, default=None, help="replay a run (default: random)")
    options = parser.parse_args(argv)
    seed = random.randrange(2**32) if options.seed is None else options.seed
    print(f"seed {seed}", flush=True)
    sys.path.insert(0, str(TESTS.parent))
    with tempfile.TemporaryDirectory(prefix="crash-harness-") as folder:
        try:
            if options.kills:
                project = Path(folder) / "headless" / "crash.annotator"
                project.parent.mkdir()
                make_project(project)
                print(
                    "service driver:",
                    run_headless(project, options.kills, seed, sys.stdout).summary(),
                )
            if options.window_kills:
                project = Path(folder) / "window" / "crash.annotator"
                project.parent.mkdir()
                make_project(project)
                figures = run_window(project, options.window_kills, seed, Path(folder) / "home")
                print("window:", figures.summary())
        except HarnessError as failure:
            print(f"FAILED: {failure}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
