"""Writing files so that they are either complete or absent.

A file is written beside its target and renamed over it. That is only right for a regular
file: renaming over a device, a pipe or a socket (``/dev/stdout`` is a link to one) would
replace it with a file, so such targets are refused; a symbolic link is followed, and the
file it names is replaced, not the link.

Several files that belong together (an export and its sidecar) are put in place by
:func:`replace_together`: all of them, or, when one rename fails, none (the originals kept
aside are put back).

A new file is created readable by its owner only (it holds the text people annotate); a file
written over an existing one keeps that file's permissions, which its owner chose.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TextIO


class HashingWriter(io.RawIOBase):
    """Passes bytes through to a file, hashing them on the way (no second read of the file)."""

    def __init__(self, raw: BinaryIO, digest: Any) -> None:
        self._raw = raw
        self._digest = digest

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._digest.update(data)
        return self._raw.write(data)

    def flush(self) -> None:
        self._raw.flush()

    def fileno(self) -> int:
        return self._raw.fileno()

    def close(self) -> None:
        super().close()  # flushes first
        self._raw.close()


class NotAFileError(OSError):
    """The target exists and is not a regular file (a folder, device, pipe or socket).

    Attributes:
        kind: What it is, for a message ("a named pipe").
    """

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, f"it is {kind}, not a file", str(path))
        self.kind = kind


def folder_to_write(target: Path) -> Path:
    """The folder that writing the folder ``target`` replaces: ``target``, or what its links
    name (the link stays and names the new folder).

    Raises:
        OSError: It cannot be looked at (a loop of links, no permission).
    """
    if target.is_symlink():
        return Path(os.path.realpath(target))
    return target


def file_to_write(target: Path) -> Path:
    """The regular file that writing ``target`` replaces: ``target``, or what its links name.

    Raises:
        NotAFileError: ``target`` (after its links) exists and is not a regular file.
        OSError: It cannot be looked at (a loop of links, no permission).
    """
    try:
        mode = target.stat().st_mode  # follows links, /proc's "magic" ones too
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise NotAFileError(target, _kind(mode))
    if target.is_symlink():
        # A dangling link names the file to create. realpath, unlike resolve(), does not
        # raise on a loop of links; opening the result does, with a message.
        return Path(os.path.realpath(target))
    return target


#: How an SQLite database file begins, and the two magic numbers a write-ahead log begins with.
_SQLITE_HEADER = b"SQLite format 3\x00"
_WAL_MAGIC = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")


def holds_database(target: Path) -> bool:
    """Whether ``target`` (after its links) is an SQLite database or its write-ahead log: a
    project file, whose work an export or a suggestion file written over it would destroy."""
    try:
        # Only a regular file is opened: opening a named pipe would wait for a writer.
        if not stat.S_ISREG(target.stat().st_mode):
            return False
        with target.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except OSError:  # missing, unreadable: not a database we could destroy
        return False
    return head == _SQLITE_HEADER or head[:4] in _WAL_MAGIC


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


@contextmanager
def atomic_text_file(
    target: Path, digest: Any = None, *, private: bool = False
) -> Iterator[TextIO]:
    """Yield a UTF-8 text file that replaces ``target`` only when the block succeeds.

    The data is written beside the target, flushed to disk and renamed over it; on any error
    the temporary file is removed and the target is left as it was.

    Args:
        target: The file to write (through symbolic links: see :func:`file_to_write`).
        digest: A ``hashlib`` object fed every byte written, if given.
        private: Owner-only even when it replaces a file others could read (a file of the
            program's own, such as the settings); otherwise see :func:`mode_for`.

    Raises:
        NotAFileError: The target is not a regular file.
        OSError: The folder cannot be written.
    """
    target = file_to_write(target)
    descriptor, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    temporary = Path(name)
    try:
        temporary.chmod(OWNER_ONLY if private else mode_for(target))
        with _text_file(descriptor, digest) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    sync_folder(target.parent)


def sync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable, where the operating system allows it."""
    with contextlib.suppress(OSError):
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _text_file(descriptor: int, digest: Any) -> TextIO:
    if digest is None:
        return open(descriptor, "w", encoding="utf-8", newline="\n")
    raw = open(descriptor, "wb", buffering=0)  # noqa: SIM115 (closed with the wrapper)
    binary = io.BufferedWriter(HashingWriter(raw, digest), buffer_size=1 << 16)
    return io.TextIOWrapper(binary, encoding="utf-8", newline="\n")


#: Read and write for the owner only (mkstemp's mode, and every new file's).
OWNER_ONLY = 0o600


def mode_for(target: Path) -> int:
    """The permissions a file written to ``target`` gets: those of the file it replaces (its
    owner chose them, perhaps to share a dataset with a group), else owner-only."""
    try:
        return stat.S_IMODE(target.stat().st_mode) & 0o777
    except FileNotFoundError:
        return OWNER_ONLY


def replace_together(moves: Sequence[tuple[Path, Path]]) -> None:
    """Rename each staged file or folder onto its place: every one of them, or none.

    Each original is kept aside (a second name for a file, so its place is never empty; a
    folder is renamed) until every rename has succeeded, and only then removed. When a rename
    fails, the ones already made are undone in reverse order and the originals put back:
    every place holds what it held before, and what was staged is at its staged name again
    (or gone), for the caller to remove.

    Args:
        moves: (staged, place) pairs, on the same file system; renamed in this order.

    Raises:
        OSError: A rename failed (after the undoing).
    """
    done: list[_Move] = []
    try:
        for staged, place in moves:
            move = _Move(staged, place)
            done.append(move)
            move.keep_aside()
            staged.replace(place)
            move.placed = True
    except BaseException:
        for move in reversed(done):
            move.undo()
        raise
    for move in done:
        move.drop_aside()
    for folder in {place.parent for _staged, place in moves}:
        sync_folder(folder)


class _Move:
    """One rename of :func:`replace_together`, with the original it replaces kept aside."""

    def __init__(self, staged: Path, place: Path) -> None:
        self.staged = staged
        self.place = place
        #: Where the original is kept until every rename is made (None: there was none).
        self.aside: Path | None = None
        #: The aside is a second name of the original, which is still at its place too.
        self.linked = False
        self.placed = False

    def keep_aside(self) -> None:
        try:
            mode = self.place.lstat().st_mode
        except FileNotFoundError:
            return
        # Only like replaces like: a folder that took a file's place since it was checked
        # (or a link, a pipe) is someone else's, and is never moved, let alone removed.
        if self.staged.is_dir():
            if not stat.S_ISDIR(mode):
                raise NotADirectoryError(errno.ENOTDIR, "it is not a folder", str(self.place))
        elif not stat.S_ISREG(mode):
            raise NotAFileError(self.place, "a link" if stat.S_ISLNK(mode) else _kind(mode))
        aside = _free_name(self.place, ".old")
        if stat.S_ISREG(mode):
            try:
                aside.hardlink_to(self.place)  # the place is never empty, even after a crash
                self.aside, self.linked = aside, True
                return
            except OSError:  # a file system without hard links (FAT, some network ones)
                pass
        self.place.rename(aside)
        self.aside = aside

    def undo(self) -> None:
        """Put the original back. Errors are not raised over the one being reported: an
        original that cannot be put back stays at its name aside rather than be lost."""
        with contextlib.suppress(OSError):
            if self.linked and self.aside is not None:
                if self.placed:
                    self.aside.replace(self.place)  # the original over the new file, at once
                else:
                    self.aside.unlink()  # the original never left its place
                return
            if self.placed:
                self.place.rename(self.staged)
            if self.aside is not None:
                self.aside.rename(self.place)

    def drop_aside(self) -> None:
        if self.aside is None:
            return
        if self.aside.is_dir() and not self.aside.is_symlink():
            shutil.rmtree(self.aside, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                self.aside.unlink()


def _free_name(place: Path, suffix: str) -> Path:
    """A hidden name beside ``place`` that nothing has."""
    while True:
        candidate = place.with_name(f".{place.name}.{secrets.token_hex(4)}{suffix}")
        if not os.path.lexists(candidate):
            return candidate
