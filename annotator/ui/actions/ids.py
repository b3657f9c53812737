"""What an action is declared with: its id, the scope its keys work in, and its spec."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

Key = QKeySequence.StandardKey | str


class Scope(Enum):
    """Where an action's keys work; the value is how the shortcut sheet names the place."""

    WINDOW = "Anywhere in the main window"
    DOCUMENT_TEXT = "In the document text"
    FIND_BAR = "In the find bar"
    DOCUMENT_FILTER = "In the title filter above the document list"
    DOCUMENT_LIST = "In the document list"
    SPAN_LIST = "In the span list"
    CANDIDATE_LIST = "In the candidate list, while curating"
    SUGGESTION_LIST = "In the suggestion list"
    SEARCH_FIELD = "In the search field (Search All Documents)"
    SEARCH_RESULTS = "In the search results"
    DISAGREEMENTS = "In the agreement dashboard's list of disagreements"
    GUIDELINES_EDITOR = "While editing the guidelines"
    LABEL_EDITOR = "In the label editor (Settings ▸ Edit Labels…)"
    NOTE = "In a span or document note"

    @property
    def where(self) -> str:
        """The place, named plainly for someone who has not read the code."""
        return self.value

    @property
    def within(self) -> Scope | None:
        """The scope whose keys also work here: every part of the main window is within
        :attr:`WINDOW`; a dialog is a window of its own (modal: the main window's keys wait)."""
        return None if self in _OWN_WINDOWS else Scope.WINDOW

    def overlaps(self, other: Scope) -> bool:
        """Whether a key pressed in one of the two scopes may also be one in the other."""
        return self is other or self.within is other or other.within is self

    @property
    def context(self) -> Qt.ShortcutContext:
        """Where a :class:`QAction` for a key of this scope listens: the whole window (a
        dialog being a window), or only the widget it is added to and its children."""
        if self in _OWN_WINDOWS or self is Scope.GUIDELINES_EDITOR:
            # The guidelines editor's keys work anywhere in the window while it is shown.
            return Qt.ShortcutContext.WindowShortcut
        return Qt.ShortcutContext.WidgetWithChildrenShortcut


_OWN_WINDOWS = frozenset({Scope.WINDOW, Scope.LABEL_EDITOR, Scope.NOTE})


class ActionId(Enum):
    """Every action with a fixed title: the window's (label actions are made per label, from
    :data:`annotator.ui.actions.label_keys.LABEL_KEY_SPECS`) and those of a part of the
    window or of a dialog."""

    NEW_PROJECT = auto()
    OPEN_PROJECT = auto()
    CLEAR_RECENT = auto()
    IMPORT_FILES = auto()
    IMPORT_FOLDER = auto()
    EXPORT = auto()
    SHARE_COPY = auto()
    MERGE_PROJECTS = auto()
    BACKUPS = auto()
    BACK_UP_NOW = auto()
    QUIT = auto()
    UNDO = auto()
    REDO = auto()
    REMOVE_SPAN = auto()
    REMOVE_DOCUMENTS = auto()
    REMOVE_IMPORT = auto()
    SNAP_TO_WORDS = auto()
    NEXT_DOCUMENT = auto()
    PREVIOUS_DOCUMENT = auto()
    MARK_DONE_AND_NEXT = auto()
    FOCUS_DOCUMENT = auto()
    MARK_SKIPPED_AND_NEXT = auto()
    MARK_IN_PROGRESS = auto()
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
    AGREEMENT_DASHBOARD = auto()
    FIND_IN_DOCUMENT = auto()
    FIND_NEXT = auto()
    FIND_PREVIOUS = auto()
    SEARCH_ALL = auto()
    EDIT_SPAN_NOTE = auto()
    EDIT_DOCUMENT_NOTE = auto()
    SET_ANNOTATOR = auto()
    EDIT_LABELS = auto()
    COMPARE_LAYERS = auto()
    CURATION_MODE = auto()
    NEXT_DISAGREEMENT = auto()
    PREVIOUS_DISAGREEMENT = auto()
    CURATION_RULE = auto()
    NEXT_SUGGESTION = auto()
    PREVIOUS_SUGGESTION = auto()
    ACCEPT_SUGGESTION = auto()
    REJECT_SUGGESTION = auto()
    ACCEPT_LABEL_SUGGESTIONS = auto()
    ACCEPT_SUGGESTIONS_ABOVE = auto()
    LABEL_OCCURRENCES = auto()
    SUGGESTION_THRESHOLDS = auto()
    LEARN_NOW = auto()
    SHOW_SUGGESTIONS = auto()
    SUGGESTIONS_PANEL = auto()
    ZOOM_IN = auto()
    ZOOM_OUT = auto()
    ZOOM_RESET = auto()
    SHORTCUTS = auto()
    ABOUT = auto()
    # In a part of the window (see scoped_specs).
    FIND_BAR_NEXT = auto()
    FIND_BAR_PREVIOUS = auto()
    FIND_BAR_CLOSE = auto()
    FILTER_TO_LIST = auto()
    LIST_TO_FILTER = auto()
    SHOW_LISTED_SPAN = auto()
    ACCEPT_CANDIDATE = auto()
    ACCEPT_SUGGESTION_IN_TEXT = auto()
    OPEN_SUGGESTION = auto()
    SEARCH_TO_RESULTS = auto()
    SEARCH_NOW = auto()
    OPEN_HIT = auto()
    RESULTS_TO_SEARCH = auto()
    OPEN_DISAGREEMENT = auto()
    SAVE_GUIDELINES = auto()
    # In a dialog.
    LABEL_EDITOR_ADD = auto()
    LABEL_EDITOR_RENAME = auto()
    LABEL_EDITOR_RECOLOR = auto()
    LABEL_EDITOR_REKEY = auto()
    LABEL_EDITOR_MOVE_UP = auto()
    LABEL_EDITOR_MOVE_DOWN = auto()
    LABEL_EDITOR_DELETE = auto()
    LABEL_EDITOR_UNDO = auto()
    LABEL_EDITOR_REDO = auto()
    SAVE_NOTE = auto()


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """How an action looks, which keys trigger it and where.

    ``needs_document``: the action works on the shown document; with none shown, the window
    says why (an empty project: how to import) instead of running it.

    ``scope``: where the keys work (:attr:`Scope.WINDOW` actions are the menus' too).

    ``shadows``: window actions whose keys this one takes over while its widget has the
    focus (Esc in the find bar closes the bar rather than only focusing the text). No other
    two actions in overlapping scopes may share a key.
    """

    title: str
    tip: str
    keys: tuple[Key, ...] = ()
    checkable: bool = False
    needs_document: bool = False
    scope: Scope = Scope.WINDOW
    shadows: tuple[ActionId, ...] = ()
