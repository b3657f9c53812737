"""Writing files so that they are either complete or absent.

A file is written beside its target and renamed over it. That is only right for a regular
file: renaming over a device, a pipe or a socket (``/dev/stdout`` is a link to one) would
replace it with a file, so such targets are refused; a symbolic link is followed, and the
file it names is replaced, not the link.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
import tempfile
from collections.abc import Iterator
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
def atomic_text_file(target: Path, digest: Any = None) -> Iterator[TextIO]:
    """Yield a UTF-8 text file that replaces ``target`` only when the block succeeds.

    The data is written beside the target, flushed to disk and renamed over it; on any error
    the temporary file is removed and the target is left as it was.

    Args:
        target: The file to write (through symbolic links: see :func:`file_to_write`).
        digest: A ``hashlib`` object fed every byte written, if given.

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
        # mkstemp creates the file private (0600); give it the mode a plain open() would.
        temporary.chmod(target.stat().st_mode & 0o7777 if target.exists() else new_file_mode())
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


def new_file_mode() -> int:
    """0o666 less the process umask (which can only be read by setting it)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
