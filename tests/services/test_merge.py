"""Tests for :mod:`annotator.services.merge`: annotators' files into one team project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from project_files import TEXTS, add_work, annotator_file, dump, execute, file_hash

from annotator.core.model import DocStatus
from annotator.services.merge import MergeReport
from annotator.services.project import Project


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    project = Project.open(tmp_path / "team.annotator", "lead")
    yield project
    project.close()


def merge(team: Project, *paths: Path) -> MergeReport:
    return team.merger.merge_paths(paths, own_layer="lead")


def layer(team: Project, name: str) -> dict[str, list[tuple[str, int, int, str | None]]]:
    """Each document's spans of one annotator, by the document's text."""
    [annotator] = [a.id for a in team.catalog.annotators() if a.name == name]
    labels = {label.id: label.name for label in team.catalog.labels()}
    found = {}
    for summary in team.catalog.document_summaries(annotator):
        text = team.catalog.document(summary.id).text
        spans = team.catalog.spans(summary.id, annotator)
        found[text] = [(labels[s.label_id], s.start, s.end, s.note) for s in spans]
    return found


def test_three_annotators_give_three_layers(team: Project, tmp_path: Path) -> None:
    files = [
        annotator_file(tmp_path / "a.annotator", "ann", [(0, "Claim", 0, 25, "sure")]),
        annotator_file(tmp_path / "b.annotator", "ben", [(1, "Opinion", 27, 39, None)]),
        annotator_file(tmp_path / "c.annotator", "cai", [(2, "Boilerplate", 0, 24, None)]),
    ]
    report = merge(team, *files)
    assert report.ok, report.files
    assert [(o.documents_added, o.documents_matched) for o in report.files] == [
        (3, 0),
        (0, 3),
        (0, 3),
    ]
    assert layer(team, "ann")[TEXTS[0]] == [("Claim", 0, 25, "sure")]
    assert layer(team, "ben")[TEXTS[1]] == [("Opinion", 27, 39, None)]
    assert layer(team, "cai")[TEXTS[2]] == [("Boilerplate", 0, 24, None)]
    assert sum(len(spans) for spans in layer(team, "ann").values()) == 1
    assert report.files[0].layers[0].describe() == (
        "ann: +1 -0 ~0 spans, 1 status(es), 0 note(s) changed"
    )


def test_merging_twice_is_merging_once(team: Project, tmp_path: Path) -> None:
    bob = annotator_file(
        tmp_path / "bob.annotator",
        "bob",
        [(0, "Claim", 0, 25, None), (1, "Opinion", 27, 39, "hmm")],
        statuses=[(2, DocStatus.SKIPPED)],
        notes=[(0, "look again")],
    )
    assert merge(team, bob).ok
    once = dump(team.path)
    again = merge(team, bob)
    assert again.ok
    assert dump(team.path) == once
    [change] = again.files[0].layers
    assert (change.added, change.removed, change.changed, change.statuses, change.notes) == (
        0,
        0,
        0,
        0,
        0,
    )
    assert again.files[0].documents_added == 0


def test_a_newer_file_replaces_that_layer(team: Project, tmp_path: Path) -> None:
    path = annotator_file(
        tmp_path / "bob.annotator",
        "bob",
        [(0, "Claim", 0, 25, None), (0, "Opinion", 26, 36, None), (1, "Claim", 0, 26, None)],
        statuses=[(0, DocStatus.DONE)],
    )
    assert merge(team, path).ok
    bob = Project.open(path, "bob")  # bob keeps working: one removed, one relabelled, one new
    try:
        spans = {s.start: s for s in bob.catalog.spans(1, bob.annotator_id)}
        bob.annotation.remove_span(spans[26].id)
        bob.annotation.change_span(spans[0].id, label_id=bob.catalog.labels()[2].id)
        add_work(bob, [(2, "Opinion", 25, 43, "new")], notes=[(0, "fixed")])
    finally:
        bob.close()
    report = merge(team, path)
    [change] = report.files[0].layers
    assert (change.added, change.removed, change.changed, change.notes) == (1, 1, 1, 1)
    assert layer(team, "bob") == {
        TEXTS[0]: [("Boilerplate", 0, 25, None)],
        TEXTS[1]: [("Claim", 0, 26, None)],
        TEXTS[2]: [("Opinion", 25, 43, "new")],
    }
    [bob_id] = [a.id for a in team.catalog.annotators() if a.name == "bob"]
    assert team.catalog.document_note(1, bob_id) == "fixed"


def test_a_text_that_differs_is_reported_not_merged(team: Project, tmp_path: Path) -> None:
    assert merge(team, annotator_file(tmp_path / "a.annotator", "ann")).ok is True
    changed = ("Prices rose six percent. I hate it.", *TEXTS[1:])
    bob = annotator_file(
        tmp_path / "b.annotator",
        "bob",
        [(0, "Claim", 0, 24, None), (1, "Claim", 0, 26, None)],
        texts=changed,
    )
    report = merge(team, bob)
    assert report.ok
    outcome = report.files[0]
    assert (outcome.documents_added, outcome.documents_matched) == (0, 2)
    assert outcome.messages == [
        "document 'Page 0' (pages/0.txt): text differs from the team's copy; "
        "its spans, notes and statuses were not merged"
    ]
    assert layer(team, "bob") == {TEXTS[0]: [], TEXTS[1]: [("Claim", 0, 26, None)], TEXTS[2]: []}
    assert len(team.catalog.document_summaries(team.annotator_id)) == 3


def test_labels_are_reconciled_by_name(team: Project, tmp_path: Path) -> None:
    bob = annotator_file(tmp_path / "b.annotator", "bob", [(0, "Claim", 0, 25, None)])
    execute(
        bob,
        "UPDATE labels SET name = 'CLAIM', color = '#123456' WHERE name = 'Claim'",
        "INSERT INTO labels (name, color, key, position) VALUES ('Sarcasm', '#ABCDEF', '4', 3)",
        "UPDATE labels SET key = '5' WHERE name = 'Boilerplate'",
        "INSERT INTO labels (name, color, key, position) VALUES ('Aside', '#FEDCBA', '3', 4)",
    )
    report = merge(team, bob)
    assert report.ok, report.files
    outcome = report.files[0]
    assert outcome.labels_added == ["Sarcasm", "Aside"]
    assert outcome.messages == [
        "label 'CLAIM' is #123456, key 1 in the file but #0072B2, key 1 in the team project; "
        "the team's are kept",
        "label 'Boilerplate' is #8C8C8C, key 5 in the file but #8C8C8C, key 3 in the team "
        "project; the team's are kept",
        "new label 'Aside' has no key: 3 is taken",
    ]
    labels = [(lab.name, lab.color, lab.key) for lab in team.catalog.labels()]
    assert labels == [
        ("Claim", "#0072B2", "1"),
        ("Opinion", "#E69F00", "2"),
        ("Boilerplate", "#8C8C8C", "3"),
        ("Sarcasm", "#ABCDEF", "4"),
        ("Aside", "#FEDCBA", None),
    ]
    assert layer(team, "bob")[TEXTS[0]] == [("Claim", 0, 25, None)]


def test_statuses_and_notes_come_across(team: Project, tmp_path: Path) -> None:
    bob = annotator_file(
        tmp_path / "b.annotator",
        "bob",
        statuses=[(0, DocStatus.DONE), (1, DocStatus.SKIPPED)],
        notes=[(1, "ads only"), (2, "ask the lead")],
    )
    assert merge(team, bob).ok
    [bob_id] = [a.id for a in team.catalog.annotators() if a.name == "bob"]
    ids = [d.id for d in team.catalog.document_summaries(bob_id)]
    assert [team.catalog.status(i, bob_id) for i in ids] == [
        DocStatus.DONE,
        DocStatus.SKIPPED,
        DocStatus.NEW,
    ]
    assert [team.catalog.document_note(i, bob_id) for i in ids] == [
        None,
        "ads only",
        "ask the lead",
    ]


def test_other_layers_and_your_own_are_untouched(team: Project, tmp_path: Path) -> None:
    carol = annotator_file(tmp_path / "c.annotator", "carol", [(1, "Claim", 0, 26, None)])
    assert merge(team, carol).ok
    add_work(team, [(0, "Opinion", 26, 36, "mine")], [(0, DocStatus.DONE)])
    lead_before, carol_before = layer(team, "lead"), layer(team, "carol")
    # A file in which someone worked under the lead's name, on the same pages as carol.
    impostor = annotator_file(tmp_path / "l.annotator", "lead", [(0, "Claim", 0, 25, None)])
    bob = Project.open(impostor, "bob")
    add_work(bob, [(1, "Opinion", 27, 39, None)])
    bob.close()
    report = merge(team, impostor)
    assert report.ok
    assert report.files[0].messages == [
        "layer 'lead' left out: it is your own layer in the team project"
    ]
    assert [change.annotator for change in report.files[0].layers] == ["bob"]
    assert layer(team, "lead") == lead_before
    assert layer(team, "carol") == carol_before


def test_an_empty_layer_is_left_out(team: Project, tmp_path: Path) -> None:
    path = annotator_file(tmp_path / "b.annotator", "prep")
    bob = Project.open(path, "bob")
    add_work(bob, [(0, "Claim", 0, 25, None)])
    bob.close()
    report = merge(team, path)
    assert report.files[0].messages == ["layer 'prep' left out: it holds no work in this file"]
    assert [a.name for a in team.catalog.annotators()] == ["bob", "lead"]


def test_a_span_id_of_another_layer_refuses_the_file(team: Project, tmp_path: Path) -> None:
    path = annotator_file(tmp_path / "a.annotator", "ann", [(0, "Claim", 0, 25, None)])
    assert merge(team, path).ok
    execute(path, "UPDATE annotators SET name = 'ben'")  # ann's spans, now filed as ben's
    before = dump(team.path)
    report = merge(team, path)
    assert not report.ok
    error = report.files[0].error or ""
    assert error.startswith("span ") and "already in the team project" in error
    assert dump(team.path) == before


def test_progress_cancel_and_a_refusal_among_good_files(team: Project, tmp_path: Path) -> None:
    good = annotator_file(tmp_path / "a.annotator", "ann", [(0, "Claim", 0, 25, None)])
    bad = tmp_path / "bad.annotator"
    bad.write_text("not a database")
    hashes = (file_hash(good), file_hash(bad))
    seen: list[tuple[int, int, str]] = []
    report = team.merger.merge_paths([bad, good], "lead", lambda *a: seen.append(a))
    assert [o.merged for o in report.files] == [False, True]
    assert report.files[0].summary().startswith(f"{bad}: refused: is not an annotator project")
    assert report.summary() == "1 file(s) merged, 1 refused."
    assert seen == [(0, 2, str(bad)), (1, 2, str(good)), (2, 2, "")]
    stopped = team.merger.merge_paths([good], "lead", should_stop=lambda: True)
    assert (stopped.cancelled, stopped.files) == (True, [])
    assert (file_hash(good), file_hash(bad)) == hashes


def test_a_file_s_gold_standard_is_left_out(team: Project, tmp_path: Path) -> None:
    from annotator.core.curation import Rule

    path = annotator_file(tmp_path / "b.annotator", "bob", [(0, "Claim", 0, 25, None)])
    other = Project.open(path, "bob")
    other.curation.start(1, Rule.at_least(1), "bob")  # the file's own curated layer
    other.close()
    report = merge(team, path)
    assert report.ok, report.files
    assert any("gold standard is never merged" in m for m in report.files[0].messages)
    assert [(a.name, a.is_gold) for a in team.catalog.annotators()] == [
        ("bob", False),
        ("lead", False),
    ]
