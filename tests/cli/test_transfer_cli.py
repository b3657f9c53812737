"""``annotator export --status``, ``share``, ``merge --as`` and ``remove``, run in-process."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

import pytest
from project_files import TEXTS, add_work, annotator_file, import_all

from annotator.cli import main
from annotator.core.model import DocStatus, DocumentDraft
from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore


@pytest.fixture(autouse=True)
def _user_alice() -> None:
    """The settings of a user called "alice" (in the test's own config folder)."""
    SettingsStore().save(Settings(annotator_name="alice"))


def test_export_status_keeps_the_documents_in_those_statuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = annotator_file(
        tmp_path / "bob.annotator",
        "bob",
        [(0, "Claim", 0, 25, "see the report")],
        statuses=[(0, DocStatus.DONE), (1, DocStatus.IN_PROGRESS)],
        notes=[(0, "long page")],
    )
    out = tmp_path / "done.jsonl"
    assert main(["export", str(path), "-o", str(out), "--status", "done"]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[1] == "Kept: the documents every annotator (bob) has as done."
    [record] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert record["text"] == TEXTS[0]
    assert record["spans"][0]["note"] == "see the report"
    assert record["annotators"]["bob"]["status"] == "done"
    assert record["annotators"]["bob"]["note"] == "long page"

    args = ["export", str(path), "-o", str(out), "--annotator", "bob"]
    assert main([*args, "--status", "in-progress", "--status", "new"]) == 0
    assert [json.loads(line)["text"] for line in out.read_text("utf-8").splitlines()] == [
        TEXTS[1],
        TEXTS[2],
    ]
    sidecar = json.loads(Path(f"{out}.meta.json").read_text("utf-8"))
    assert sidecar["documents"]["filter"]["statuses"] == ["new", "in_progress"]


def test_an_unknown_status_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = annotator_file(tmp_path / "bob.annotator", "bob")
    with pytest.raises(SystemExit) as stopped:
        main(["export", str(path), "-o", str(tmp_path / "o.jsonl"), "--status", "finished"])
    assert stopped.value.code == 2
    assert "unknown status 'finished' (choose new, in-progress, done or skipped)" in (
        capsys.readouterr().err
    )


def test_export_to_standard_output_writes_only_the_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = annotator_file(tmp_path / "p.annotator", "alice", [(0, "Claim", 0, 25, None)])
    before = sorted(tmp_path.iterdir())
    assert main(["export", str(path), "-o", "-"]) == 0
    said = capsys.readouterr()
    records = [json.loads(line) for line in said.out.splitlines()]
    assert [record["meta"]["title"] for record in records] == ["Page 0", "Page 1", "Page 2"]
    assert said.err == "Wrote 3 document(s) and 1 span(s) to standard output.\n"
    assert sorted(tmp_path.iterdir()) == before, "no file, no sidecar"


def test_export_refuses_a_pipe_and_names_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = annotator_file(tmp_path / "p.annotator", "alice")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert main(["export", str(path), "-o", str(pipe)]) == 1
    assert capsys.readouterr().err == (
        f"annotator: error: Cannot write {pipe}: it is a named pipe, not a file. Choose a file "
        "to write to, or -o - for standard output.\n"
    )
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_share_writes_one_file_that_holds_the_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = Project.open(tmp_path / "alice.annotator", "alice")
    try:
        import_all(project, [DocumentDraft(text, "Page", "p.txt") for text in TEXTS])
        add_work(project, [(0, "Claim", 0, 25, None)])
        out = tmp_path / "to-lead.annotator"
        # The window (here: this open project) keeps running while the copy is made.
        assert main(["share", str(project.path), str(out)]) == 0
    finally:
        project.close()
    said = capsys.readouterr().out
    assert said.startswith(f"Wrote {out} (")
    assert "Send this file; it needs nothing beside it." in said
    assert not out.with_name(out.name + "-wal").exists()
    with closing(sqlite3.connect(f"{out.as_uri()}?mode=ro", uri=True)) as copy:
        assert copy.execute("SELECT count(*) FROM spans").fetchone() == (1,)


def test_share_refuses_to_overwrite_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = annotator_file(tmp_path / "alice.annotator", "alice")
    assert main(["share", str(path), str(path)]) == 1
    assert "is the project you have open" in capsys.readouterr().err


def test_share_replaces_an_existing_file_only_with_replace(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bob = annotator_file(tmp_path / "bob.annotator", "bob", [(0, "Claim", 0, 25, None)])
    out = tmp_path / "victim.annotator"
    out.write_bytes(b"someone's work")
    assert main(["share", str(bob), str(out)]) == 1
    assert capsys.readouterr().err == (
        f"annotator: error: {out} exists; add --replace to overwrite it.\n"
    )
    assert out.read_bytes() == b"someone's work"
    assert main(["share", str(bob), str(out), "--replace"]) == 0
    with closing(sqlite3.connect(f"{out.as_uri()}?mode=ro", uri=True)) as copy:
        assert copy.execute("SELECT count(*) FROM spans").fetchone() == (1,)


def test_share_never_replaces_a_project_open_in_a_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bob = annotator_file(tmp_path / "bob.annotator", "bob")
    victim = Project.open(tmp_path / "victim.annotator", "alice")  # its window is open
    try:
        import_all(victim, [DocumentDraft("Work not yet in the file.", "Mine", "m.txt")])
        assert main(["share", str(bob), str(victim.path), "--replace"]) == 1
        assert capsys.readouterr().err == (
            f"annotator: error: {victim.path} is open in Annotator or another program; "
            "close it first.\n"
        )
        assert [d.title for d in victim.catalog.document_summaries(-1)] == ["Mine"]
    finally:
        victim.close()


def test_share_refuses_what_is_not_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bob = annotator_file(tmp_path / "bob.annotator", "bob")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert main(["share", str(bob), str(pipe), "--replace"]) == 1
    assert "is a named pipe, not a file" in capsys.readouterr().err
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_merge_says_whose_layer_it_leaves_out_and_as_overrides_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The lead's settings say "alice", and an annotator is called alice too."""
    alice = annotator_file(tmp_path / "alice.annotator", "alice", [(0, "Claim", 0, 25, None)])
    team = tmp_path / "team.annotator"
    assert main(["merge", str(team), str(alice)]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[0] == (
        "Treating 'alice' as your own layer: a layer of that name in the files is not merged "
        "(--as NAME names another, if that is an annotator's)."
    )
    assert said[1].endswith("3 new document(s); 0 matched")

    assert main(["merge", str(team), str(alice), "--as", "lead"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[0].startswith("Treating 'lead' as your own layer")
    assert "alice: +1 -0 ~0 spans" in said[1]


def test_remove_lists_imports_shows_a_dry_run_and_removes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = annotator_file(tmp_path / "p.annotator", "alice", [(0, "Claim", 0, 25, None)])
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "a.txt").write_text("Another page.\n", encoding="utf-8")
    assert main(["import", str(path), str(folder)]) == 0
    capsys.readouterr()

    assert main(["remove", str(path), "--list-imports"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0] == "Imports whose documents are here, newest first:"
    newest, oldest = listing[2], listing[3]
    assert newest.split()[0] == "2" and newest.endswith(str(folder / "a.txt"))
    assert oldest.split()[0] == "1" and oldest.split()[3] == "3"

    assert main(["remove", str(path), "--import", "1", "--dry-run"]) == 0
    said = capsys.readouterr().out.splitlines()
    assert said[0] == "Would remove 3 documents and 1 span of 1 annotator (alice):"
    assert said[1:4] == ["  Page 0", "  Page 1", "  Page 2"]
    assert said[-1] == "Nothing was removed (--dry-run)."

    assert main(["remove", str(path), "--import", "1"]) == 0
    assert (
        capsys.readouterr().out.splitlines()[-1]
        == "Removed 3 documents and 1 span of 1 annotator (alice)."
    )
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT title FROM documents").fetchall() == [("a",)]
        assert connection.execute("SELECT count(*) FROM spans").fetchone() == (0,)
        assert connection.execute("SELECT id FROM imports").fetchall() == [(2,)]


def test_list_imports_counts_only_the_files_that_brought_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.annotator"
    posts = tmp_path / "posts.csv"
    posts.write_text("title,text\n,First post.\n,Second post.\n", encoding="utf-8")
    (tmp_path / "page.txt").write_text("A page.\n", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text("not json\n", encoding="utf-8")
    (tmp_path / "empty.csv").write_text("title,text\n", encoding="utf-8")
    named = ["bad.jsonl", "posts.csv", "empty.csv", "page.txt", "page.txt"]
    assert main(["import", str(path), *(str(tmp_path / name) for name in named)]) == 1
    capsys.readouterr()
    assert main(["remove", str(path), "--list-imports"]) == 0
    [line] = capsys.readouterr().out.splitlines()[2:]
    assert line.split()[3] == "3" and line.endswith(f"  {posts} and 1 more")


def test_remove_a_document_by_its_export_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = annotator_file(tmp_path / "p.annotator", "alice")
    out = tmp_path / "all.jsonl"
    assert main(["export", str(path), "-o", str(out)]) == 0
    first = json.loads(out.read_text("utf-8").splitlines()[0])["id"]
    capsys.readouterr()
    assert main(["remove", str(path), "--document", first[:12]]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "  Page 0"
    assert main(["remove", str(path), "--document", first[:12]]) == 1
    assert "matches no document" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("chosen", "message"),
    [
        (["--import", "99"], "No import 99 with documents in {path}; --list-imports lists them."),
        (["--document", "1234"], "'1234': give at least 8 digits of the document id."),
        (["--document", "12345678"], "'12345678' matches no document in this project."),
    ],
)
def test_remove_refusals_are_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], chosen: list[str], message: str
) -> None:
    path = annotator_file(tmp_path / "p.annotator", "alice")
    for dry_run in ([], ["--dry-run"]):
        assert main(["remove", str(path), *chosen, *dry_run]) == 1
        said = capsys.readouterr()
        assert said.out == ""
        assert said.err == f"annotator: error: {message.format(path=path)}\n"
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT count(*) FROM documents").fetchone() == (3,)
