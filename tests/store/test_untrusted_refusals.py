"""Every rule by which a merge refuses a received project file, each with a hostile file.

Each case starts from a real project file that merges (checked below), breaks exactly one
thing in it with raw SQL or on the file system, and merges it: the file must be refused
whole, with that rule's one-line message, the team project and the file left as they were.

:func:`test_every_refusal_rule_has_a_hostile_file` reads the refusal messages out of the
modules that check a received file, so a rule added without a case here fails the suite.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from project_files import annotator_file, downgrade, dump, execute

import annotator.core.value_rules
import annotator.store.untrusted
import annotator.store.untrusted_definitions
import annotator.store.untrusted_rows
import annotator.store.untrusted_suggestions
from annotator.core.model import DocStatus
from annotator.core.value_rules import MAX_META_NESTING
from annotator.services.project import Project

Corrupt = Callable[[Path], None]
STAMP = "'2026-03-01 10:00:00.000000'"


def sql(*statements: str) -> Corrupt:
    """Break the file with raw SQL (foreign keys off; checks off with a PRAGMA)."""
    return lambda path: execute(path, *statements)


def unchecked(*statements: str) -> Corrupt:
    """As :func:`sql`, with the table's CHECK constraints not enforced."""
    return sql("PRAGMA ignore_check_constraints=ON", *statements)


@dataclass(frozen=True)
class Hostile:
    """One way to break a file, and the words of the refusal it must meet."""

    corrupt: Corrupt
    message: str


def _replace(content: bytes) -> Corrupt:
    def corrupt(path: Path) -> None:
        path.unlink()
        path.write_bytes(content)

    return corrupt


def _replace_with(make: Callable[[Path], object]) -> Corrupt:
    def corrupt(path: Path) -> None:
        path.unlink()
        make(path)

    return corrupt


def _beside(suffix: str, make: Callable[[Path], object]) -> Corrupt:
    def corrupt(path: Path) -> None:
        make(path.with_name(path.name + suffix))

    return corrupt


def _symlink_loop(path: Path) -> None:
    path.unlink()
    path.symlink_to(path)


def _scribble(name: str) -> Corrupt:
    """Scribble over the root page of table or index ``name``, all but its page header."""

    def corrupt(path: Path) -> None:
        with closing(sqlite3.connect(path)) as connection:
            root = connection.execute(
                "SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)
            ).fetchone()[0]
        data = bytearray(path.read_bytes())
        size = int.from_bytes(data[16:18], "big")
        start = (root - 1) * size
        data[start + 8 : start + size] = b"\xa5" * (size - 8)
        path.write_bytes(bytes(data))

    return corrupt


def _garbage_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[16:18] = b"\x12\x34"  # no such page size
    path.write_bytes(bytes(data))


def _old_with_a_broken_reference(path: Path) -> None:
    downgrade(path, "0007")
    execute(path, "UPDATE spans SET annotator_id = 7")


def _nested(depth: int) -> str:
    return '\'{"a": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}'"


SPAN = "(SELECT id FROM spans ORDER BY id LIMIT 1)"

