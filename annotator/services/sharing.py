"""A copy of the project to send: one file that holds every committed change.

While the program runs (and after a crash) the latest work sits in the ``-wal`` beside the
project file, so the project file alone is not the whole project. The shared copy is: it is
written by SQLite from the open project, to a temporary name beside the target, flushed to
disk and only then renamed into place, so a failure leaves nothing half-written. It is
owner-only, as the project is (it holds the same text), unless it replaces a copy whose
owner gave it other permissions.

The target is checked first, here, for the command line and the window alike: never the open
project, never a file that is open elsewhere or holds unsaved work (a ``-wal``, ``-shm`` or
``-journal`` beside it), never something other than a regular file (a link is followed to
the file it names), and an existing file only when the caller says to replace it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from annotator.atomic import NotAFileError, file_to_write, mode_for, sync_folder
from annotator.errors import AnnotatorError
from annotator.services.transactions import Store
from annotator.store.snapshot import vacuum_into


class ShareError(AnnotatorError):
    """The copy could not be written; nothing was left behind."""


class ShareTargetExistsError(ShareError):
    """The target exists and replacing it was not asked for.

    Attributes:
        path: The target.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} already exists; choose another name, or replace it.")
        self.path = path


#: The files beside a SQLite database while a program has it open, or after one stopped
#: with work not yet moved into it (replacing the database would lose or corrupt that work).
_IN_USE_SUFFIXES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True, slots=True)
class ShareResult:
    """The copy written."""

    path: Path
    bytes: int


class ShareService:
    """Writes self-contained copies of the open project.

    Args:
        store: The project's store.
        project_path: The project file (never overwritten by a copy).
    """

    def __init__(self, store: Store, project_path: Path) -> None:
        self._store = store
        self._project_path = project_path

    def share(self, target: Path, *, replace: bool = False) -> ShareResult:
        """Write a copy of the project, with every committed change, to ``target``.

        Args:
            target: The copy (through a symbolic link: the file it names).
            replace: Overwrite ``target`` if it exists (the user agreed).

        Raises:
            ShareTargetExistsError: ``target`` exists and ``replace`` is False.
            ShareError: ``target`` is the project itself, is open elsewhere or holds unsaved
                work, is not a regular file, or cannot be written (folder missing or
                read-only, disk full); the old ``target`` is untouched.
            DamagedProjectError: The project file is damaged (checked whole first).
        """
        target = self._check_target(target.expanduser().absolute(), replace)
        self._store.check_damage()  # else VACUUM INTO would blame the copy for the damage
        try:
            descriptor, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=".part"
            )
        except OSError as error:
            raise ShareError(_message(target, error)) from None
        os.close(descriptor)
        temporary = Path(name)
        try:
            # Either takes the empty file mkstemp made.
            if self._store.file_gone:  # only the connection still open can read the work
                self._store.copy_to(temporary)
            else:
                vacuum_into(self._store.engine, temporary)
            _make_durable(temporary, target)
            temporary.replace(target)
        except (OSError, sqlite3.Error) as error:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise ShareError(_message(target, error)) from None
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        sync_folder(target.parent)
        return ShareResult(target, target.stat().st_size)

    def _check_target(self, target: Path, replace: bool) -> Path:
        """The file to write for ``target``, once it is safe to (re)place."""
        if target.is_dir():
            raise ShareError(f"{target} is a folder; give the copy a file name.")
        if not target.parent.is_dir():
            raise ShareError(f"Cannot write {target}: the folder {target.parent} does not exist.")
        # Once the project file is gone, its name is free for the copy that saves the work.
        if not self._store.file_gone and _same_file(target, self._project_path):
            raise ShareError(
                f"{target} is the project you have open; save the copy under another name."
            )
        try:
            real = file_to_write(target)
        except NotAFileError as error:
            raise ShareError(
                f"{target} is {error.kind}, not a file; save the copy as a file."
            ) from None
        except OSError as error:
            raise ShareError(_message(target, error)) from None
        # A window has these beside the project while it is open. Renaming a new file
        # under them would lose that window's later work, or make SQLite apply a stale log
        # to the copy; a leftover one holds work that was never moved into the file.
        if any(real.with_name(real.name + end).exists() for end in _IN_USE_SUFFIXES):
            raise ShareError(f"{target} is open in Annotator or another program; close it first.")
        if real.exists() and not replace:
            raise ShareTargetExistsError(target)
        return real


def _same_file(target: Path, project: Path) -> bool:
    try:
        return target.resolve() == project.resolve() or (
            target.exists() and target.samefile(project)
        )
    except OSError:
        return False


def _make_durable(path: Path, target: Path) -> None:
    """Flush the copy to disk (SQLite does not for ``VACUUM INTO``); it stays owner-only
    (mkstemp's mode), unless it replaces a copy whose owner gave it other permissions."""
    path.chmod(mode_for(target))
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _message(target: Path, error: OSError | sqlite3.Error) -> str:
    """What went wrong, in words that say what to do."""
    reason = str(error).lower()
    code = error.errno if isinstance(error, OSError) else None
    if code == errno.ENOSPC or "full" in reason:
        return (
            f"Cannot write {target}: the disk is full. Free some space, or choose another "
            "disk, and try again. Nothing was written."
        )
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or "readonly" in reason:
        return (
            f"Cannot write {target}: the folder {target.parent} cannot be written to "
            "(read-only, or not yours). Choose another folder."
        )
    if "unable to open" in reason:
        return f"Cannot write {target}: the file cannot be created there. Choose another folder."
    detail = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return f"Cannot write {target}: {detail}. Nothing was written."
