"""Telling network and FUSE drives from local ones (issue 13, 8), from real mount tables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from read_only_places import IS_ROOT

from annotator.filesystems import (
    is_remote_kind,
    mount_of,
    network_warning,
    parse_macos_mount,
    parse_mountinfo,
)

TABLES = Path(__file__).with_name("mount_tables")
#: /proc/self/mountinfo of an Ubuntu 22.04 desktop with an NFS home, a Samba share, an
#: sshfs mount, GNOME's gvfs and a snap (lines as the kernel writes them).
UBUNTU = (TABLES / "ubuntu-22.04-mountinfo").read_text(encoding="utf-8")

#: macOS 14 ``mount`` output with an SMB share and an APFS data volume.
MACOS = """
/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse, protect)
map auto_home on /System/Volumes/Data/home (autofs, automounted, nobrowse)
//ana@nas._smb._tcp.local/Team%20Share on /Volumes/Team Share (smbfs, nodev, nosuid, mounted by ana)
""".strip()


def kind_at(path: str, text: str = UBUNTU) -> str | None:
    mount = mount_of(path, parse_mountinfo(text))
    return None if mount is None else mount.kind


@pytest.mark.parametrize(
    ("path", "kind", "remote"),
    [
        ("/home/ana/projects/p.annotator", "nfs4", True),
        ("/home", "nfs4", True),
        ("/home/ana/scratch/p.annotator", "ext4", False),  # a local disk inside the NFS home
        ("/home/ana/scratchpad/p.annotator", "nfs4", True),  # a prefix, not the mount point
        ("/mnt/team share/p.annotator", "cifs", True),  # \040 in mountinfo is a space
        ("/mnt/server/corpus/p.annotator", "fuse.sshfs", True),
        ("/run/user/1000/gvfs/smb-share:server=nas/p.annotator", "fuse.gvfsd-fuse", True),
        ("/tmp/p.annotator", "ext4", False),
        ("/boot/efi/p.annotator", "vfat", False),
        ("/snap/core22/1122/p", "squashfs", False),
    ],
)
def test_the_longest_mount_point_decides(path: str, kind: str, remote: bool) -> None:
    assert kind_at(path) == kind
    assert is_remote_kind(kind) is remote


def test_the_last_of_two_mounts_on_one_point_hides_the_first() -> None:
    stacked = UBUNTU + "\n180 29 0:70 / /mnt/server rw,relatime - ext4 /dev/sdc1 rw"
    assert kind_at("/mnt/server/p.annotator", stacked) == "ext4"


def test_broken_lines_are_skipped() -> None:
    assert parse_mountinfo("garbage\n\n29 1 259:2 / / rw - ext4 /dev/sda rw\n12 3") == [
        parse_mountinfo("29 1 259:2 / / rw - ext4 /dev/sda rw")[0]
    ]


def test_macos_mount_output() -> None:
    mounts = parse_macos_mount(MACOS)
    share = mount_of("/Volumes/Team Share/p.annotator", mounts)
    assert share is not None and share.kind == "smbfs"
    local = mount_of("/System/Volumes/Data/Users/ana/p.annotator", mounts)
    assert local is not None and local.kind == "apfs"


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="reads Linux's mountinfo")
def test_a_project_on_a_fuse_mount_is_warned_about_in_plain_words(tmp_path: Path) -> None:
    folder = tmp_path / "remote"
    folder.mkdir()
    table = tmp_path / "mountinfo"
    table.write_text(
        UBUNTU + f"\n190 29 0:80 / {folder} rw - fuse.sshfs ana@server:/x rw\n", encoding="utf-8"
    )
    warning = network_warning(folder / "p.annotator", table)
    assert warning is not None
    assert "network drive (fuse.sshfs)" in warning
    assert "local disk" in warning
    assert network_warning(tmp_path / "p.annotator", table) is None


@pytest.mark.slow
@pytest.mark.skipif(not IS_ROOT or sys.platform != "linux", reason="needs a mount namespace")
def test_the_command_line_warns_before_writing_to_a_network_drive(tmp_path: Path) -> None:
    """The real command, whose /proc/self/mountinfo says the project's folder is sshfs."""
    table = tmp_path / "mountinfo"
    table.write_text(
        f"29 1 259:2 / / rw - ext4 /dev/vda rw\n190 29 0:80 / {tmp_path} rw - fuse.sshfs "
        "ana@server:/x rw\n",
        encoding="utf-8",
    )
    page = tmp_path / "page.txt"
    page.write_text("A page on a server.", encoding="utf-8")
    project = tmp_path / "p.annotator"
    # The shell becomes the annotator process (exec keeps its pid), so /proc/$$ is its own.
    script = 'mount --bind "$0" /proc/$$/mountinfo && exec "$@"'
    argv = ["unshare", "-m", "--propagation", "private", "sh", "-c", script, str(table)]
    argv += [sys.executable, "-m", "annotator", "import", str(project), str(page)]
    environment = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "c"))
    environment["XDG_DATA_HOME"] = str(tmp_path / "d")
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=environment)
    if done.returncode != 0 and "unshare" in done.stderr:
        pytest.skip(f"no private mount namespace here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"annotator: warning: {project} is on a network drive (fuse.sshfs)")
    assert "1 new document(s)" in done.stdout  # a warning, not a refusal
