"""Long status-bar messages get the room, and are the bar's tooltip when even that is short."""

from __future__ import annotations

from collections.abc import Callable

from annotator.services.project import Project
from annotator.ui.shell.main_window import MainWindow

MakeWindow = Callable[[Project], MainWindow]
REFUSED = (
    "Could not undo “Label as Claim”: that span was changed in another window since. Nothing "
    "was changed; it is no longer in the undo history."
)


def message_room(window: MainWindow) -> int:
    """The width Qt paints the message in: up to the first permanent widget shown."""
    bar = window.statusBar()
    widgets = window.status_widgets
    shown = [w for w in (widgets.selection, widgets.annotator) if w.isVisibleTo(bar)]
    return min((w.x() for w in shown), default=bar.width()) - 6


def test_a_long_message_takes_the_selection_s_place_and_gives_it_back(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    window.resize(1290, 800)
    bar = window.statusBar()
    window.view.select_range(0, 5)
    assert window.status_widgets.selection.isVisible()
    window.say(REFUSED)
    assert bar.fontMetrics().horizontalAdvance(REFUSED) <= message_room(window)
    assert not window.status_widgets.selection.isVisible()
    assert window.status_widgets.annotator.text() == "Annotator: alice"
    assert bar.toolTip() == ""
    bar.clearMessage()
    assert window.status_widgets.selection.isVisible()
    window.say("Labelled 5 characters as Claim.")  # short: nothing moves
    assert window.status_widgets.selection.isVisible()


def test_a_message_longer_than_the_bar_is_its_tooltip(
    project: Project, make_window: MakeWindow
) -> None:
    window = make_window(project)
    window.resize(1000, 700)
    bar = window.statusBar()
    message = REFUSED + " " + REFUSED
    window.say(message)
    assert bar.toolTip() == message
    assert window.status_widgets.annotator.text().endswith("…")
    window.say("Short.")
    assert bar.toolTip() == ""
    assert window.status_widgets.annotator.text() == "Annotator: alice"
