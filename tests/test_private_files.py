"""What the program writes is readable by its owner only (issue 13, defect 4).

Exports, their sidecars, shared copies, the settings and the bug log hold the text people
annotate or name them and their projects; with the usual umask (022) they used to be
readable by every user of the machine. A file written over an existing one keeps that file's
permissions (its owner chose them), and the sidecar names the project by its file name, not
by a path that tells the user's home folder.
"""

from __future__ import annotations

import json
import os
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator import cli
from annotator.atomic import atomic_text_file
from annotator.core.model import DocumentDraft, SpanDraft
from annotator.services.export_sidecar import sidecar_path
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore, config_dir, log_dir

pytestmark = pytest.mark.skipif(os.name != "posix", reason="modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    """The umask most systems give users: new files 0644, folders 0755, unless we say."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    opened = Project.open(tmp_path / "p.annotator", "alice")
    drafts = [
        DocumentDraft(
            f"Page {n}: a private post.",
            f"Page {n}",
            f"pages/{n}.txt",
            spans=[SpanDraft(0, 4, "Claim")],
        )
        for n in range(2)
    ]
    options = ImportOptions(default_annotator="alice", create_labels=True)
    opened.importer.import_drafts(drafts, options, ImportReport())
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("format_name", "name"),
    [
        ("jsonl", "out.jsonl"),
        ("labelstudio", "tasks.json"),
        ("csv", "spans.csv"),
        ("conll", "t.conll"),
    ],
)
def test_an_export_of_one_file_is_owner_only(
    project: Project, tmp_path: Path, format_name: str, name: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    project.exporter.export(out / name, format_name)
    written = sorted(out.iterdir())
    assert len(written) >= 2  # the data, its sidecar (and any companion)
    assert {path.name: mode(path) for path in written} == {path.name: 0o600 for path in written}


def test_a_bundle_is_an_owner_only_folder_or_zip(project: Project, tmp_path: Path) -> None:
    project.exporter.export(tmp_path / "brat", "brat")
    project.exporter.export(tmp_path / "brat.zip", "brat")
    folder = tmp_path / "brat"
    assert mode(folder) == 0o700
    inside = list(folder.rglob("*"))
    assert len(inside) > 3
    assert {mode(p) for p in inside} == {0o700, 0o600}
    assert all(mode(p) == (0o700 if p.is_dir() else 0o600) for p in inside)
    for made in (sidecar_path(folder), tmp_path / "brat.zip", sidecar_path(tmp_path / "brat.zip")):
        assert mode(made) == 0o600
    with zipfile.ZipFile(tmp_path / "brat.zip") as archive:  # what unzip gives its files
        assert {info.external_attr >> 16 for info in archive.infolist()} == {0o600}


def test_an_export_over_an_earlier_one_keeps_its_permissions(
    project: Project, tmp_path: Path
) -> None:
    """Our choice: whoever made the earlier export readable by a group meant it to be."""
    target = tmp_path / "team.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    project.exporter.export(target, "jsonl")
    assert mode(target) == 0o640
    assert mode(sidecar_path(target)) == 0o600  # new: owner-only
    folder = tmp_path / "bundle"
    project.exporter.export(folder, "brat")
    folder.chmod(0o750)
    project.exporter.export(folder, "brat")
    assert mode(folder) == 0o750
    assert {mode(p) for p in folder.rglob("*") if p.is_file()} == {0o600}


def test_a_shared_copy_is_owner_only(project: Project, tmp_path: Path) -> None:
    copy = project.sharing.share(tmp_path / "copy.annotator").path
    assert mode(copy) == 0o600


def test_the_sidecar_names_the_project_file_not_where_it_is(
    project: Project, tmp_path: Path
) -> None:
    """The absolute path told the dataset's readers the user's home folder (and name)."""
    registry = project.exporter._registry
    for format_name, writer in registry.writers.items():
        if writer.requires is not None and not writer.requires.installed():
            continue
        target = tmp_path / "exports" / f"{format_name}{writer.extension}"
        target.parent.mkdir(exist_ok=True)
        project.exporter.export(target, format_name)
        sidecar = sidecar_path(target).read_text("utf-8")
        assert json.loads(sidecar)["project"] == {"file": "p.annotator"}
        assert str(tmp_path) not in sidecar
    texts = [p for p in (tmp_path / "exports").rglob("*") if p.is_file()]
    readable = [p for p in texts if p.suffix not in (".spacy", ".parquet", ".zip")]
    assert len(readable) > 10
    assert [p.name for p in readable if str(tmp_path).encode() in p.read_bytes()] == []


def test_the_settings_are_owner_only_in_an_owner_only_folder() -> None:
    store = SettingsStore()
    folder = config_dir()
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    store.path.write_text("{}", encoding="utf-8")
    store.path.chmod(0o644)  # as an older version left them
    store.save(Settings(annotator_name="Jo Private", recent_projects=["/home/jo/p.annotator"]))
    assert (mode(folder), mode(store.path)) == (0o700, 0o600)
    assert store.load().annotator_name == "Jo Private"


def test_the_bug_log_is_owner_only_in_an_owner_only_folder() -> None:
    try:
        raise RuntimeError("a bug, with a path: /home/jo/secret.annotator")
    except RuntimeError as error:
        where = cli._log_bug(error)
    assert where == log_dir() / "annotator.log"
    assert (mode(log_dir()), mode(where)) == (0o700, 0o600)
    first = where.stat().st_size
    assert first > 0
    where.chmod(0o644)  # as an older version left it
    log_dir().chmod(0o755)
    cli._log_bug(RuntimeError("again"))
    assert (mode(log_dir()), mode(where)) == (0o700, 0o600)
    assert where.stat().st_size > first  # added to, not replaced


def test_a_file_written_whole_is_new_and_owner_only_or_keeps_the_mode_it_had(
    tmp_path: Path,
) -> None:
    """What ``annotator suggest -o`` and the settings write through."""
    target = tmp_path / "suggested.jsonl"
    with atomic_text_file(target) as handle:
        handle.write("{}\n")
    assert mode(target) == 0o600
    target.chmod(0o664)
    with atomic_text_file(target) as handle:
        handle.write("[]\n")
    assert mode(target) == 0o664 and target.read_text("utf-8") == "[]\n"
    with atomic_text_file(target, private=True) as handle:
        handle.write("{}\n")
    assert mode(target) == 0o600
