"""Tests for :mod:`annotator.services.label_service`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from event_recorder import EventRecorder
from gold_edits import restore

from annotator.core.model import DocumentDraft, Label, Span
from annotator.errors import AnnotatorError
from annotator.services.annotators import ensure_annotator
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.label_service import DeletedLabel, KeyChange, LabelService
from annotator.services.labels import PALETTE
from annotator.services.project import Project

TEXT_A = "Prices rose 5% last year. I think that is too much. Subscribe now!"
TEXT_B = "Короткий текст 👍🏽 with an emoji."
LONG_AGO = datetime(2020, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
LATER = datetime(2021, 6, 7, 8, 9, 10, 111213, tzinfo=UTC)


@dataclass
class Env:
    project: Project
    path: Path
    labels: LabelService
    alice: int
    bob: int
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
    with project.store.transaction() as session:
        bob = ensure_annotator(session, "bob")
    doc_a, doc_b = (s.id for s in project.catalog.document_summaries(project.annotator_id))
    claim, opinion, boilerplate = (label.id for label in project.catalog.labels())
    service = LabelService(project.store, project.events)
    yield Env(
        project, path, service, project.annotator_id, bob, doc_a, doc_b, claim, opinion, boilerplate
    )
    project.close()


def put_span(
    env: Env,
    span_id: str,
    label_id: int,
    start: int,
    end: int,
    *,
    document_id: int | None = None,
    annotator_id: int | None = None,
    note: str | None = None,
) -> Span:
    """Store a span with a known id and known times (in document A, alice's layer by default)."""
    span = Span(
        span_id,
        document_id or env.doc_a,
        annotator_id or env.alice,
        label_id,
        start,
        end,
        LONG_AGO,
        LATER,
        note,
    )
    restore(env.project.annotation, span)
    return span


def all_spans(env: Env) -> list[Span]:
    return sorted(
        (
            span
            for annotator in (env.alice, env.bob)
            for doc in (env.doc_a, env.doc_b)
            for span in env.project.catalog.spans(doc, annotator)
        ),
        key=lambda span: span.id,
    )


def names(env: Env) -> list[str]:
    return [label.name for label in env.project.catalog.labels()]


def by_name(env: Env, name: str) -> Label:
    return next(label for label in env.project.catalog.labels() if label.name == name)


# --- add ---------------------------------------------------------------------------------


def test_add_takes_the_next_free_colour_key_and_position(env: Env) -> None:
    recorder = EventRecorder(env.project)
    label = env.labels.add("  Question  ")
    assert (label.name, label.color, label.key, label.position) == ("Question", PALETTE[3], "4", 3)
    assert env.project.catalog.labels()[-1] == label
    assert recorder.calls == [("labels_changed", ())]


def test_add_with_an_explicit_colour_and_key(env: Env) -> None:
    label = env.labels.add("Quote", color="#aa00cc", key="9")
    assert (label.color, label.key) == ("#AA00CC", "9")
    assert env.labels.add("Other").key == "4"


def test_keys_run_out_after_nine_labels(env: Env) -> None:
    added = [env.labels.add(f"Extra {n}") for n in range(7)]
    assert [label.key for label in added] == ["4", "5", "6", "7", "8", "9", None]
    assert len({label.color for label in added[:7]}) == 7


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "needs a name"),
        ("   ", "needs a name"),
        ("x" * 101, "is longer than 100 characters \\(it has 101\\)"),
        ("two\nlines", "contains a tab, a line break or another control character"),
        ("tab\there", "contains a tab, a line break or another control character"),
        (" claim ", 'already a label called "Claim"'),
        ("OPINION", 'already a label called "Opinion"'),
    ],
)
def test_add_refuses_bad_names(env: Env, name: str, message: str) -> None:
    recorder = EventRecorder(env.project)
    with pytest.raises(AnnotatorError, match=message):
        env.labels.add(name)
    assert names(env) == ["Claim", "Opinion", "Boilerplate"]
    assert recorder.calls == []


def test_a_name_of_exactly_100_characters_is_fine(env: Env) -> None:
    assert env.labels.add("y" * 100).name == "y" * 100


@pytest.mark.parametrize(
    ("color", "key", "message"),
    [
        ("red", None, "The colour 'red' is not of the form #RRGGBB"),
        ("#12345", None, "#RRGGBB"),
        ("#1234567", None, "#RRGGBB"),
        ("#12345G", None, "#RRGGBB"),
        (None, "0", "one of 1 to 9"),
        (None, "10", "one of 1 to 9"),
        (None, "2", 'Key 2 already belongs to the label "Opinion"'),
    ],
)
def test_add_refuses_bad_colours_and_keys(
    env: Env, color: str | None, key: str | None, message: str
) -> None:
    with pytest.raises(AnnotatorError, match=message):
        env.labels.add("Fresh", color=color, key=key)
    assert names(env) == ["Claim", "Opinion", "Boilerplate"]


