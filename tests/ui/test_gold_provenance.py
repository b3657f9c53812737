"""Every path that makes or changes a gold span leaves a record true to the span as it stands.

The case a new user hit: the majority rule pre-accepted alice's and chen's Opinion; the
curator accepted bob's Claim on the same range (D, then 1) and the exported record still
said alice proposed it, chen agreed, "pre-accepted: majority". After each step here the
stored provenance of every gold span, and the gold export, must name exactly the annotators
who marked that range with that label, and what the curator did.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from project_files import import_all
from PySide6.QtCore import Qt
from window_helpers import ALT, CTRL, SHIFT, MakeWindow, key

from annotator.core.curation import Provenance
from annotator.core.model import DocumentDraft, SpanDraft
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow

TEXT = "Officials said the bridge cost £23.6m. Critics called it a waste. Subscribe now!"
OPINION = (TEXT.index("Critics"), TEXT.index(" Subscribe"))
BRIDGE = (TEXT.index("bridge"), TEXT.index(" cost"))


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    """alice and chen marked an Opinion, bob a Claim on the same words; the lead curates."""
    project = Project.open(tmp_path / "team.annotator", "lead")
    spans = [
        SpanDraft(*OPINION, "Opinion", "alice"),
        SpanDraft(*OPINION, "Claim", "bob"),
        SpanDraft(*OPINION, "Opinion", "chen"),
    ]
    import_all(project, [DocumentDraft(TEXT, "Bridge", "bridge.txt", spans=spans)])
    yield project
    project.close()


@pytest.fixture
def window(team: Project, make_window: MakeWindow) -> MainWindow:
    shown = make_window(team)
    shown.registry[ActionId.CURATION_MODE].trigger()
    return shown


def records(team: Project) -> dict[tuple[int, int, str], Provenance | None]:
    """Each gold span's stored provenance, by range and label name."""
    names = {label.id: label.name for label in team.catalog.labels()}
    return {
        (s.start, s.end, names[s.label_id]): team.curation.provenance(s.id)
        for s in team.catalog.spans(1, team.annotator_id)
    }


def assert_truthful(team: Project, tmp_path: Path) -> None:
    """Every gold span's record - stored and exported - names exactly who marked it."""
    people = {a.name: a.id for a in team.catalog.annotators() if not a.is_gold}
    marked: dict[tuple[int, int, int], list[tuple[object, str, str]]] = {}
    for name, layer in people.items():
        for span in team.catalog.spans(1, layer):
            marked.setdefault((span.start, span.end, span.label_id), []).append(
                (span.created_at, span.id, name)
            )
    out = tmp_path / "gold-check.jsonl"
    team.exporter.export(out, "jsonl", gold=True)
    exported = json.loads(out.read_text("utf-8").split("\n")[0])["spans"]
    gold = team.catalog.spans(1, team.annotator_id)
    assert len(exported) == len(gold)
    for span, shipped in zip(gold, exported, strict=True):
        record = team.curation.provenance(span.id)
        assert record is not None
        who = [name for *_, name in sorted(marked.get((span.start, span.end, span.label_id), []))]
        assert [record.proposed_by, *record.agreed_by] == [who[0] if who else None, *who[1:]]
        if who:
            assert record.decision == "accepted" or record.decision.startswith("pre-accepted")
        else:
            assert record.decision in ("added by curator", "relabelled", "bounds edited")
        assert record.decided_by == "lead"
        assert shipped["provenance"]["proposed_by"] == record.proposed_by
        assert shipped["provenance"]["agreed_by"] == list(record.agreed_by)
        assert shipped["provenance"]["decision"] == record.decision


