"""One window's messages: short ones for its status bar, problems in a dialog over it.

Code that has something to tell the user tells the bridge of its window instead of being
handed ``say`` and ``on_error`` callbacks (qutebrowser's ``utils/message.py`` is the model).
The bridge belongs to one window, not to the process: two windows in one process each have
their own, and each says things in its own status bar. Widgets find theirs in the widget
tree with :func:`messages_of`; the window hands it to the few objects that are not widgets.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from annotator import APP_NAME
from annotator.errors import AnnotatorError
from annotator.store.damage import DamagedProjectError
from annotator.ui.widgets.dialogs import Tell

#: The status bar's reminder, after the dialog, that a damaged project cannot be changed.
DAMAGE_TOLD = "The project file is damaged: nothing can be changed (see the message shown before)."


class Messages(QObject):
    """The message bridge of one window (its child: see :func:`messages_of`).

    Args:
        window: The window whose status bar listens to :attr:`said`, and over which problems
            open; None for a bridge that belongs to no window.

    Signals:
        said(str): a short message for the status bar.
    """

    said = Signal(str)

    def __init__(self, window: QWidget | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._told_damage = False

    def say(self, text: str) -> None:
        """A short message in the window's status bar."""
        self.said.emit(text)

    def problem(self, text: str, details: str = "", *, title: str = APP_NAME) -> None:
        """Something the user can act on went wrong: a dialog over the window."""
        if details:
            Tell.problem(self._window, title, text, details)
        else:
            # Without details as a third argument: tests stand in for Tell.problem with
            # functions of (parent, title, text).
            Tell.problem(self._window, title, text)

    def report(self, error: AnnotatorError) -> None:
        """An environment problem (a locked file, bad input) as a :meth:`problem`.

        A damaged project file is told once in a dialog: every later read of a damaged
        page, and every change (refused from then on), only says so in the status bar.
        """
        if isinstance(error, DamagedProjectError):
            if self._told_damage:
                self.say(DAMAGE_TOLD)
                return
            self._told_damage = True
        self.problem(str(error))


def messages_of(owner: QObject | None) -> Messages:
    """The message bridge of the window ``owner`` is in.

    ``owner`` is a widget, or an object owned by one (the window's undo stack). A dialog
    made without a parent (as tests make them), and so in no window with a bridge, gets a
    bridge of its own: nothing listens to what it says, and its problems open unparented.
    """
    while owner is not None and not isinstance(owner, QWidget):
        owner = owner.parent()
    while owner is not None:
        window = owner.window()
        found = window.findChild(Messages, "", Qt.FindChildOption.FindDirectChildrenOnly)
        if found is not None:
            return found
        owner = window.parentWidget()
    return Messages()
