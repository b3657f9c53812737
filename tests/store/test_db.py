"""Tests for :mod:`annotator.store.db` and how :class:`Project` opens a file."""

from __future__ import annotations

import random
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from project_files import downgrade, upgrade_backups
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from annotator.core.model import DocStatus, DocumentDraft
from annotator.core.suggestions.base import Origin
from annotator.errors import ProjectError
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.services.span_batches import Placement, read_origins
from annotator.settings import project_backup_folder
from annotator.store import db
from annotator.store.schema import Base, ProjectSetting, SpanRow, utcnow

APPLICATION_ID = 0x414E4E54


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = db.open_project_store(tmp_path / "p.annotator")
    yield engine
    engine.dispose()


def raw_pragma(path: Path, name: str) -> object:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(f"PRAGMA {name}").fetchone()[0]


def sqlite_file_with_table(path: Path, application_id: int = 0) -> None:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, url TEXT)")
        connection.execute("INSERT INTO bookmarks (url) VALUES ('https://example.org')")
        if application_id:
            connection.execute(f"PRAGMA application_id={application_id}")
        connection.commit()


def import_one(project: Project, body: str = "One claim here. Another opinion there.") -> int:
    project.importer.import_drafts(
        [DocumentDraft(text=body, title="Doc", source="doc.txt")],
        ImportOptions(default_annotator=project.annotator_name),
        ImportReport(),
    )
    return project.catalog.document_summaries(project.annotator_id)[-1].id


def stored_setting(project: Project, key: str) -> object:
    """A project setting's value as the file holds it (None when absent)."""
    with project.store.reading() as session:
        row = session.get(ProjectSetting, key)
        return None if row is None else row.value


# --- connection settings -----------------------------------------------------------------


def test_every_connection_gets_the_pragmas(engine: Engine) -> None:
    connections = [engine.connect() for _ in range(3)]
    try:
        assert len({id(c.connection.dbapi_connection) for c in connections}) == 3
        for connection in connections:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == db.PAGE_CACHE_KIB
    finally:
        for connection in connections:
            connection.close()


def test_new_project_is_marked_and_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    Project.open(path, "alice").close()
    assert raw_pragma(path, "application_id") == APPLICATION_ID
    assert raw_pragma(path, "journal_mode") == "wal"
    assert path.read_bytes()[68:72] == b"ANNT"
    assert list(tmp_path.glob("*.bak")) == []  # nothing to back up in a new project


def test_schema_head_is_the_alembic_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    assert script.get_heads() == [db.SCHEMA_HEAD]
    assert db.known_revisions() == {rev.revision for rev in script.walk_revisions()}


def test_migrations_produce_exactly_the_orm_schema(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
            (db.SCHEMA_HEAD,)
        ]


def test_schema_comparison_notices_a_difference(engine: Engine) -> None:
    """The comparison above is able to fail: a missing index shows up in the diff."""
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP INDEX ix_spans_label_id")
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [(entry[0], entry[1].name) for entry in diff] == [("add_index", "ix_spans_label_id")]


# --- files that are not projects ---------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"id,text\n1,hello world\n" * 20,
        random.Random(7).randbytes(4096),
        b"SQLite format 3\x00" + b"\x00" * 20,  # a truncated header
    ],
    ids=["text", "random-bytes", "truncated-sqlite"],
)
def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.annotator"
    path.write_bytes(content)
    with pytest.raises(ProjectError, match=r"is not an annotator project \(it is not a SQLite"):
        Project.open(path, "alice")
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.annotator"]


def test_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    sqlite_file_with_table(path, application_id=0x12345678)
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="SQLite database of another program"):
        Project.open(path, "alice")
    assert path.read_bytes() == before


def test_sqlite_file_with_tables_but_no_revision_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    sqlite_file_with_table(path)
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="is a SQLite database, but not an annotator project"):
        Project.open(path, "alice")
    # Not even switched to WAL mode: another program's file is never written.
    assert path.read_bytes() == before
    assert raw_pragma(path, "journal_mode") == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


