"""The keys of a part of the window (the find bar, a list, a field) and of its dialogs,
declared once like the window's: the widget that answers a key binds it from here (with
:func:`~annotator.ui.actions.registry.make_action` or
:class:`~annotator.ui.actions.widget_keys.WidgetKeys`), and the shortcut sheet lists it under
its scope."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from annotator.ui.actions.ids import ActionId, ActionSpec, Scope

StandardKey = QKeySequence.StandardKey
ENTER = ("Return", "Enter")  # the main key and the keypad's

_PARTS: dict[ActionId, ActionSpec] = {
    # The find bar takes three keys over from the window while its field has the focus.
    ActionId.FIND_BAR_NEXT: ActionSpec(
        "Next Match",
        "Select the next match (after the last one, the first)",
        (*ENTER, StandardKey.FindNext),
        scope=Scope.FIND_BAR,
        shadows=(ActionId.FIND_NEXT,),
    ),
    ActionId.FIND_BAR_PREVIOUS: ActionSpec(
        "Previous Match",
        "Select the previous match (before the first one, the last)",
        ("Shift+Return", "Shift+Enter", StandardKey.FindPrevious),
        scope=Scope.FIND_BAR,
        shadows=(ActionId.FIND_PREVIOUS,),
    ),
    ActionId.FIND_BAR_CLOSE: ActionSpec(
        "Close the Find Bar",
        "Hide the bar and its marks; the keyboard goes back to the text",
        (StandardKey.Cancel,),
        scope=Scope.FIND_BAR,
        shadows=(ActionId.FOCUS_DOCUMENT,),
    ),
    ActionId.FILTER_TO_LIST: ActionSpec(
        "Go to the Document List",
        "Move the keyboard into the list, its first row current",
        ("Down", *ENTER),
        scope=Scope.DOCUMENT_FILTER,
    ),
    ActionId.LIST_TO_FILTER: ActionSpec(
        "Back to the Title Filter (from the First Row)",
        "Move the keyboard from the list's first row up into the filter",
        ("Up",),
        scope=Scope.DOCUMENT_LIST,
    ),
    ActionId.SHOW_LISTED_SPAN: ActionSpec(
        "Select the Span in the Text",
        "Make the span current and select its text",
        ENTER,
        scope=Scope.SPAN_LIST,
    ),
    ActionId.ACCEPT_CANDIDATE: ActionSpec(
        "Accept the Candidate",
        "Put the candidate into the gold standard with its own label",
        ENTER,
        scope=Scope.CANDIDATE_LIST,
    ),
    # Enter means "accept" only in the text: in a list or a field it has its own meaning.
    ActionId.ACCEPT_SUGGESTION_IN_TEXT: ActionSpec(
        "Accept the Suggestion",
        "Label the current suggestion's text with its own label (a label key gives it that "
        "label instead)",
        ENTER,
        scope=Scope.DOCUMENT_TEXT,
    ),
    ActionId.OPEN_SUGGESTION: ActionSpec(
        "Go to the Suggestion",
        "Select the suggestion in the text, where Enter accepts it and X rejects it",
        ENTER,
        scope=Scope.SUGGESTION_LIST,
    ),
    ActionId.SEARCH_TO_RESULTS: ActionSpec(
        "Go to the Results",
        "Move the keyboard into the hits, the first one current",
        ("Down",),
        scope=Scope.SEARCH_FIELD,
    ),
    ActionId.SEARCH_NOW: ActionSpec(
        "Search Now and Go to the Results",
        "Search without waiting for the typing to pause, then move into the hits",
        ENTER,
        scope=Scope.SEARCH_FIELD,
    ),
    ActionId.OPEN_HIT: ActionSpec(
        "Open the Hit",
        "Show the hit's document with the hit selected",
        ENTER,
        scope=Scope.SEARCH_RESULTS,
    ),
    ActionId.RESULTS_TO_SEARCH: ActionSpec(
        "Back to the Search Field (from the First Row)",
        "Move the keyboard from the first hit up into the search field",
        ("Up",),
        scope=Scope.SEARCH_RESULTS,
    ),
    ActionId.OPEN_DISAGREEMENT: ActionSpec(
        "Open the Disagreement",
        "Show its document with the span selected",
        ENTER,
        scope=Scope.DISAGREEMENTS,
    ),
    ActionId.SAVE_GUIDELINES: ActionSpec(
        "Save the Guidelines",
        "Store the guidelines and show them rendered",
        (StandardKey.Save,),
        scope=Scope.GUIDELINES_EDITOR,
    ),
}

_DIALOGS: dict[ActionId, ActionSpec] = {
    ActionId.LABEL_EDITOR_ADD: ActionSpec(
        "&Add…", "Add a label with the next free colour and key", ("Ins",), scope=Scope.LABEL_EDITOR
    ),
    ActionId.LABEL_EDITOR_RENAME: ActionSpec(
        "&Rename…", "Rename the label; its spans keep it", ("F2",), scope=Scope.LABEL_EDITOR
    ),
    ActionId.LABEL_EDITOR_RECOLOR: ActionSpec(
        "&Colour…", "Choose the label's colour", ("Ctrl+Shift+C",), scope=Scope.LABEL_EDITOR
    ),
    ActionId.LABEL_EDITOR_REKEY: ActionSpec(
        "&Key ▸",
        "Choose the key (1–9, or none) that applies the label",
        ("Ctrl+K",),
        scope=Scope.LABEL_EDITOR,
    ),
    ActionId.LABEL_EDITOR_MOVE_UP: ActionSpec(
        "Move &Up", "Move the label up the list", ("Alt+Up",), scope=Scope.LABEL_EDITOR
    ),
    ActionId.LABEL_EDITOR_MOVE_DOWN: ActionSpec(
        "Move &Down", "Move the label down the list", ("Alt+Down",), scope=Scope.LABEL_EDITOR
    ),
    ActionId.LABEL_EDITOR_DELETE: ActionSpec(
        "&Delete",
        "Delete the label and its spans (asks first if spans use it)",
        ("Del",),
        scope=Scope.LABEL_EDITOR,
    ),
    # Only label-set changes: the editor's history actions never reach the window's spans.
    ActionId.LABEL_EDITOR_UNDO: ActionSpec(
        "&Undo",
        "Take back the last label change",
        (StandardKey.Undo,),
        scope=Scope.LABEL_EDITOR,
    ),
    ActionId.LABEL_EDITOR_REDO: ActionSpec(
        "&Redo",
        "Make the label change taken back again",
        (StandardKey.Redo,),
        scope=Scope.LABEL_EDITOR,
    ),
    # Return itself starts a new line in a note.
    ActionId.SAVE_NOTE: ActionSpec(
        "Save Note", "Save the note", ("Ctrl+Return", "Ctrl+Enter"), scope=Scope.NOTE
    ),
}

#: Every key that works in one part of the window or in one dialog.
SCOPED_SPECS: dict[ActionId, ActionSpec] = {**_PARTS, **_DIALOGS}
