"""Tests for :mod:`annotator.services.suggestion_rejections` and the thresholds: what an
annotator rejected, or set a label's threshold above, is not suggested again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from annotator.core.model import DocumentDraft
from annotator.core.suggestions.base import Suggestion
from annotator.errors import AnnotatorError
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.occurrences import find_elsewhere
from annotator.services.project import Project
from annotator.services.project_settings import SUGGESTION_THRESHOLDS
from annotator.store.schema import ProjectSetting, SuggestionRejectionRow

FOOTER = "Share: Facebook · X · Email\n© 2024 Kettle Forum Ltd. All rights reserved."
PAGES = [
    f"Sourdough starter smells of nail varnish\n\nMy starter turned sour overnight.\n\n{FOOTER}",
    f"Best flour for rye bread\n\nThe mill near Eastbrook sells a dark rye flour.\n\n{FOOTER}",
]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "forum.annotator"


@pytest.fixture
def project(path: Path) -> Iterator[Project]:
    opened = Project.open(path, "alice")
    drafts = [DocumentDraft(text, f"P{n}", f"p{n}.txt") for n, text in enumerate(PAGES)]
    opened.importer.import_drafts(drafts, ImportOptions(default_annotator="alice"), ImportReport())
    yield opened
    opened.close()


def _docs(project: Project) -> list[int]:
    return [summary.id for summary in project.catalog.document_summaries(project.annotator_id)]


def _texts(project: Project, document_id: int) -> list[str]:
    text = project.catalog.document(document_id).text
    return [text[s.start : s.end] for s in project.suggestions.for_document(document_id, 1)]


def _rows(project: Project) -> int:
    with project.store.reading() as session:
        return int(session.scalar(select(func.count()).select_from(SuggestionRejectionRow)) or 0)


def test_a_rejected_suggestion_is_not_suggested_again_even_after_reopening(
    project: Project, path: Path
) -> None:
    doc = _docs(project)[0]
    layer = project.annotator_id
    found = project.suggestions.for_document(doc, layer)
    share = next(s for s in found if PAGES[0][s.start :].startswith("Share:"))
    heard: list[tuple[int, int]] = []
    project.events.suggestions_rejected.connect(lambda d, a: heard.append((d, a)))
    rejection = project.rejections.reject(doc, layer, [share])
    assert rejection.row_ids and heard == [(doc, layer)]
    assert "Share: Facebook · X · Email" not in _texts(project, doc)
    assert any(t.startswith("©") for t in _texts(project, doc))  # the others stay
    project.close()
    reopened = Project.open(path, "alice")
    try:
        assert "Share: Facebook · X · Email" not in _texts(reopened, doc)
        assert reopened.rejections.count(layer) == 1
    finally:
        reopened.close()


def test_a_rejection_is_the_annotators_own(project: Project) -> None:
    doc = _docs(project)[0]
    share = project.suggestions.for_document(doc, project.annotator_id)[0]
    project.rejections.reject(doc, project.annotator_id, [share])
    project.set_annotator("bob")
    assert share in project.suggestions.for_document(doc, project.annotator_id)


def test_rejecting_many_is_one_change_and_undo_removes_exactly_its_rows(
    project: Project,
) -> None:
    first, second = _docs(project)
    layer = project.annotator_id
    earlier = project.rejections.reject(
        second, layer, project.suggestions.for_document(second, layer)[:1]
    )
    found = project.suggestions.for_document(first, layer)
    assert len(found) >= 2
    rejection = project.rejections.reject(first, layer, found)
    assert len(rejection.row_ids) == len(found)
    assert project.suggestions.for_document(first, layer) == []
    undone = project.rejections.undo(rejection)
    assert undone.row_ids == ()
    assert project.suggestions.for_document(first, layer) == found
    assert _rows(project) == len(earlier.row_ids) == 1
    redone = project.rejections.redo(undone)
    assert len(redone.row_ids) == len(found)
    assert project.suggestions.for_document(first, layer) == []


def test_rejecting_again_writes_no_second_row(project: Project) -> None:
    doc = _docs(project)[0]
    layer = project.annotator_id
    share = project.suggestions.for_document(doc, layer)[0]
    project.rejections.reject(doc, layer, [share])
    again = project.rejections.reject(doc, layer, [share])
    assert again.row_ids == () and again.suggestions == ()
    assert _rows(project) == 1


def test_a_rejection_hides_overlapping_suggestions_of_its_label_only(project: Project) -> None:
    doc = _docs(project)[0]
    layer = project.annotator_id
    share = project.suggestions.for_document(doc, layer)[0]
    wider = Suggestion(share.start, share.end + 3, share.label, 0.9, "other", "1", "")
    claim = Suggestion(share.start, share.end, "Claim", 0.9, "other", "1", "")
    project.rejections.reject(doc, layer, [share])
    from annotator.services.suggestion_rejections import RejectedRanges

    with project.store.reading() as session:
        rejected = RejectedRanges.read(session, doc, layer)
    assert rejected.hides(share) and rejected.hides(wider)
    assert not rejected.hides(claim)


def test_rejecting_a_label_that_is_gone_writes_nothing(project: Project) -> None:
    doc = _docs(project)[0]
    ghost = Suggestion(0, 5, "Ghost", 0.9, "detector", "1", "")
    with pytest.raises(AnnotatorError, match="Ghost"):
        project.rejections.reject(doc, project.annotator_id, [ghost])
    assert _rows(project) == 0


def test_a_label_threshold_hides_weaker_suggestions(project: Project) -> None:
    doc = _docs(project)[0]
    layer = project.annotator_id
    found = project.suggestions.for_document(doc, layer)
    assert found
    boiler = project.catalog.labels()[2]
    weakest = min(s.score for s in found)
    project.settings.suggestion_thresholds = {boiler.id: min(weakest + 0.01, 1.0)}
    assert project.settings.suggestion_thresholds == {boiler.id: round(min(weakest + 0.01, 1.0), 4)}
    fewer = project.suggestions.for_document(doc, layer)
    assert len(fewer) < len(found)
    assert all(s.score > weakest for s in fewer)
    project.settings.suggestion_thresholds = {boiler.id: 0.05}
    assert len(project.suggestions.for_document(doc, layer)) >= len(found)


def test_thresholds_are_stored_by_label_id_and_bad_values_fall_back(project: Project) -> None:
    with project.store.transaction() as session:
        session.merge(
            ProjectSetting(
                key=SUGGESTION_THRESHOLDS, value={"3": 0.75, "x": 0.2, "2": 7, "1": True}
            )
        )
    assert project.settings.suggestion_thresholds == {3: 0.75}


def test_occurrences_elsewhere_become_suggestions_with_a_reason(project: Project) -> None:
    first, second = _docs(project)
    layer = project.annotator_id
    offer = find_elsewhere(project.store, "Share: Facebook", "Boilerplate", first, layer, "P0")
    assert list(offer.suggestions) == [second] and offer.covered == 0
    (suggestion,) = offer.suggestions[second]
    assert PAGES[1][suggestion.start : suggestion.end] == "Share: Facebook"
    assert suggestion.source == "occurrence" and "P0" in suggestion.reason
    project.occurrences.offer(offer.suggestions)
    # Exact copies score 1: they win over the detector's suggestion of the whole line.
    assert suggestion in project.suggestions.for_document(second, layer)


def test_occurrences_are_whole_words_and_skip_labelled_text(project: Project) -> None:
    first, second = _docs(project)
    layer = project.annotator_id
    assert find_elsewhere(project.store, "ry", "Claim", first, layer, "P0").count == 0
    claim = project.catalog.labels()[0].id
    at = PAGES[1].index("rye")
    project.annotation.add_span(second, layer, claim, at, at + 3)
    offer = find_elsewhere(project.store, "rye", "Claim", first, layer, "P0")
    assert offer.count == 1 and offer.covered == 1  # "rye" is on that page twice
