"""An export and its sidecar are put in place together, or neither is (issue 13, defect 3).

The old way wrote the data, renamed it over the last export, and only then wrote the sidecar:
when the sidecar failed (its place taken by a folder, a full disk), the command said the
export failed while the new data sat beside the old export's sidecar, whose SHA-256 and
counts no longer matched. Links are written through, never replaced: to a file, a folder
(the formats of several files), a zip, and the sidecar itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from small_disk import mounted_small_disk

from annotator.atomic import NotAFileError, replace_together
from annotator.core.model import DocumentDraft, SpanDraft
from annotator.errors import ExportError
from annotator.services.export_sidecar import sidecar_path
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project

ALICE = ImportOptions(default_annotator="alice", create_labels=True)

#: (format, target name, the files it writes beside the target: companions of one file).
KINDS = [
    ("jsonl", "out.jsonl", ()),
    ("labelstudio", "tasks.json", ("tasks.labelconfig.xml",)),
    ("brat", "bundle", ()),
    ("brat", "bundle.zip", ()),
]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    opened = Project.open(tmp_path / "p.annotator", "alice")
    add_pages(opened, 2)
    yield opened
    opened.close()


def add_pages(project: Project, count: int, labels: int = 1) -> None:
    """``count`` more pages, each with one span of each of ``labels`` labels."""
    start = len(project.catalog.document_summaries(project.annotator_id))
    drafts = [
        DocumentDraft(
            text=f"Page {start + n}: prices rose. " * labels,
            title=f"Page {start + n}",
            source=f"pages/{start + n}.txt",
            spans=[SpanDraft(16 * k, 16 * k + 6, f"Label {k:03d}") for k in range(labels)],
        )
        for n in range(count)
    ]
    project.importer.import_drafts(drafts, ALICE, ImportReport())


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder`` (links followed) with its bytes (None for a
    folder), by its path relative to ``folder``."""
    found: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        name = str(path.relative_to(folder))
        if name.startswith("p.annotator"):
            continue
        found[name] = None if path.is_dir() else path.read_bytes()
    return found


def leftovers(folder: Path) -> list[str]:
    """Staged files and folders, originals kept aside: every hidden name (ours all are)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*"))


@pytest.mark.parametrize(("format_name", "name", "companions"), KINDS)
def test_a_sidecar_that_fails_leaves_the_last_export_as_it_was(
    project: Project, tmp_path: Path, format_name: str, name: str, companions: tuple[str, ...]
) -> None:
    """The sidecar's place becomes a folder while the export runs (checked at the start,
    taken by another program afterwards): the new export is never put in place."""
    target = tmp_path / name
    project.exporter.export(target, format_name)
    add_pages(project, 3)  # the next export differs from this one
    sidecar = sidecar_path(target)
    before = snapshot(tmp_path)
    assert {name, sidecar.name, *companions} <= set(before)

    def take_the_sidecar_place(done: int, _total: int, _what: str) -> None:
        if done == 0:
            sidecar.unlink()
            sidecar.mkdir()
            (sidecar / "notes.txt").write_text("someone else's", encoding="utf-8")

    with pytest.raises(ExportError, match=r"meta\.json: it is a folder, not a file"):
        project.exporter.export(target, format_name, progress=take_the_sidecar_place)
    after = snapshot(tmp_path)
    assert after.pop(sidecar.name) is None and after.pop(f"{sidecar.name}/notes.txt")
    del before[sidecar.name]
    assert after == before  # the data, byte for byte, and nothing else
    assert leftovers(tmp_path) == []


def test_a_full_disk_at_the_sidecar_leaves_the_last_export(
    project: Project, tmp_path: Path, small_disk: Path
) -> None:
    """The disk has room for the new data but not for its sidecar (a long label set: more
    than the last export's data frees when it is replaced)."""
    target = small_disk / "out.jsonl"
    project.exporter.export(target, "jsonl")
    for number in range(150):
        project.label_service.add(f"Label {number:03d}: a category with a long, clear name")
    add_pages(project, 40)
    trial = tmp_path / "trial.jsonl"
    project.exporter.export(trial, "jsonl")
    assert _pages(sidecar_path(trial).stat().st_size) > _pages(target.stat().st_size) + 1
    before = snapshot(small_disk)
    fill_leaving(small_disk, _pages(trial.stat().st_size) * 4096)

    with pytest.raises(ExportError, match="the disk is full; free some space and try again"):
        project.exporter.export(target, "jsonl")
    (small_disk / "filler").unlink()
    assert snapshot(small_disk) == before
    assert leftovers(small_disk) == []
    project.exporter.export(target, "jsonl")  # once space is freed, it works
    assert target.read_bytes() == trial.read_bytes()


def test_the_sidecar_names_the_data_it_was_put_in_place_with(
    project: Project, tmp_path: Path
) -> None:
    target = tmp_path / "out.jsonl"
    for pages in (1, 4):
        add_pages(project, pages)
        project.exporter.export(target, "jsonl")
        sidecar = json.loads(sidecar_path(target).read_text("utf-8"))
        assert sidecar["data"]["sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
    assert leftovers(tmp_path) == []


# --- putting several files in place ----------------------------------------------------------


def stage(place: Path, data: bytes) -> Path:
    staged = place.with_name(f".{place.name}.part")
    staged.write_bytes(data)
    return staged


def test_when_the_second_rename_fails_the_first_is_undone(tmp_path: Path) -> None:
    data, meta = tmp_path / "out.jsonl", tmp_path / "out.jsonl.meta.json"
    data.write_bytes(b"old data\n")
    inode = data.stat().st_ino
    meta.mkdir()  # a file cannot be renamed over a folder
    (meta / "kept").write_bytes(b"")
    moves = [(stage(data, b"new data\n"), data), (stage(meta, b"{}"), meta)]
    with pytest.raises(NotAFileError, match="it is a folder"):
        replace_together(moves)
    assert data.read_bytes() == b"old data\n"
    assert data.stat().st_ino == inode  # the original itself, not a copy
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".out.jsonl.meta.json.part",  # what was staged, for the caller to remove
        "out.jsonl",
        "out.jsonl.meta.json",
    ]


def test_a_rename_that_fails_puts_back_the_originals_of_both(tmp_path: Path) -> None:
    data, meta = tmp_path / "out.jsonl", tmp_path / "out.jsonl.meta.json"
    data.write_bytes(b"old data\n")
    meta.write_bytes(b"old meta\n")
    vanished = meta.with_name(".vanished.part")  # removed by someone before its rename
    with pytest.raises(FileNotFoundError):
        replace_together([(stage(data, b"new data\n"), data), (vanished, meta)])
    assert (data.read_bytes(), meta.read_bytes()) == (b"old data\n", b"old meta\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "out.jsonl.meta.json"]


def test_a_replaced_folder_comes_back_when_the_next_rename_fails(tmp_path: Path) -> None:
    folder, meta = tmp_path / "bundle", tmp_path / "bundle.meta.json"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"old")
    staged = tmp_path / ".bundle.staged"
    staged.mkdir()
    (staged / "b.txt").write_bytes(b"new")
    meta.mkdir()
    (meta / "kept").write_bytes(b"")
    with pytest.raises(NotAFileError, match="it is a folder"):
        replace_together([(staged, folder), (stage(meta, b"{}"), meta)])
    assert [p.name for p in folder.iterdir()] == ["a.txt"]
    assert [p.name for p in staged.iterdir()] == ["b.txt"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".old")]