def test_accepting_another_label_on_a_pre_accepted_range_credits_its_proposer(
    team: Project, window: MainWindow, tmp_path: Path
) -> None:
    pre = Provenance("alice", ("chen",), "lead", "pre-accepted: majority")
    assert records(team) == {(*OPINION, "Opinion"): pre}
    # D reaches bob's Claim (the only candidate the gold layer does not hold); 1 accepts it.
    key(window, Qt.Key.Key_D)
    assert window.view.selection() == OPINION
    key(window, Qt.Key.Key_1)
    assert records(team) == {(*OPINION, "Claim"): Provenance("bob", (), "lead", "accepted")}
    assert_truthful(team, tmp_path)
    key(window, Qt.Key.Key_Z, CTRL)
    assert records(team) == {(*OPINION, "Opinion"): pre}
    assert_truthful(team, tmp_path)
    key(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert records(team) == {(*OPINION, "Claim"): Provenance("bob", (), "lead", "accepted")}
    assert_truthful(team, tmp_path)


def test_enter_on_a_candidate_relabels_the_gold_span_with_its_proposers(
    team: Project, window: MainWindow, tmp_path: Path
) -> None:
    key(window, Qt.Key.Key_D)
    key(window, Qt.Key.Key_1)  # bob's Claim
    rows = window.candidates.model.rows
    window.candidates.accept(
        next(i for i, r in enumerate(rows) if r.candidate.annotators[0] == "alice")
    )
    assert records(team) == {
        (*OPINION, "Opinion"): Provenance("alice", ("chen",), "lead", "accepted")
    }
    assert_truthful(team, tmp_path)


def test_relabelling_nudging_and_drawing_record_what_the_curator_did(
    team: Project, window: MainWindow, tmp_path: Path
) -> None:
    gold_span = window.view.spans[0]
    window.view.set_current_span(gold_span)
    key(window, Qt.Key.Key_3)  # Boilerplate: nobody marked that
    assert records(team) == {(*OPINION, "Boilerplate"): Provenance(None, (), "lead", "relabelled")}
    assert_truthful(team, tmp_path)
    key(window, Qt.Key.Key_2)  # back to Opinion: alice and chen marked exactly that
    assert records(team) == {
        (*OPINION, "Opinion"): Provenance("alice", ("chen",), "lead", "accepted")
    }
    # dana, in another window, marks "Critics called it a waste" without the full stop.
    dana = Project.open(team.path, "dana")
    try:
        opinion = next(x.id for x in dana.catalog.labels() if x.name == "Opinion")
        dana.annotation.add_span(1, dana.annotator_id, opinion, OPINION[0], OPINION[1] - 1)
    finally:
        dana.close()
    assert team.watcher.poll()
    window.registry[ActionId.SPAN_END_LEFT].trigger()  # onto what dana marked
    assert records(team) == {
        (OPINION[0], OPINION[1] - 1, "Opinion"): Provenance("dana", (), "lead", "accepted")
    }
    window.registry[ActionId.SPAN_END_LEFT].trigger()  # "Critics called it a": nobody's
    ((start, end, label), record) = next(iter(records(team).items()))
    assert (start, end, label) == (OPINION[0], TEXT.index(" waste"), "Opinion")
    assert record == Provenance(None, (), "lead", "bounds edited")
    assert_truthful(team, tmp_path)
    window.registry[ActionId.SPAN_END_RIGHT].trigger()  # back onto dana's
    assert records(team) == {
        (OPINION[0], OPINION[1] - 1, "Opinion"): Provenance("dana", (), "lead", "accepted")
    }
    window.view.select_range(*BRIDGE)
    key(window, Qt.Key.Key_1, ALT)
    assert records(team)[(*BRIDGE, "Claim")] == Provenance(None, (), "lead", "added by curator")
    assert_truthful(team, tmp_path)
    for _ in range(6):  # every step back, then forward again, stays true
        key(window, Qt.Key.Key_Z, CTRL)
        assert_truthful(team, tmp_path)
    assert records(team) == {
        (*OPINION, "Opinion"): Provenance("alice", ("chen",), "lead", "pre-accepted: majority")
    }
    for _ in range(6):
        key(window, Qt.Key.Key_Z, CTRL | SHIFT)
        assert_truthful(team, tmp_path)
    assert records(team)[(*BRIDGE, "Claim")] == Provenance(None, (), "lead", "added by curator")


def test_a_gold_span_trimmed_by_a_new_one_records_its_edited_bounds(
    team: Project, window: MainWindow, tmp_path: Path
) -> None:
    """No-overlap curation: a new gold span inside a gold span splits it; both parts are
    credited to nobody (nobody marked those bounds), the new span to whoever marked it."""
    words = (TEXT.index("called"), TEXT.index(" it a"))
    window.view.select_range(*words)
    key(window, Qt.Key.Key_1)
    assert records(team) == {
        (OPINION[0], TEXT.index(" called"), "Opinion"): Provenance(
            None, (), "lead", "bounds edited"
        ),
        (*words, "Claim"): Provenance(None, (), "lead", "added by curator"),
        (TEXT.index("it a"), OPINION[1], "Opinion"): Provenance(None, (), "lead", "bounds edited"),
    }
    assert_truthful(team, tmp_path)
    key(window, Qt.Key.Key_Z, CTRL)
    assert records(team) == {
        (*OPINION, "Opinion"): Provenance("alice", ("chen",), "lead", "pre-accepted: majority")
    }


def test_accepting_a_shorter_conflicting_candidate_replaces_the_gold_span(
    tmp_path: Path, make_window: MakeWindow
) -> None:
    """Gold holds "Share on X · Copy link" (alice and bob); chen marked only "Share on X".
    Accepting chen's replaces the gold span whole: no "· Copy link" fragment that nobody
    marked is left behind."""
    text = "Ferries resume on Monday. Share on X · Copy link"
    share = (text.index("Share"), len(text))
    short = (share[0], text.index(" · Copy"))
    team = Project.open(tmp_path / "team.annotator", "lead")
    spans = [
        SpanDraft(*share, "Boilerplate", "alice"),
        SpanDraft(*share, "Boilerplate", "bob"),
        SpanDraft(*short, "Boilerplate", "chen"),
    ]
    import_all(team, [DocumentDraft(text, "Ferries", "ferries.txt", spans=spans)])
    try:
        window = make_window(team)
        window.registry[ActionId.CURATION_MODE].trigger()
        assert list(records(team)) == [(*share, "Boilerplate")]
        key(window, Qt.Key.Key_D)
        assert window.view.selection() == short
        key(window, Qt.Key.Key_3)
        assert records(team) == {
            (*short, "Boilerplate"): Provenance("chen", (), "lead", "accepted")
        }
        assert_truthful(team, tmp_path)
        key(window, Qt.Key.Key_Z, CTRL)
        assert list(records(team)) == [(*share, "Boilerplate")]
    finally:
        team.close()