# --- rename, recolor ----------------------------------------------------------------------


def test_rename_never_touches_spans(env: Env) -> None:
    put_span(env, "a" * 32, env.claim, 0, 6, note="check the figure")
    put_span(env, "b" * 32, env.claim, 0, 5, annotator_id=env.bob, document_id=env.doc_b)
    before = all_spans(env)
    recorder = EventRecorder(env.project)
    old = env.labels.rename(env.claim, " Fact ")
    assert old.name == "Claim"
    assert names(env) == ["Fact", "Opinion", "Boilerplate"]
    assert all_spans(env) == before
    assert env.labels.usage(env.claim) == 2
    assert recorder.calls == [("labels_changed", ())]


def test_rename_may_change_only_the_case(env: Env) -> None:
    env.labels.rename(env.claim, "CLAIM")
    assert names(env)[0] == "CLAIM"


def test_rename_refusals(env: Env) -> None:
    with pytest.raises(AnnotatorError, match='already a label called "Opinion"'):
        env.labels.rename(env.claim, "opinion")
    with pytest.raises(AnnotatorError, match="needs a name"):
        env.labels.rename(env.claim, "")
    with pytest.raises(AnnotatorError, match="no longer exists"):
        env.labels.rename(999, "Ghost")
    assert names(env) == ["Claim", "Opinion", "Boilerplate"]


def test_recolor(env: Env) -> None:
    recorder = EventRecorder(env.project)
    old = env.labels.recolor(env.opinion, "#cc79a7")
    assert old.color == "#E69F00"
    assert by_name(env, "Opinion").color == "#CC79A7"
    with pytest.raises(AnnotatorError, match="#RRGGBB"):
        env.labels.recolor(env.opinion, "orange")
    assert by_name(env, "Opinion").color == "#CC79A7"
    assert recorder.names() == ["labels_changed"]


# --- rekey -------------------------------------------------------------------------------


def test_rekey_to_a_free_key_and_to_none(env: Env) -> None:
    change = env.labels.rekey(env.claim, "7")
    assert change == KeyChange({env.claim: "1"}, {env.claim: "7"})
    assert by_name(env, "Claim").key == "7"
    env.labels.rekey(env.claim, None)
    assert by_name(env, "Claim").key is None
    assert env.labels.add("Fresh").key == "1"


def test_rekey_to_a_used_key_names_the_label_that_has_it(env: Env) -> None:
    recorder = EventRecorder(env.project)
    with pytest.raises(AnnotatorError, match='Key 3 already belongs to the label "Boilerplate"'):
        env.labels.rekey(env.claim, "3")
    with pytest.raises(AnnotatorError, match="one of 1 to 9"):
        env.labels.rekey(env.claim, "x")
    assert [label.key for label in env.project.catalog.labels()] == ["1", "2", "3"]
    assert recorder.calls == []


def test_rekey_with_swap_and_its_undo(env: Env) -> None:
    change = env.labels.rekey(env.claim, "3", swap=True)
    assert change.before == {env.claim: "1", env.boilerplate: "3"}
    assert change.after == {env.claim: "3", env.boilerplate: "1"}
    assert [label.key for label in env.project.catalog.labels()] == ["3", "2", "1"]
    env.labels.set_keys(change.before)
    assert [label.key for label in env.project.catalog.labels()] == ["1", "2", "3"]
    env.labels.set_keys(change.after)
    assert [label.key for label in env.project.catalog.labels()] == ["3", "2", "1"]


def test_swapping_with_a_label_that_has_no_key(env: Env) -> None:
    env.labels.rekey(env.claim, None)
    change = env.labels.rekey(env.claim, "2", swap=True)
    assert change.after == {env.claim: "2", env.opinion: None}
    assert [label.key for label in env.project.catalog.labels()] == ["2", None, "3"]


def test_set_keys_refuses_a_key_held_outside_the_change(env: Env) -> None:
    with pytest.raises(AnnotatorError, match='Key 2 already belongs to the label "Opinion"'):
        env.labels.set_keys({env.claim: "2"})
    with pytest.raises(AnnotatorError, match="cannot share a key"):
        env.labels.set_keys({env.claim: "5", env.opinion: "5"})
    assert [label.key for label in env.project.catalog.labels()] == ["1", "2", "3"]


# --- move --------------------------------------------------------------------------------


def test_move_renumbers_positions(env: Env) -> None:
    recorder = EventRecorder(env.project)
    assert env.labels.move(env.boilerplate, 0) == 2
    labels = env.project.catalog.labels()
    assert [(label.name, label.position) for label in labels] == [
        ("Boilerplate", 0),
        ("Claim", 1),
        ("Opinion", 2),
    ]
    assert env.labels.move(env.boilerplate, 2) == 0
    assert names(env) == ["Claim", "Opinion", "Boilerplate"]
    assert recorder.names() == ["labels_changed", "labels_changed"]