@pytest.mark.parametrize("kind", ["empty-file", "empty-database"])
def test_an_empty_file_becomes_a_project(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "p.annotator"
    if kind == "empty-file":
        path.touch()
    else:
        with closing(sqlite3.connect(path)) as connection:
            connection.execute("PRAGMA user_version=1")  # writes a header, no tables
        assert path.stat().st_size > 0
    project = Project.open(path, "alice")
    project.close()
    assert raw_pragma(path, "application_id") == APPLICATION_ID


def test_a_project_of_a_newer_version_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    Project.open(path, "alice").close()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.commit()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="newer version") as raised:
        Project.open(path, "alice")
    assert "9999" in str(raised.value)
    assert path.read_bytes() == before
    assert list(tmp_path.glob("*.bak")) == []


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "p.annotator"
    folder.mkdir()
    with pytest.raises(ProjectError, match="is a folder"):
        Project.open(folder, "alice")
    assert list(folder.iterdir()) == []


def test_a_path_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "p.annotator"
    with pytest.raises(ProjectError, match="does not exist"):
        Project.open(path, "alice")
    assert not path.parent.exists()


# --- what a project holds ----------------------------------------------------------------


def test_default_labels_are_created_once(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    first = Project.open(path, "alice")
    expected = [
        ("Claim", "1", "#0072B2", 0),
        ("Opinion", "2", "#E69F00", 1),
        ("Boilerplate", "3", "#8C8C8C", 2),
    ]
    assert [(lab.name, lab.key, lab.color, lab.position) for lab in first.catalog.labels()] == (
        expected
    )
    ids = [label.id for label in first.catalog.labels()]
    created_at = stored_setting(first, "created_at")
    assert stored_setting(first, "offset_unit") == "code_point"
    assert stored_setting(first, "newline_policy") == "lf"
    first.close()
    for name in ("alice", "bob"):
        again = Project.open(path, name)
        assert [label.id for label in again.catalog.labels()] == ids
        assert stored_setting(again, "created_at") == created_at
        again.close()


def test_reopening_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator"
    project = Project.open(path, "alice")
    document_id = import_one(project)
    claim = project.catalog.labels()[0].id
    added = project.annotation.add_span(document_id, project.annotator_id, claim, 0, 9)
    project.annotation.set_status(document_id, project.annotator_id, DocStatus.DONE)
    alice = project.annotator_id
    project.close()

    again = Project.open(path, "alice")
    try:
        assert again.annotator_id == alice
        assert again.catalog.document(document_id).text.startswith("One claim")
        assert again.catalog.spans(document_id, alice) == [added.span]
        assert again.catalog.status(document_id, alice) is DocStatus.DONE
        assert [a.name for a in again.catalog.annotators()] == ["alice"]
    finally:
        again.close()


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "p.annotator", "alice")
    try:
        document_id = import_one(project)
        label_id = project.catalog.labels()[0].id
        now = utcnow()
        bad_rows = [
            {"document_id": 999, "annotator_id": project.annotator_id, "label_id": label_id},
            {"document_id": document_id, "annotator_id": 999, "label_id": label_id},
            {"document_id": document_id, "annotator_id": project.annotator_id, "label_id": 999},
        ]
        for values in bad_rows:
            with (
                pytest.raises(IntegrityError, match="FOREIGN KEY"),
                project.store.transaction() as session,
            ):
                session.add(
                    SpanRow(id="x" * 32, start=0, end=3, created_at=now, updated_at=now, **values)
                )
        assert project.catalog.spans(document_id, project.annotator_id) == []
    finally:
        project.close()


# --- upgrades ----------------------------------------------------------------------------

PROBE_MIGRATION = '''"""add a probe table

Revision ID: 9001
Revises: {head}
"""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("upgrade_probe", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("upgrade_probe")
'''