CASES: dict[str, Hostile] = {
    # Not a project file at all.
    "missing": Hostile(Path.unlink, "no such file"),
    "folder": Hostile(_replace_with(Path.mkdir), "is a folder, not a project file"),
    "named-pipe": Hostile(_replace_with(os.mkfifo), "is a named pipe, not a project file"),
    "wal-a-named-pipe": Hostile(
        _beside("-wal", os.mkfifo), "has its -wal, which is a named pipe, not a project file"
    ),
    "unreadable": Hostile(_symlink_loop, "cannot be read (Too many levels of symbolic links)"),
    "empty": Hostile(_replace(b""), "is empty, not a project file"),
    "text": Hostile(
        _replace(b"hello " * 50), "is not an annotator project (it is not a SQLite database)"
    ),
    "short": Hostile(_replace(b"SQLite format 3\x00"), "(it is not a SQLite database)"),
    "foreign-id": Hostile(
        sql("PRAGMA application_id = 7"), "is a SQLite database, but not an annotator project"
    ),
    "unfinished": Hostile(
        _beside("-journal", lambda p: p.write_bytes(b"\xd9\xd5\x05\xf9" * 128)),
        "has an unfinished transaction (bob.annotator-journal); open it once in Annotator",
    ),
    "garbage-header": Hostile(
        _garbage_header, "is damaged or not a project file (file is not a database)"
    ),
    "damaged-page": Hostile(
        _scribble("ix_spans_label_id"),
        "is damaged (SQLite's check found 3 problems; the details are in the log)",
    ),
    "damaged-beyond-checking": Hostile(
        _scribble("spans"), "is damaged (database disk image is malformed)"
    ),
    # The schema.
    "trigger": Hostile(
        sql("CREATE TRIGGER t AFTER INSERT ON labels BEGIN DELETE FROM spans; END"),
        "holds a trigger ('t'), which no project file has",
    ),
    "view": Hostile(sql("CREATE VIEW v AS SELECT * FROM spans"), "holds a view ('v')"),
    "extra-table": Hostile(
        sql("CREATE TABLE extra (x)"), "holds a table our schema does not have ('extra')"
    ),
    "virtual-table": Hostile(
        sql("DROP TABLE imports", "CREATE VIRTUAL TABLE imports USING rtree(id, a, b)"),
        "holds a virtual table ('imports')",
    ),
    "extra-index": Hostile(
        sql("CREATE INDEX odd ON spans (note)"), "holds an index our schema does not have ('odd')"
    ),
    "no-import-records": Hostile(
        sql("DROP TABLE imports"), "lacks tables of a project file (imports)"
    ),
    "extra-column": Hostile(
        sql("ALTER TABLE labels ADD COLUMN extra"),
        "table labels does not have the columns of a project file",
    ),
    "our-index-other-columns": Hostile(
        sql("DROP INDEX ix_spans_label_id", "CREATE INDEX ix_spans_label_id ON spans (note)"),
        "its index 'ix_spans_label_id' is not defined as in a project file",
    ),
    "check-dropped": Hostile(
        sql(
            "PRAGMA writable_schema=ON",
            "UPDATE sqlite_master SET sql = replace(sql, 'CONSTRAINT ck_spans_valid_range "
            "CHECK (start >= 0 AND start < \"end\"),', '') WHERE name = 'spans'",
        ),
        "its table 'spans' is not defined as in a project file",
    ),
    "newer-revision": Hostile(
        sql("UPDATE alembic_version SET version_num = '9999'"),
        "was made by a newer version of Annotator (schema '9999'); update Annotator to merge it",
    ),
    "no-revision": Hostile(sql("DELETE FROM alembic_version"), "has no readable schema revision"),
    "upgrade-fails": Hostile(
        _old_with_a_broken_reference,
        "cannot be upgraded from schema 0007 (Upgrading the project would break 3 references "
        "between its tables; the upgrade was undone and the file is unchanged.)",
    ),
    "not-utf8": Hostile(
        sql("UPDATE documents SET title = CAST(x'ff' AS TEXT) WHERE id = 1"),
        "cannot be read (a text in column title is not UTF-8)",
    ),
    # Labels.
    "label-not-text": Hostile(
        sql("UPDATE labels SET name = x'00ff' WHERE id = 1"),
        "table labels, row 1: the label name is not text",
    ),
    "label-empty": Hostile(
        unchecked("UPDATE labels SET name = ' ' WHERE id = 1"),
        "table labels, row 1: the label name is empty",
    ),
    "label-long": Hostile(
        sql("UPDATE labels SET name = printf('%.101c', 'x') WHERE id = 3"),
        "table labels, row 3: the label name 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'… is "
        "longer than 100 characters (it has 101)",
    ),
    "label-tab": Hostile(
        sql("UPDATE labels SET name = 'Cl' || char(9) || 'aim' WHERE id = 1"),
        "table labels, row 1: the label name 'Cl\\taim' contains a tab, a line break or "
        "another control character",
    ),
    "label-case": Hostile(
        sql("UPDATE labels SET name = 'CLAIM' WHERE id = 2"),
        "table labels, row 2: the label name 'CLAIM' is used twice ('Claim' differs from it "
        "only in case)",
    ),
    "colour": Hostile(
        sql("UPDATE labels SET color = 'red' WHERE id = 1"),
        "table labels, row 1: the colour 'red' is not of the form #RRGGBB",
    ),
    "key": Hostile(
        sql("UPDATE labels SET key = 'x' WHERE id = 1"),
        "table labels, row 1: the key 'x' is not one of 1 to 9",
    ),
    # Annotators.
    "annotator-empty": Hostile(
        sql("UPDATE annotators SET name = ' '"), "table annotators, row 1: the annotator name is"
    ),
    "annotator-long": Hostile(
        sql("UPDATE annotators SET name = printf('%.201c', 'b')"),
        "is longer than 200 characters (it has 201)",
    ),
    "annotator-blanks": Hostile(
        sql("UPDATE annotators SET name = ' bob'"),
        "table annotators, row 1: the annotator name ' bob' starts or ends with blanks",
    ),
    "annotator-kind": Hostile(
        unchecked("UPDATE annotators SET kind = 'robot'"),
        "table annotators, row 1: the kind of layer 'robot' is not known",
    ),
    "annotator-time": Hostile(
        sql("UPDATE annotators SET created_at = 'yesterday'"),
        "table annotators, row 1: the time 'yesterday' cannot be read",
    ),
    # Documents.
    "text-not-text": Hostile(
        sql("UPDATE documents SET text = x'41' WHERE id = 1"),
        "table documents, row 1: the text is not text",
    ),
    "text-too-long": Hostile(
        sql("UPDATE documents SET text = printf('%.20000001c', 'x') WHERE id = 1"),
        "table documents, row 1: the text is longer than 20,000,000",
    ),
    "char-count": Hostile(
        sql("UPDATE documents SET char_count = 3 WHERE id = 1"),
        "table documents, row 1: char_count 3 is not 36",
    ),
    "hash-form": Hostile(
        sql("UPDATE documents SET sha256 = 'abc' WHERE id = 1"),
        "table documents, row 1: sha256 is not 64 lowercase hex digits",
    ),
    "wrong-hash": Hostile(
        sql("UPDATE documents SET sha256 = lower(hex(randomblob(32))) WHERE id = 2"),
        "table documents, row 2: sha256 is not the hash of the text",
    ),
    "title-not-text": Hostile(
        sql("UPDATE documents SET title = x'41' WHERE id = 1"),
        "table documents, row 1: title is not text",
    ),
    "document-time": Hostile(
        sql("UPDATE documents SET imported_at = 'soon' WHERE id = 1"),
        "table documents, row 1: the time 'soon' cannot be read",
    ),
    "meta-not-text": Hostile(
        sql("UPDATE documents SET meta = 5 WHERE id = 1"),
        "table documents, row 1: meta is not JSON text",
    ),
    "meta-garbage": Hostile(
        sql("UPDATE documents SET meta = '{oops' WHERE id = 3"),
        "table documents, row 3: meta is not valid JSON (JSONDecodeError)",
    ),
    "meta-not-object": Hostile(
        sql("UPDATE documents SET meta = '[1, 2]' WHERE id = 3"),
        "table documents, row 3: the metadata is not a JSON object",
    ),
    "meta-nan": Hostile(
        sql("UPDATE documents SET meta = '{\"a\": NaN}' WHERE id = 1"),
        "table documents, row 1: the metadata holds NaN, which is not JSON",
    ),
    "meta-infinite": Hostile(
        sql("UPDATE documents SET meta = '{\"a\": 1e999}' WHERE id = 1"),
        "table documents, row 1: the metadata holds inf, which is not a JSON number",
    ),
    "meta-deep": Hostile(
        sql(f"UPDATE documents SET meta = {_nested(MAX_META_NESTING + 1)} WHERE id = 1"),
        f"table documents, row 1: the metadata is nested more than {MAX_META_NESTING} levels",
    ),
    "meta-too-deep-to-read": Hostile(
        sql(f"UPDATE documents SET meta = {_nested(100_000)} WHERE id = 1"),
        "table documents, row 1: the metadata is nested too deeply to read",
    ),
    "meta-surrogate": Hostile(
        sql('UPDATE documents SET meta = \'{"a": "\\ud800"}\' WHERE id = 1'),
        "table documents, row 1: the metadata holds a string with an unpaired UTF-16 surrogate",
    ),
    # Spans.
    "span-id": Hostile(
        sql(f"UPDATE spans SET id = 'X' WHERE id = {SPAN}"),
        "table spans, row 'X': the id is not 32 lowercase hex digits",
    ),
    "span-document": Hostile(
        sql(f"UPDATE spans SET document_id = 9 WHERE id = {SPAN}"), "document 9 does not exist"
    ),
    "span-annotator": Hostile(
        sql(f"UPDATE spans SET annotator_id = 7 WHERE id = {SPAN}"), "annotator 7 does not exist"
    ),
    "span-label": Hostile(
        sql(f"UPDATE spans SET label_id = 77 WHERE id = {SPAN}"), "label 77 does not exist"
    ),
    "span-past-the-end": Hostile(
        sql('UPDATE spans SET "end" = 999 WHERE start = 26'), "26-999 is outside the text (0-36)"
    ),
    "span-not-integer": Hostile(
        sql("UPDATE spans SET start = 0.5 WHERE start = 0 AND document_id = 2"),
        "0.5-26 is outside the text (0-39)",
    ),
    "span-empty": Hostile(
        unchecked('UPDATE spans SET "end" = start WHERE start = 26'),
        "26-26 is empty (a span holds some text)",
    ),
    "span-note": Hostile(
        sql(f"UPDATE spans SET note = x'00' WHERE id = {SPAN}"), "the note is not text"
    ),
    "span-time": Hostile(
        sql("UPDATE spans SET updated_at = 'yesterday' WHERE document_id = 2"),
        "the time 'yesterday' cannot be read",
    ),
    # Statuses and document notes.
    "status": Hostile(
        sql("UPDATE document_status SET status = 'lost' WHERE document_id = 1"),
        "unknown status 'lost'",
    ),
    "status-document": Hostile(
        sql("UPDATE document_status SET document_id = 9 WHERE document_id = 1"),
        "table document_status, row '9/1': document 9 does not exist",
    ),
    "status-annotator": Hostile(
        sql("UPDATE document_status SET annotator_id = 5 WHERE document_id = 1"),
        "table document_status, row '1/5': annotator 5 does not exist",
    ),
    "status-note": Hostile(
        sql("UPDATE document_status SET note = x'00' WHERE document_id = 2"),
        "table document_status, row '2/1': the note is not text",
    ),
    # Suggestions.
    "origin-score": Hostile(
        sql("UPDATE span_origins SET score = 7"), "the score 7.0 is not from 0 to 1"
    ),
    "origin-reason": Hostile(
        sql("UPDATE span_origins SET reason = printf('%.501c', 'x')"),
        "reason is longer than 500",
    ),
    "origin-recommender": Hostile(
        sql("UPDATE span_origins SET recommender = ' '"), "recommender is empty"
    ),
    "origin-version": Hostile(
        sql("UPDATE span_origins SET version = x'00'"), "version is not text"
    ),
    "origin-label": Hostile(
        sql("UPDATE span_origins SET label = 'a' || char(10) || 'b'"),
        "the label name 'a\\nb' contains a tab",
    ),
    "rejection-range": Hostile(
        sql('UPDATE suggestion_rejections SET "end" = 4000'),
        "table suggestion_rejections, row 1: 25-4000 is outside the text (0-43)",
    ),
    "rejection-label": Hostile(
        sql("UPDATE suggestion_rejections SET label_id = 9"),
        "table suggestion_rejections, row 1: label 9 does not exist",
    ),
    "rejection-annotator": Hostile(
        sql("UPDATE suggestion_rejections SET annotator_id = 9"),
        "table suggestion_rejections, row 1: annotator 9 does not exist",
    ),
    "rejection-document": Hostile(
        sql("UPDATE suggestion_rejections SET document_id = 9"),
        "table suggestion_rejections, row 1: document 9 does not exist",
    ),
    "model-owner": Hostile(
        sql("UPDATE suggestion_models SET annotator_id = 9"),
        "table suggestion_models, row \"9/'learned'\": annotator 9 does not exist",
    ),
}

