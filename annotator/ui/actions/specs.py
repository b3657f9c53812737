"""Every command, declared once: its title, keys, tip and scope. The window's are here;
those of a part of the window or of a dialog are in ``scoped_specs`` and join :data:`SPECS`.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from annotator.ui.actions.ids import ActionId, ActionSpec, Key, Scope
from annotator.ui.actions.scoped_specs import SCOPED_SPECS

__all__ = ["DIALOG_ACTIONS", "SPECS", "ActionId", "ActionSpec", "Key", "Scope"]

SPECS: dict[ActionId, ActionSpec] = {
    ActionId.NEW_PROJECT: ActionSpec(
        "&New Project…", "Create an empty project file", (QKeySequence.StandardKey.New,)
    ),
    ActionId.OPEN_PROJECT: ActionSpec(
        "&Open Project…", "Open another project file", (QKeySequence.StandardKey.Open,)
    ),
    ActionId.CLEAR_RECENT: ActionSpec(
        "&Clear Recent", "Forget the projects listed under File ▸ Open Recent"
    ),
    ActionId.IMPORT_FILES: ActionSpec(
        "&Import Files…",
        "Import pages (web pages, text, Markdown, Word, PDF) or annotation files (JSONL, CSV, "
        "Label Studio, spaCy, CoNLL, brat, XMI, Parquet), or .zip files of them",
        ("Ctrl+I",),
    ),
    ActionId.IMPORT_FOLDER: ActionSpec(
        "Import &Folder…",
        "Import every supported file in a folder and its subfolders",
        ("Ctrl+Shift+I",),
    ),
    ActionId.EXPORT: ActionSpec(
        "&Export…", "Write every document with its spans: JSONL, doccano JSONL or CSV", ("Ctrl+E",)
    ),
    ActionId.SHARE_COPY: ActionSpec(
        "Save a &Copy to Share…",
        "Write one file holding all your work, to send (the project file alone may lack the "
        "latest work while the program runs)",
        (QKeySequence.StandardKey.SaveAs,),
    ),
    ActionId.MERGE_PROJECTS: ActionSpec(
        "&Merge Annotators' Projects…",
        "Bring annotators' project files into this one: each file's layers, whole or not at all",
    ),
    ActionId.BACKUPS: ActionSpec(
        "&Backups…",
        "See the project's backups (made on opening and every 10 minutes of work), and restore one",
    ),
    ActionId.BACK_UP_NOW: ActionSpec(
        "Back &Up Now", "Make a backup of the project now, beside its other backups"
    ),
    ActionId.QUIT: ActionSpec(
        "&Quit", "Close the window (everything is already saved)", (QKeySequence.StandardKey.Quit,)
    ),
    # The undo stack makes these two (see ActionRegistry), with this title and these keys.
    ActionId.UNDO: ActionSpec(
        "&Undo", "Take back the last change", (QKeySequence.StandardKey.Undo,)
    ),
    ActionId.REDO: ActionSpec(
        "&Redo", "Make the change taken back again", (QKeySequence.StandardKey.Redo,)
    ),
    ActionId.REMOVE_SPAN: ActionSpec(
        "&Remove Span",
        "Remove the current span",
        ("Del", "Backspace"),
        needs_document=True,
    ),
    # Not Del: that removes the span under the cursor, and a slip must not take documents.
    ActionId.REMOVE_DOCUMENTS: ActionSpec(
        "Remove Docu&ments…",
        "Remove the documents selected in the list, with everyone's spans on them (undoable)",
        ("Ctrl+Shift+Del",),
        needs_document=True,
    ),
    ActionId.REMOVE_IMPORT: ActionSpec(
        "Remove an &Import…",
        "Remove every document one import added, with everyone's spans on them (undoable)",
        needs_document=True,
    ),
    ActionId.SNAP_TO_WORDS: ActionSpec(
        "&Snap Selections to Whole Words",
        "Grow selections to whole words when labelling "
        "(hold Alt with the label key to keep the exact characters)",
        checkable=True,
    ),
    ActionId.NEXT_DOCUMENT: ActionSpec(
        "&Next Document",
        "Show the next document in the list",
        ("Ctrl+PgDown",),
        needs_document=True,
    ),
    ActionId.PREVIOUS_DOCUMENT: ActionSpec(
        "&Previous Document",
        "Show the previous document in the list",
        ("Ctrl+PgUp",),
        needs_document=True,
    ),
    ActionId.MARK_DONE_AND_NEXT: ActionSpec(
        "Mark &Done and Go to Next",
        "Mark this document done (curated, in curation) and show the next unfinished one",
        ("Ctrl+Return", "Ctrl+Enter"),
        needs_document=True,
    ),
    ActionId.FOCUS_DOCUMENT: ActionSpec(
        "Focus the &Text", "Move the keyboard focus to the document text", ("Esc",)
    ),
    ActionId.MARK_SKIPPED_AND_NEXT: ActionSpec(
        "Mark S&kipped and Go to Next",
        "Skip this document (it counts as finished) and show the next unfinished one",
        ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"),
        needs_document=True,
    ),
    ActionId.MARK_IN_PROGRESS: ActionSpec(
        "Mark as &In Progress",
        "Take back this document's Done or Skipped mark: it counts as unfinished again",
        ("Ctrl+Shift+Backspace",),
    ),
    ActionId.NEXT_SENTENCE: ActionSpec(
        "Select Next &Sentence",
        "Select the sentence at the cursor, or the next one",
        ("Alt+Down",),
        needs_document=True,
    ),
    ActionId.PREVIOUS_SENTENCE: ActionSpec(
        "Select Previous S&entence",
        "Select the sentence before the selection",
        ("Alt+Up",),
        needs_document=True,
    ),
    ActionId.NEXT_PARAGRAPH: ActionSpec(
        "Select Next &Paragraph",
        "Select the paragraph at the cursor, or the next one",
        ("Alt+PgDown",),
        needs_document=True,
    ),
    ActionId.PREVIOUS_PARAGRAPH: ActionSpec(
        "Select Previous P&aragraph",
        "Select the paragraph before the selection",
        ("Alt+PgUp",),
        needs_document=True,
    ),
    ActionId.EXTEND_SENTENCE: ActionSpec(
        "&Extend Selection by a Sentence",
        "Grow the selection to the end of the next sentence",
        ("Alt+Shift+Down",),
        needs_document=True,
    ),
    ActionId.SHRINK_SENTENCE: ActionSpec(
        "S&hrink Selection by a Sentence",
        "Take the last sentence off the selection",
        ("Alt+Shift+Up",),
        needs_document=True,
    ),
    ActionId.NEXT_UNLABELLED: ActionSpec(
        "Select Next &Unlabelled Text",
        "Select the next stretch of text that carries no label",
        ("N",),
        needs_document=True,
    ),
    ActionId.PREVIOUS_UNLABELLED: ActionSpec(
        "Select Previous Unla&belled Text",
        "Select the previous stretch of text that carries no label",
        ("Shift+N",),
        needs_document=True,
    ),
    ActionId.NEXT_SPAN: ActionSpec(
        "Ne&xt Span", "Make the next span current", ("]",), needs_document=True
    ),
    ActionId.PREVIOUS_SPAN: ActionSpec(
        "Pre&vious Span", "Make the previous span current", ("[",), needs_document=True
    ),
    ActionId.CYCLE_OVERLAPPING: ActionSpec(
        "&Cycle Overlapping Spans",
        "Make the next span at the cursor current, nested ones included; the cursor stays",
        ("O",),
        needs_document=True,
    ),
    ActionId.SPAN_END_RIGHT: ActionSpec(
        "Grow Span End by a Word",
        "Move the current span's end one word to the right",
        ("Alt+Right",),
        needs_document=True,
    ),
    ActionId.SPAN_END_LEFT: ActionSpec(
        "Shrink Span End by a Word",
        "Move the current span's end one word to the left",
        ("Alt+Left",),
        needs_document=True,
    ),
    ActionId.SPAN_START_LEFT: ActionSpec(
        "Grow Span Start by a Word",
        "Move the current span's start one word to the left",
        ("Alt+Shift+Left",),
        needs_document=True,
    ),
    ActionId.SPAN_START_RIGHT: ActionSpec(
        "Shrink Span Start by a Word",
        "Move the current span's start one word to the right",
        ("Alt+Shift+Right",),
        needs_document=True,
    ),
    ActionId.ALLOW_OVERLAPS: ActionSpec(
        "Allow &Overlapping Spans",
        "Let spans overlap; when off, a new span shortens, splits or removes the spans it covers",
        checkable=True,
    ),
    ActionId.FIND_IN_DOCUMENT: ActionSpec(
        "&Find in Document…",
        "Find text in this document",
        (QKeySequence.StandardKey.Find,),
        needs_document=True,
    ),
    ActionId.FIND_NEXT: ActionSpec(
        "Find &Next",
        "Select the next match in this document",
        (QKeySequence.StandardKey.FindNext,),
        needs_document=True,
    ),
    ActionId.FIND_PREVIOUS: ActionSpec(
        "Find Pre&vious",
        "Select the previous match in this document",
        (QKeySequence.StandardKey.FindPrevious,),
        needs_document=True,
    ),
    ActionId.SEARCH_ALL: ActionSpec(
        "&Search All Documents…",
        "Search the text of every document and the notes on documents and spans",
        ("Ctrl+Shift+F",),
    ),
    ActionId.SHOW_GUIDELINES: ActionSpec(
        "&Guidelines", "Show or hide the project's annotation guidelines", ("F4",), checkable=True
    ),
    # Not Ctrl+Shift+A: that is Deselect in KDE's and GNOME's key bindings (text fields).
    ActionId.AGREEMENT_DASHBOARD: ActionSpec(
        "&Agreement Dashboard…",
        "Compare the annotators: figures per label, a pair's label confusion and disagreements",
        ("Ctrl+Shift+D",),
    ),
    ActionId.EDIT_SPAN_NOTE: ActionSpec(
        "Edit Span &Note…",
        "Write a note on the current span",
        ("F2",),
        needs_document=True,
    ),
    ActionId.EDIT_DOCUMENT_NOTE: ActionSpec(
        "Edit &Document Note…",
        "Write a note on this document (yours alone)",
        ("Shift+F2",),
        needs_document=True,
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
    ActionId.COMPARE_LAYERS: ActionSpec(
        "&Compare Layers",
        "Show another annotator's layer (or the gold standard) beside the text, read-only",
        ("Ctrl+Shift+L",),
        checkable=True,
    ),
    ActionId.CURATION_MODE: ActionSpec(
        "&Curate Gold Standard",
        "Edit the gold standard: agreements are pre-accepted, label keys accept, Del rejects",
        ("F6",),
        checkable=True,
    ),
    ActionId.NEXT_DISAGREEMENT: ActionSpec(
        "&Next Span to Decide",
        "Select the next span an annotator marked that the gold standard does not hold",
        ("D",),
        needs_document=True,
    ),
    ActionId.PREVIOUS_DISAGREEMENT: ActionSpec(
        "&Previous Span to Decide",
        "Select the previous span an annotator marked that the gold standard does not hold",
        ("Shift+D",),
        needs_document=True,
    ),
    ActionId.CURATION_RULE: ActionSpec(
        "Pre-accept &Rule…",
        "Which spans are accepted on their own when a document is first curated",
    ),
    ActionId.NEXT_SUGGESTION: ActionSpec(
        "&Next Suggestion",
        "Select the next suggestion in this document (Enter accepts it, X rejects it)",
        ("S",),
        needs_document=True,
    ),
    ActionId.PREVIOUS_SUGGESTION: ActionSpec(
        "&Previous Suggestion",
        "Select the previous suggestion in this document",
        ("Shift+S",),
        needs_document=True,
    ),
    # Its key, Enter, works in the text only (ACCEPT_SUGGESTION_IN_TEXT): lists and fields
    # have their own Enter.
    ActionId.ACCEPT_SUGGESTION: ActionSpec(
        "&Accept Suggestion",
        "Label the current suggestion's text with its own label (Enter in the text; a label "
        "key gives it that label instead)",
        needs_document=True,
    ),
    ActionId.REJECT_SUGGESTION: ActionSpec(
        "&Reject Suggestion",
        "Dismiss the current suggestion: it is not suggested to you again",
        ("X",),
        needs_document=True,
    ),
    ActionId.ACCEPT_LABEL_SUGGESTIONS: ActionSpec(
        "Accept All of This &Label",
        "Accept every suggestion in this document with the current suggestion's label (one "
        "undo step)",
        ("Alt+Return", "Alt+Enter"),
        needs_document=True,
    ),
    ActionId.ACCEPT_SUGGESTIONS_ABOVE: ActionSpec(
        "Accept All Scoring at Least…",
        "Accept every suggestion in this document whose score reaches the one you give (one "
        "undo step)",
        ("Alt+Shift+Return", "Alt+Shift+Enter"),
        needs_document=True,
    ),
    ActionId.LABEL_OCCURRENCES: ActionSpec(
        "Label Every &Occurrence…",
        "Label every occurrence of the selected text in this document (one undo step), and "
        "if you wish suggest it in every other document",
        ("Ctrl+Shift+O",),
        needs_document=True,
    ),
    ActionId.SUGGESTION_THRESHOLDS: ActionSpec(
        "&Thresholds…",
        "The score a suggestion of each label needs to be shown (for everyone on this project)",
    ),
    ActionId.LEARN_NOW: ActionSpec(
        "L&earn from My Labels Now",
        "Train the suggestions on your labels now, in the background, instead of waiting",
    ),
    ActionId.SHOW_SUGGESTIONS: ActionSpec(
        "Show &Suggestions",
        "Show suggestions in the text (dashed outlines), or hide them all",
        checkable=True,
    ),
    ActionId.SUGGESTIONS_PANEL: ActionSpec(
        "Suggestion &List",
        "Show or hide the list of this document's suggestions, to filter and sort them",
        ("F7",),
        checkable=True,
    ),
    # Ctrl+= too: on most keyboards + needs Shift, and = is the same key without it.
    ActionId.ZOOM_IN: ActionSpec(
        "Zoom &In", "Show the document text larger", (QKeySequence.StandardKey.ZoomIn, "Ctrl+=")
    ),
    ActionId.ZOOM_OUT: ActionSpec(
        "Zoom &Out", "Show the document text smaller", (QKeySequence.StandardKey.ZoomOut,)
    ),
    ActionId.ZOOM_RESET: ActionSpec(
        "&Actual Size", "Show the document text at its usual size (100%)", ("Ctrl+0",)
    ),
    ActionId.ABOUT: ActionSpec("&About Annotator", "Version and licence"),
    **SCOPED_SPECS,
}

#: Actions that open a modal dialog: when it closes, the keyboard focus goes back to the text
#: (wherever it was before), so the next key acts on the document.
DIALOG_ACTIONS = frozenset(
    {
        ActionId.NEW_PROJECT,
        ActionId.OPEN_PROJECT,
        ActionId.IMPORT_FILES,
        ActionId.IMPORT_FOLDER,
        ActionId.EXPORT,
        ActionId.MERGE_PROJECTS,
        ActionId.BACKUPS,
        ActionId.EDIT_SPAN_NOTE,
        ActionId.EDIT_DOCUMENT_NOTE,
        ActionId.EDIT_LABELS,
        ActionId.SET_ANNOTATOR,
        ActionId.CURATION_RULE,
        ActionId.ACCEPT_SUGGESTIONS_ABOVE,
        ActionId.LABEL_OCCURRENCES,
        ActionId.SUGGESTION_THRESHOLDS,
        ActionId.SHORTCUTS,
        ActionId.ABOUT,
    }
)