def test_an_old_project_is_backed_up_then_upgraded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real Alembic upgrade from the head to a test-only 9001, on a copy of the scripts."""
    old_head = db.SCHEMA_HEAD
    migrations = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "9001_probe.py").write_text(
        PROBE_MIGRATION.replace("{head}", db.SCHEMA_HEAD), encoding="utf-8"
    )

    path = tmp_path / "p.annotator"
    old = Project.open(path, "alice")  # stays open: its last commit may sit in the WAL
    document_id = import_one(old)

    monkeypatch.setattr(db, "MIGRATIONS_DIR", migrations)
    monkeypatch.setattr(db, "SCHEMA_HEAD", "9001")
    engine = db.open_project_store(path)
    try:
        with engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            probe = connection.execute(text("SELECT count(*) FROM upgrade_probe")).scalar()
        assert version == [("9001",)]
        assert probe == 0
    finally:
        engine.dispose()
        old.close()

    backups = list(project_backup_folder(path).glob("p.annotator.*.before-upgrade-*.bak"))
    assert len(backups) == 1
    assert re.fullmatch(
        rf"p\.annotator\.\d{{4}}-\d\d-\d\dT\d{{6}}Z\.before-upgrade-{old_head}\.bak",
        backups[0].name,
    )
    with closing(sqlite3.connect(backups[0])) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(old_head,)]
        # Taken before the upgrade, with the data committed so far.
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
        assert "upgrade_probe" not in tables
        assert copy.execute("SELECT id, title FROM documents").fetchall() == [(document_id, "Doc")]
        assert copy.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)

    # Up to date now: opening again neither upgrades nor backs up.
    again = db.open_project_store(path)
    again.dispose()
    assert len(list(project_backup_folder(path).glob("*.bak"))) == 1
    assert list(tmp_path.glob("*.bak")) == []  # in the backup folder, not beside the project


REBUILD_DOCUMENTS = '''"""rebuild the documents table

Revision ID: 9001
Revises: {head}
"""

import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", recreate="always") as batch:
        batch.add_column(sa.Column("probe", sa.Integer(), nullable=True))


def downgrade() -> None:
    pass
'''


def test_an_upgrade_that_rebuilds_documents_keeps_every_span(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batch mode drops the old table; with foreign keys on, that would cascade into spans."""
    migrations = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    (migrations / "versions" / "9001_rebuild.py").write_text(
        REBUILD_DOCUMENTS.replace("{head}", db.SCHEMA_HEAD), encoding="utf-8"
    )
    path = tmp_path / "p.annotator"
    project = Project.open(path, "alice")
    document_id = import_one(project)
    label = project.catalog.labels()[0]
    project.annotation.add_span(document_id, project.annotator_id, label.id, 0, 3)
    project.annotation.set_status(document_id, project.annotator_id, DocStatus.DONE)
    project.close()

    monkeypatch.setattr(db, "MIGRATIONS_DIR", migrations)
    monkeypatch.setattr(db, "SCHEMA_HEAD", "9001")
    upgraded = Project.open(path, "alice")
    try:
        assert [
            (s.start, s.end) for s in upgraded.catalog.spans(document_id, upgraded.annotator_id)
        ] == [(0, 3)]
        assert upgraded.catalog.status(document_id, upgraded.annotator_id) is DocStatus.DONE
        with upgraded.store.reading() as session:
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        upgraded.close()


