"""File ▸ Merge Annotators' Projects… from the window: files asked for, merged, reported."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from project_files import TEXTS, annotator_file, execute
from window_helpers import MakeWindow

from annotator.services.project import Project
from annotator.ui.actions import MENUS, ActionId
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.widgets.dialogs import Ask, Tell

Shown = list[tuple[str, str, str]]


@pytest.fixture
def lead(tmp_path: Path) -> Iterator[Project]:
    """An empty team project, opened by the lead."""
    project = Project.open(tmp_path / "team.annotator", "lead")
    yield project
    project.close()


def merge_from_window(
    window: MainWindow,
    paths: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    own_layer: str | None = None,
) -> Shown:
    """Trigger the action with ``paths`` chosen (and ``own_layer``, else the default named
    as one's own); what Tell.info showed."""
    shown: Shown = []
    offered: list[tuple[str, list[str]]] = []

    def own(cls: object, parent: object, current: str, names: list[str]) -> str:
        offered.append((current, names))
        return own_layer or current

    monkeypatch.setattr(Ask, "merge_files", classmethod(lambda cls, parent: paths))
    monkeypatch.setattr(Ask, "merge_own_layer", classmethod(own))
    monkeypatch.setattr(
        Tell,
        "info",
        classmethod(
            lambda cls, parent, title, text, details="": shown.append((title, text, details))
        ),
    )
    window.registry[ActionId.MERGE_PROJECTS].trigger()
    return shown


def test_merge_is_in_the_file_menu() -> None:
    assert ActionId.MERGE_PROJECTS in MENUS["File"]


def test_merging_files_reloads_the_documents_and_reports_each_file(
    lead: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bob = annotator_file(tmp_path / "bob.annotator", "bob", [(0, "Claim", 0, 25, None)])
    carol = annotator_file(tmp_path / "carol.annotator", "carol", [(1, "Claim", 0, 26, "why")])
    window = make_window(lead)
    assert window.documents.rowCount() == 0
    shown = merge_from_window(window, [bob, carol], monkeypatch)
    assert window.documents.rowCount() == len(TEXTS)
    assert window.view.document_id is not None  # the first document is shown
    [(title, text, _details)] = shown
    assert title == "Merge"
    lines = text.splitlines()
    assert lines[0] == "2 file(s) merged, 0 refused."
    assert lines[2].startswith(f"{bob}: merged; 3 new document(s)")
    assert lines[3].startswith(f"{carol}: merged; 0 new document(s); 3 matched; carol: +1")
    assert window.statusBar().currentMessage() == "2 file(s) merged, 0 refused."


def test_a_refused_hostile_file_is_reported_and_the_others_merged(
    lead: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = annotator_file(tmp_path / "bob.annotator", "bob", [(0, "Claim", 0, 25, None)])
    hostile = tmp_path / "trigger.annotator"
    shutil.copyfile(good, hostile)
    execute(hostile, "CREATE TRIGGER t AFTER INSERT ON labels BEGIN SELECT 1; END")
    window = make_window(lead)
    [(_title, text, _details)] = merge_from_window(window, [hostile, good], monkeypatch)
    lines = text.splitlines()
    assert lines[0] == "1 file(s) merged, 1 refused."
    assert lines[2].startswith(f"{hostile}: refused:") and "holds a trigger" in lines[2]
    assert lines[3].startswith(f"{good}: merged")
    assert "A refused file is not merged at all" in text
    assert window.documents.rowCount() == len(TEXTS)


def test_own_layer_is_left_out_and_said_in_the_details(
    lead: Project, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = annotator_file(tmp_path / "lead.annotator", "lead", [(0, "Claim", 0, 25, None)])
    window = make_window(lead)
    [(_title, _text, details)] = merge_from_window(window, [mine], monkeypatch)
    assert details.splitlines() == [
        str(mine),
        "  layer 'lead' left out: it is your own layer in the team project",
    ]


def test_cancelling_the_file_dialog_merges_nothing(
    lead: Project, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window(lead)
    assert merge_from_window(window, [], monkeypatch) == []
    assert window.documents.rowCount() == 0