def test_every_file_is_put_in_place_and_the_originals_dropped(tmp_path: Path) -> None:
    data, meta, fresh = tmp_path / "a", tmp_path / "a.meta.json", tmp_path / "b"
    data.write_bytes(b"old")
    meta.write_bytes(b"old meta")
    link = tmp_path / "second-name"
    os.link(data, link)  # someone's hard link keeps the old bytes: ours is dropped
    replace_together([(stage(data, b"new"), data), (stage(meta, b"new meta"), meta)])
    replace_together([(stage(fresh, b"fresh"), fresh)])
    assert (data.read_bytes(), meta.read_bytes(), fresh.read_bytes()) == (
        b"new",
        b"new meta",
        b"fresh",
    )
    assert link.read_bytes() == b"old" and link.stat().st_nlink == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "a.meta.json", "b", "second-name"]


# --- links are written through ---------------------------------------------------------------


def test_a_link_to_an_export_folder_stays_a_link(project: Project, tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    runs.mkdir()
    project.exporter.export(runs / "v1", "brat")
    latest = tmp_path / "latest"
    latest.symlink_to(Path("runs") / "v1", target_is_directory=True)
    add_pages(project, 2)
    result = project.exporter.export(latest, "brat")
    assert latest.is_symlink() and latest.resolve() == runs / "v1"
    assert result.path == runs / "v1"
    assert len(list((runs / "v1").rglob("*.ann"))) == 4
    sidecar = json.loads(sidecar_path(runs / "v1").read_text("utf-8"))
    assert sidecar["data"]["documents"] == 4
    assert not sidecar_path(latest).exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(("format_name", "name", "companions"), KINDS)
def test_links_for_the_data_and_the_sidecar_are_written_through(
    project: Project, tmp_path: Path, format_name: str, name: str, companions: tuple[str, ...]
) -> None:
    store, here = tmp_path / "store", tmp_path / "here"
    store.mkdir()
    here.mkdir()
    project.exporter.export(store / name, format_name)
    (store / "meta.json").write_text("{}", encoding="utf-8")
    sidecar_path(store / name).unlink()
    links = {here / name: store / name, sidecar_path(store / name): store / "meta.json"}
    for link, real in links.items():
        link.symlink_to(real, target_is_directory=real.is_dir())
    add_pages(project, 1)
    project.exporter.export(here / name, format_name)
    for link, real in links.items():
        assert link.is_symlink() and link.resolve() == real
    assert json.loads((store / "meta.json").read_text("utf-8"))["data"]["documents"] == 3
    for companion in companions:
        assert (store / companion).is_file() and not (here / companion).exists()
    if name.endswith(".zip"):
        assert len(zipfile.ZipFile(store / name).namelist()) == 3 * 2 + 2
    assert sorted(p.name for p in here.iterdir()) == [name]
    assert leftovers(tmp_path) == []


# --- a small disk ----------------------------------------------------------------------------


def _pages(size: int) -> int:
    return -(-size // 4096)


def fill_leaving(disk: Path, free: int) -> None:
    """Fill ``disk`` until exactly ``free`` bytes (whole pages) are left."""
    status = os.statvfs(disk)
    have = status.f_bavail * status.f_frsize
    assert have > free, "the small disk is too small for the test"
    with (disk / "filler").open("wb") as handle:
        handle.write(b"\0" * (have - free))
    status = os.statvfs(disk)
    assert status.f_bavail * status.f_frsize == free


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs of its own (skipped where the test may not mount one)."""
    with mounted_small_disk(tmp_path / "disk", 2048) as disk:
        yield disk