def test_a_write_transaction_holds_the_write_lock_from_its_start(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE: a read-then-write transaction cannot be overtaken by another writer
    between its read and its write (which would fail it at once with "database is locked")."""
    path = tmp_path / "p.annotator"
    first = Project.open(path, "alice")
    second = Project.open(path, "bob")
    try:
        document_id = import_one(first)
        label = first.catalog.labels()[0]
        with first.store.transaction() as session:
            session.execute(text("SELECT count(*) FROM spans")).scalar()
            # Only a read so far, yet another writer cannot start: the lock was taken at BEGIN.
            with second.store.engine.connect() as other:
                other.exec_driver_sql("PRAGMA busy_timeout=50")
                with pytest.raises(OperationalError, match="locked"):
                    other.exec_driver_sql("BEGIN IMMEDIATE")
        # And the first writer's own read-then-write goes through.
        first.annotation.add_span(document_id, first.annotator_id, label.id, 0, 3)
        assert len(second.catalog.spans(document_id, first.annotator_id)) == 1
    finally:
        first.close()
        second.close()


def test_a_project_made_by_the_first_release_upgrades_with_a_backup(tmp_path: Path) -> None:
    """Build a schema-0001 file with the real scripts, then open it with this version."""
    path = tmp_path / "old.annotator"
    engine = db.create_project_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    from alembic import command

    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(f"PRAGMA application_id={db.APPLICATION_ID}")
        connection.exec_driver_sql(
            "INSERT INTO documents (id, sha256, title, text, char_count, source, encoding, "
            "meta, imported_at, position) VALUES (1, 'x', 'Old', 'Old text.', 9, 'old.txt', "
            "'utf-8', '{}', '2026-01-01 00:00:00', 1)"
        )
    engine.dispose()
    project = Project.open(path, "alice")
    try:
        assert project.catalog.document(1).text == "Old text."
        with project.store.reading() as session:
            assert (
                session.execute(text("SELECT version_num FROM alembic_version")).scalar()
                == db.SCHEMA_HEAD
            )
    finally:
        project.close()
    assert len(upgrade_backups(tmp_path / "old.annotator", "0001")) == 1


def test_a_project_from_before_imports_were_recorded_upgrades_with_its_work(
    tmp_path: Path,
) -> None:
    """Schema 0004 to the newest: documents keep their spans and statuses; no import is known."""
    path = tmp_path / "0004.annotator"
    engine = db.create_project_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    from alembic import command

    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
        connection.exec_driver_sql(f"PRAGMA application_id={db.APPLICATION_ID}")
        for statement in (
            "INSERT INTO documents (id, sha256, title, text, char_count, source, encoding, "
            "meta, imported_at, position) VALUES (1, 'x', 'Old', 'Old text.', 9, 'old.txt', "
            "'utf-8', '{}', '2026-01-01 00:00:00', 1)",
            "INSERT INTO annotators (id, name, kind, created_at) "
            "VALUES (1, 'alice', 'person', '2026-01-01 00:00:00')",
            "INSERT INTO labels (id, name, color, key, position) VALUES (1, 'Claim', '#0072B2', "
            "'1', 0)",
            'INSERT INTO spans (id, document_id, annotator_id, label_id, start, "end", '
            "created_at, updated_at) VALUES ('" + "a" * 32 + "', 1, 1, 1, 0, 3, "
            "'2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            "INSERT INTO document_status (document_id, annotator_id, status, updated_at) "
            "VALUES (1, 1, 'done', '2026-01-01 00:00:00')",
            "INSERT INTO project_settings (key, value) VALUES ('created_at', '\"2026\"')",
        ):
            connection.exec_driver_sql(statement)
    engine.dispose()
    project = Project.open(path, "alice")
    try:
        assert [(s.start, s.end) for s in project.catalog.spans(1, 1)] == [(0, 3)]
        assert project.catalog.status(1, 1) is DocStatus.DONE
        assert project.removal.imports() == []
        import_one(project)
        [recorded] = project.removal.imports()
        assert project.removal.documents_of_import(recorded.id) == [2]
    finally:
        project.close()
    assert len(upgrade_backups(tmp_path / "0004.annotator", "0004")) == 1


def test_a_project_from_before_suggestions_upgrades_and_keeps_accepted_origins(
    tmp_path: Path,
) -> None:
    """Schema 0007 (made by the real scripts, going down from the head) to the newest."""
    path = tmp_path / "0007.annotator"
    project = Project.open(path, "alice")
    document_id = import_one(project)
    claim = project.catalog.labels()[0].id
    project.annotation.add_span(document_id, project.annotator_id, claim, 0, 15)
    project.close()
    downgrade(path, "0007")
    with closing(sqlite3.connect(path)) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "span_origins" not in tables and "suggestion_models" not in tables

    upgraded = Project.open(path, "alice")
    try:
        assert [(s.start, s.end) for s in upgraded.catalog.spans(document_id, 1)] == [(0, 15)]
        origin = Origin("detector", "1", 0.75, "repeated on 3 pages")
        result = upgraded.batches.add_many(
            document_id, upgraded.annotator_id, [Placement(claim, 16, 38, origin)]
        )
        assert result.change is not None
        with upgraded.store.reading() as session:
            assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                db.SCHEMA_HEAD
            )
            kept = read_origins(session.connection(), [result.change.after[0].id])
        assert [o.reason for o in kept.values()] == ["repeated on 3 pages"]
    finally:
        upgraded.close()
    assert len(upgrade_backups(tmp_path / "0007.annotator", "0007")) == 1
