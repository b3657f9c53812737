"""Every command of the window, declared once: title, keys, tip. Menus and the shortcut sheet
read from here; nothing else parses keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMenu, QMenuBar

Key = QKeySequence.StandardKey | str


class ActionId(Enum):
    """The window's fixed actions (label actions are made per label)."""

    NEW_PROJECT = auto()
    OPEN_PROJECT = auto()
    IMPORT_FILES = auto()
    IMPORT_FOLDER = auto()
    EXPORT_JSONL = auto()
    QUIT = auto()
    UNDO = auto()
    REDO = auto()
    REMOVE_SPAN = auto()
    SNAP_TO_WORDS = auto()
    NEXT_DOCUMENT = auto()
    PREVIOUS_DOCUMENT = auto()
    MARK_DONE_AND_NEXT = auto()
    FOCUS_DOCUMENT = auto()
    SET_ANNOTATOR = auto()
    SHORTCUTS = auto()
    ABOUT = auto()


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """How an action looks and which keys trigger it."""

    title: str
    tip: str
    keys: tuple[Key, ...] = ()
    checkable: bool = False


SPECS: dict[ActionId, ActionSpec] = {
    ActionId.NEW_PROJECT: ActionSpec(
        "&New Project…", "Create an empty project file", (QKeySequence.StandardKey.New,)
    ),
    ActionId.OPEN_PROJECT: ActionSpec(
        "&Open Project…", "Open another project file", (QKeySequence.StandardKey.Open,)
    ),
    ActionId.IMPORT_FILES: ActionSpec(
        "&Import Files…", "Import .txt, .jsonl, .csv or .tsv files", ("Ctrl+I",)
    ),
    ActionId.IMPORT_FOLDER: ActionSpec(
        "Import &Folder…",
        "Import every supported file in a folder and its subfolders",
        ("Ctrl+Shift+I",),
    ),
    ActionId.EXPORT_JSONL: ActionSpec(
        "&Export as JSONL…", "Write every document with its spans as JSON Lines", ("Ctrl+E",)
    ),
    ActionId.QUIT: ActionSpec(
        "&Quit", "Close the window (everything is already saved)", (QKeySequence.StandardKey.Quit,)
    ),
    ActionId.REMOVE_SPAN: ActionSpec(
        "&Remove Span", "Remove the span under the cursor", ("Del", "Backspace")
    ),
    ActionId.SNAP_TO_WORDS: ActionSpec(
        "&Snap Selections to Whole Words",
        "Grow selections to whole words when labelling "
        "(hold Alt with the label key to keep the exact characters)",
        checkable=True,
    ),
    ActionId.NEXT_DOCUMENT: ActionSpec(
        "&Next Document", "Show the next document in the list", ("Ctrl+PgDown",)
    ),
    ActionId.PREVIOUS_DOCUMENT: ActionSpec(
        "&Previous Document", "Show the previous document in the list", ("Ctrl+PgUp",)
    ),
    ActionId.MARK_DONE_AND_NEXT: ActionSpec(
        "Mark &Done and Go to Next",
        "Mark this document done (or not done again) and show the next unfinished one",
        ("Ctrl+Return", "Ctrl+Enter"),
    ),
    ActionId.FOCUS_DOCUMENT: ActionSpec(
        "Focus the &Text", "Move the keyboard focus to the document text", ("Esc",)
    ),
    ActionId.SET_ANNOTATOR: ActionSpec(
        "Set Annotator &Name…", "Choose the name your spans are saved under"
    ),
    ActionId.SHORTCUTS: ActionSpec(
        "&Keyboard Shortcuts", "List every keyboard shortcut", ("F1", "Ctrl+/")
    ),
    ActionId.ABOUT: ActionSpec("&About Annotator", "Version and licence"),
}


#: The menu bar: each menu's actions in order; None is a separator. "Label" is filled per
#: project from its label set; UNDO and REDO come from the undo stack.
MENUS: dict[str, list[ActionId | None]] = {
    "File": [
        ActionId.NEW_PROJECT,
        ActionId.OPEN_PROJECT,
        None,
        ActionId.IMPORT_FILES,
        ActionId.IMPORT_FOLDER,
        ActionId.EXPORT_JSONL,
        None,
        ActionId.QUIT,
    ],
    "Edit": [ActionId.UNDO, ActionId.REDO, None, ActionId.REMOVE_SPAN, ActionId.SNAP_TO_WORDS],
    "Label": [],
    "Go": [
        ActionId.NEXT_DOCUMENT,
        ActionId.PREVIOUS_DOCUMENT,
        None,
        ActionId.MARK_DONE_AND_NEXT,
        ActionId.FOCUS_DOCUMENT,
    ],
    "Settings": [ActionId.SET_ANNOTATOR],
    "Help": [ActionId.SHORTCUTS, ActionId.ABOUT],
}


class ActionRegistry:
    """Builds each :class:`QAction` once and hands the same object to every menu."""

    def __init__(self, parent: QObject, undo_stack: QUndoStack) -> None:
        self._parent = parent
        self._actions: dict[ActionId, QAction] = {}
        for action_id, spec in SPECS.items():
            self._actions[action_id] = make_action(parent, spec)
        # Undo and redo come from the stack, which keeps their text ("Undo Label as Claim")
        # and enabled state current.
        for action_id, action, key in (
            (
                ActionId.UNDO,
                undo_stack.createUndoAction(parent, "&Undo"),
                QKeySequence.StandardKey.Undo,
            ),
            (
                ActionId.REDO,
                undo_stack.createRedoAction(parent, "&Redo"),
                QKeySequence.StandardKey.Redo,
            ),
        ):
            action.setShortcuts(QKeySequence.keyBindings(key))
            self._actions[action_id] = action

    def build_menus(self, bar: QMenuBar) -> dict[str, QMenu]:
        """Fill the menu bar from :data:`MENUS`; returns the menus by title."""
        menus: dict[str, QMenu] = {}
        for title, entries in MENUS.items():
            menu = bar.addMenu(f"&{title}")
            for entry in entries:
                if entry is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self._actions[entry])
            menus[title] = menu
        return menus

    def grouped(self) -> list[tuple[str, list[QAction]]]:
        """Actions by menu, for the shortcut sheet."""
        return [
            (title, [self._actions[entry] for entry in entries if entry is not None])
            for title, entries in MENUS.items()
        ]

    def __getitem__(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]

    def connect(self, action_id: ActionId, slot: Callable[[], object]) -> None:
        """Run ``slot`` when the action triggers."""
        self._actions[action_id].triggered.connect(lambda _checked=False: slot())

    def all(self) -> list[QAction]:
        """Every fixed action, in declaration order."""
        return list(self._actions.values())


def make_action(parent: QObject, spec: ActionSpec) -> QAction:
    """A :class:`QAction` from a spec; the keys appear in its tooltip too."""
    action = QAction(spec.title, parent)
    action.setStatusTip(spec.tip)
    action.setCheckable(spec.checkable)
    expanded: list[QKeySequence] = []
    for key in spec.keys:
        if isinstance(key, QKeySequence.StandardKey):
            expanded.extend(QKeySequence.keyBindings(key))
        else:
            expanded.append(QKeySequence(key))
    action.setShortcuts(expanded)
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    shown = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in expanded)
    plain = spec.title.replace("&", "").rstrip("…")
    action.setToolTip(f"{plain} ({shown})" if shown else plain)
    return action


def shortcut_text(action: QAction) -> str:
    """The action's keys as people read them, e.g. "Ctrl+Z, Ctrl+Shift+Z"."""
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())
