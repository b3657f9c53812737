"""What the label keys, the remove key and the status keys do, as undoable commands."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from annotator.core.model import DocStatus, Label, Span
from annotator.core.overlaps import Trim, describe, plan_trims
from annotator.core.shown_layer import ShownLayer
from annotator.core.text import trim_selection
from annotator.services.changes import Change, ConflictError, SpanChange, StaleViewError
from annotator.services.project import Project
from annotator.ui.actions import ActionId, ActionRegistry
from annotator.ui.annotate.commands import EditCommand, EditFeedback, SpanChanges
from annotator.ui.widgets.dialogs import Ask
from annotator.ui.widgets.messages import Messages


class Labelling:
    """Turns key presses on the shown document into commands on the undo stack.

    Each edit is planned from what the window shows (its :class:`ShownLayer`: the text, the
    layer's spans, the selection and the current span; never a widget) and made by its
    command in one
    transaction. If another window committed since the window last read the project, the
    edit is refused before anything is written (see :meth:`Store.writing`): the views are
    refreshed and a label key is tried once more on what they now show.

    Args:
        project: The open project (its annotation service and current annotator).
        shown: What the window shows.
        stack: Where commands go.
        feedback: What the window does around an undo or redo.
        messages: The window's message bridge.
    """

    def __init__(
        self,
        project: Project,
        shown: ShownLayer,
        stack: QUndoStack,
        feedback: EditFeedback,
        messages: Messages,
    ) -> None:
        self._project = project
        self._shown = shown
        self._stack = stack
        self._feedback = feedback
        self._messages = messages
        self.snap_to_words = True
        #: When False, a new span shortens, splits or removes the spans it overlaps.
        self.allow_overlaps = project.settings.allow_overlaps
        #: Whether a new span takes an annotator's span over as it is (curation accepting a
        #: candidate): the spans it overlaps are then replaced, not trimmed to fragments
        #: nobody marked.
        self.is_accepting: Callable[[int, int, int], bool] = lambda _start, _end, _label: False

    def action_handlers(
        self, parent: QWidget, registry: ActionRegistry
    ) -> dict[ActionId, Callable[[], object]]:
        """What the span and note actions do, for the window to connect (dialogs open over
        ``parent``; the overlap switch follows its action's check mark in ``registry``)."""
        return {
            ActionId.REMOVE_SPAN: self.remove,
            ActionId.ALLOW_OVERLAPS: lambda: self.set_allow_overlaps(
                registry[ActionId.ALLOW_OVERLAPS].isChecked()
            ),
            ActionId.EDIT_SPAN_NOTE: lambda: self.edit_span_note(parent),
            ActionId.EDIT_DOCUMENT_NOTE: lambda: self.edit_document_note(parent),
        }

    def reread_settings(self) -> None:
        """Read the project's overlap policy again (another window may have changed it)."""
        self.allow_overlaps = self._project.settings.allow_overlaps

    def set_allow_overlaps(self, allowed: bool) -> None:
        """Let spans overlap, or have new spans trim the ones they cover (a project setting)."""
        self.allow_overlaps = allowed
        self._project.settings.allow_overlaps = allowed
        self._messages.say(
            "Spans may overlap now."
            if allowed
            else "A new span now shortens, splits or removes the spans it overlaps."
        )

    def label(self, label: Label, *, exact: bool = False) -> None:
        """Label the selection; with no selection, relabel the span under the caret."""
        if self._shown.document_id is None:
            self._messages.say(
                "There is no document to label. Import some with File ▸ Import Files…"
            )
            return
        selection = self._shown.selection
        if selection is None:
            current = self._shown.current
            if current is None:
                self._messages.say(
                    "Select some text first (Shift+arrows or the mouse), then press a label key."
                )
            else:
                self.relabel(current, label)
            return
        snap = self.snap_to_words and not exact
        bounds = trim_selection(self._shown.text, *selection, snap_to_words=snap)
        if bounds is None:
            self._messages.say("Nothing to label: the selection is only white space.")
            return
        self.label_range(label, bounds)

    def label_range(self, label: Label, bounds: tuple[int, int]) -> None:
        """Label exactly ``bounds`` of the shown document, following the overlap policy."""
        for attempt in (1, 2):
            try:
                self._label_range_once(label, bounds)
                return
            except StaleViewError:
                # Another window committed since the views last read the project: read it
                # again, then plan once more on what they now show.
                self._project.watcher.poll()
                if attempt == 2 or self._shown.document_id is None:
                    raise

    def _label_range_once(self, label: Label, bounds: tuple[int, int]) -> None:
        document_id = self._shown.document_id
        assert document_id is not None
        # The view holds exactly this layer's spans of this document: no query needed.
        existing = self._shown.spans.exact(*bounds)
        if existing is not None:
            if existing.label_id == label.id:
                self._messages.say(f"That text is already labelled {label.name}.")
                self._shown.make_current(existing, caret="end")
            else:
                self.relabel(existing, label)
            return
        trims = (
            []
            if self.allow_overlaps
            else plan_trims(self._shown.text, bounds, self._shown.spans.overlapping(*bounds))
        )
        if self.is_accepting(*bounds, label.id):
            trims = [Trim(trim.span, ()) for trim in trims]
        project, token = self._project, self._project.watcher.seen
        made = self._push(
            f"Label as {label.name}",
            lambda: project.annotation.add_span(
                document_id,
                project.annotator_id,
                label.id,
                *bounds,
                trims=trims,
                by=project.annotator_name,
                unchanged_since=token,
            ),
        )
        if not isinstance(made, SpanChange):
            return
        # The new span is current (caret at its end): the next key acts on it.
        self._shown.make_current(made.span, caret="end")
        message = f"Labelled {bounds[1] - bounds[0]} characters as {label.name}"
        if trims:
            names = self._project.labels.names()
            message += f"; {describe(trims, names)} so that spans do not overlap"
        self._messages.say(message + ".")

    def _push(self, text: str, make: Callable[[], Change]) -> Change | None:
        """Make an edit through an undo command.

        Returns:
            What it changed; None when it was refused because what the window showed is
            no longer so (the status bar says why, and the window shows what now is).

        Raises:
            AnnotatorError: Any other reason the edit could not be made.
        """
        command = EditCommand(text, make, self._project.annotation, self._feedback)
        self._stack.push(command)
        error = command.error
        if isinstance(error, ConflictError):
            self._project.watcher.poll()  # show what the other window did
            self._messages.say(str(error))
            return None
        if error is not None:
            raise error
        return command.change

    def relabel(self, span: Span, label: Label) -> None:
        """Give an existing span another label."""
        if span.label_id == label.id:
            self._messages.say(f"That span is already labelled {label.name}.")
            return
        if self.change(span, {"label_id": label.id}, f"Relabel as {label.name}"):
            self._messages.say(f"Relabelled as {label.name}.")

    def change(self, span: Span, changes: SpanChanges, text: str) -> bool:
        """Change a span's label, bounds or note, undoably; False if it was refused."""
        project = self._project
        return None is not self._push(
            text,
            lambda: project.annotation.change_span(
                span.id, expected=span, by=project.annotator_name, **changes
            ),
        )

    def remove(self, span: Span | None = None) -> None:
        """Remove a span (the current one when ``span`` is None)."""
        span = span or self._shown.current
        if span is None:
            self._messages.say("Put the cursor in a span to remove it.")
            return
        name = self._project.labels.name_of(span.label_id)
        annotation = self._project.annotation
        if self._push(
            f"Remove {name} Span", lambda: annotation.remove_span(span.id, expected=span)
        ):
            self._messages.say(f"Removed the {name} span.")

    def set_document_note(self, document_id: int, note: str | None) -> None:
        """Set the current annotator's note on a document, undoably."""
        annotator_id = self._project.annotator_id
        current = self._project.catalog.document_note(document_id, annotator_id)
        if (current or None) == ((note or "").strip() or None):
            return
        annotation = self._project.annotation
        self._push(
            "Edit Document Note",
            lambda: annotation.set_document_note(document_id, annotator_id, note, expected=current),
        )

    def edit_span_note(self, parent: QWidget) -> None:
        """Ask for the current span's note and store it, undoably."""
        span = self._shown.current
        if span is None:
            self._messages.say("Put the cursor in a span to write a note on it.")
            return
        name = self._project.labels.name_of(span.label_id)
        quoted = self._shown.text[span.start : span.end][:60]
        prompt = f"Note on the {name} span “{quoted}”:"
        note = Ask.note(parent, "Span Note", prompt, span.note or "")
        if note is not None and note != (span.note or ""):
            self.change(span, {"note": note or None}, "Edit Span Note")

    def edit_document_note(self, parent: QWidget) -> None:
        """Ask for the annotator's note on the shown document and store it, undoably."""
        document_id = self._shown.document_id
        if document_id is None:
            return
        catalog = self._project.catalog
        current = catalog.document_note(document_id, self._project.annotator_id)
        note = Ask.note(parent, "Document Note", "Your note on this document:", current or "")
        if note is not None:
            self.set_document_note(document_id, note)

    def set_status(self, document_id: int, status: DocStatus) -> None:
        """Set the current annotator's status for a document, undoably."""
        annotator_id = self._project.annotator_id
        current = self._project.catalog.status(document_id, annotator_id)
        if current is status:
            return
        annotation = self._project.annotation
        self._push(
            f"Mark as {status.display_name}",
            lambda: annotation.set_status(document_id, annotator_id, status, expected=current),
        )