#: Refusals a test of their own brings about (it checks these very words), by the test.
ELSEWHERE = {
    "cannot be copied to a temporary folder (Not a directory)": "test_a_temporary_folder_"
    "that_cannot_hold_the_copy",
}

#: Refusal messages no file can bring about (as they would read), each with why; a test
#: checks that each is still written somewhere.
UNREACHABLE = {
    "cannot be opened (unable to open database file)": "sqlite3 opening our own private "
    "copy, or setting a PRAGMA on it",
    "is not a regular file, not a project file": "the file swapped for a pipe between two "
    "system calls",
    "holds a schema object of kind 'x'": "SQLite refuses such a schema itself (damaged)",
    "table spans, row 1: id is not an integer": "every id read is an INTEGER PRIMARY KEY, "
    "whose definition is checked",
    "table documents, row 2: the same text is stored twice": "UNIQUE (sha256), whose "
    "definition is checked",
    "table annotators, row 2: the name 'bob' is used twice": "UNIQUE (name), whose definition "
    "is checked",
    "table spans, row 'x': the id is used twice": "PRIMARY KEY (id), whose definition is checked",
    "table document_status, row '1/1': is stored twice": "its PRIMARY KEY, whose definition "
    "is checked",
    "table suggestion_rejections, row 2: the same suggestion is rejected twice": "a UNIQUE "
    "constraint, whose definition is checked",
    "the label name 'x' holds an unpaired UTF-16 surrogate": "SQLite cannot hand back a lone "
    "surrogate: the text fails to decode first ('cannot be read')",
    "the metadata has a key that is not text": "JSON keys are strings",
    "the metadata holds a datetime, which JSON cannot hold": "JSON holds nothing else",
}


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Bob's file: spans with a note, statuses, a document note, an accepted suggestion's
    origin, a rejected suggestion and a trained model."""
    path = annotator_file(
        tmp_path_factory.mktemp("good") / "bob.annotator",
        "bob",
        [(0, "Claim", 0, 25, "checked"), (0, "Opinion", 26, 36, None), (1, "Claim", 0, 26, None)],
        statuses=[(0, DocStatus.DONE)],
        notes=[(1, "unsure")],
    )
    execute(
        path,
        f"INSERT INTO span_origins SELECT id, 'detector', '1', 0.5, 'seen before', {STAMP}, "
        f"'Claim' FROM spans WHERE id = {SPAN}",
        'INSERT INTO suggestion_rejections (annotator_id, document_id, label_id, start, "end", '
        f"recommender, rejected_at) VALUES (1, 3, 3, 25, 43, 'detector', {STAMP})",
        "INSERT INTO suggestion_models VALUES (1, 'learned', 'v1', " + STAMP + ", 1, 1, x'00')",
    )
    return path


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """One team project for every case: each checks that a refusal left it as it was."""
    project = Project.open(tmp_path_factory.mktemp("team") / "team.annotator", "lead")
    yield project
    project.close()


def test_the_good_file_merges(good: Path, tmp_path: Path) -> None:
    team = Project.open(tmp_path / "team.annotator", "lead")
    try:
        report = team.merger.merge_paths([good], own_layer="lead")
        assert report.ok, report.files
        assert report.files[0].layers[0].added == 3
    finally:
        team.close()


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_file_is_refused_whole(
    good: Path, team: Project, tmp_path: Path, case: str
) -> None:
    path = tmp_path / "bob.annotator"
    shutil.copyfile(good, path)
    CASES[case].corrupt(path)
    before = dump(team.path)
    hashed = _hash(path) if path.is_file() and not path.is_symlink() else None
    report = team.merger.merge_paths([path], own_layer="lead")
    [outcome] = report.files
    assert not outcome.merged
    assert outcome.error is not None and CASES[case].message in outcome.error, outcome.error
    assert "\n" not in outcome.summary() and outcome.summary().startswith(f"{path}: refused: ")
    assert dump(team.path) == before
    if hashed is not None:
        assert _hash(path) == hashed


def _hash(path: Path) -> str:
    """The file's bytes (not its -wal's, which may be a pipe here)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    """Opening a pipe for reading waits for a writer: the merge must not even try. In a
    child process, so that a hang fails the test instead of stopping the suite."""
    import subprocess
    import sys

    pipe = tmp_path / "bob.annotator"
    os.mkfifo(pipe)
    script = (
        "import sys; from pathlib import Path; from annotator.services.project import Project\n"
        "team = Project.open(Path(sys.argv[1]), 'lead')\n"
        "print(team.merger.merge_paths([Path(sys.argv[2])], 'lead').files[0].summary())\n"
        "team.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "team.annotator"), str(pipe)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        check=True,
    )
    assert done.stdout == f"{pipe}: refused: is a named pipe, not a project file\n"


