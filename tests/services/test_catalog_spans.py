"""Catalog.spans reads plain values in batches; they must equal what the ORM rows say."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from annotator.core.model import DocumentDraft, SpanDraft
from annotator.services.convert import span_of
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.store.schema import SpanRow

LONG_AGO = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)  # no microseconds: stored as .000000


def test_spans_match_the_rows_across_batches_and_distinct_times(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "p.annotator", "alice")
    try:
        text = "word " * 1_300
        spans = [SpanDraft(5 * i, 5 * i + 4, "Claim") for i in range(1_300)]  # > 2 batches
        project.importer.import_drafts(
            [DocumentDraft(text, "Long", "long.txt", spans=spans)],
            ImportOptions(default_annotator="alice"),
            ImportReport(),
        )
        with project.store.transaction() as session:
            rows = session.scalars(select(SpanRow).order_by(SpanRow.start)).all()
            for n, row in enumerate(rows[:40]):
                row.updated_at = LONG_AGO + timedelta(minutes=n, microseconds=n)
            rows[41].note = "a note"
            document_id = rows[0].document_id
        with project.store.reading() as session:
            expected = [
                span_of(row)
                for row in session.scalars(
                    select(SpanRow).order_by(SpanRow.start, SpanRow.end, SpanRow.id)
                )
            ]
        got = project.catalog.spans(document_id, project.annotator_id)
        assert got == expected
        assert len(got) == 1_300
        assert got[0].updated_at == LONG_AGO and got[0].updated_at.tzinfo is not None
        assert got[41].note == "a note"
    finally:
        project.close()
