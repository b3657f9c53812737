"""A real small file system for disk-full tests: a tmpfs in a private mount namespace.

``unshare -rm`` gives a process its own user and mount namespaces (no privileges needed
where the kernel allows unprivileged user namespaces; CI runs as root anyway); a tmpfs of a
few hundred KiB mounted there on an empty folder is seen by that process alone and vanishes
with it. The process (a driver script) fills the disk with :func:`fill`, tries an operation,
checks how it failed, frees the space with :func:`free` and tries again, all inside; it
reports what it saw on its standard output, for the test to assert on.

In a test::

    skip_without_small_disk()
    result = run_on_small_disk(tmp_path / "disk", 512, [sys.executable, DRIVER, ...])

Everything the driver writes on the small disk is gone once it ends: it must look at its
files (nothing half-written, no temporary file left) before it exits.
"""

from __future__ import annotations

import errno
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

#: Mounts a tmpfs of "$1" KiB on "$2" and runs the rest of the arguments in its place.
_MOUNT_AND_RUN = 'mount -t tmpfs -o "size=$1k,mode=0700" tmpfs "$2" && shift 2 && exec "$@"'


@functools.cache
def unavailable() -> str | None:
    """Why no small disk can be made here (None: it can)."""
    if sys.platform != "linux":
        return f"a tmpfs in a private mount namespace needs Linux, not {sys.platform}"
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    with tempfile.TemporaryDirectory() as folder:
        try:
            result = _run(Path(folder), 64, ["true"], timeout=30)
        except (OSError, subprocess.SubprocessError) as error:
            return f"unshare -rm could not run: {error}"
    if result.returncode != 0:
        said = " ".join(result.stderr.split())[:200]
        return f"this kernel or sandbox refuses a private mount namespace (unshare -rm): {said}"
    return None


def skip_without_small_disk() -> None:
    """Skip the calling test, saying precisely why, where no small disk can be made."""
    reason = unavailable()
    if reason is not None:
        pytest.skip(f"no small disk: {reason}")


def run_on_small_disk(
    folder: Path,
    size_kib: int,
    argv: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` with a tmpfs of ``size_kib`` KiB mounted on ``folder`` (created empty).

    Only the process and its children see the mount; ``folder`` is empty again afterwards.
    """
    folder.mkdir(parents=True, exist_ok=True)
    return _run(folder, size_kib, argv, env=env, timeout=timeout)


def _run(
    folder: Path,
    size_kib: int,
    argv: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    timeout: float,
) -> subprocess.CompletedProcess[str]:
    command = ["unshare", "-rm", "sh", "-c", _MOUNT_AND_RUN, "sh", str(size_kib), str(folder)]
    return subprocess.run(
        [*command, *argv], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system ``folder`` is on, to the last byte or leaving about ``leave``
    bytes free; returns the filler file, for :func:`free`.

    Raises:
        RuntimeError: The file system is not full afterwards (not a small disk).
    """
    filler = folder / "filler.bin"
    with filler.open("wb", buffering=0) as handle:
        chunk = 1 << 16
        while chunk:
            try:
                handle.write(b"\0" * chunk)
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
                chunk //= 2
        if leave:
            handle.truncate(max(0, handle.tell() - leave))
    free_bytes = shutil.disk_usage(folder).free
    if free_bytes > leave + (64 << 10):
        raise RuntimeError(f"{folder} still has {free_bytes} bytes free: not a small disk")
    return filler


def free(filler: Path) -> None:
    """Give the space :func:`fill` took back."""
    filler.unlink()


@contextmanager
def mounted_small_disk(folder: Path, size_kib: int) -> Iterator[Path]:
    """A tmpfs of ``size_kib`` KiB mounted on the new folder ``folder`` for the test process
    itself (for code that must run in the test: services, not a driver); unmounted after.

    Mounting in the test's own mount namespace needs root (CI runs as root); elsewhere the
    calling test is skipped, saying so.
    """
    mount = shutil.which("mount")
    if sys.platform != "linux" or os.geteuid() != 0 or mount is None:
        pytest.skip("mounting a small disk in the test process needs root on Linux")
    folder.mkdir()
    made = subprocess.run(
        [mount, "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode(errors='replace')}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
