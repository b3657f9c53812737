"""Ctrl+Return always marks the document done and moves on; taking the mark back is its own
action (Go ▸ Mark as In Progress), undoable; the same while curating."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from project_files import import_all
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from window_helpers import CTRL, SHIFT, MakeWindow, key

from annotator.core.model import DocStatus, DocumentDraft, SpanDraft
from annotator.services.project import Project
from annotator.ui.actions import ActionId
from annotator.ui.shell.main_window import MainWindow


def status(window: MainWindow, document_id: int) -> DocStatus:
    return window.project.catalog.status(document_id, window.project.annotator_id)


def message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_ctrl_return_on_a_done_document_keeps_it_done_and_opens_the_next_unfinished(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    first, second, _third = window.documents.ids
    project.annotation.set_status(first, project.annotator_id, DocStatus.DONE)
    window.show_document(first)
    depth = window.undo_stack.count()
    key(window, Qt.Key.Key_Return, CTRL)
    assert status(window, first) is DocStatus.DONE  # not quietly taken back
    assert window.view.document_id == second
    assert message(window) == "Marked as done; this is the next unfinished document."
    assert window.undo_stack.count() == depth  # nothing changed, nothing to undo


def test_when_every_document_is_done_it_says_so_and_stays(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    first, second, third = window.documents.ids
    for document_id in (second, third):
        project.annotation.set_status(document_id, project.annotator_id, DocStatus.DONE)
    window.show_document(first)
    key(window, Qt.Key.Key_Return, CTRL)
    assert status(window, first) is DocStatus.DONE
    assert window.view.document_id == first
    assert message(window) == "Marked as done. Every document in the list is done or skipped."
    key(window, Qt.Key.Key_Return, CTRL)  # again: still done, still here, said again
    assert status(window, first) is DocStatus.DONE
    assert window.view.document_id == first
    assert "Every document in the list is done" in message(window)


def test_mark_as_in_progress_takes_the_mark_back_undoably(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    first = window.view.document_id
    assert first is not None
    key(window, Qt.Key.Key_Return, CTRL | SHIFT)  # skipped, and on to the next
    window.show_document(first)
    action = window.registry[ActionId.MARK_IN_PROGRESS]
    go = window.menuBar().actions()[4].menu()
    assert isinstance(go, QMenu)
    assert action in go.actions()  # in Go, by Mark Done
    key(window, Qt.Key.Key_Backspace, CTRL | SHIFT)
    assert status(window, first) is DocStatus.IN_PROGRESS
    assert message(window) == "Marked as in progress (it was skipped). Ctrl+Z undoes this."
    assert window.documents.summary(0).status is DocStatus.IN_PROGRESS
    window.undo_stack.undo()
    assert status(window, first) is DocStatus.SKIPPED
    window.undo_stack.redo()
    depth = window.undo_stack.count()
    action.trigger()  # an unfinished document has no mark to take back
    assert status(window, first) is DocStatus.IN_PROGRESS
    assert "nothing to take back" in message(window)
    assert window.undo_stack.count() == depth


TEXTS = ("The bridge cost £23.6m. Lovely view.", "Rain fell all day. Subscribe now!")


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    """Two pages both annotators marked alike, opened by the lead."""
    project = Project.open(tmp_path / "team.annotator", "lead")
    drafts = [
        DocumentDraft(
            text,
            f"Page {n}",
            f"page{n}.txt",
            spans=[SpanDraft(0, 4, "Claim", "alice"), SpanDraft(0, 4, "Claim", "bob")],
        )
        for n, text in enumerate(TEXTS)
    ]
    import_all(project, drafts)
    yield project
    project.close()


def test_while_curating_ctrl_return_always_marks_curated(
    team: Project, make_window: MakeWindow
) -> None:
    window = make_window(team)
    window.registry[ActionId.CURATION_MODE].trigger()
    first, second = window.documents.ids
    assert window.view.document_id == first
    key(window, Qt.Key.Key_Return, CTRL)
    assert status(window, first) is DocStatus.DONE
    assert window.view.document_id == second
    assert message(window) == "Marked as curated; this is the next unfinished document."
    key(window, Qt.Key.Key_PageUp, CTRL)
    key(window, Qt.Key.Key_Return, CTRL)  # curated already: stays curated, moves on
    assert status(window, first) is DocStatus.DONE
    assert window.view.document_id == second
    assert team.curation.progress() == (1, 2)
    key(window, Qt.Key.Key_Return, CTRL)
    assert window.view.document_id == second
    assert message(window) == "Marked as curated. Every document in the list is curated or skipped."
    key(window, Qt.Key.Key_Backspace, CTRL | SHIFT)
    assert status(window, second) is DocStatus.IN_PROGRESS
    assert team.curation.progress() == (1, 2)
    assert message(window) == "Marked as in progress (it was curated). Ctrl+Z undoes this."
