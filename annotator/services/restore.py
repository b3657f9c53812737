"""Restoring a project file from one of its backups.

The main use is a project file that is damaged or gone: the backup is checked first
(``quick_check``, and that it is a project this version can open), the project must be open
nowhere, the current file (with its ``-wal``) is kept aside in the backup folder as a
``before-restore`` backup, and only then is the backup put in place, in one rename, the old
``-wal`` and ``-shm`` removed before it so that they can never meet the restored file.

The current file is kept aside as SQLite reads it (file and log in one checked copy) when
it can be read; a damaged one is kept as its bytes, with its ``-wal`` beside it under the
same name, for ``sqlite3 .recover`` or a specialist.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.services.backups import BackupError, BackupService
from annotator.store.backup_copy import (
    CopyCheckError,
    check,
    remove_with_side_files,
    source_connection,
    summary,
    write_copy,
)
from annotator.store.backup_names import BEFORE_RESTORE
from annotator.store.db import known_revisions
from annotator.store.project_swap import (
    ProjectInUseError,
    closed_everywhere,
    copy_raw,
    put_in_place,
    side_file,
)


class RestoreError(AnnotatorError):
    """The project could not be restored; it was not changed."""


@dataclass(frozen=True, slots=True)
class RestoreResult:
    """What a restore did.

    Attributes:
        project: The project file, now the backup's copy.
        source: The backup restored.
        kept: Where the project file as it was went (None: there was none).
        kept_readable: Whether ``kept`` is a checked copy (False: the damaged file's bytes).
    """

    project: Path
    source: Path
    kept: Path | None
    kept_readable: bool

    def line(self) -> str:
        """What happened, in one line."""
        if self.kept is None:
            before = "there was no project file to keep"
        elif self.kept_readable:
            before = f"the file as it was is kept as {self.kept}"
        else:
            before = f"the damaged file as it was is kept as {self.kept}"
        return f"Restored {self.project} from {self.source.name}; {before}."


def choose_backup(service: BackupService, given: Path | None) -> Path:
    """The backup ``restore`` means: ``given`` (a path, or a name in the backup folder), or
    for None the newest one that passes its check.

    Raises:
        RestoreError: There is none, or ``given`` does not exist.
    """
    if given is None:
        latest = service.latest_sound()
        if latest is None:
            raise RestoreError(
                f"There is no sound backup of {service.project.name} in {service.folder}."
            )
        return latest.path
    for candidate in (given, service.folder / given.name):
        if candidate.is_file():
            return candidate.absolute()
    raise RestoreError(
        f"{given}: no such backup (backups of this project are in {service.folder})."
    )


def restore(service: BackupService, backup: Path) -> RestoreResult:
    """Put ``backup`` in place of the project, keeping the current file aside first.

    The caller has closed its own connections to the project.

    Raises:
        RestoreError: The backup is damaged, not a project, or from a newer version; the
            project is open in another process; or the files could not be written. The
            project file is then as it was.
    """
    project = service.project
    if backup.exists() and project.exists() and backup.samefile(project):
        raise RestoreError(f"{backup} is the project itself; choose one of its backups.")
    _check_backup(backup)
    try:
        with closed_everywhere(project):
            kept, readable = _keep_aside(service)
            put_in_place(backup, project)
        service.restored_from(backup)
    except ProjectInUseError:
        raise RestoreError(
            f"{project} is open in Annotator or another program; close it there first. "
            "Nothing was changed."
        ) from None
    except OSError as error:
        raise RestoreError(
            f"Could not restore {project}: {error.strerror or error}. The project file is "
            "as it was."
        ) from None
    return RestoreResult(project, backup, kept, readable)


def _check_backup(backup: Path) -> None:
    problem = check(backup)
    if problem is not None:
        raise RestoreError(f"Cannot restore from {backup}: {problem}. Nothing was changed.")
    revision = summary(backup).revision
    if revision is not None and revision not in known_revisions():
        raise RestoreError(
            f"Cannot restore from {backup}: it was made by a newer version of Annotator "
            f"(schema {revision}). Nothing was changed."
        )


def _keep_aside(service: BackupService) -> tuple[Path | None, bool]:
    """Keep the project file (and its log) in the backup folder; where, and whether as a
    checked copy. Only the copies are opened: the project itself is never touched."""
    project = service.project
    wal = side_file(project, "-wal")
    has_log = wal.exists() and wal.stat().st_size > 0
    if not project.exists() and not has_log:
        return None, False
    try:
        target = service.new_path(BEFORE_RESTORE)
    except BackupError as error:
        raise OSError(str(error)) from None
    if not project.exists():  # a log left without its file: kept, though nothing reads it
        copy_raw(wal, side_file(target, "-wal"))
        return side_file(target, "-wal"), False
    raw = target.with_name(f".{target.name}.raw")
    copy_raw(project, raw)
    try:
        if has_log:
            copy_raw(wal, side_file(raw, "-wal"))
        if _fold(raw, target):
            return target, True
        raw.replace(target)
        if has_log:
            side_file(raw, "-wal").replace(side_file(target, "-wal"))
    finally:
        remove_with_side_files(raw)
    return target, False


def _fold(raw: Path, target: Path) -> bool:
    """Write the raw copy (file and log) as one checked copy; False when it is damaged.

    Read-only, so that the raw pair stays as it was (a writer would move the log into the
    file on closing), to be kept as it is when the copy fails.
    """
    try:
        with closing(source_connection(raw, read_only=True)) as source:
            write_copy(source, target)
    except (sqlite3.Error, CopyCheckError):
        return False
    return True
