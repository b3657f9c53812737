"""Writing files so that they are either complete or absent."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def atomic_text_file(target: Path) -> Iterator[TextIO]:
    """Yield a UTF-8 text file that replaces ``target`` only when the block succeeds.

    The data is written beside the target, flushed to disk and renamed over it; on any error
    the temporary file is removed and the target is left as it was.

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
        with open(descriptor, "w", encoding="utf-8", newline="\n") as handle:  # noqa: PTH123 (a descriptor, not a path)
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


def _default_mode() -> int:
    """0o666 less the process umask (which can only be read by setting it)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask
