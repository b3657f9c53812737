"""Tests for :mod:`annotator.services.suggestion_models`: training, saving and loading an
annotator's recommender in the project file."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyword_trainer import KeywordRecommender, KeywordTrainer
from project_files import execute
from suggest_pages import EVAL_CORPUS

from annotator.core.model import DocStatus, DocumentDraft
from annotator.errors import AnnotatorError
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.services.suggestion_models import NO_TRAINER
from annotator.services.suggestions import SuggestionService

FOOTER = "© 2024 Ledger Media Ltd. All rights reserved."
PAGES = [
    f"The council voted to dredge the harbour.\nFrankly it is a disgrace.\n{FOOTER}",
    f"The ferry operator changed in June.\nHonestly this is wonderful news.\n{FOOTER}",
    f"The bridge opened in 1932.\nFrankly the view is wonderful.\n{FOOTER}",
]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    project = Project.open(tmp_path / "p.annotator", "alice")
    drafts = [DocumentDraft(text=t, title=f"P{i}", source=f"{i}.txt") for i, t in enumerate(PAGES)]
    project.importer.import_drafts(drafts, ImportOptions(default_annotator="alice"), ImportReport())
    yield project
    project.close()


def _docs(project: Project) -> list[int]:
    return [d.id for d in project.catalog.document_summaries(project.annotator_id)]


def _label(project: Project, text: str, line: int, name: str, document: int = 0) -> None:
    """Label line ``line`` of document ``document`` as ``name`` in the current layer."""
    labels = {label.name: label.id for label in project.catalog.labels()}
    start = sum(len(part) + 1 for part in PAGES[document].split("\n")[:line])
    end = start + len(PAGES[document].split("\n")[line])
    assert PAGES[document][start:end] == text
    project.annotation.add_span(
        _docs(project)[document], project.annotator_id, labels[name], start, end
    )


def _teach(project: Project) -> None:
    _label(project, "The council voted to dredge the harbour.", 0, "Claim")
    _label(project, "Frankly it is a disgrace.", 1, "Opinion")


def test_training_saves_a_model_that_suggests_in_other_documents(project: Project) -> None:
    service = SuggestionService(project.store, trainer=KeywordTrainer())
    _teach(project)
    report = service.models.train(project.annotator_id)
    assert report is not None
    assert (report.recommender, report.documents, report.spans) == ("learned", 1, 2)
    assert report.version.startswith("kw-") and report.seconds >= 0
    assert "1 document(s) and 2 span(s)" in report.describe()

    third = _docs(project)[2]
    found = service.for_document(third, project.annotator_id)
    learned = [s for s in found if s.source == "learned"]
    assert [(PAGES[2][s.start : s.end], s.label) for s in learned] == [
        ("Frankly the view is wonderful.", "Opinion")
    ]
    assert learned[0].version == report.version and learned[0].reason == "like 'frankly'"

    # Another service on the same project (the window opened again) loads the saved model.
    again = SuggestionService(project.store, trainer=KeywordTrainer())
    info = again.models.model_info(project.annotator_id)
    assert info is not None and info.problem is None
    assert (info.version, info.documents, info.spans) == (report.version, 1, 2)
    assert again.for_document(third, project.annotator_id) == found


def test_training_reads_only_this_layers_labelled_documents(project: Project) -> None:
    _teach(project)
    project.set_annotator("bob")
    _label(project, "The bridge opened in 1932.", 0, "Claim", document=2)
    service = SuggestionService(project.store, trainer=KeywordTrainer())
    data = service.models.training_data(project.annotator_id)
    # Not marked done: the page is learned up to the line of its last span, the rest unread.
    assert [page.page.text for page in data.pages] == [PAGES[2].split("\n")[0]]
    assert data.pages[0].spans == ((0, 26, "Claim"),)
    assert data.context.labels == ("Claim", "Opinion", "Boilerplate")
    assert data.context.corpus is service.corpus()
    document = data.pages[0].page.key
    project.annotation.set_status(document, project.annotator_id, DocStatus.DONE)
    done = service.models.training_data(project.annotator_id)
    assert [page.page.text for page in done.pages] == [PAGES[2]]  # done: all of it


def test_a_loaded_model_is_kept_until_its_version_changes(project: Project) -> None:
    service = SuggestionService(project.store, trainer=KeywordTrainer())
    _teach(project)
    first = service.models.train(project.annotator_id)
    loaded = service.models.recommender(project.annotator_id)
    assert isinstance(loaded, KeywordRecommender)
    assert service.models.recommender(project.annotator_id) is loaded
    _label(project, "Honestly this is wonderful news.", 1, "Opinion", document=1)
    second = service.models.train(project.annotator_id)
    assert first is not None and second is not None and second.version != first.version
    relearned = service.models.recommender(project.annotator_id)
    assert relearned is not loaded and relearned is not None
    assert relearned.version == second.version


def test_nothing_labelled_or_one_label_is_too_little_to_learn(project: Project) -> None:
    service = SuggestionService(project.store, trainer=KeywordTrainer())
    with pytest.raises(AnnotatorError, match=r"^There is nothing to learn from yet"):
        service.models.train(project.annotator_id)
    _label(project, "The council voted to dredge the harbour.", 0, "Claim")
    with pytest.raises(AnnotatorError, match=r"^Label at least two kinds of text.*\.$"):
        service.models.train(project.annotator_id)
    assert service.models.model_info(project.annotator_id) is None


def test_a_damaged_model_is_passed_over_with_a_warning_and_replaced(
    project: Project, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    service = SuggestionService(project.store, trainer=KeywordTrainer())
    _teach(project)
    service.models.train(project.annotator_id)
    project.close()
    execute(tmp_path / "p.annotator", "UPDATE suggestion_models SET data = X'00FF7B'")
    reopened = Project.open(tmp_path / "p.annotator", "alice")
    try:
        service = SuggestionService(reopened.store, trainer=KeywordTrainer())
        third = _docs(reopened)[2]
        found = service.for_document(third, reopened.annotator_id)
        assert found and all(s.source == "detector" for s in found)
        info = service.models.model_info(reopened.annotator_id)
        assert info is not None and info.problem is not None
        assert info.problem.startswith("the saved model cannot be used (The model is damaged")
        assert "trained again from the labels next time" in info.describe()
        assert "cannot be used" in caplog.text
        service.models.train(reopened.annotator_id)
        info = service.models.model_info(reopened.annotator_id)
        assert info is not None and info.problem is None
        assert any(
            s.source == "learned" for s in service.for_document(third, reopened.annotator_id)
        )
    finally:
        reopened.close()


def test_a_stopped_training_saves_nothing(project: Project) -> None:
    service = SuggestionService(project.store, trainer=KeywordTrainer())
    _teach(project)
    assert service.models.train(project.annotator_id, should_stop=lambda: True) is None
    assert service.models.model_info(project.annotator_id) is None


def test_training_on_a_worker_thread_while_suggestions_are_read(project: Project) -> None:
    service = SuggestionService(project.store, trainer=KeywordTrainer())
    _teach(project)
    results: list[object] = []
    worker = threading.Thread(
        target=lambda: results.append(service.models.train(project.annotator_id))
    )
    worker.start()
    for document in _docs(project):
        service.for_document(document, project.annotator_id)
    worker.join()
    [report] = results
    info = service.models.model_info(project.annotator_id)
    assert info is not None and info.version == getattr(report, "version", None)


class _MissingLibrary(KeywordTrainer):
    def available(self) -> str | None:
        return "Learned suggestions need scikit-learn: pip install 'annotator[suggest]'."


def test_without_the_library_nothing_trains_and_a_saved_model_says_why(
    project: Project,
) -> None:
    _teach(project)
    SuggestionService(project.store, trainer=KeywordTrainer()).models.train(project.annotator_id)
    service = SuggestionService(project.store, trainer=_MissingLibrary())
    with pytest.raises(AnnotatorError, match=r"need scikit-learn"):
        service.models.train(project.annotator_id)
    assert service.models.recommender(project.annotator_id) is None
    info = service.models.model_info(project.annotator_id)
    assert info is not None and info.problem is not None and "scikit-learn" in info.problem
    bare = SuggestionService(project.store)
    assert bare.models.unavailable() == NO_TRAINER
    assert bare.models.recommender(project.annotator_id) is None
    assert bare.models.model_info(project.annotator_id) is None


def test_the_projects_own_model_learns_from_the_evaluation_pages(tmp_path: Path) -> None:
    """The real trainer (scikit-learn) wired in the project, on the invented corpus."""
    project = Project.open(tmp_path / "eval.annotator", "alice")
    try:
        report = project.importer.import_paths(
            [EVAL_CORPUS], ImportOptions(default_annotator="alice")
        )
        assert report.ok
        first = json.loads(EVAL_CORPUS.read_text("utf-8").split("\n")[0])
        unlabelled = first["text"].replace("Harbour", "Marina")
        project.importer.import_drafts(
            [DocumentDraft(text=unlabelled, title="New", source="new.txt")],
            ImportOptions(default_annotator="alice"),
            ImportReport(),
        )
        trained = project.suggestions.models.train(project.annotator_id)
        assert trained is not None and (trained.documents, trained.spans) == (12, 220)
        assert trained.version.startswith("learned-")
        new = project.catalog.document_summaries(project.annotator_id)[-1].id
        found = project.suggestions.for_document(new, project.annotator_id)
        learned = {unlabelled[s.start : s.end]: s.label for s in found if s.source == "learned"}
        assert learned.get("© 2024 Marlow Ledger Media Ltd. All rights reserved.") == "Boilerplate"
        assert {"Claim", "Boilerplate"} <= set(learned.values())
    finally:
        project.close()
