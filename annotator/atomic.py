"""Writing files so that they are either complete or absent."""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TextIO


class _Hashing(io.RawIOBase):
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


@contextmanager
def atomic_text_file(target: Path, digest: Any = None) -> Iterator[TextIO]:
    """Yield a UTF-8 text file that replaces ``target`` only when the block succeeds.

    The data is written beside the target, flushed to disk and renamed over it; on any error
    the temporary file is removed and the target is left as it was.

    Args:
        target: The file to write.
        digest: A ``hashlib`` object fed every byte written, if given.

    Raises:
        OSError: The folder cannot be written.
    """
    descriptor, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".part"
    )
    temporary = Path(name)
    try:
        # mkstemp creates the file private (0600); give it the mode a plain open() would.
        temporary.chmod(target.stat().st_mode & 0o7777 if target.exists() else _default_mode())
        with _text_file(descriptor, digest) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _text_file(descriptor: int, digest: Any) -> TextIO:
    if digest is None:
        return open(descriptor, "w", encoding="utf-8", newline="\n")
    raw = open(descriptor, "wb", buffering=0)  # noqa: SIM115 (closed with the wrapper)
    binary = io.BufferedWriter(_Hashing(raw, digest), buffer_size=1 << 16)
    return io.TextIOWrapper(binary, encoding="utf-8", newline="\n")


def _default_mode() -> int:
    """0o666 less the process umask (which can only be read by setting it)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
