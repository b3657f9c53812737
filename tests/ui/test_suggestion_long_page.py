"""A long page: the part in view is suggested first, then the whole page replaces it."""

from __future__ import annotations

from pathlib import Path

from project_files import import_all
from pytestqt.qtbot import QtBot
from suggestion_window import FOOTER
from window_helpers import MakeWindow

from annotator.core.model import DocumentDraft
from annotator.services.project import Project
from annotator.ui.suggestions.feed import IN_VIEW_FIRST_CHARS

BODY = "The council met on Tuesday and voted on the harbour plan after a long debate.\n"


def test_a_long_pages_suggestions_cover_the_whole_page_in_the_end(
    tmp_path: Path, make_window: MakeWindow, qtbot: QtBot
) -> None:
    long_page = f"{FOOTER}\n\n" + BODY * 400 + f"\n{FOOTER}\n"
    assert len(long_page) > IN_VIEW_FIRST_CHARS
    project = Project.open(tmp_path / "long.annotator", "alice")
    other = f"Other page\n\nSomething else happened.\n\n{FOOTER}\n"
    import_all(
        project, [DocumentDraft(long_page, "Long", "l.txt"), DocumentDraft(other, "O", "o.txt")]
    )
    window = make_window(project)
    try:
        start, end = window.view.visible_range()
        assert start == 0 and 0 < end < len(long_page) // 2  # only the top is in view
        suggestions = window.suggesting.suggestions
        last_footer = long_page.rindex("©")
        qtbot.waitUntil(
            lambda: any(s.start == last_footer for s in suggestions.items), timeout=20_000
        )
        texts = [long_page[s.start : s.end] for s in suggestions.items]
        assert texts.count(FOOTER.split("\n")[1]) == 2  # the top one and the bottom one
    finally:
        window.close()
        project.close()