def test_a_damaged_file_s_details_go_to_the_log(
    good: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "bob.annotator"
    shutil.copyfile(good, path)
    _scribble("ix_spans_label_id")(path)
    team = Project.open(tmp_path / "team.annotator", "lead")
    try:
        [outcome] = team.merger.merge_paths([path], own_layer="lead").files
    finally:
        team.close()
    assert outcome.error == (
        "is damaged (SQLite's check found 3 problems; the details are in the log)"
    )
    logged = [r.getMessage() for r in caplog.records if "quick_check" in r.getMessage()]
    assert len(logged) == 3  # a line per problem: one per span in the scribbled index
    for line in logged:
        assert re.fullmatch(rf"{re.escape(str(path))}: SQLite's quick_check: On tree page .+", line)


def test_a_temporary_folder_that_cannot_hold_the_copy(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "tmp"
    not_a_folder.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))
    team = Project.open(tmp_path / "team.annotator", "lead")
    try:
        [outcome] = team.merger.merge_paths([good], own_layer="lead").files
    finally:
        team.close()
    assert outcome.error == next(iter(ELSEWHERE))


# Where the refusal messages are written, and how each module writes one.
_MODULES = (
    annotator.store.untrusted,
    annotator.store.untrusted_rows,
    annotator.store.untrusted_suggestions,
    annotator.store.untrusted_definitions,
)
_RULE_FUNCTIONS = {"problem", "color_problem", "key_problem", "meta_problem"}


