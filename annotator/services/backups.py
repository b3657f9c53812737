"""Rolling backups of a project file, in the user's data folder.

Each project file has its own backup folder (:func:`annotator.settings.project_backup_folder`),
owner-only, holding copies named and kept as :mod:`annotator.store.backup_names` says. A
backup is made when the window opens a project and every few minutes while it is open, before
the command line writes to an existing project (``import``, ``merge``, ``remove``), before a
schema upgrade, before a restore, and when the user asks.

A backup is skipped when nothing changed since the last one: the project file's and its
``-wal``'s sizes and modification times are compared with those recorded then (an opening
that writes nothing changes neither), so opening a project ten times a day makes one backup.

Backups of a project on a database server are the server's job: the service says so.
"""

from __future__ import annotations

import contextlib
import glob
import json
import logging
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from sqlalchemy import Engine

from annotator.atomic import atomic_text_file
from annotator.errors import AnnotatorError
from annotator.owner_only import make_private, private_folder
from annotator.settings import project_backup_folder
from annotator.store.backup_copy import (
    CopyCheckError,
    Summary,
    check,
    remove_with_side_files,
    source_connection,
    summary,
    write_copy,
)
from annotator.store.backup_names import (
    BackupName,
    backups_in,
    legacy_backups,
    new_name,
    to_prune,
)
from annotator.store.db import project_file

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
#: How old a temporary file of a copy must be to count as left over by a crash (seconds).
LEFTOVER_AGE_S = 3600
#: Where the service records what the project looked like at its last backup.
STATE_FILE = ".last-backup.json"


class BackupError(AnnotatorError):
    """A backup could not be made; the project itself is unchanged.

    Args:
        problem: What went wrong, one sentence.
        after: What that means for the user's work, one sentence (the message is both).

    Attributes:
        problem: What went wrong alone, for a caller that says what happens next itself.
    """

    def __init__(self, problem: str, after: str = "") -> None:
        super().__init__(f"{problem} {after}".strip())
        self.problem = problem


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Backup:
    """One backup file.

    Attributes:
        path: The file.
        name: Its name, read: when and why it was made.
        size: Its size in bytes.
    """

    path: Path
    name: BackupName
    size: int

    @property
    def made(self) -> datetime:
        """When it was made (UTC)."""
        return self.name.made

    @property
    def reason(self) -> str:
        """Why it was made (``open``, ``periodic``, ``before-restore`` ...)."""
        return self.name.reason


def readable_size(size: int) -> str:
    """A file size as people read it: "812 bytes", "148.0 KB", "2.3 MB"."""
    if size < 1024:
        return f"{size:,} bytes"
    value = size / 1024
    for unit in ("KB", "MB"):
        if value < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:,.1f} GB"


