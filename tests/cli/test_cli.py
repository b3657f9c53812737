"""The ``annotator`` command run as users run it: a real process, real files, exit codes."""

from __future__ import annotations

import codecs
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from annotator import __version__
from annotator.formats.registry import default_registry
from annotator.services.project import Project
from annotator.store.schema import DocumentRow, LabelRow, SpanRow

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + bytes(64)
COMMANDS = ["import", "merge", "export", "share", "remove", "stats", "agreement", "open"]
COMMANDS += ["suggest", "suggest-eval"]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a user whose settings name them "alice", all inside ``tmp_path``."""
    home = tmp_path / "home"
    variables = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for variable, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        variables[variable] = str(home / sub)
    settings = home / "config" / "annotator" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"annotator_name": "alice"}), encoding="utf-8")
    return variables


def run(
    env: dict[str, str], *args: str | Path, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return run_argv(env, [sys.executable, "-m", "annotator", *map(str, args)], cwd=cwd)


def run_argv(
    env: dict[str, str], argv: list[str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        argv, env=env, cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=120
    )
    assert "Traceback" not in done.stdout
    assert "Traceback" not in done.stderr
    return done


def write_jsonl(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def stats_json(env: dict[str, str], project: Path) -> dict[str, Any]:
    done = run(env, "stats", project, "--json")
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def seed(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "front.txt").write_bytes(b"Prices rose 5%.\r\nI hate it.\r\n")
    write_jsonl(
        folder / "labelled.jsonl",
        {
            "text": "Soup is good 🙂. Rain fell.",
            "meta": {"url": "https://example.org/soup"},
            "spans": [
                {"start": 0, "end": 15, "label": "Opinion"},
                {"start": 16, "end": 26, "label": "claim", "annotator": "bob"},
            ],
        },
    )
    (folder / "rows.csv").write_text("title,text\nRow one,A row of text.\n", encoding="utf-8")
    return folder


# --- version and help ------------------------------------------------------------------------


def test_version_from_the_installed_console_script(env: dict[str, str]) -> None:
    script = Path(sys.executable).with_name("annotator")
    done = run_argv(env, [str(script), "--version"])
    assert (done.returncode, done.stdout) == (0, f"annotator {__version__}\n")


def test_version_via_python_m(env: dict[str, str]) -> None:
    done = run(env, "--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"annotator {__version__}\n", "")


def test_top_level_help_lists_every_command(env: dict[str, str]) -> None:
    done = run(env, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith("usage: annotator")
    for command in COMMANDS:
        assert command in done.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(env: dict[str, str], command: str) -> None:
    done = run(env, command, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith(f"usage: annotator {command}")
    assert done.stderr == ""


# --- happy path ------------------------------------------------------------------------------


def test_import_export_stats(env: dict[str, str], tmp_path: Path) -> None:
    project = tmp_path / "work.annotator"
    folder = seed(tmp_path)

    imported = run(env, "import", project, folder)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == (
        "3 file(s) imported; 3 new document(s); 0 already in the project; 2 span(s) added.\n"
    )
    again = run(env, "import", project, folder)
    assert again.returncode == 0
    assert again.stdout.startswith("3 file(s) imported; 0 new document(s); 3 already")

    out = tmp_path / "out.jsonl"
    exported = run(env, "export", project, "--format", "jsonl", "-o", out)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == (
        f"Wrote 3 document(s) and 2 span(s) to {out} (described in out.jsonl.meta.json).\n"
    )
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["text"] for r in records] == [
        "Prices rose 5%.\nI hate it.\n",
        "Soup is good 🙂. Rain fell.",
        "A row of text.",
    ]
    soup = records[1]
    assert soup["spans"] == [
        {
            "start": 0,
            "end": 15,
            "label": "Opinion",
            "text": "Soup is good 🙂.",
            "annotator": "alice",
            "note": None,
        },
        {
            "start": 16,
            "end": 26,
            "label": "Claim",
            "text": "Rain fell.",
            "annotator": "bob",
            "note": None,
        },
    ]
    assert soup["meta"]["url"] == "https://example.org/soup"
    assert records[2]["meta"]["title"] == "Row one"
    assert not list(tmp_path.rglob("*.part"))

    stats = run(env, "stats", project)
    assert stats.returncode == 0, stats.stderr
    lines = stats.stdout.splitlines()
    assert lines[0] == "Documents: 3    Spans: 2"
    for heading in (
        "Spans per label:",
        "Spans per annotator:",
        "Documents per status for alice:",
        "Documents per status for bob:",
    ):
        assert heading in lines
    assert [line.split() for line in lines if line.startswith("  ")][:5] == [
        ["Claim", "1"],
        ["Opinion", "1"],
        ["Boilerplate", "0"],
        ["alice", "1"],
        ["bob", "1"],
    ]
    assert stats_json(env, project) == {
        "documents": 3,
        "spans": 2,
        "per_label": {"Claim": 1, "Opinion": 1, "Boilerplate": 0},
        "per_annotator": {"alice": 1, "bob": 1},
        "per_status": {
            name: {"new": 3, "in_progress": 0, "done": 0, "skipped": 0} for name in ("alice", "bob")
        },
    }


def test_import_options(env: dict[str, str], tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    write_jsonl(
        tmp_path / "a.jsonl",
        {"text": "Hello there.", "label": [[0, 5, "Greeting"], [6, 12, "claim"]]},
    )
    refused = run(env, "import", project, tmp_path / "a.jsonl")
    assert refused.returncode == 1
    assert refused.stderr.startswith(
        f"annotator: refused {tmp_path / 'a.jsonl'}, line 1: unknown label 'Greeting'"
    )
    done = run(
        env, "import", project, tmp_path / "a.jsonl", "--create-labels", "--annotator", "zoe"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith("2 span(s) added; new labels: Greeting.\n")
    (tmp_path / "t.tsv").write_text("id\tbody\n1\tFrom a table.\n", encoding="utf-8")
    assert run(env, "import", project, tmp_path / "t.tsv", "--text-column", "body").returncode == 0
    assert stats_json(env, project)["per_annotator"] == {"zoe": 2}, "alice has no work"
    assert stats_json(env, project)["documents"] == 2


def test_stats_list_no_layer_without_work(env: dict[str, str], tmp_path: Path) -> None:
    """Importing registers the importer, as opening the window registers its user."""
    project = tmp_path / "p.annotator"
    write_jsonl(tmp_path / "a.jsonl", {"text": "Hello there.", "label": [[0, 5, "Claim"]]})
    assert run(env, "import", project, tmp_path / "a.jsonl", "--annotator", "bob").returncode == 0
    text = run(env, "stats", project).stdout
    assert "alice" not in text
    assert "Documents per status for bob:" in text
    stats = stats_json(env, project)
    assert (stats["per_annotator"], list(stats["per_status"])) == ({"bob": 1}, ["bob"])


# --- user errors -----------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["export", "stats", "agreement"])
def test_a_missing_project_is_an_error_not_created(
    env: dict[str, str], tmp_path: Path, command: str
) -> None:
    project = tmp_path / "absent.annotator"
    extra = ["-o", str(tmp_path / "out.jsonl")] if command == "export" else []
    done = run(env, command, project, *extra)
    assert done.returncode == 1
    assert done.stderr == f"annotator: error: {project}: no such project file\n"
    assert not project.exists()


def test_a_file_that_is_not_a_project_is_refused(env: dict[str, str], tmp_path: Path) -> None:
    notes = tmp_path / "notes.annotator"
    notes.write_text("just some notes, not a database " * 10)
    done = run(env, "stats", notes)
    assert done.returncode == 1
    assert done.stderr.startswith("annotator: error: ")
    assert "is not an annotator project" in done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_export_into_a_missing_folder(env: dict[str, str], tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    assert run(env, "import", project, seed(tmp_path)).returncode == 0
    target = tmp_path / "missing" / "out.jsonl"
    done = run(env, "export", project, "-o", target)
    assert done.returncode == 1
    assert done.stderr.startswith(f"annotator: error: Cannot write {target}: the folder")
    assert len(done.stderr.splitlines()) == 1


def test_blank_annotator_name_is_a_usage_error(env: dict[str, str], tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", {"text": "abc", "label": [[0, 1, "Claim"]]})
    done = run(env, "import", tmp_path / "p.annotator", tmp_path / "a.jsonl", "--annotator", " ")
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "annotator import: error: argument --annotator: a name cannot be empty"
    )


def test_agreement_text_and_json(env: dict[str, str], tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    write_jsonl(
        tmp_path / "a.jsonl",
        {
            "text": "Prices rose 5%. I hate it.",
            "spans": [
                {"start": 0, "end": 15, "label": "Claim", "annotator": "bob"},
                {"start": 0, "end": 15, "label": "Claim", "annotator": "carol"},
                {"start": 16, "end": 26, "label": "Opinion", "annotator": "bob"},
                {"start": 18, "end": 26, "label": "Opinion", "annotator": "carol"},
            ],
        },
    )
    assert run(env, "import", project, tmp_path / "a.jsonl").returncode == 0
    text = run(env, "agreement", project, "--documents", "all")
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("Agreement of bob, carol: 1 document(s) any compared")
    assert "bob / carol: 1 document(s), spans 2 / 2, matched exactly 1, by overlap 2" in text.stdout
    assert "  Claim " in text.stdout and "Rules:" in text.stdout
    done = run(
        env, "agreement", project, "--json", "--documents", "all", "--annotators", "carol", "bob"
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["annotators"] == ["carol", "bob"]
    assert {"char_alpha", "char_alpha_u", "pairs", "choices", "per_label"} <= set(result)
    [pair] = result["pairs"]
    assert (pair["a"], pair["b"], pair["span_f1_exact"], pair["span_f1_overlap"]) == (
        "carol",
        "bob",
        0.5,
        1.0,
    )
    assert pair["per_label"]["Claim"]["span_f1_exact"] == 1.0
    assert pair["per_label"]["Boilerplate"]["char_kappa"] is None
    assert pair["per_label"]["Boilerplate"]["notes"]["char_kappa"]
    assert result["choices"]["documents"].startswith("1 document(s)")
    # Nobody has marked anything done: by default no documents, figures null with notes.
    default = json.loads(run(env, "agreement", project, "--json").stdout)
    assert default["documents"] == 0 and default["char_alpha"] is None


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--annotators", "bob", "zoe"],
            "No annotator called 'zoe' in this project (its annotators: alice, bob).",
        ),
        (
            ["--annotators", "bob"],
            "Agreement needs at least two annotators with layers; found 1 (bob).",
        ),
        ([], "Agreement needs at least two annotators with layers; found 1 (alice)."),
    ],
)
def test_agreement_errors_are_one_line(
    env: dict[str, str], tmp_path: Path, extra: list[str], message: str
) -> None:
    project = tmp_path / "p.annotator"
    write_jsonl(tmp_path / "a.jsonl", {"text": "abc", "label": [[0, 1, "Claim"]]})
    assert run(env, "import", project, tmp_path / "a.jsonl").returncode == 0
    with closing(sqlite3.connect(project)) as connection, connection:
        connection.execute("INSERT INTO annotators (name, created_at) VALUES ('bob', '2024-01-01')")
    done = run(env, "agreement", project, *extra)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"annotator: error: {message}\n"


# --- a batch of broken files -----------------------------------------------------------------

HUGE = 20_000_001  # one character over the limit


def _broken_files(folder: Path) -> dict[Path, str]:
    """Write files that must each be refused; returns each one's expected reason."""
    folder.mkdir()
    expected: dict[Path, str] = {}

    def add(name: str, data: bytes, reason: str) -> None:
        (folder / name).write_bytes(data)
        expected[folder / name] = reason

    add("picture.txt", PNG, ": looks like a binary file, not text")
    add(
        "broken.jsonl",
        b'{"text": "fine line"}\n{"text": "oops" "more"}\n',
        ", line 2: not valid JSON (",
    )
    add(
        "range.jsonl",
        b'{"text": "short", "spans": [{"start": 2, "end": 99, "label": "Claim"}]}\n',
        ", line 1: spans[0] 2-99 is outside the text (0-5) or empty",
    )
    add(
        "mismatch.jsonl",
        # Offsets counted in UTF-16 units, as JavaScript tools do.
        json.dumps(
            {
                "text": "🙂 Soup is hot",
                "spans": [{"start": 3, "end": 7, "label": "C", "text": "Soup"}],
            }
        ).encode(),
        ", line 1: spans[0] says its text is 'Soup'",
    )
    add(
        "unknown-label.jsonl",
        b'{"text": "x y", "label": [[0, 1, "Sarcasm"]]}\n',
        ", line 1: unknown label 'Sarcasm'",
    )
    add("empty.txt", b"", ": the document is empty")
    add("blank.txt", b" \r\n\t \n\x0c", ": the document contains only white space")
    add("blank.jsonl", b"\n \n", ": contains no documents")
    add(
        "huge.jsonl",
        b'{"text": "' + b"a" * HUGE + b'"}\n',
        f", line 1: the document has {HUGE:,} characters; the limit is 20,000,000",
    )
    add("deep.jsonl", b"[" * 100_000 + b"\n", ", line 1: the JSON is nested too deeply to read")
    add(
        "deep-meta.jsonl",
        b'{"text": "a", "meta": {"x": ' + b"[" * 900 + b"]" * 900 + b"}}\n",
        ", line 1: the JSON is nested more than",
    )
    add(
        "bigint.jsonl",
        b'{"text": "a", "n": ' + b"7" * 5000 + b"}\n",
        ", line 1: a number in it has too many digits to read",
    )
    add(
        "surrogate.jsonl",
        b'{"text": "half \\ud83d of an emoji"}\n',
        ", line 1: a string has an unpaired UTF-16 surrogate escape",
    )
    add(
        "bad-utf16.txt",
        codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8",
        ": invalid UTF-16 text: bad byte at offset 6",
    )
    add("ragged.csv", b"text,title\nok,1\nno-title\n", ", line 3: has 1 cells where")
    add("no-text.csv", b"body\nhello\n", ", line 1: has no column named 'text'")
    add("photo.png", PNG, ": unsupported file type '.png'")
    return expected


