"""Tests for :mod:`annotator.services.annotation` and :mod:`annotator.services.catalog`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from event_recorder import EventRecorder
from gold_edits import find_span, restore

from annotator.core.model import DocStatus, DocumentDraft, DocumentSummary, Span
from annotator.errors import AnnotatorError
from annotator.services.changes import ConflictError, StaleViewError
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project

TEXT_A = "Prices rose 5% last year. I think that is too much. Subscribe now!"
TEXT_B = "Короткий текст 👍🏽 with an emoji."
LONG_AGO = datetime(2020, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


@dataclass
class Env:
    project: Project
    path: Path
    alice: int
    doc_a: int
    doc_b: int
    claim: int
    opinion: int
    boilerplate: int


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    path = tmp_path / "p.annotator"
    project = Project.open(path, "alice")
    project.importer.import_drafts(
        [
            DocumentDraft(text=TEXT_A, title="Prices", source="a.txt"),
            DocumentDraft(text=TEXT_B, title="Short", source="b.txt"),
        ],
        ImportOptions(default_annotator="alice"),
        ImportReport(),
    )
    doc_a, doc_b = (s.id for s in project.catalog.document_summaries(project.annotator_id))
    claim, opinion, boilerplate = (label.id for label in project.catalog.labels())
    yield Env(project, path, project.annotator_id, doc_a, doc_b, claim, opinion, boilerplate)
    project.close()


def stored_spans(env: Env) -> list[Span]:
    return [
        span
        for annotator in env.project.catalog.annotators()
        for doc in (env.doc_a, env.doc_b)
        for span in env.project.catalog.spans(doc, annotator.id)
    ]


# --- add_span ----------------------------------------------------------------------------


def test_add_span_is_committed_before_it_is_announced(env: Env) -> None:
    seen: list[tuple[list[Span], DocStatus]] = []

    def look_from_another_connection(span: Span) -> None:
        fresh = Project.open(env.path, "alice")
        try:
            spans = fresh.catalog.spans(span.document_id, span.annotator_id)
            seen.append((spans, fresh.catalog.status(span.document_id, span.annotator_id)))
        finally:
            fresh.close()

    env.project.events.span_added.connect(look_from_another_connection)
    recorder = EventRecorder(env.project)
    added = env.project.annotation.add_span(env.doc_a, env.alice, env.claim, 0, 25)

    span = added.span
    assert (span.document_id, span.annotator_id, span.label_id) == (env.doc_a, env.alice, env.claim)
    assert (span.start, span.end) == (0, 25)
    assert TEXT_A[span.start : span.end] == "Prices rose 5% last year."
    assert len(span.id) == 32
    assert span.created_at == span.updated_at
    assert span.created_at.tzinfo == UTC
    assert (added.status_before, added.status_after) == (DocStatus.NEW, DocStatus.IN_PROGRESS)
    assert seen == [([span], DocStatus.IN_PROGRESS)]
    assert recorder.calls == [
        ("span_added", (span,)),
        ("status_changed", (env.doc_a, env.alice, DocStatus.IN_PROGRESS)),
    ]


def test_only_the_first_span_moves_a_new_document(env: Env) -> None:
    annotation = env.project.annotation
    annotation.add_span(env.doc_a, env.alice, env.claim, 0, 25)
    recorder = EventRecorder(env.project)
    second = annotation.add_span(env.doc_a, env.alice, env.opinion, 26, 51)
    assert second.status_before is second.status_after is None  # the status did not move
    assert recorder.calls == [("span_added", (second.span,))]

    annotation.set_status(env.doc_b, env.alice, DocStatus.DONE)
    recorder.calls.clear()
    third = annotation.add_span(env.doc_b, env.alice, env.claim, 0, 8)
    assert third.status_before is None
    assert env.project.catalog.status(env.doc_b, env.alice) is DocStatus.DONE
    assert [name for name, _ in recorder.calls] == ["span_added"]


def test_a_span_may_cover_the_whole_document(env: Env) -> None:
    added = env.project.annotation.add_span(env.doc_b, env.alice, env.claim, 0, len(TEXT_B))
    assert env.project.catalog.spans(env.doc_b, env.alice) == [added.span]


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 3), (3, 3), (5, 2), (0, len(TEXT_A) + 1), (len(TEXT_A), len(TEXT_A) + 1)],
)
def test_out_of_range_spans_are_refused(env: Env, start: int, end: int) -> None:
    recorder = EventRecorder(env.project)
    with pytest.raises(AnnotatorError, match="outside the document"):
        env.project.annotation.add_span(env.doc_a, env.alice, env.claim, start, end)
    assert stored_spans(env) == []
    assert env.project.catalog.status(env.doc_a, env.alice) is DocStatus.NEW
    assert recorder.calls == []


def test_unknown_label_or_document_is_refused(env: Env) -> None:
    recorder = EventRecorder(env.project)
    with pytest.raises(AnnotatorError, match="label no longer exists"):
        env.project.annotation.add_span(env.doc_a, env.alice, 999, 0, 5)
    with pytest.raises(AnnotatorError, match="Document 999 is not in this project"):
        env.project.annotation.add_span(999, env.alice, env.claim, 0, 5)
    with pytest.raises(AnnotatorError, match="Document 999"):
        env.project.catalog.document(999)
    assert stored_spans(env) == []
    assert env.project.catalog.status(env.doc_a, env.alice) is DocStatus.NEW
    assert recorder.calls == []


# --- remove / restore --------------------------------------------------------------------


def test_remove_and_restore_keep_id_and_times(env: Env) -> None:
    annotation = env.project.annotation
    span = annotation.add_span(env.doc_a, env.alice, env.claim, 0, 25).span
    recorder = EventRecorder(env.project)

    removed = annotation.remove_span(span.id).span
    assert removed == span
    assert env.project.catalog.spans(env.doc_a, env.alice) == []
    assert env.project.catalog.status(env.doc_a, env.alice) is DocStatus.IN_PROGRESS

    restore(annotation, removed)
    assert env.project.catalog.spans(env.doc_a, env.alice) == [span]
    assert find_span(env.project, env.doc_a, env.alice, 0, 25) == span
    assert recorder.calls == [("span_removed", (span,)), ("span_added", (span,))]


def test_undoing_the_first_span_puts_the_status_back(env: Env) -> None:
    annotation = env.project.annotation
    added = annotation.add_span(env.doc_a, env.alice, env.claim, 0, 25)
    recorder = EventRecorder(env.project)

    annotation.undo(added)
    assert env.project.catalog.status(env.doc_a, env.alice) is DocStatus.NEW
    annotation.redo(added)
    assert env.project.catalog.status(env.doc_a, env.alice) is DocStatus.IN_PROGRESS
    assert env.project.catalog.spans(env.doc_a, env.alice) == [added.span]
    assert recorder.calls == [
        ("span_removed", (added.span,)),
        ("status_changed", (env.doc_a, env.alice, DocStatus.NEW)),
        ("span_added", (added.span,)),
        ("status_changed", (env.doc_a, env.alice, DocStatus.IN_PROGRESS)),
    ]


def test_removing_an_unknown_span_is_refused(env: Env) -> None:
    with pytest.raises(AnnotatorError, match="span no longer exists"):
        env.project.annotation.remove_span("0" * 32)


# --- relabel -----------------------------------------------------------------------------


def test_relabel_and_restore_label(env: Env) -> None:
    annotation = env.project.annotation
    original = Span("a" * 32, env.doc_a, env.alice, env.claim, 26, 51, LONG_AGO, LONG_AGO)
    restore(annotation, original)
    assert env.project.catalog.spans(env.doc_a, env.alice) == [original]
    recorder = EventRecorder(env.project)

    change = annotation.change_span(original.id, label_id=env.opinion)
    assert change.before == (original,)
    (new,) = env.project.catalog.spans(env.doc_a, env.alice)
    assert new.id == original.id
    assert new.label_id == env.opinion
    assert (new.start, new.end, new.created_at) == (26, 51, LONG_AGO)
    assert new.updated_at > LONG_AGO

    annotation.undo(change)
    assert env.project.catalog.spans(env.doc_a, env.alice) == [original]
    assert recorder.calls == [("span_changed", (original, new)), ("span_changed", (new, original))]


def test_relabel_to_an_unknown_label_changes_nothing(env: Env) -> None:
    span = env.project.annotation.add_span(env.doc_a, env.alice, env.claim, 0, 6).span
    recorder = EventRecorder(env.project)
    with pytest.raises(AnnotatorError, match="label no longer exists"):
        env.project.annotation.change_span(span.id, label_id=999)
    with pytest.raises(AnnotatorError, match="span no longer exists"):
        env.project.annotation.change_span("0" * 32, label_id=env.opinion)
    assert env.project.catalog.spans(env.doc_a, env.alice) == [span]
    assert recorder.calls == []


# --- statuses ----------------------------------------------------------------------------


def test_set_status(env: Env) -> None:
    annotation = env.project.annotation
    recorder = EventRecorder(env.project)
    assert annotation.set_status(env.doc_b, env.alice, DocStatus.SKIPPED).before is DocStatus.NEW
    changed = annotation.set_status(env.doc_b, env.alice, DocStatus.DONE)
    assert changed.before is DocStatus.SKIPPED
    assert env.project.catalog.status(env.doc_b, env.alice) is DocStatus.DONE
    assert env.project.catalog.status(env.doc_a, env.alice) is DocStatus.NEW
    assert recorder.calls == [
        ("status_changed", (env.doc_b, env.alice, DocStatus.SKIPPED)),
        ("status_changed", (env.doc_b, env.alice, DocStatus.DONE)),
    ]
    with pytest.raises(AnnotatorError, match="Document 999"):
        annotation.set_status(999, env.alice, DocStatus.DONE)
    assert len(recorder.calls) == 2


# --- layers and summaries ----------------------------------------------------------------


def test_annotators_are_separate_layers(env: Env) -> None:
    annotation = env.project.annotation
    recorder = EventRecorder(env.project)
    env.project.set_annotator("bob")
    bob = env.project.annotator_id
    assert bob != env.alice
    assert recorder.calls == [("annotator_changed", (bob,))]

    alice_span = annotation.add_span(env.doc_a, env.alice, env.claim, 0, 25).span
    bob_span = annotation.add_span(env.doc_a, bob, env.opinion, 0, 25).span
    assert alice_span.id != bob_span.id
    assert env.project.catalog.spans(env.doc_a, env.alice) == [alice_span]
    assert env.project.catalog.spans(env.doc_a, bob) == [bob_span]
    assert find_span(env.project, env.doc_a, bob, 0, 25) == bob_span
    assert find_span(env.project, env.doc_a, env.alice, 0, 25) == alice_span
    assert find_span(env.project, env.doc_a, bob, 0, 24) is None

    first = annotation.add_span(env.doc_b, env.alice, env.claim, 0, 8)
    annotation.undo(first)
    assert env.project.catalog.spans(env.doc_b, env.alice) == []
    annotation.remove_span(alice_span.id)
    annotation.set_status(env.doc_a, env.alice, DocStatus.NEW)
    assert env.project.catalog.spans(env.doc_a, env.alice) == []
    assert env.project.catalog.spans(env.doc_a, bob) == [bob_span]
    assert env.project.catalog.status(env.doc_a, env.alice) is DocStatus.NEW
    assert env.project.catalog.status(env.doc_a, bob) is DocStatus.IN_PROGRESS
    assert [(a.id, a.name) for a in env.project.catalog.annotators()] == [
        (env.alice, "alice"),
        (bob, "bob"),
    ]


def test_document_summaries_count_per_annotator(env: Env) -> None:
    annotation = env.project.annotation
    env.project.set_annotator("bob")
    bob = env.project.annotator_id
    env.project.set_annotator("carol")
    carol = env.project.annotator_id

    annotation.add_span(env.doc_a, env.alice, env.claim, 0, 25)
    annotation.add_span(env.doc_a, env.alice, env.opinion, 26, 51)
    annotation.add_span(env.doc_b, bob, env.boilerplate, 0, 8)
    annotation.set_status(env.doc_a, bob, DocStatus.DONE)

    def summary(doc: int, status: DocStatus, spans: int) -> DocumentSummary:
        title, text = ("Prices", TEXT_A) if doc == env.doc_a else ("Short", TEXT_B)
        return DocumentSummary(doc, title, status, spans, len(text))

    assert env.project.catalog.document_summaries(env.alice) == [
        summary(env.doc_a, DocStatus.IN_PROGRESS, 2),
        summary(env.doc_b, DocStatus.NEW, 0),
    ]
    assert env.project.catalog.document_summaries(bob) == [
        summary(env.doc_a, DocStatus.DONE, 0),
        summary(env.doc_b, DocStatus.IN_PROGRESS, 1),
    ]
    assert env.project.catalog.document_summaries(carol) == [
        summary(env.doc_a, DocStatus.NEW, 0),
        summary(env.doc_b, DocStatus.NEW, 0),
    ]


# --- undo and redo check what they overwrite ---------------------------------------------


def test_an_undo_refuses_when_another_program_changed_the_span(env: Env) -> None:
    """A second project on the same file stands for a second window: it relabels the span an
    undo would remove; the undo refuses and changes nothing, the history's other steps work."""
    annotation = env.project.annotation
    first = annotation.add_span(env.doc_a, env.alice, env.claim, 0, 25)
    second = annotation.add_span(env.doc_a, env.alice, env.opinion, 26, 51)
    other = Project.open(env.path, "alice")
    try:
        other.annotation.change_span(first.span.id, label_id=env.boilerplate)
    finally:
        other.close()
    recorder = EventRecorder(env.project)
    annotation.undo(second)
    with pytest.raises(ConflictError, match="that span was changed in another window"):
        annotation.undo(first)
    assert [(s.start, s.label_id) for s in stored_spans(env)] == [(0, env.boilerplate)]
    assert [name for name, _ in recorder.calls] == ["span_removed"]
    annotation.redo(second)
    assert len(stored_spans(env)) == 2


