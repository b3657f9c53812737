"""The store's one writer connection and its prepared statements."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError

from annotator.core.model import DocumentDraft
from annotator.errors import AnnotatorError
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.services.transactions import StorageError
from annotator.store.prepared import Prepared
from annotator.store.schema import SpanRow

COLUMNS = ("id", "document_id", "annotator_id", "label_id", "start", "end", "created_at",
           "updated_at", "note")  # fmt: skip
WHEN = datetime(2025, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)


def opened(tmp_path: Path, name: str = "alice") -> tuple[Project, int, int]:
    project = Project.open(tmp_path / "p.annotator", name)
    if not project.catalog.document_summaries(project.annotator_id):
        project.importer.import_drafts(
            [DocumentDraft(text="Officials said the bridge cost £23.6m.", title="t", source="s")],
            ImportOptions(default_annotator=name),
            ImportReport(),
        )
    document_id = project.catalog.document_summaries(project.annotator_id)[0].id
    return project, document_id, project.catalog.labels()[0].id


def values(document_id: int, annotator_id: int, label_id: int, span_id: str) -> dict[str, object]:
    return {
        "id": span_id,
        "document_id": document_id,
        "annotator_id": annotator_id,
        "label_id": label_id,
        "start": 0,
        "end": 9,
        "created_at": WHEN,
        "updated_at": WHEN,
        "note": None,
    }


def test_a_prepared_insert_stores_what_core_would(tmp_path: Path) -> None:
    project, document_id, label_id = opened(tmp_path)
    try:
        prepared = project.store.prepare(insert(SpanRow), column_keys=COLUMNS)
        core_values = values(document_id, project.annotator_id, label_id, "by-core")
        with project.store.writing() as connection:
            prepared.run(connection, values(document_id, project.annotator_id, label_id, "fast"))
            connection.execute(insert(SpanRow), core_values)
        with project.store.reading() as session:
            raw = session.execute(text("SELECT id, created_at FROM spans")).all()
            rows = {row.id: row for row in session.scalars(select(SpanRow))}
        # Byte for byte the same stored timestamp, and the same value read back.
        stored: dict[str, object] = dict(raw)
        assert stored["fast"] == stored["by-core"]
        assert rows["fast"].created_at.replace(tzinfo=UTC) == WHEN
    finally:
        project.close()


def test_driver_errors_of_a_prepared_statement_are_wrapped_as_core_wraps_them(
    tmp_path: Path,
) -> None:
    project, document_id, label_id = opened(tmp_path)
    try:
        prepared = project.store.prepare(insert(SpanRow), column_keys=COLUMNS)
        row = values(document_id, project.annotator_id, label_id, "twice")
        with pytest.raises(IntegrityError), project.store.writing() as connection:
            prepared.run(connection, row)
            prepared.run(connection, row)
        # The failed transaction was rolled back whole, and the writer still works.
        assert project.catalog.spans(document_id, project.annotator_id) == []
        project.annotation.add_span(document_id, project.annotator_id, label_id, 0, 3)
        assert len(project.catalog.spans(document_id, project.annotator_id)) == 1
    finally:
        project.close()


def test_a_statement_compiles_for_another_backend_with_its_parameter_style() -> None:
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]  # unannotated in SQLAlchemy
    prepared = Prepared(insert(SpanRow), dialect, COLUMNS)
    assert "%(start)s" in prepared.sql
    converted = prepared.parameters({"start": 1, "end": 2})
    assert converted == {"start": 1, "end": 2}


def test_adding_a_span_while_another_program_holds_the_write_lock_says_so(
    tmp_path: Path,
) -> None:
    project, document_id, label_id = opened(tmp_path)
    other, _, _ = opened(tmp_path, "bob")
    try:
        with project.store.writing() as connection:
            connection.exec_driver_sql("PRAGMA busy_timeout=50")
        with other.store.writing() as blocker:
            blocker.exec_driver_sql("SELECT 1")
            with pytest.raises(StorageError, match="another program is writing"):
                project.annotation.add_span(document_id, project.annotator_id, label_id, 0, 3)
        project.annotation.add_span(document_id, project.annotator_id, label_id, 0, 3)
        assert len(project.catalog.spans(document_id, project.annotator_id)) == 1
    finally:
        other.close()
        project.close()


def test_every_write_of_a_process_goes_through_one_connection(tmp_path: Path) -> None:
    project, document_id, label_id = opened(tmp_path)
    try:
        seen: set[int] = set()

        def add(start: int) -> None:
            with project.store.writing() as connection:
                seen.add(id(connection.connection.driver_connection))
            project.annotation.add_span(
                document_id, project.annotator_id, label_id, start, start + 1
            )

        threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with project.store.transaction() as session:
            seen.add(id(session.connection().connection.driver_connection))
        assert len(seen) == 1
        assert len(project.catalog.spans(document_id, project.annotator_id)) == 8
    finally:
        project.close()


def test_a_failed_add_leaves_nothing_behind(tmp_path: Path) -> None:
    project, document_id, label_id = opened(tmp_path)
    try:
        with pytest.raises(AnnotatorError, match="outside the document"):
            project.annotation.add_span(document_id, project.annotator_id, label_id, 0, 10_000)
        assert project.catalog.spans(document_id, project.annotator_id) == []
    finally:
        project.close()
