"""Files and folders that cannot be written, also for root (CI runs the tests as root, and
``chmod`` does not stop root): an immutable file (``chattr +i``) or a read-only bind mount
in a private mount namespace (``unshare -m``); as anyone else, plain permissions."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    """``path`` cannot be written inside the block (its folder still can)."""
    if not IS_ROOT:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o600)
        return
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if shutil.which("chattr") is None or done.returncode != 0:
        pytest.skip("running as root, and this file system cannot make a file immutable")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def in_read_only_folder(folder: Path, argv: list[str]) -> list[str]:
    """``argv`` run with ``folder`` read-only (call inside :func:`read_only_folder`)."""
    if not IS_ROOT:
        return argv
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    return ["unshare", "-m", "--propagation", "private", "sh", "-c", script, str(folder), *argv]


@contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    """Makes the commands of :func:`in_read_only_folder` see ``folder`` read-only."""
    if IS_ROOT:
        probe = subprocess.run(in_read_only_folder(folder, ["true"]), capture_output=True)
        if shutil.which("unshare") is None or probe.returncode != 0:
            pytest.skip("running as root, and no private mount namespace can be made here")
        yield
        return
    folder.chmod(0o555)
    try:
        yield
    finally:
        folder.chmod(0o755)
