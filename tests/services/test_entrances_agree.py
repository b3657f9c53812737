"""What an import accepts, a merge accepts, and the other way round (one set of value rules).

For each kind of value and each of a list of hostile values, two entrances are tried:

- **import**: a JSONL file carrying the value (a label name, an annotator name, a title, a
  source path, metadata) is imported into a new project; if it is accepted, that project
  is merged into a new team project, which must then hold exactly what the import stored;
- **merge**: a real project file is given the value by raw SQL (as a file made by another
  program, or by an older version, would carry it) and merged into a new team project.

Both must accept the value, or both refuse it with one line naming the file; where both
accept, the team holds what the import stored.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from project_files import annotator_file, execute

from annotator.core.value_rules import MAX_META_NESTING, SOURCE
from annotator.services.importing import ImportOptions
from annotator.services.project import Project

TEXT = "Prices rose five percent. I hate it."

#: Per kind: the SQL that gives the merged file the value, and the query that reads back
#: what a project stored.
WRITE = {
    "label": "UPDATE labels SET name = ? WHERE name = 'Claim'",
    "annotator": "UPDATE annotators SET name = ? WHERE name = 'bob'",
    "title": "UPDATE documents SET title = ? WHERE id = 1",
    "source": "UPDATE documents SET source = ? WHERE id = 1",
    "meta": "UPDATE documents SET meta = ? WHERE id = 1",
}
READ = {
    "label": "SELECT name FROM labels ORDER BY name",
    "annotator": "SELECT name FROM annotators ORDER BY name",
    "title": "SELECT title FROM documents",
    "source": "SELECT source FROM documents",
    "meta": "SELECT meta FROM documents",
}


def _deep(levels: int) -> str:
    return '{"a": ' + "[" * (levels - 1) + "]" * (levels - 1) + "}"


HOSTILE: list[tuple[str, str]] = [
    ("label", "Claim\tsub"),
    ("label", "two\nlines"),
    ("label", "x" * 100),
    ("label", "x" * 101),
    ("label", "Ünïcödé ✓ claim"),
    ("label", "del\x7f"),
    ("label", "line\u2028separator"),
    ("annotator", "bob\tsmith"),
    ("annotator", "b" * 200),
    ("annotator", "b" * 201),
    ("annotator", "José Ñúñez"),
    ("annotator", "ann\nbob"),
    ("annotator", "Gold standard"),
    ("title", "t" * 500),
    ("title", "t" * 700),
    ("title", "A title\nover two lines"),
    ("title", "Tab\there"),
    ("source", "s" * 1200),
    ("source", "page\twith a tab"),
    ("meta", '{"a": NaN}'),
    ("meta", '{"a": -Infinity}'),
    ("meta", '{"a": 1e999}'),
    ("meta", _deep(MAX_META_NESTING)),
    ("meta", _deep(MAX_META_NESTING + 1)),
    ("meta", '{"a": [1, {"b": null, "c": "\\u00e9"}], "d": true}'),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file with one document and one of bob's spans, for the merge entrance."""
    return annotator_file(
        tmp_path_factory.mktemp("base") / "bob.annotator",
        "bob",
        [(0, "Claim", 0, 25, None)],
        texts=[TEXT],
    )


def _record(kind: str, value: str) -> dict[str, Any]:
    span: dict[str, Any] = {"start": 0, "end": 25, "label": "Claim", "annotator": "bob"}
    record: dict[str, Any] = {"text": TEXT, "title": "Page", "spans": [span]}
    if kind == "label":
        span["label"] = value
    elif kind == "annotator":
        span["annotator"] = value
    elif kind == "title":
        record["title"] = value
    return record


def _jsonl(folder: Path, kind: str, value: str) -> Path:
    """The file the import reads; its path is the document's source."""
    if kind == "source":
        # A path of this length, as the file system allows it: folders of 200 characters.
        *folders, name = [value[at : at + 200] for at in range(0, len(value), 200)]
        folder = folder.joinpath(*folders)
        folder.mkdir(parents=True)
        path = folder / (name + ".jsonl")
    else:
        path = folder / "page.jsonl"
    record = json.dumps(_record(kind, value), ensure_ascii=False)
    if kind == "meta":
        record = record[:-1] + ', "meta": ' + value + "}"
    path.write_text(record + "\n", encoding="utf-8")
    return path


def _stored(path: Path, kind: str) -> list[Any]:
    with closing(sqlite3.connect(path)) as connection:
        rows = [row[0] for row in connection.execute(READ[kind])]
    return [json.loads(row) for row in rows] if kind == "meta" else rows


def _merged(team_path: Path, path: Path) -> str | None:
    """Merge ``path`` into a new team project; None when merged, else the one line."""
    team = Project.open(team_path, "lead")
    try:
        [outcome] = team.merger.merge_paths([path], own_layer="lead").files
    finally:
        team.close()
    line = outcome.summary()
    assert "\n" not in line and line.startswith(str(path))
    return None if outcome.merged else line


@pytest.mark.parametrize(("kind", "value"), HOSTILE, ids=lambda v: repr(v)[:30])
def test_import_and_merge_agree(base: Path, tmp_path: Path, kind: str, value: str) -> None:
    # The import entrance, then a merge of what it stored.
    project_path = tmp_path / "imported.annotator"
    project = Project.open(project_path, "alice")
    try:
        jsonl = _jsonl(tmp_path / "in", kind, value) if kind == "source" else None
        jsonl = jsonl or _jsonl(tmp_path, kind, value)
        options = ImportOptions(default_annotator="alice", create_labels=True)
        report = project.importer.import_paths([jsonl], options)
    finally:
        project.close()
    imported = report.ok
    if imported:
        assert report.documents_added == 1
        assert _merged(tmp_path / "team1.annotator", project_path) is None
        stored, merged = _stored(project_path, kind), _stored(tmp_path / "team1.annotator", kind)
        if kind in ("label", "annotator"):  # each project has other labels and layers too
            assert value.strip() in stored and value.strip() in merged
        else:
            assert merged == stored
    else:
        [error] = report.errors
        assert "\n" not in error and error.startswith(str(jsonl))
    # The merge entrance: the value as a file would carry it, unchecked.
    received = tmp_path / "received.annotator"
    shutil.copyfile(base, received)
    execute(received, "PRAGMA ignore_check_constraints=ON", _bound(WRITE[kind], value))
    refusal = _merged(tmp_path / "team2.annotator", received)
    assert (refusal is None) == imported, (report.errors, refusal)
    if imported and kind in ("title", "meta"):
        # Fitted alike: the team holds what the import stored.
        assert _stored(tmp_path / "team2.annotator", kind) == _stored(project_path, kind)
    if kind == "source":  # the import's source is the file's whole path, not the value
        [stored] = _stored(tmp_path / "team2.annotator", kind)
        assert stored == SOURCE.fit(value) and len(stored) <= SOURCE.limit


def _bound(statement: str, value: str) -> str:
    """``statement`` with its one parameter written in as an SQL literal."""
    literal = "'" + value.replace("'", "''") + "'"
    return statement.replace("?", literal)
