"""How a part of the window binds its keys from the registry: an action on a list's current
row (:func:`row_action`), or keys a widget answers from its key presses (:class:`WidgetKeys`)
rather than through a :class:`QAction`.

Two kinds of key need that. One is a key the window binds too, which a widget takes over
while it has the focus (Esc in the find bar closes the bar): Qt finds two shortcuts on one key
ambiguous and runs neither. The other is a key that means something only in one state (Up on
a list's first row goes back to its field; on another row it moves up the list).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QKeyCombination, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QWidget

from annotator.ui.actions.registry import SPECS, ActionId, key_sequences, make_action

#: Runs an action; returns False when there is nothing to do now, and the key goes on to the
#: widget as if it were not bound (None counts as done).
KeyHandler = Callable[[], bool | None]


class WidgetKeys(QObject):
    """Answers the keys of some actions while ``widget`` has the focus, as their specs say.

    A spec that ``shadows`` a window action also takes its keys' ShortcutOverride, so that Qt
    delivers them here as key presses instead of running the window's action.

    Args:
        widget: The widget that answers the keys (it owns this object).
        handlers: What each action does.
    """

    def __init__(self, widget: QWidget, handlers: Mapping[ActionId, KeyHandler]) -> None:
        super().__init__(widget)
        self._bindings = [
            (action_id, key_sequences(SPECS[action_id].keys), handler)
            for action_id, handler in handlers.items()
        ]
        widget.installEventFilter(self)

    @property
    def action_ids(self) -> list[ActionId]:
        """The actions whose keys this answers."""
        return [action_id for action_id, _keys, _handler in self._bindings]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Run the action bound to the key pressed, if any."""
        if not isinstance(event, QKeyEvent):
            return False
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        pressed = _pressed(event)
        for action_id, keys, handler in self._bindings:
            if pressed not in keys:
                continue
            if kind == QEvent.Type.ShortcutOverride:
                if not SPECS[action_id].shadows:
                    return False
                event.accept()
                return True
            return handler() is not False
        return False


#: Flags a spec never spells, ignored as :meth:`QKeyEvent.matches` ignores them.
_IGNORED = Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.GroupSwitchModifier


def _pressed(event: QKeyEvent) -> QKeySequence:
    """The key pressed as a spec would spell it: the keypad's Enter is "Enter", its digits
    are digits."""
    combination = event.keyCombination()
    modifiers = combination.keyboardModifiers() & ~_IGNORED
    return QKeySequence(QKeyCombination(modifiers, combination.key()))


def row_action(
    view: QAbstractItemView, action_id: ActionId, run: Callable[[QModelIndex], object]
) -> QAction:
    """An action on ``view``'s current row (Enter opens a hit, accepts a candidate …) that
    listens while the view has the focus. The view's own ``activated`` stays connected for
    the mouse (a double-click), and for a key press Qt delivers outside an active window."""
    action = make_action(view, action_id)
    action.triggered.connect(lambda _checked=False: run(view.currentIndex()))
    view.addAction(action)
    return action
