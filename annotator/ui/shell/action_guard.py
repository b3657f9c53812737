"""Running the registry's actions: a problem becomes a message, and an action that works on
the shown document says so, in words that fit, when there is none."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from annotator.errors import AnnotatorError
from annotator.ui.actions import DIALOG_ACTIONS, SPECS, ActionId, ActionRegistry
from annotator.ui.widgets.messages import messages_of

#: What an action that needs a document says in a project without any.
NO_DOCUMENTS = "This project has no documents yet: File ▸ Import Files… (Ctrl+I) adds some."
#: … and where documents exist but none is shown.
NO_DOCUMENT_SHOWN = "No document is open: choose one in the document list."
#: … and before the project is open.
STILL_OPENING = "The project is still opening."


class ActionGuard:
    """Connects actions to their handlers, each run guarded.

    Args:
        parent: The window: its message bridge tells problems and says why an action
            waits for a document.
        registry: The window's actions; an action whose spec says ``needs_document`` runs
            only while a document is shown.
        document_count: How many documents the project holds (None before it is open);
            asked only when an action finds no document shown.
        document_shown: Whether a document is shown.
        focus_text: Puts the keyboard focus back on the text (after a dialog action or a
            problem's message, so the next key acts on the text).
    """

    def __init__(
        self,
        parent: QWidget,
        registry: ActionRegistry,
        document_count: Callable[[], int | None],
        document_shown: Callable[[], bool],
        focus_text: Callable[[], None],
    ) -> None:
        self._parent = parent
        self._focus_text = focus_text
        self._registry = registry
        self._document_count = document_count
        self._document_shown = document_shown

    def connect(self, handlers: dict[ActionId, Callable[[], object]]) -> None:
        """Run each handler when its action triggers, guarded as its spec says."""
        for action_id, handler in handlers.items():
            spec = SPECS.get(action_id)
            needs_document = spec is not None and spec.needs_document
            dialog = action_id in DIALOG_ACTIONS
            self._registry.connect(action_id, self.guarded(handler, needs_document, dialog))

    def guarded(
        self, handler: Callable[[], object], needs_document: bool = False, dialog: bool = False
    ) -> Callable[[], None]:
        """``handler``, with a problem it raises told to the user and, if it
        ``needs_document``, run only while one is shown (else the status bar says why).
        After a problem's message, and after a ``dialog`` action, the text has the focus."""

        def run() -> None:
            if needs_document and not self.document_ready():
                return
            try:
                handler()
            except AnnotatorError as error:
                messages_of(self._parent).report(error)
                self._focus_text()
            if dialog:
                self._focus_text()

        return run

    def document_ready(self) -> bool:
        """Whether a document is shown; if not, the status bar says what to do."""
        if self._document_shown():
            return True
        count = self._document_count()
        if count is None:
            messages_of(self._parent).say(STILL_OPENING)
        else:
            messages_of(self._parent).say(NO_DOCUMENTS if count == 0 else NO_DOCUMENT_SHOWN)
        return False
