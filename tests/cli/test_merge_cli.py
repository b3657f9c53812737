"""``annotator merge`` run as users run it, with good files and hostile ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from project_files import TEXTS, add_work, annotator_file, dump, execute, file_hash
from test_cli import env, run, stats_json  # noqa: F401  (env is a fixture)

from annotator.core.model import DocStatus, DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project


def test_merge_creates_the_team_project_and_reports(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    team = tmp_path / "team.annotator"
    bob = annotator_file(
        tmp_path / "bob.annotator",
        "bob",
        [(0, "Claim", 0, 25, None)],
        statuses=[(0, DocStatus.DONE)],
    )
    carol = annotator_file(
        tmp_path / "carol.annotator", "carol", [(1, "Opinion", 27, 39, None)], texts=TEXTS[:2]
    )
    done = run(env, "merge", team, bob, carol)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout == (
        "Treating 'alice' as your own layer: a layer of that name in the files is not merged "
        "(--as NAME names another, if that is an annotator's).\n"
        f"{bob}: merged; 3 new document(s); 0 matched; "
        "bob: +1 -0 ~0 spans, 1 status(es), 0 note(s) changed\n"
        f"{carol}: merged; 0 new document(s); 2 matched; "
        "carol: +1 -0 ~0 spans, 1 status(es), 0 note(s) changed\n"
        "2 file(s) merged, 0 refused.\n"
    )
    stats = stats_json(env, team)
    assert (stats["documents"], stats["per_annotator"]) == (3, {"bob": 1, "carol": 1})
    once = dump(team)
    assert run(env, "merge", team, bob, carol).returncode == 0
    assert dump(team) == once


def _hostile_files(folder: Path, good: Path, team: Path) -> dict[Path, str]:
    """Files that must each be refused, with the start of each one's reason."""
    folder.mkdir()
    expected: dict[Path, str] = {}

    def spoil(name: str, reason: str, *statements: str) -> None:
        path = folder / name
        shutil.copyfile(good, path)
        execute(path, *statements)
        expected[path] = reason

    spoil(
        "trigger.annotator",
        "holds a trigger",
        "CREATE TRIGGER t AFTER INSERT ON labels BEGIN SELECT 1; END",
    )
    spoil("view.annotator", "holds a view", "CREATE VIEW v AS SELECT 1")
    spoil("table.annotator", "holds a table our schema does not have", "CREATE TABLE x (y)")
    spoil(
        "generated.annotator",
        "table documents does not have the columns",
        "ALTER TABLE documents ADD COLUMN n GENERATED ALWAYS AS (length(text)) VIRTUAL",
    )
    spoil(
        "hash.annotator",
        "table documents, row 1: sha256 is not the hash",
        "UPDATE documents SET text = 'Prices fell.', char_count = 12 WHERE id = 1",
    )
    spoil(
        "past-end.annotator",
        "table spans, row '",
        'UPDATE spans SET "end" = 37',
    )
    spoil(
        "newer.annotator",
        "was made by a newer version of Annotator (schema '9999')",
        "UPDATE alembic_version SET version_num = '9999'",
    )
    header = bytearray(good.read_bytes())
    header[16:18], header[28:32] = b"\x00\x03", b"\xff" * 4
    for name, data, reason in (
        ("garbage-header.annotator", bytes(header), "is damaged"),
        ("text.annotator", b"hello, not a database\n" * 40, "is not an annotator project"),
        ("zero.annotator", b"", "is empty, not a project file"),
    ):
        (folder / name).write_bytes(data)
        expected[folder / name] = reason
    (folder / "folder.annotator").mkdir()
    expected[folder / "folder.annotator"] = "is a folder, not a project file"
    expected[folder / "missing.annotator"] = "no such file"
    expected[team] = "is the team project itself"
    return expected


@pytest.mark.slow  # a dozen files checked in one process: about two seconds
def test_a_batch_of_hostile_files(env: dict[str, str], tmp_path: Path) -> None:  # noqa: F811
    team = tmp_path / "team.annotator"
    good = annotator_file(tmp_path / "bob.annotator", "bob", [(0, "Claim", 0, 25, None)])
    assert run(env, "merge", team, good).returncode == 0
    hostile = _hostile_files(tmp_path / "hostile", good, team)
    hashes = {path: file_hash(path) for path in hostile if path.is_file()}
    before = dump(team)

    done = run(env, "merge", team, *hostile)

    assert done.returncode == 1
    refusals = done.stderr.splitlines()
    assert len(refusals) == len(hostile), done.stderr
    for path, reason in hostile.items():
        [line] = [r for r in refusals if r.startswith(f"annotator: refused {path}: ")]
        assert line.startswith(f"annotator: refused {path}: {reason}"), line
    assert done.stdout.splitlines()[1:] == [f"0 file(s) merged, {len(hostile)} refused."]
    assert dump(team) == before
    assert {path: file_hash(path) for path in hashes} == hashes
    assert not (tmp_path / "hostile" / "missing.annotator").exists()
    assert list((tmp_path / "hostile" / "folder.annotator").iterdir()) == []
    assert not list((tmp_path / "hostile").glob("*-shm"))


def test_a_file_with_its_wal_is_merged_whole(env: dict[str, str], tmp_path: Path) -> None:  # noqa: F811
    """Received mid-session, its commits still in the -wal: they are merged, it is untouched."""
    live = tmp_path / "live.annotator"
    received = tmp_path / "received"
    received.mkdir()
    project = Project.open(live, "dana")  # stays open, so nothing is checkpointed
    try:
        drafts = [DocumentDraft(text=text, title="Page", source="page.txt") for text in TEXTS]
        project.importer.import_drafts(drafts, ImportOptions("dana"), ImportReport())
        add_work(project, [(2, "Claim", 25, 43, "rain")], [(2, DocStatus.DONE)])
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{live}{suffix}", received / f"dana.annotator{suffix}")
    finally:
        project.close()
    copy = received / "dana.annotator"
    before = file_hash(copy)
    team = tmp_path / "team.annotator"
    done = run(env, "merge", team, copy)
    assert done.returncode == 0, done.stderr
    assert stats_json(env, team)["per_annotator"] == {"dana": 1}
    assert file_hash(copy) == before
    assert sorted(p.name for p in received.iterdir()) == ["dana.annotator", "dana.annotator-wal"]
