"""Whether a folder lies on a network drive or a FUSE file system.

SQLite's locking relies on the operating system's file locks and, in WAL mode, on shared
memory; network file systems (NFS, SMB, sshfs and other FUSE mounts) often implement them
badly or not at all, so two computers working on one project there can damage it, and
SQLite's own errors ("unable to open database file") do not say why. The program warns in
plain words instead. Standard library only: the command line asks before loading anything.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: File system types (as Linux's mountinfo names them) that lie on another computer.
NETWORK_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "davfs",
     "ncpfs", "lustre", "gpfs", "beegfs", "ocfs2", "gfs2", "virtiofs", "vboxsf",
     "prl_fs", "vmhgfs", "webdav"}
)  # fmt: skip
#: On macOS, the type ``mount`` prints for the same.
_MACOS_NETWORK_TYPES = frozenset({"nfs", "smbfs", "afpfs", "webdav", "cifs", "macfuse", "osxfuse"})
MOUNTINFO = Path("/proc/self/mountinfo")


@dataclass(frozen=True, slots=True)
class Mount:
    """One mounted file system: where it is mounted, and its type (``fuse.sshfs``)."""

    point: str
    kind: str


def _unescape(field: str) -> str:
    r"""Mountinfo writes space, tab, newline and backslash in paths as octal (``\040``)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def parse_mountinfo(text: str) -> list[Mount]:
    """The mounts listed in Linux's ``/proc/<pid>/mountinfo`` (proc(5)); bad lines skipped."""
    mounts = []
    for line in text.splitlines():
        fields = line.split(" ")
        try:
            separator = fields.index("-", 6)
            mounts.append(Mount(_unescape(fields[4]), fields[separator + 1]))
        except (ValueError, IndexError):
            continue
    return mounts


def parse_macos_mount(text: str) -> list[Mount]:
    """The mounts listed by macOS's ``mount`` (``//u@host/share on /Volumes/x (smbfs, …)``)."""
    mounts = []
    for line in text.splitlines():
        head, sep, options = line.rpartition(" (")
        _, on, point = head.partition(" on ")
        if sep and on:
            mounts.append(Mount(point, options.split(",")[0].strip(" )")))
    return mounts


def mount_of(path: str, mounts: list[Mount]) -> Mount | None:
    """The mount holding ``path`` (absolute, links resolved): the longest matching point;
    of several at one point, the last mounted (it hides the others)."""
    best: Mount | None = None
    for mount in mounts:
        point = mount.point.rstrip("/") or "/"
        inside = path == point or path.startswith(point if point == "/" else point + "/")
        if inside and (best is None or len(point) >= len(best.point.rstrip("/") or "/")):
            best = mount
    return best


def is_remote_kind(kind: str) -> bool:
    """Whether a file system type is a network or FUSE one (``fuse``, ``fuse.sshfs`` …)."""
    return kind in NETWORK_TYPES or kind == "fuse" or kind.startswith(("fuse.", "fuseblk."))


def remote_filesystem(folder: Path, mountinfo: Path = MOUNTINFO) -> str | None:
    """The type of the network or FUSE file system ``folder`` lies on; None for a local one,
    or when it cannot be told (best effort: the warning is advice, never a refusal)."""
    where = os.path.realpath(folder)
    if sys.platform == "win32":
        return _windows_remote(where)
    try:
        if sys.platform == "darwin":
            text = subprocess.run(
                ["/sbin/mount"], capture_output=True, text=True, timeout=5, check=True
            ).stdout
            mounts = parse_macos_mount(text)
            kinds = _MACOS_NETWORK_TYPES
        else:
            mounts = parse_mountinfo(mountinfo.read_text(encoding="utf-8", errors="replace"))
            kinds = NETWORK_TYPES
    except (OSError, subprocess.SubprocessError):
        return None
    mount = mount_of(where, mounts)
    if mount is None:
        return None
    remote = is_remote_kind(mount.kind) or mount.kind in kinds
    return mount.kind if remote else None


def _windows_remote(where: str) -> str | None:
    """Windows: a drive the system calls remote (a mapped network drive, a UNC path)."""
    import ctypes

    drive_remote = 4  # DRIVE_REMOTE
    root = os.path.splitdrive(where)[0] + "\\"
    if root.startswith("\\\\"):
        return "network share"
    kernel = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined,unused-ignore]
    return "network drive" if kernel.GetDriveTypeW(root) == drive_remote else None


def network_warning(project: Path, mountinfo: Path = MOUNTINFO) -> str | None:
    """A plain-words warning when the project's folder is on a network or FUSE drive."""
    kind = remote_filesystem(project.expanduser().absolute().parent, mountinfo)
    if kind is None:
        return None
    return (
        f"{project} is on a network drive ({kind}). Network drives often cannot lock files "
        "reliably: a project worked on there by two computers at once can be damaged. For "
        "safety, copy it to a local disk to work on it."
    )