class BackupService:
    """Makes, lists and prunes the backups of one project file.

    Args:
        project: The project file.
        engine: The open project's engine, copied from while it is in use; None for a
            project that is not open in this process (it is then opened for the copy).
        folder: Where its backups go (default: its folder in the user's data folder).
        clock: The time now, UTC (tests pass their own).
        zone: The time zone the keeping rule counts hours and days in (default: the
            computer's; tests pass their own).
    """

    def __init__(
        self,
        project: Path,
        engine: Engine | None = None,
        *,
        folder: Path | None = None,
        clock: Clock = _now,
        zone: tzinfo | None = None,
    ) -> None:
        self.project = project_file(project)
        self.folder = folder or project_backup_folder(self.project)
        self._in_data_folder = folder is None
        self._engine = engine
        self._clock = clock
        self._zone = zone

    @property
    def available(self) -> bool:
        """Whether this program backs the project up (not so on a database server)."""
        return self._engine is None or self._engine.dialect.name == "sqlite"

    def backups(self, *, beside: bool = True) -> list[Backup]:
        """The project's backups, oldest first.

        Args:
            beside: Include those older versions made beside the project file before an
                upgrade (they are listed and can be restored, but never pruned).
        """
        found = []
        named = backups_in(self.folder, self.project.name)
        if beside:
            named = sorted([*named, *legacy_backups(self.project)], key=lambda item: item[1].made)
        for path, name in named:
            with contextlib.suppress(OSError):  # pruned meanwhile by another window
                found.append(Backup(path, name, path.stat().st_size))
        return found

    def latest_sound(self) -> Backup | None:
        """The newest backup that passes its check, or None."""
        return next((b for b in reversed(self.backups()) if check(b.path) is None), None)

    def contents(self, backup: Backup) -> Summary | None:
        """How many documents and spans a backup holds; None when it is damaged, not a
        project, or cannot be read: one that :meth:`latest_sound` skips and restore refuses."""
        if check(backup.path) is not None:
            return None
        try:
            return summary(backup.path)
        except sqlite3.Error:
            return None

    def back_up(self, reason: str, *, only_if_changed: bool = True) -> Backup | None:
        """Copy the project into its backup folder, then prune the folder.

        Args:
            reason: Why, for the name: ``open``, ``periodic``, ``manual``, ``before-import``.
            only_if_changed: Skip it when the project has not changed since the last backup.

        Returns:
            The backup made, or None when it was skipped.

        Raises:
            BackupError: It could not be made (the project is on a database server, the disk
                is full, the folder cannot be written); nothing is left half-written.
        """
        if not self.available:
            raise BackupError(
                "This project is kept on a database server; back it up with the server's own tools."
            )
        marker = self._marker()
        if only_if_changed and marker is not None and self._unchanged(marker):
            return None
        made = self._copy(reason)
        if marker is not None:
            self._remember(made.path.name, marker)
        self.prune(keep=made)
        log.info("backed up %s to %s", self.project.name, made.path)
        return made

    def new_path(self, reason: str) -> Path:
        """Where a backup made now for ``reason`` goes (the folder is created owner-only)."""
        try:
            if self._in_data_folder:  # the folder of every project's backups, too
                private_folder(self.folder.parent)
            private_folder(self.folder)
        except OSError as error:
            raise BackupError(*self._failure(error)) from None
        return (
            self.folder / new_name(self.folder, self.project.name, self._clock(), reason).file_name
        )

    def _copy(self, reason: str) -> Backup:
        target = self.new_path(reason)
        try:
            if self._engine is not None:
                raw = self._engine.raw_connection()
                try:
                    driver = raw.driver_connection
                    assert isinstance(driver, sqlite3.Connection)
                    write_copy(driver, target)
                finally:
                    raw.close()
            else:
                with closing(source_connection(self.project)) as source:
                    write_copy(source, target)
        except (OSError, sqlite3.Error, CopyCheckError) as error:
            raise BackupError(*self._failure(error)) from None
        name = BackupName.parse(target.name)
        assert name is not None
        return Backup(target, name, target.stat().st_size)

    def prune(self, keep: Backup) -> list[Path]:
        """Remove the backups the keeping rule lets go; returns them."""
        backups = self.backups(beside=False)
        paths = {backup.name: backup.path for backup in backups}
        gone = [paths[name] for name in to_prune(paths, self._clock(), keep.name, self._zone)]
        for path in gone:
            remove_with_side_files(path)
        self._remove_leftovers()
        return gone

    def _remove_leftovers(self) -> None:
        """Remove the temporary files of copies a crash (or a kill) cut short.

        Only those an hour old: another window on the same project may be writing one now.
        """
        limit = time.time() - LEFTOVER_AGE_S
        for leftover in self.folder.glob(f".{glob.escape(self.project.name)}.*"):
            with contextlib.suppress(OSError):
                if leftover.stat().st_mtime < limit:
                    leftover.unlink()

    def _failure(self, error: OSError | sqlite3.Error | CopyCheckError) -> tuple[str, str]:
        """What went wrong, and that the work itself is safe: a sentence each."""
        where = f"Could not back up {self.project.name} to {self.folder}"
        text = str(error).lower()
        if isinstance(error, CopyCheckError):
            return f"{where}: the project file is damaged ({error}).", "No backup was made."
        if "full" in text or getattr(error, "errno", None) == 28:
            reason = "the disk is full; free some space"
        elif "readonly" in text or "read-only" in text or "permission" in text:
            reason = "the folder cannot be written to"
        else:
            reason = getattr(error, "strerror", None) or str(error)
        return f"{where}: {reason}.", "Your work in the project is saved as before."

    # -- whether anything changed since the last backup ------------------------------------

    def _marker(self) -> list[int] | None:
        """Sizes and change times of the project file and its log; None when unreadable.

        An empty ``-wal`` (one opening made, or a checkpoint emptied) counts as none, so
        opening the project without changing it leaves the marker as it was.
        """
        try:
            main = self.project.stat()
        except OSError:
            return None
        try:
            wal = self.project.with_name(self.project.name + "-wal").stat()
            log_part = [wal.st_size, wal.st_mtime_ns] if wal.st_size else [0, 0]
        except FileNotFoundError:
            log_part = [0, 0]
        except OSError:
            return None
        return [main.st_size, main.st_mtime_ns, *log_part]

    def _unchanged(self, marker: list[int]) -> bool:
        try:
            state = json.loads((self.folder / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if not isinstance(state, dict) or state.get("marker") != marker:
            return False
        last = state.get("backup")
        return isinstance(last, str) and (self.folder / Path(last).name).is_file()

    def restored_from(self, backup: Path) -> None:
        """Record that the project was just restored from ``backup``: it is then the last
        backup of the project as it is, and the restored project's opening backup (a copy
        of the same) is skipped. Backups from elsewhere are not recorded: the next backup
        is then made, so that one of the restored state stays in the folder."""
        marker = self._marker()
        if marker is not None and backup.parent.resolve() == self.folder.resolve():
            self._remember(backup.name, marker)

    def _remember(self, name: str, marker: list[int]) -> None:
        """Record ``name`` as the last backup, of the project as ``marker`` describes it."""
        state = self.folder / STATE_FILE
        try:
            with atomic_text_file(state) as handle:
                json.dump({"backup": name, "marker": marker}, handle)
            make_private(state)
        except OSError as error:  # the next backup is then made even if nothing changed
            log.warning("could not record the last backup of %s: %s", self.project.name, error)