def _db_counts(path: Path) -> tuple[int, int, int]:
    project = Project.open(path, "alice")
    try:
        with project.store.reading() as session:
            return (
                session.scalar(select(func.count()).select_from(DocumentRow)) or 0,
                session.scalar(select(func.count()).select_from(SpanRow)) or 0,
                session.scalar(select(func.count()).select_from(LabelRow)) or 0,
            )
    finally:
        project.close()


@pytest.mark.slow  # a dozen processes and a 20 MB file: about three seconds
def test_a_batch_of_broken_files(env: dict[str, str], tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    assert run(env, "import", project, seed(tmp_path)).returncode == 0
    before = stats_json(env, project)
    counts_before = _db_counts(project)

    broken = _broken_files(tmp_path / "broken")
    good = tmp_path / "good"
    good.mkdir()
    french = "Le café était fermé à Noël — “dommage”, dit-il."
    (good / "french.txt").write_bytes(french.encode("cp1252"))
    (good / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + "שלום 🙂\r\n".encode("utf-16-le"))
    paths = [*broken, good / "french.txt", good / "utf16.txt"]

    done = run(env, "import", project, *paths)

    assert done.returncode == 1
    refusals = done.stderr.splitlines()
    assert len(refusals) == len(broken), done.stderr
    for path, reason in broken.items():
        [line] = [r for r in refusals if r.startswith(f"annotator: refused {path}")]
        assert line.startswith(f"annotator: refused {path}{reason}"), line
    assert done.stdout == (
        f"2 file(s) imported; 2 new document(s); 0 already in the project; 0 span(s) added; "
        f"{len(broken)} file(s) refused.\n"
    )

    after = stats_json(env, project)
    grown = {
        name: {**counts, "new": counts["new"] + 2} for name, counts in before["per_status"].items()
    }
    assert after == {**before, "documents": before["documents"] + 2, "per_status": grown}
    documents, spans, labels = _db_counts(project)
    assert (documents, spans, labels) == (counts_before[0] + 2, *counts_before[1:])
    with closing(sqlite3.connect(project)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    out = tmp_path / "out.jsonl"
    assert run(env, "export", project, "-o", out).returncode == 0
    by_title = {r["meta"]["title"]: r for r in map(json.loads, out.read_text("utf-8").splitlines())}
    assert (by_title["french"]["text"], by_title["french"]["meta"]["encoding"]) == (
        french,
        "cp1252",
    )
    assert (by_title["utf16"]["text"], by_title["utf16"]["meta"]["encoding"]) == (
        "שלום 🙂\n",
        "utf-16",
    )

    again = run(env, "import", project, *paths)
    assert again.returncode == 1
    assert stats_json(env, project) == after


# --- no Qt for headless commands -------------------------------------------------------------


def _python(env: dict[str, str], code: str) -> subprocess.CompletedProcess[str]:
    return run_argv(env, [sys.executable, "-c", textwrap.dedent(code)])


def test_headless_commands_run_with_pyside6_blocked(env: dict[str, str], tmp_path: Path) -> None:
    folder = seed(tmp_path)
    project, out = tmp_path / "p.annotator", tmp_path / "out.jsonl"
    team = tmp_path / "team.annotator"
    done = _python(
        env,
        f"""
        import sys
        sys.modules["PySide6"] = None  # any "import PySide6..." now raises ImportError
        sys.modules["shiboken6"] = None
        from annotator.cli import main
        codes = [
            main(["import", {str(project)!r}, {str(folder)!r}]),
            main(["export", {str(project)!r}, "--format", "jsonl", "-o", {str(out)!r}]),
            main(["stats", {str(project)!r}, "--json"]),
            main(["merge", {str(team)!r}, {str(project)!r}]),
            main(["agreement", {str(project)!r}, "--documents", "all", "--json"]),
            main(["share", {str(project)!r}, {str(project)!r} + ".copy"]),
            main(["remove", {str(project)!r}, "--import", "1", "--dry-run"]),
            main(["suggest", {str(project)!r}, "-o", {str(out)!r} + ".suggested"]),
        ]
        print("codes", codes)
        """,
    )
    assert done.returncode == 0, done.stderr
    assert "codes [0, 0, 0, 0, 0, 0, 0, 0]" in done.stdout
    assert stats_json(env, team)["documents"] == 3
    assert len(out.read_text("utf-8").splitlines()) == 3


def test_headless_commands_do_not_load_pyside6(env: dict[str, str], tmp_path: Path) -> None:
    folder = seed(tmp_path)
    project, out = tmp_path / "p.annotator", tmp_path / "out.jsonl"
    done = _python(
        env,
        f"""
        import sys
        from annotator.cli import main
        assert main(["import", {str(project)!r}, {str(folder)!r}]) == 0
        assert main(["export", {str(project)!r}, "-o", {str(out)!r}]) == 0
        assert main(["stats", {str(project)!r}]) == 0
        assert main(["merge", {str(project)!r} + ".team", {str(project)!r}]) == 0
        assert main(["agreement", {str(project)!r}, "--documents", "all"]) == 0
        assert main(["share", {str(project)!r}, {str(project)!r} + ".copy"]) == 0
        assert main(["remove", {str(project)!r}, "--list-imports"]) == 0
        assert main(["suggest", {str(project)!r}, "-o", {str(out)!r} + ".suggested"]) == 0
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
        print("qt modules:", loaded)
        """,
    )
    assert done.returncode == 0, done.stderr
    assert "qt modules: []" in done.stdout


def test_every_module_outside_the_ui_imports_without_pyside6(env: dict[str, str]) -> None:
    done = _python(
        env,
        """
        import importlib, json, pkgutil, sys
        sys.modules["PySide6"] = None
        sys.modules["shiboken6"] = None
        import annotator

        SKIP = {
            "annotator.ui",  # the Qt layer itself
            "annotator.app",  # the composition root that builds the window
            "annotator.__main__",  # runs the command line when imported
            "annotator.store.migrations.env",  # an Alembic script, run only by Alembic
        }

        def walk(package):
            for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
                if info.name in SKIP:
                    continue
                module = importlib.import_module(info.name)
                yield info.name
                if info.ispkg:
                    yield from walk(module)

        print(json.dumps(sorted(walk(annotator))))
        """,
    )
    assert done.returncode == 0, done.stderr
    imported = set(json.loads(done.stdout))
    assert {
        "annotator.cli",
        "annotator.core.text",
        "annotator.formats.decode",
        "annotator.formats.jsonl",
        "annotator.formats.table",
        "annotator.services.importing",
        "annotator.services.exporting",
        "annotator.services.agreement",
        "annotator.core.agreement.report",
        "annotator.services.project",
        "annotator.store.db",
        "annotator.store.migrations.versions.0001_initial_schema",
    } <= imported
    assert not any(name.startswith("annotator.ui") for name in imported)


def test_read_only_commands_leave_no_layer_behind(env: dict[str, str], tmp_path: Path) -> None:
    project = tmp_path / "p.annotator"
    assert run(env, "import", project, seed(tmp_path)).returncode == 0
    before = stats_json(env, project)["per_annotator"]
    other = dict(env)
    settings = Path(env["XDG_CONFIG_HOME"]) / "annotator" / "settings.json"
    settings.write_text(json.dumps({"annotator_name": "carol"}), encoding="utf-8")
    assert run(other, "export", project, "-o", tmp_path / "out.jsonl").returncode == 0
    assert stats_json(other, project)["per_annotator"] == before
    assert "carol" not in before


@pytest.mark.skipif(os.name != "posix", reason="modes are POSIX")
def test_export_is_owner_only(env: dict[str, str], tmp_path: Path) -> None:
    """It holds the pages' text: not 0666 less the umask, as before issue 13."""
    project = tmp_path / "p.annotator"
    assert run(env, "import", project, seed(tmp_path)).returncode == 0
    target = tmp_path / "out.jsonl"
    assert run(env, "export", project, "-o", target).returncode == 0
    assert target.stat().st_mode & 0o777 == 0o600


def test_import_names_each_skipped_file_and_why(env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "page.txt").write_text("A page about the harbour.\n", encoding="utf-8")
    (folder / "notes.rtf").write_text("{\\rtf1 menu}", encoding="utf-8")
    (folder / "photo.png").write_bytes(b"\x89PNG")
    done = run(env, "import", tmp_path / "p.annotator", folder)
    assert done.returncode == 0, done.stderr
    supported = ", ".join((*default_registry().extensions, ".zip"))
    assert done.stderr.splitlines() == [
        f"annotator: skipped {folder / 'notes.rtf'}: unsupported file type '.rtf' "
        f"(supported: {supported})",
        f"annotator: skipped {folder / 'photo.png'}: unsupported file type '.png' "
        f"(supported: {supported})",
    ]
    assert ".txt, .text, .html" in supported
    assert done.stdout.strip().endswith("skipped notes.rtf, photo.png (unsupported types).")