def test_move_outside_the_list_is_refused(env: Env) -> None:
    for position in (-1, 3):
        with pytest.raises(AnnotatorError, match="outside the label list"):
            env.labels.move(env.claim, position)
    assert names(env) == ["Claim", "Opinion", "Boilerplate"]


# --- usage, delete, restore ---------------------------------------------------------------


def test_usage_counts_every_layer(env: Env) -> None:
    put_span(env, "a" * 32, env.claim, 0, 6)
    put_span(env, "b" * 32, env.claim, 7, 11, annotator_id=env.bob)
    put_span(env, "c" * 32, env.opinion, 26, 33)
    assert env.labels.usage(env.claim) == 2
    assert env.labels.usage(env.boilerplate) == 0
    assert env.labels.usage_counts() == {env.claim: 2, env.opinion: 1}


def test_delete_and_restore_round_trip(env: Env) -> None:
    kept = put_span(env, "k" * 32, env.claim, 0, 6)
    gone = [
        put_span(env, "a" * 32, env.opinion, 26, 33, note="hedged"),
        put_span(env, "b" * 32, env.opinion, 0, 8, annotator_id=env.bob, document_id=env.doc_b),
    ]
    before_labels = env.project.catalog.labels()
    recorder = EventRecorder(env.project)

    deleted = env.labels.delete(env.opinion)

    assert deleted == DeletedLabel(before_labels[1], tuple(gone))
    assert [(label.name, label.position) for label in env.project.catalog.labels()] == [
        ("Claim", 0),
        ("Boilerplate", 1),
    ]
    assert all_spans(env) == [kept]
    assert recorder.names() == ["labels_changed", "documents_changed"]
    recorder.calls.clear()

    env.labels.restore(deleted)

    assert env.project.catalog.labels() == before_labels
    assert all_spans(env) == sorted([kept, *gone], key=lambda span: span.id)
    assert recorder.names() == ["labels_changed", "documents_changed"]


def test_delete_of_an_unused_label_leaves_documents_alone(env: Env) -> None:
    recorder = EventRecorder(env.project)
    deleted = env.labels.delete(env.boilerplate)
    assert deleted.spans == ()
    assert recorder.names() == ["labels_changed"]
    with pytest.raises(AnnotatorError, match="no longer exists"):
        env.labels.delete(env.boilerplate)
    again = env.labels.add("Again")
    assert (again.key, again.position) == ("3", 2)  # the freed key is given out again


def test_restore_keeps_its_place_after_other_moves(env: Env) -> None:
    deleted = env.labels.delete(env.claim)
    env.labels.add("Fresh", key="5")
    env.labels.restore(deleted)
    assert names(env) == ["Claim", "Opinion", "Boilerplate", "Fresh"]
    assert [label.position for label in env.project.catalog.labels()] == [0, 1, 2, 3]


def test_restore_refuses_when_the_name_or_key_was_taken(env: Env) -> None:
    deleted = env.labels.delete(env.claim)
    fresh = env.labels.add("claim", key="9")
    with pytest.raises(AnnotatorError, match='already a label called "claim"'):
        env.labels.restore(deleted)
    env.labels.rename(fresh.id, "Fresh")
    env.labels.rekey(fresh.id, "1")
    with pytest.raises(AnnotatorError, match='Key 1 already belongs to the label "Fresh"'):
        env.labels.restore(deleted)
    env.labels.rekey(fresh.id, "9")
    env.labels.restore(deleted)
    with pytest.raises(AnnotatorError, match='place is taken by the label "Claim"'):
        env.labels.restore(deleted)


def test_changes_are_committed_before_they_are_announced(env: Env) -> None:
    put_span(env, "a" * 32, env.opinion, 26, 33)
    seen: list[tuple[list[str], int]] = []

    def look_from_another_connection() -> None:
        fresh = Project.open(env.path, "alice")
        try:
            spans = fresh.catalog.spans(env.doc_a, env.alice)
            seen.append(([label.name for label in fresh.catalog.labels()], len(spans)))
        finally:
            fresh.close()

    env.project.events.labels_changed.connect(look_from_another_connection)
    env.labels.rename(env.claim, "Fact")
    deleted = env.labels.delete(env.opinion)
    env.labels.restore(deleted)
    assert seen == [
        (["Fact", "Opinion", "Boilerplate"], 1),
        (["Fact", "Boilerplate"], 0),
        (["Fact", "Opinion", "Boilerplate"], 1),
    ]


def test_delete_can_insist_on_the_usage_it_expects(env: Env) -> None:
    put_span(env, "a" * 32, env.opinion, 26, 33)
    recorder = EventRecorder(env.project)
    with pytest.raises(AnnotatorError, match='"Opinion" is now used by 1 spans, not 0'):
        env.labels.delete(env.opinion, expected_usage=0)
    assert env.labels.usage(env.opinion) == 1
    assert recorder.calls == []
    assert len(env.labels.delete(env.opinion, expected_usage=1).spans) == 1
