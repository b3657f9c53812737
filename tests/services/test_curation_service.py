"""Curating documents into the gold layer: pre-acceptance, accept, reject, undo, progress."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import gold_edits
import pytest
from event_recorder import EventRecorder
from gold_edits import restore
from project_files import import_all

from annotator.core.curation import Provenance, Rule
from annotator.core.model import GOLD_LAYER, DocStatus, DocumentDraft, SpanDraft
from annotator.errors import AnnotatorError
from annotator.services.project import Project

TEXT = "Officials said the bridge cost £23.6m. 😀 Critics called it a waste. Subscribe!"
CLAIM = (TEXT.index("Officials"), TEXT.index(" 😀"))
OPINION = (TEXT.index("Critics"), TEXT.index(" Subscribe"))
PLUG = (TEXT.index("Subscribe"), len(TEXT))


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    project = Project.open(tmp_path / "team.annotator", "lead")
    spans = [
        SpanDraft(*CLAIM, "Claim", "alice"),
        SpanDraft(*CLAIM, "Claim", "bob"),
        SpanDraft(*CLAIM, "Claim", "carol"),
        SpanDraft(*OPINION, "Opinion", "alice"),
        SpanDraft(*OPINION, "Opinion", "bob"),
        SpanDraft(*OPINION, "Claim", "carol"),
        SpanDraft(*PLUG, "Boilerplate", "carol"),
    ]
    drafts = [
        DocumentDraft(TEXT, "Bridge", "bridge.txt", spans=spans),
        DocumentDraft("Untouched text.", "Other", "other.txt"),
    ]
    import_all(project, drafts)
    yield project
    project.close()


def labels(project: Project) -> dict[str, int]:
    return {label.name: label.id for label in project.catalog.labels()}


def test_the_curator_sees_everyone_s_spans_aligned(project: Project) -> None:
    view = project.curation.view(1)
    assert view.annotators == ("alice", "bob", "carol")  # not the lead: no span, no status
    assert view.status is DocStatus.NEW
    assert view.gold == []
    names = {v: k for k, v in labels(project).items()}
    assert [(c.bounds, names[c.label_id], c.annotators) for c in view.candidates] == [
        (CLAIM, "Claim", ("alice", "bob", "carol")),
        (OPINION, "Claim", ("carol",)),
        (OPINION, "Opinion", ("alice", "bob")),
        (PLUG, "Boilerplate", ("carol",)),
    ]


def test_starting_pre_accepts_by_the_rule_once(project: Project) -> None:
    recorder = EventRecorder(project)
    added = project.curation.start(1, Rule.majority(), "lead")
    assert sorted((s.start, s.end) for s in added) == [CLAIM, OPINION]
    assert recorder.names().count("span_added") == 2
    view = project.curation.view(1)
    assert view.status is DocStatus.IN_PROGRESS
    assert sorted((s.start, s.end) for s in view.gold) == [CLAIM, OPINION]
    provenance = project.curation.provenance(next(s.id for s in view.gold if s.start == 0))
    assert provenance == Provenance("alice", ("bob", "carol"), "lead", "pre-accepted: majority")
    # A rejected span does not come back when the document is opened again.
    gold_edits.reject(project, next(s.id for s in view.gold if s.start == OPINION[0]))
    assert project.curation.start(1, Rule.majority(), "lead") == []
    assert [(s.start, s.end) for s in project.curation.view(1).gold] == [CLAIM]


def test_accept_reject_and_undo_keep_the_provenance(project: Project) -> None:
    project.curation.start(1, Rule.unanimous(), "lead")
    plug = next(c for c in project.curation.view(1).candidates if c.bounds == PLUG)
    accepted = gold_edits.accept(project, 1, plug, "lead")
    assert project.curation.provenance(accepted.id) == Provenance("carol", (), "lead", "accepted")
    with pytest.raises(AnnotatorError, match="already has a span with this label"):
        gold_edits.accept(project, 1, plug, "lead")
    provenance = project.curation.provenance(accepted.id)
    span = gold_edits.reject(project, accepted.id)
    assert accepted not in project.curation.view(1).gold
    restore(project.annotation, span)  # what an undo does: the same id...
    assert accepted in project.curation.view(1).gold
    assert project.curation.provenance(accepted.id) == provenance  # ...and so its provenance


def test_a_span_the_curator_adds_has_no_proposer(project: Project) -> None:
    start = TEXT.index("bridge")
    added = gold_edits.accept(project, 1, (start, start + 6, labels(project)["Claim"]), "lead")
    assert project.curation.provenance(added.id) == Provenance(None, (), "lead", "added by curator")
    with pytest.raises(AnnotatorError, match="outside the document"):
        gold_edits.accept(project, 1, (0, 10_000, 1), "lead")
    with pytest.raises(AnnotatorError, match="not in the gold standard"):
        alice = next(a.id for a in project.catalog.annotators() if a.name == "alice")
        gold_edits.reject(project, project.catalog.spans(1, alice)[0].id)


def test_progress_counts_curated_documents_of_those_annotated(project: Project) -> None:
    assert project.curation.progress() == (0, 1)
    project.curation.start(1, Rule.majority(), "lead")
    assert project.curation.progress() == (0, 1)
    assert gold_edits.finish(project, 1) is DocStatus.IN_PROGRESS
    assert project.curation.progress() == (1, 1)


def test_the_gold_export_carries_the_curation_through(project: Project, tmp_path: Path) -> None:
    project.curation.start(1, Rule.majority(), "lead")
    gold_edits.finish(project, 1)
    out = tmp_path / "gold.jsonl"
    result = project.exporter.export(out, "jsonl", gold=True)
    assert (result.documents, result.spans) == (2, 2)
    first = json.loads(out.read_text("utf-8").split("\n")[0])
    assert {span["annotator"] for span in first["spans"]} == {GOLD_LAYER}
    assert {span["provenance"]["decided_by"] for span in first["spans"]} == {"lead"}
    opinion = next(s for s in first["spans"] if s["label"] == "Opinion")
    assert opinion["provenance"]["proposed_by"] == "alice"
    assert opinion["provenance"]["agreed_by"] == ["bob"]
    assert opinion["text"] == TEXT[OPINION[0] : OPINION[1]]


def test_a_merge_that_changes_a_layer_updates_who_proposed_the_gold_spans(
    tmp_path: Path,
) -> None:
    """alice and chen marked "I hate it." an Opinion, pre-accepted by majority; alice's
    newer file calls it a Claim: the gold record then names only chen as proposing it,
    and keeps the decision as it was made."""
    from project_files import annotator_file

    opinion = (0, "Opinion", 26, 36, None)
    files = [
        annotator_file(tmp_path / "alice.annotator", "alice", [opinion]),
        annotator_file(tmp_path / "bob.annotator", "bob", [(0, "Claim", 0, 25, None)]),
        annotator_file(tmp_path / "chen.annotator", "chen", [opinion]),
    ]
    team = Project.open(tmp_path / "team.annotator", "lead")
    try:
        assert team.merger.merge_paths(files, "lead").ok
        document = team.catalog.document_summaries(team.annotator_id)[0].id
        (gold,) = team.curation.start(document, Rule.majority(), "lead")
        assert team.curation.provenance(gold.id) == Provenance(
            "alice", ("chen",), "lead", "pre-accepted: majority"
        )
        newer = annotator_file(
            tmp_path / "alice-2.annotator", "alice", [(0, "Claim", 26, 36, None)]
        )
        (outcome,) = team.merger.merge_paths([newer], "lead").files
        assert outcome.merged
        assert outcome.messages == [
            "who proposed 1 gold span(s) now follows the merged layers "
            "(the curator's decisions stay as they were)"
        ]
        assert team.curation.provenance(gold.id) == Provenance(
            "chen", (), "lead", "pre-accepted: majority"
        )
    finally:
        team.close()
