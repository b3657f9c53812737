"""The window's actions, built from their specs, and the menus they go in. Menus, the
shortcut sheet and every widget that answers a key read the keys from the specs; nothing else
spells or parses a key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QMenuBar

from annotator.ui.actions.specs import DIALOG_ACTIONS, SPECS, ActionId, ActionSpec, Key, Scope

__all__ = [
    "DIALOG_ACTIONS",
    "MENUS",
    "SPECS",
    "ActionId",
    "ActionRegistry",
    "ActionSpec",
    "Key",
    "Scope",
    "Submenu",
    "key_sequences",
    "keys_text",
    "make_action",
]


@dataclass(frozen=True, slots=True)
class Submenu:
    """A menu inside a menu; its fixed entries (None: a separator). Entries made per project
    or per run (the recent projects) go in front of them."""

    title: str
    entries: tuple[ActionId | None, ...]

    @property
    def name(self) -> str:
        """The title without its mnemonic, the key :meth:`ActionRegistry.build_menus` uses."""
        return self.title.replace("&", "")


#: The menu bar: each menu's entries in order; None is a separator. "Label" is filled per
#: project from its label set, "Open Recent" from the settings; UNDO and REDO come from the
#: undo stack.
MENUS: dict[str, list[ActionId | Submenu | None]] = {
    "File": [
        ActionId.NEW_PROJECT,
        ActionId.OPEN_PROJECT,
        Submenu("Open &Recent", (None, ActionId.CLEAR_RECENT)),
        None,
        ActionId.IMPORT_FILES,
        ActionId.IMPORT_FOLDER,
        ActionId.EXPORT,
        None,
        ActionId.SHARE_COPY,
        ActionId.MERGE_PROJECTS,
        None,
        ActionId.BACKUPS,
        ActionId.BACK_UP_NOW,
        None,
        ActionId.QUIT,
    ],
    "Edit": [
        ActionId.UNDO,
        ActionId.REDO,
        None,
        ActionId.REMOVE_SPAN,
        ActionId.NEXT_SPAN,
        ActionId.PREVIOUS_SPAN,
        ActionId.CYCLE_OVERLAPPING,
        ActionId.EDIT_SPAN_NOTE,
        ActionId.EDIT_DOCUMENT_NOTE,
        None,
        ActionId.REMOVE_DOCUMENTS,
        ActionId.REMOVE_IMPORT,
        None,
        ActionId.SPAN_START_LEFT,
        ActionId.SPAN_START_RIGHT,
        ActionId.SPAN_END_LEFT,
        ActionId.SPAN_END_RIGHT,
        None,
        ActionId.SNAP_TO_WORDS,
        ActionId.ALLOW_OVERLAPS,
        None,
        ActionId.FIND_IN_DOCUMENT,
        ActionId.FIND_NEXT,
        ActionId.FIND_PREVIOUS,
        ActionId.SEARCH_ALL,
    ],
    "Select": [
        ActionId.NEXT_SENTENCE,
        ActionId.PREVIOUS_SENTENCE,
        ActionId.EXTEND_SENTENCE,
        ActionId.SHRINK_SENTENCE,
        None,
        ActionId.NEXT_PARAGRAPH,
        ActionId.PREVIOUS_PARAGRAPH,
        None,
        ActionId.NEXT_UNLABELLED,
        ActionId.PREVIOUS_UNLABELLED,
    ],
    "Label": [],
    "Go": [
        ActionId.NEXT_DOCUMENT,
        ActionId.PREVIOUS_DOCUMENT,
        None,
        ActionId.MARK_DONE_AND_NEXT,
        ActionId.MARK_SKIPPED_AND_NEXT,
        ActionId.MARK_IN_PROGRESS,
        ActionId.FOCUS_DOCUMENT,
    ],
    "Curate": [
        ActionId.CURATION_MODE,
        None,
        ActionId.NEXT_DISAGREEMENT,
        ActionId.PREVIOUS_DISAGREEMENT,
        None,
        ActionId.CURATION_RULE,
    ],
    "Suggestions": [
        ActionId.NEXT_SUGGESTION,
        ActionId.PREVIOUS_SUGGESTION,
        None,
        ActionId.ACCEPT_SUGGESTION,
        ActionId.REJECT_SUGGESTION,
        ActionId.ACCEPT_LABEL_SUGGESTIONS,
        ActionId.ACCEPT_SUGGESTIONS_ABOVE,
        None,
        ActionId.LABEL_OCCURRENCES,
        None,
        ActionId.SUGGESTION_THRESHOLDS,
        ActionId.LEARN_NOW,
    ],
    "View": [
        ActionId.SHOW_GUIDELINES,
        ActionId.COMPARE_LAYERS,
        ActionId.AGREEMENT_DASHBOARD,
        None,
        ActionId.SHOW_SUGGESTIONS,
        ActionId.SUGGESTIONS_PANEL,
        None,
        ActionId.ZOOM_IN,
        ActionId.ZOOM_OUT,
        ActionId.ZOOM_RESET,
    ],
    "Settings": [ActionId.EDIT_LABELS, ActionId.SET_ANNOTATOR],
    "Help": [ActionId.SHORTCUTS, ActionId.ABOUT],
}


#: Menu titles whose mnemonic is not their first letter.
MENU_TITLES = {"Settings": "Se&ttings", "Suggestions": "S&uggestions"}


class ActionRegistry:
    """Builds each :class:`QAction` once and hands the same object to every menu."""

    def __init__(self, parent: QObject, undo_stack: QUndoStack) -> None:
        self._actions: dict[ActionId, QAction] = {}
        for action_id, spec in SPECS.items():
            if spec.scope is Scope.WINDOW and action_id not in _FROM_THE_STACK:
                self._actions[action_id] = make_action(parent, action_id)
        # Undo and redo come from the stack, which keeps their text ("Undo Label as Claim")
        # current. They stay enabled, so that the key says when nothing is left to undo (a
        # disabled action would swallow it): the window connects :func:`undo_handlers`.
        undo, redo = SPECS[ActionId.UNDO], SPECS[ActionId.REDO]
        for action_id, spec, action, can_step in (
            (
                ActionId.UNDO,
                undo,
                undo_stack.createUndoAction(parent, undo.title),  # "&Undo Label as Claim"
                undo_stack.canUndoChanged,
            ),
            (
                ActionId.REDO,
                redo,
                undo_stack.createRedoAction(parent, redo.title),
                undo_stack.canRedoChanged,
            ),
        ):
            action.setObjectName(action_id.name)
            action.setStatusTip(spec.tip)
            action.setShortcuts(key_sequences(spec.keys))
            action.triggered.disconnect()  # the stack's own step, replaced by undo_handlers
            action.setEnabled(True)
            can_step.connect(_KeepEnabled(action).enable)  # runs after the stack's setEnabled
            self._actions[action_id] = action

    def build_menus(self, bar: QMenuBar) -> dict[str, QMenu]:
        """Fill the menu bar from :data:`MENUS`; returns the menus (and submenus, by
        :attr:`Submenu.name`) by title."""
        menus: dict[str, QMenu] = {}
        for title, entries in MENUS.items():
            menu = bar.addMenu(MENU_TITLES.get(title, f"&{title}"))
            for entry in entries:
                if isinstance(entry, Submenu):
                    submenu = menu.addMenu(entry.title)
                    self._fill(submenu, entry.entries)
                    menus[entry.name] = submenu
                else:
                    self._fill(menu, (entry,))
            menus[title] = menu
        return menus

    def _fill(self, menu: QMenu, entries: tuple[ActionId | None, ...]) -> None:
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            else:
                menu.addAction(self._actions[entry])

    def grouped(self) -> list[tuple[str, list[QAction]]]:
        """Actions by menu (a submenu's with its menu's), for the shortcut sheet."""
        groups = []
        for title, entries in MENUS.items():
            ids: list[ActionId | None] = []
            for entry in entries:
                ids.extend(entry.entries if isinstance(entry, Submenu) else (entry,))
            groups.append((title, [self._actions[i] for i in ids if i is not None]))
        return groups

    def __getitem__(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def connect(self, action_id: ActionId, slot: Callable[[], object]) -> None:
        """Run ``slot`` when the action triggers."""
        self._actions[action_id].triggered.connect(lambda _checked=False: slot())

    def all(self) -> list[QAction]:
        """Every fixed action, in declaration order."""
        return list(self._actions.values())


#: The window actions the undo stack makes.
_FROM_THE_STACK = frozenset({ActionId.UNDO, ActionId.REDO})


class _KeepEnabled(QObject):
    """Enables its action again whenever the undo stack disables it; a child of the action,
    so that the connection goes when the action does."""

    def __init__(self, action: QAction) -> None:
        super().__init__(action)
        self._action = action

    @Slot(bool)
    def enable(self, _can_step: bool) -> None:
        # The stack empties itself as the window goes, after the action may be gone.
        if shiboken6.isValid(self._action):
            self._action.setEnabled(True)


def make_action(parent: QObject, action_id: ActionId) -> QAction:
    """A :class:`QAction` from the action's spec, listening where its scope says; the keys
    appear in its tooltip too. Named after its id, so the spec it came from can be found."""
    spec = SPECS[action_id]
    action = QAction(spec.title, parent)
    action.setObjectName(action_id.name)
    action.setStatusTip(spec.tip)
    action.setCheckable(spec.checkable)
    action.setShortcuts(key_sequences(spec.keys))
    action.setShortcutContext(spec.scope.context)
    shown = shortcut_text(action)
    plain = spec.title.replace("&", "").rstrip("…")
    action.setToolTip(f"{plain} ({shown})" if shown else plain)
    return action


def key_sequences(keys: tuple[Key, ...]) -> list[QKeySequence]:
    """A spec's keys as Qt binds them: a standard key becomes this platform's bindings."""
    expanded: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, QKeySequence.StandardKey):
            expanded.extend(QKeySequence.keyBindings(key))
        else:
            expanded.append(QKeySequence(key))
    return expanded


def shortcut_text(action: QAction) -> str:
    """The action's keys as people read them, e.g. "Ctrl+Z, Ctrl+Shift+Z" (see
    :func:`keys_text`)."""
    return keys_text(action.shortcuts())


def keys_text(sequences: list[QKeySequence]) -> str:
    """Keys as people read them, e.g. "Ctrl+Z, Ctrl+Shift+Z".

    Platform bindings of standard keys that few keyboards have (F14, the "Undo" or "New"
    media keys) still work but are not listed.
    """
    return ", ".join(
        sequence.toString(QKeySequence.SequenceFormat.NativeText)
        for sequence in sequences
        if sequence.count() and sequence[0].key().value < Qt.Key.Key_F13.value  # type: ignore[index]
    )
