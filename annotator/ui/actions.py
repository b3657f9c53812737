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
    MARK_SKIPPED_AND_NEXT = auto()
    NEXT_SENTENCE = auto()
    PREVIOUS_SENTENCE = auto()
    NEXT_PARAGRAPH = auto()
    PREVIOUS_PARAGRAPH = auto()
    EXTEND_SENTENCE = auto()
    SHRINK_SENTENCE = auto()
    NEXT_UNLABELLED = auto()
    PREVIOUS_UNLABELLED = auto()
    NEXT_SPAN = auto()
    PREVIOUS_SPAN = auto()
    CYCLE_OVERLAPPING = auto()
    SPAN_END_RIGHT = auto()
    SPAN_END_LEFT = auto()
    SPAN_START_LEFT = auto()
    SPAN_START_RIGHT = auto()
    ALLOW_OVERLAPS = auto()
    SHOW_GUIDELINES = auto()
    FIND_IN_DOCUMENT = auto()
    FIND_NEXT = auto()
    FIND_PREVIOUS = auto()
    SEARCH_ALL = auto()
    EDIT_SPAN_NOTE = auto()
    EDIT_DOCUMENT_NOTE = auto()
    SET_ANNOTATOR = auto()
    EDIT_LABELS = auto()
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
    ActionId.MARK_SKIPPED_AND_NEXT: ActionSpec(
        "Mark S&kipped and Go to Next",
        "Skip this document (it counts as finished) and show the next unfinished one",
        ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
    ),
    ActionId.NEXT_SENTENCE: ActionSpec(
        "Select Next &Sentence", "Select the sentence at the cursor, or the next one", ("Alt+Down",)
    ),
    ActionId.PREVIOUS_SENTENCE: ActionSpec(
        "Select Previous S&entence", "Select the sentence before the selection", ("Alt+Up",)
    ),
    ActionId.NEXT_PARAGRAPH: ActionSpec(
        "Select Next &Paragraph",
        "Select the paragraph at the cursor, or the next one",
        ("Alt+PgDown",),
    ),
    ActionId.PREVIOUS_PARAGRAPH: ActionSpec(
        "Select Previous P&aragraph", "Select the paragraph before the selection", ("Alt+PgUp",)
    ),
    ActionId.EXTEND_SENTENCE: ActionSpec(
        "&Extend Selection by a Sentence",
        "Grow the selection to the end of the next sentence",
        ("Alt+Shift+Down",),
    ),
    ActionId.SHRINK_SENTENCE: ActionSpec(
        "S&hrink Selection by a Sentence",
        "Take the last sentence off the selection",
        ("Alt+Shift+Up",),
    ),
    ActionId.NEXT_UNLABELLED: ActionSpec(
        "Select Next &Unlabelled Text",
        "Select the next stretch of text that carries no label",
        ("N",),
    ),
    ActionId.PREVIOUS_UNLABELLED: ActionSpec(
        "Select Previous Unla&belled Text",
        "Select the previous stretch of text that carries no label",
        ("Shift+N",),
    ),
    ActionId.NEXT_SPAN: ActionSpec("Ne&xt Span", "Make the next span current", ("]",)),
    ActionId.PREVIOUS_SPAN: ActionSpec("Pre&vious Span", "Make the previous span current", ("[",)),
    ActionId.CYCLE_OVERLAPPING: ActionSpec(
        "&Cycle Overlapping Spans",
        "Where spans overlap, make the next one under the cursor current",
        ("O",),
    ),
    ActionId.SPAN_END_RIGHT: ActionSpec(
        "Grow Span End by a Word",
        "Move the current span's end one word to the right",
        ("Alt+Right",),
    ),
    ActionId.SPAN_END_LEFT: ActionSpec(
        "Shrink Span End by a Word",
        "Move the current span's end one word to the left",
        ("Alt+Left",),
    ),
    ActionId.SPAN_START_LEFT: ActionSpec(
        "Grow Span Start by a Word",
        "Move the current span's start one word to the left",
        ("Alt+Shift+Left",),
    ),
    ActionId.SPAN_START_RIGHT: ActionSpec(
        "Shrink Span Start by a Word",
        "Move the current span's start one word to the right",
        ("Alt+Shift+Right",),
    ),
    ActionId.ALLOW_OVERLAPS: ActionSpec(
        "Allow &Overlapping Spans",
        "Let spans overlap; when off, a new span shortens, splits or removes the spans it covers",
        checkable=True,
    ),
    ActionId.FIND_IN_DOCUMENT: ActionSpec(
        "&Find in Document…", "Find text in this document", (QKeySequence.StandardKey.Find,)
    ),
    ActionId.FIND_NEXT: ActionSpec(
        "Find &Next", "Select the next match in this document", (QKeySequence.StandardKey.FindNext,)
    ),
    ActionId.FIND_PREVIOUS: ActionSpec(
        "Find Pre&vious",
        "Select the previous match in this document",
        (QKeySequence.StandardKey.FindPrevious,),
    ),
    ActionId.SEARCH_ALL: ActionSpec(
        "&Search All Documents…",
        "Search every document by text, label and annotator",
        ("Ctrl+Shift+F",),
    ),
    ActionId.SHOW_GUIDELINES: ActionSpec(
        "&Guidelines", "Show or hide the project's annotation guidelines", ("F4",), checkable=True
    ),
    ActionId.EDIT_SPAN_NOTE: ActionSpec(
        "Edit Span &Note…", "Write a note on the span under the cursor", ("F2",)
    ),
    ActionId.EDIT_DOCUMENT_NOTE: ActionSpec(
        "Edit &Document Note…", "Write a note on this document (yours alone)", ("Shift+F2",)
    ),
    ActionId.EDIT_LABELS: ActionSpec(
        "Edit &Labels…", "Add, rename, recolour, re-key, reorder or delete labels", ("Ctrl+L",)
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
        ActionId.FOCUS_DOCUMENT,
    ],
    "View": [ActionId.SHOW_GUIDELINES],
    "Settings": [ActionId.EDIT_LABELS, ActionId.SET_ANNOTATOR],
    "Help": [ActionId.SHORTCUTS, ActionId.ABOUT],
}


#: Menu titles whose mnemonic is not their first letter.
MENU_TITLES = {"Settings": "Se&ttings"}


class ActionRegistry:
    """Builds each :class:`QAction` once and hands the same object to every menu."""

    def __init__(self, parent: QObject, undo_stack: QUndoStack) -> None:
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
            menu = bar.addMenu(MENU_TITLES.get(title, f"&{title}"))
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
    shown = shortcut_text(action)
    plain = spec.title.replace("&", "").rstrip("…")
    action.setToolTip(f"{plain} ({shown})" if shown else plain)
    return action


def shortcut_text(action: QAction) -> str:
    """The action's keys as people read them, e.g. "Ctrl+Z, Ctrl+Shift+Z".

    Platform bindings of standard keys that few keyboards have (F14, the "Undo" or "New"
    media keys) still work but are not listed.
    """
    return ", ".join(
        sequence.toString(QKeySequence.SequenceFormat.NativeText)
        for sequence in action.shortcuts()
        if sequence.count() and sequence[0].key().value < Qt.Key.Key_F13.value  # type: ignore[index]
    )
