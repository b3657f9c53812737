"""Tests for :mod:`annotator.services.span_batches`: many spans as one edit, with origins."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from annotator.core.model import DocStatus, DocumentDraft
from annotator.core.suggestions.base import Origin
from annotator.errors import AnnotatorError
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.services.span_batches import Placement, read_origins
from annotator.store.schema import SpanOriginRow

TEXT = "Share this. Real news here. Share this. More text. Share this."


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    project = Project.open(tmp_path / "p.annotator", "alice")
    project.importer.import_drafts(
        [DocumentDraft(text=TEXT, title="T", source="t.txt")],
        ImportOptions(default_annotator="alice"),
        ImportReport(),
    )
    yield project
    project.close()


def _doc(project: Project) -> int:
    return next(iter(project.catalog.document_summaries(project.annotator_id))).id


def _ranges(project: Project) -> list[tuple[int, int, int]]:
    spans = project.catalog.spans(_doc(project), project.annotator_id)
    return sorted((span.start, span.end, span.label_id) for span in spans)


def test_adds_all_placements_as_one_undoable_change_with_origins(project: Project) -> None:
    doc = _doc(project)
    boiler = project.catalog.labels()[2].id
    origin = Origin("detector", "1", 0.875, "repeated on 3 pages")
    placements = [
        Placement(boiler, 0, 11, origin),
        Placement(boiler, 28, 39),
        Placement(boiler, 51, 62, origin),
    ]
    result = project.batches.add_many(doc, project.annotator_id, placements)
    assert result.skipped == 0 and result.change is not None
    assert _ranges(project) == [(0, 11, boiler), (28, 39, boiler), (51, 62, boiler)]
    assert project.catalog.status(doc, project.annotator_id) is DocStatus.IN_PROGRESS
    with project.store.reading() as session:
        origins = read_origins(session.connection(), [s.id for s in result.change.after])
    assert sorted(o.score for o in origins.values()) == [0.875, 0.875]
    assert all(o.accepted_at is not None for o in origins.values())

    project.annotation.undo(result.change)
    assert _ranges(project) == []
    assert project.catalog.status(doc, project.annotator_id) is DocStatus.NEW
    project.annotation.redo(result.change)
    assert len(_ranges(project)) == 3
    with project.store.reading() as session:
        kept = read_origins(session.connection(), [s.id for s in result.change.after])
    assert kept == origins  # the origin survives undo and redo with the span's id


def test_skips_duplicates_and_overlaps_when_the_project_forbids_them(project: Project) -> None:
    doc = _doc(project)
    claim, _, boiler = (label.id for label in project.catalog.labels())
    project.annotation.add_span(doc, project.annotator_id, claim, 12, 27)
    project.annotation.add_span(doc, project.annotator_id, boiler, 0, 11)
    placements = [
        Placement(boiler, 0, 11),  # the same span exists
        Placement(boiler, 20, 30),  # overlaps the claim
        Placement(boiler, 28, 39),
        Placement(boiler, 30, 45),  # overlaps the placement before it
        Placement(boiler, 51, 62),
    ]
    result = project.batches.add_many(doc, project.annotator_id, placements)
    assert result.skipped == 3
    kept = [(0, 11, boiler), (12, 27, claim), (28, 39, boiler), (51, 62, boiler)]
    assert _ranges(project) == kept


def test_nothing_is_added_when_a_range_is_outside_the_text(project: Project) -> None:
    doc = _doc(project)
    boiler = project.catalog.labels()[2].id
    with pytest.raises(AnnotatorError, match="outside the document"):
        project.batches.add_many(
            doc, project.annotator_id, [Placement(boiler, 0, 5), Placement(boiler, 60, 99)]
        )
    assert _ranges(project) == []
    with project.store.reading() as session:
        assert session.scalars(select(SpanOriginRow)).all() == []


def test_nothing_fits_returns_no_change(project: Project) -> None:
    doc = _doc(project)
    boiler = project.catalog.labels()[2].id
    project.annotation.add_span(doc, project.annotator_id, boiler, 0, 11)
    result = project.batches.add_many(doc, project.annotator_id, [Placement(boiler, 0, 11)])
    assert result.change is None and result.skipped == 1