def test_a_redo_refuses_to_bring_back_a_span_put_back_elsewhere(env: Env) -> None:
    annotation = env.project.annotation
    removal = annotation.remove_span(annotation.add_span(env.doc_a, env.alice, 1, 0, 6).span.id)
    annotation.undo(removal)  # back ...
    other = Project.open(env.path, "alice")
    try:
        other.annotation.remove_span(removal.span.id)  # ... and removed in another window
    finally:
        other.close()
    with pytest.raises(ConflictError, match="that span was removed"):
        annotation.undo(removal.inverse())
    with pytest.raises(ConflictError, match="that span was removed"):
        annotation.redo(removal)
    assert stored_spans(env) == []


def test_an_edit_planned_from_a_stale_view_is_refused(env: Env) -> None:
    annotation = env.project.annotation
    seen = env.project.store.revision()
    span = annotation.add_span(env.doc_a, env.alice, env.claim, 0, 6, unchanged_since=seen)
    assert env.project.store.revision() == seen  # our own commits do not count
    other = Project.open(env.path, "alice")
    try:
        other.annotation.add_span(env.doc_a, env.alice, env.opinion, 7, 11)
    finally:
        other.close()
    with pytest.raises(StaleViewError, match="changed in another window"):
        annotation.add_span(env.doc_a, env.alice, env.opinion, 7, 11, unchanged_since=seen)
    with pytest.raises(ConflictError, match="changed in another window"):
        annotation.change_span(
            span.span.id, label_id=env.opinion, expected=replace(span.span, note="x")
        )
    assert env.project.watcher.poll() is True
    assert env.project.watcher.poll() is False
    again = env.project.watcher.seen
    with pytest.raises(AnnotatorError, match="already has a span with this label"):
        annotation.add_span(env.doc_a, env.alice, env.opinion, 7, 11, unchanged_since=again)
    assert len(stored_spans(env)) == 2


def test_a_status_or_note_undo_refuses_to_overwrite_another_window(env: Env) -> None:
    annotation = env.project.annotation
    done = annotation.set_status(env.doc_a, env.alice, DocStatus.DONE)
    noted = annotation.set_document_note(env.doc_a, env.alice, "check the figure")
    other = Project.open(env.path, "alice")
    try:
        other.annotation.set_status(env.doc_a, env.alice, DocStatus.SKIPPED)
        other.annotation.set_document_note(env.doc_a, env.alice, "figure checked")
    finally:
        other.close()
    with pytest.raises(ConflictError, match="marked skipped in another window"):
        annotation.undo(done)
    with pytest.raises(ConflictError, match="note was changed"):
        annotation.undo(noted)
    assert env.project.catalog.status(env.doc_a, env.alice) is DocStatus.SKIPPED
    assert env.project.catalog.document_note(env.doc_a, env.alice) == "figure checked"
