"""What the window tests of suggestions share: pages with a repeated footer (which the
detector suggests as Boilerplate), and waiting for the shown document's suggestions.

A module of its own so that tests import it by name from ``tests/``; it needs PySide6.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from project_files import import_all
from pytestqt.qtbot import QtBot

from annotator.core.model import DocumentDraft, Label
from annotator.core.shown_suggestions import Looking, ShownSuggestions
from annotator.core.suggestions.base import Suggestion
from annotator.services.project import Project
from annotator.ui.shell.main_window import MainWindow
from annotator.ui.suggestions.dialogs import AskSuggestions, OccurrenceChoice

FOOTER = "Share: Facebook · X · Email\n© 2024 Ledger Media Ltd. All rights reserved."
PAGES = (
    "Harbour to be dredged\n\nThe harbour will be dredged from March, the council said."
    f"\n\n{FOOTER}\n",
    "Ferry operator named\n\nA new operator will run the ferry from June, officials said."
    f"\n\n{FOOTER}\n",
    f"Bridge reopens\n\nThe old bridge reopened on Monday after repairs.\n\n{FOOTER}\n",
)


def open_pages(path: Path) -> Project:
    """A project of the three pages, opened as "alice"."""
    project = Project.open(path, "alice")
    import_pages(project)
    return project


def import_pages(project: Project) -> None:
    """The three pages, in this order."""
    import_all(
        project,
        [DocumentDraft(text, f"Page {n + 1}", f"p{n + 1}.txt") for n, text in enumerate(PAGES)],
    )


def looking(suggestions: ShownSuggestions) -> Looking:
    """Where the suggestions are (read afresh each time)."""
    return suggestions.looking


def ready(window: MainWindow, qtbot: QtBot) -> list[Suggestion]:
    """Wait until the shown document's suggestions have been found; returns them."""
    suggestions = window.suggesting.suggestions
    qtbot.waitUntil(lambda: looking(suggestions) is Looking.READY)
    qtbot.waitUntil(lambda: not window.suggesting.feed.worker.busy)
    return suggestions.items


def text_of(window: MainWindow, suggestion: Suggestion) -> str:
    """The text a suggestion covers."""
    return window.view.text[suggestion.start : suggestion.end]


def answer_occurrences(monkeypatch: pytest.MonkeyPatch, label: Label, across: bool) -> None:
    """Make "label every occurrence" choose ``label`` (and ``across``) without asking."""

    def choose(
        cls: type, parent: object, labels: object, needle: str, last: object
    ) -> OccurrenceChoice:
        del cls, parent, labels, needle, last
        return OccurrenceChoice(label, across)

    monkeypatch.setattr(AskSuggestions, "occurrence_label", classmethod(choose))
