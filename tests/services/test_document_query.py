"""Tests for the document list's queries (:mod:`annotator.services.document_query`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator.core.model import DocStatus, DocumentDraft
from annotator.services.document_query import UNFINISHED, DocumentOrder, DocumentQuery, Progress
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project

# Import order; "Été" and "été" differ only by case outside ASCII, "STRASSE" and "straße"
# are equal case-folded.
TITLES = ("banana", "Été report", "apple", "STRASSE", "straße", "été notes")


@dataclass
class Env:
    project: Project
    ids: list[int]
    alice: int
    claim: int
    opinion: int

    def query(self, **kwargs: object) -> list[int]:
        return self.project.catalog.document_ids(self.alice, DocumentQuery(**kwargs))  # type: ignore[arg-type]

    def titles(self, **kwargs: object) -> list[str]:
        return [TITLES[self.ids.index(doc)] for doc in self.query(**kwargs)]


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    project = Project.open(tmp_path / "p.annotator", "alice")
    drafts = [
        DocumentDraft(f"Text number {n}. " * (n + 1), title, f"{n}.txt")
        for n, title in enumerate(TITLES)
    ]
    project.importer.import_drafts(drafts, ImportOptions(default_annotator="alice"), ImportReport())
    ids = project.catalog.document_ids(project.annotator_id, DocumentQuery())
    claim, opinion, _boilerplate = (label.id for label in project.catalog.labels())
    yield Env(project, ids, project.annotator_id, claim, opinion)
    project.close()


def test_import_order_by_default(env: Env) -> None:
    assert env.titles() == list(TITLES)
    assert len(env.ids) == len(TITLES)


def test_title_filter_and_sort_compare_case_folded(env: Env) -> None:
    assert env.titles(text="  ÉTÉ ") == ["Été report", "été notes"]
    assert env.titles(text="strasse") == ["STRASSE", "straße"]
    assert env.titles(order=DocumentOrder.TITLE) == [
        "apple",
        "banana",
        "STRASSE",
        "straße",  # equal when folded: import order
        "été notes",
        "Été report",
    ]
    assert env.titles(order=DocumentOrder.TITLE, descending=True)[:3] == [
        "Été report",
        "été notes",
        "STRASSE",  # ties keep the import order in both directions
    ]


def test_status_filters_and_order(env: Env) -> None:
    annotation = env.project.annotation
    annotation.set_status(env.ids[0], env.alice, DocStatus.DONE)
    annotation.set_status(env.ids[1], env.alice, DocStatus.SKIPPED)
    annotation.set_status(env.ids[2], env.alice, DocStatus.IN_PROGRESS)
    annotation.set_status(env.ids[3], env.alice, DocStatus.NEW)  # a row that says "new"
    assert env.query(status=DocStatus.DONE) == [env.ids[0]]
    assert env.query(status=DocStatus.NEW) == env.ids[3:]
    assert env.query(status=UNFINISHED) == env.ids[2:]
    assert env.query(order=DocumentOrder.STATUS) == [*env.ids[3:], env.ids[2], *env.ids[:2]]
    assert env.query(order=DocumentOrder.STATUS, descending=True)[:3] == [
        env.ids[1],
        env.ids[0],
        env.ids[2],
    ]
    assert env.project.catalog.finished_among(env.alice, env.ids[1:]) == {env.ids[1]}
    assert env.project.catalog.progress(env.alice) == Progress(len(TITLES), 1, 1)


def test_label_spans_and_note_filters(env: Env) -> None:
    annotation = env.project.annotation
    annotation.add_span(env.ids[4], env.alice, env.claim, 0, 4)
    annotation.add_span(env.ids[4], env.alice, env.opinion, 5, 9)
    annotation.add_span(env.ids[1], env.alice, env.opinion, 0, 4)
    env.project.set_annotator("bob")
    annotation.add_span(env.ids[2], env.project.annotator_id, env.claim, 0, 4)
    annotation.set_document_note(env.ids[0], env.project.annotator_id, "bob's")
    annotation.set_document_note(env.ids[5], env.alice, "mine")
    assert env.query(label_id=env.claim) == [env.ids[4]]
    assert env.query(label_id=env.opinion) == [env.ids[1], env.ids[4]]
    assert env.query(no_spans=True) == [env.ids[0], env.ids[2], env.ids[3], env.ids[5]]
    assert env.query(with_notes=True) == [env.ids[5]]
    assert env.query(order=DocumentOrder.SPANS, descending=True)[:2] == [env.ids[4], env.ids[1]]
    assert env.query(label_id=env.opinion, order=DocumentOrder.SPANS) == [env.ids[1], env.ids[4]]


def test_a_page_of_summaries_counts_the_annotators_spans(env: Env) -> None:
    annotation = env.project.annotation
    annotation.add_span(env.ids[1], env.alice, env.claim, 0, 4)
    annotation.add_span(env.ids[1], env.alice, env.claim, 5, 9)
    annotation.set_document_note(env.ids[2], env.alice, "check")
    page = {s.id: s for s in env.project.catalog.document_page(env.alice, env.ids[1:3])}
    assert set(page) == set(env.ids[1:3])
    assert (page[env.ids[1]].span_count, page[env.ids[1]].status) == (2, DocStatus.IN_PROGRESS)
    assert (page[env.ids[2]].span_count, page[env.ids[2]].note) == (0, "check")
    everything = env.project.catalog.document_summaries(env.alice)
    assert [page[i] for i in env.ids[1:3]] == everything[1:3]


def test_one_document_is_probed_with_the_whole_filter(env: Env) -> None:
    annotation = env.project.annotation
    annotation.add_span(env.ids[4], env.alice, env.opinion, 0, 4)
    annotation.set_status(env.ids[4], env.alice, DocStatus.DONE)

    def lists(document_id: int, **kwargs: object) -> bool:
        query = DocumentQuery(**kwargs)  # type: ignore[arg-type]
        return env.project.catalog.lists_document(env.alice, query, document_id)

    assert lists(env.ids[4], label_id=env.opinion, status=DocStatus.DONE, text="STRASSE")
    assert not lists(env.ids[4], label_id=env.claim)
    assert not lists(env.ids[4], status=UNFINISHED)
    assert not lists(env.ids[4], text="apple")
    assert lists(env.ids[3], no_spans=True, status=DocStatus.NEW)
    assert not lists(env.ids[4], no_spans=True)
    assert not lists(env.ids[3], with_notes=True)


def test_with_notes_finds_notes_on_spans_too(env: Env) -> None:
    annotation = env.project.annotation
    noted = annotation.add_span(env.ids[3], env.alice, env.claim, 0, 4).span
    annotation.change_span(noted.id, note="Check the figure")
    annotation.add_span(env.ids[1], env.alice, env.claim, 0, 4)  # a span without a note
    annotation.set_document_note(env.ids[5], env.alice, "mine")
    env.project.set_annotator("bob")
    theirs = annotation.add_span(env.ids[0], env.project.annotator_id, env.claim, 0, 4).span
    annotation.change_span(theirs.id, note="bob's")  # another layer's note does not count
    assert env.query(with_notes=True) == [env.ids[3], env.ids[5]]
    query = DocumentQuery(with_notes=True)
    catalog = env.project.catalog
    assert [catalog.lists_document(env.alice, query, doc) for doc in env.ids] == [
        False,
        False,
        False,
        True,
        False,
        True,
    ]
    annotation.change_span(noted.id, note="")
    assert env.query(with_notes=True) == [env.ids[5]]
    assert not catalog.lists_document(env.alice, query, env.ids[3])
