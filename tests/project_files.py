"""Building annotators' project files for merge tests, and fingerprints to compare them by."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from annotator.core.model import DocStatus, DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project

TEXTS = (
    "Prices rose five percent. I hate it.",
    "The bridge opened in 1932. Lovely view.",
    "Click here to subscribe. Rain fell all day.",
)

#: A span to add: document index into the texts, label name, start, end, note.
SpanSpec = tuple[int, str, int, int, str | None]


def annotator_file(
    path: Path,
    annotator: str,
    spans: Sequence[SpanSpec] = (),
    *,
    texts: Sequence[str] = TEXTS,
    statuses: Sequence[tuple[int, DocStatus]] = (),
    notes: Sequence[tuple[int, str]] = (),
) -> Path:
    """A project at ``path`` holding ``texts`` and ``annotator``'s layer; checkpointed."""
    project = Project.open(path, annotator)
    try:
        drafts = [
            DocumentDraft(text=text, title=f"Page {n}", source=f"pages/{n}.txt")
            for n, text in enumerate(texts)
        ]
        project.importer.import_drafts(
            drafts, ImportOptions(default_annotator=annotator), ImportReport()
        )
        add_work(project, spans, statuses, notes)
    finally:
        project.close()
    return path


def add_work(
    project: Project,
    spans: Sequence[SpanSpec] = (),
    statuses: Sequence[tuple[int, DocStatus]] = (),
    notes: Sequence[tuple[int, str]] = (),
) -> None:
    """Add spans, statuses and document notes to the project's current layer."""
    ids = [d.id for d in project.catalog.document_summaries(project.annotator_id)]
    labels = {label.name: label.id for label in project.catalog.labels()}
    me = project.annotator_id
    for index, label, start, end, note in spans:
        added = project.annotation.add_span(ids[index], me, labels[label], start, end)
        if note is not None:
            project.annotation.change_span(added.span.id, note=note)
    for index, status in statuses:
        project.annotation.set_status(ids[index], me, status)
    for index, note in notes:
        project.annotation.set_document_note(ids[index], me, note)


def file_hash(path: Path) -> str:
    """The SHA-256 of a file's bytes (and of its -wal, when it has one)."""
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def dump(path: Path) -> list[str]:
    """Every row of a project file, as SQL text, for before/after comparisons."""
    with closing(sqlite3.connect(path)) as connection:
        return list(connection.iterdump())


def execute(path: Path, *statements: str) -> None:
    """Run raw SQL on a file (checks bypassed), to make hostile files."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        for statement in statements:
            connection.execute(statement)
        connection.commit()


def import_all(project: Project, drafts: Sequence[DocumentDraft]) -> None:
    """Import ``drafts`` whole, their spans under their own annotators (else the project's)."""
    project.importer.import_drafts(
        list(drafts), ImportOptions(default_annotator=project.annotator_name), ImportReport()
    )


def downgrade(path: Path, revision: str) -> None:
    """Take a project file down to an older schema with the real migration scripts."""
    from alembic import command
    from alembic.config import Config

    from annotator.store import db

    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS_DIR))
    engine = db.create_project_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            # As an upgrade does: batch steps rebuild tables, which foreign keys would block.
            raw = connection.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
            with connection.begin():
                config.attributes["connection"] = connection
                command.downgrade(config, revision)
    finally:
        engine.dispose()


def upgrade_backups(project: Path, revision: str) -> list[Path]:
    """The backups made of ``project`` before upgrading it from schema ``revision``."""
    from annotator.settings import project_backup_folder

    folder = project_backup_folder(project)
    return sorted(folder.glob(f"{project.name}.*.before-upgrade-{revision}.bak"))