def _pattern(node: ast.expr) -> str | None:
    """A message's text as a regular expression: its values match anything."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        return "".join(
            re.escape(str(part.value)) if isinstance(part, ast.Constant) else ".*?"
            for part in node.values
        )
    return None


def refusal_patterns() -> set[str]:
    """Every refusal message of the modules that check a received file: the reasons of
    ``InputError(source, reason)`` and ``self._fail(table, row, reason)``, and the reasons
    the value rules give (:mod:`annotator.core.value_rules`)."""
    found: set[str] = set()
    for module in _MODULES:
        assert module.__file__ is not None
        for node in ast.walk(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                at = {"InputError": 1, "_fail": 2}.get(str(name))
                # A reason passed on by name (``problem``) is a value rule's, read below.
                if (
                    at is not None
                    and len(node.args) > at
                    and not isinstance(node.args[at], ast.Name)
                ):
                    found.add(_pattern(node.args[at]) or "?")
    rules = annotator.core.value_rules
    assert rules.__file__ is not None
    for node in ast.walk(ast.parse(Path(rules.__file__).read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef) and node.name in _RULE_FUNCTIONS:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Return) and sub.value is not None:
                    pattern = _pattern(sub.value)
                    if pattern is not None:
                        found.add(pattern)
    # The generic form every row refusal takes, and rules returned by name.
    found.discard(r"table\ .*?,\ row\ .*?:\ .*?")
    return found


def test_every_refusal_rule_has_a_hostile_file() -> None:
    patterns = refusal_patterns()
    assert "?" not in patterns, "a refusal whose message is not written out where it is raised"
    assert len(patterns) > 50
    messages = [case.message for case in CASES.values()] + list(ELSEWHERE)
    reasons = list(UNREACHABLE)
    uncovered = [
        pattern
        for pattern in sorted(patterns)
        if not any(re.search(pattern, text) for text in messages)
        and not any(re.search(pattern, reason) for reason in reasons)
    ]
    assert uncovered == [], "refusal rules without a hostile file in CASES"
    stale = [r for r in reasons if not any(re.search(p, r) for p in patterns)]
    assert stale == [], "UNREACHABLE names messages no module writes any more"
