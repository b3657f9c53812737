"""What the label keys, the remove key and the status keys do, as undoable commands."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from annotator.core.curation import Provenance
from annotator.core.model import DocStatus, Label, Span
from annotator.core.overlaps import Trim, describe, plan_trims
from annotator.core.text import trim_selection
from annotator.errors import AnnotatorError
from annotator.services.project import Project
from annotator.ui.commands import (
    AddSpanCommand,
    ChangeSpanCommand,
    DocumentNoteCommand,
    RemoveSpanCommand,
    SetStatusCommand,
    SpanChanges,
)
from annotator.ui.dialogs import Ask
from annotator.ui.document_view import DocumentView

Say = Callable[[str], None]
#: Project setting: may spans of one annotator overlap?
ALLOW_OVERLAPS = "allow_overlaps"


class Labelling:
    """Turns key presses on the shown document into commands on the undo stack.

    Args:
        project: The open project (its annotation service and current annotator).
        view: The document view (selection, caret, spans shown).
        stack: Where commands go.
        reveal: Shows a document by id (undo may concern another document).
        say: Puts a short message in the status bar.
        on_error: Reports a failed undo or redo.
    """

    def __init__(
        self,
        project: Project,
        view: DocumentView,
        stack: QUndoStack,
        reveal: Callable[[int], None],
        say: Say,
        on_error: Callable[[AnnotatorError], None],
    ) -> None:
        self._project = project
        self._view = view
        self._stack = stack
        self._reveal = reveal
        self._say = say
        self._on_error = on_error
        self.snap_to_words = True
        #: When False, a new span shortens, splits or removes the spans it overlaps.
        self.allow_overlaps = bool(project.setting(ALLOW_OVERLAPS, False))
        #: What a new span records of where it came from (curation mode sets this).
        self.provenance_for: Callable[[int, int, int], Provenance | None] = _no_provenance

    def set_allow_overlaps(self, allowed: bool) -> None:
        """Let spans overlap, or have new spans trim the ones they cover (a project setting)."""
        self.allow_overlaps = allowed
        self._project.set_setting(ALLOW_OVERLAPS, allowed)
        self._say(
            "Spans may overlap now."
            if allowed
            else "A new span now shortens, splits or removes the spans it overlaps."
        )

    def label(self, label: Label, *, exact: bool = False) -> None:
        """Label the selection; with no selection, relabel the span under the caret."""
        if self._view.document_id is None:
            self._say("There is no document to label. Import some with File ▸ Import Files…")
            return
        selection = self._view.selection()
        if selection is None:
            current = self._view.current_span
            if current is None:
                self._say(
                    "Select some text first (Shift+arrows or the mouse), then press a label key."
                )
            else:
                self.relabel(current, label)
            return
        snap = self.snap_to_words and not exact
        bounds = trim_selection(self._view.text, *selection, snap_to_words=snap)
        if bounds is None:
            self._say("Nothing to label: the selection is only white space.")
            return
        self.label_range(label, bounds)

    def label_range(self, label: Label, bounds: tuple[int, int]) -> None:
        """Label exactly ``bounds`` of the shown document, following the overlap policy."""
        document_id = self._view.document_id
        assert document_id is not None
        annotation, annotator_id = self._project.annotation, self._project.annotator_id
        # The view holds exactly this layer's spans of this document: no query needed.
        existing = self._view.spans.exact(*bounds)
        if existing is not None:
            if existing.label_id == label.id:
                self._say(f"That text is already labelled {label.name}.")
                self._view.set_current_span(existing, caret="end")
            else:
                self.relabel(existing, label)
            return
        trims = (
            []
            if self.allow_overlaps
            else plan_trims(self._view.text, bounds, self._view.spans.overlapping(*bounds))
        )
        # A macro only when other spans change too: one undo step either way, and the plain
        # add (nearly every key press) skips the macro's second round of stack signals.
        if trims:
            self._stack.beginMacro(f"Label as {label.name}")
        try:
            for trim in trims:
                self._apply_trim(trim)
            provenance = self.provenance_for(*bounds, label.id)
            added = annotation.add_span(document_id, annotator_id, label.id, *bounds, provenance)
            self._stack.push(
                AddSpanCommand(
                    annotation,
                    added.span,
                    added.previous_status,
                    label.name,
                    self._reveal,
                    self._on_error,
                )
            )
        finally:
            if trims:
                self._stack.endMacro()
        # The new span is current (caret at its end): the next key acts on it.
        self._view.set_current_span(added.span, caret="end")
        message = f"Labelled {bounds[1] - bounds[0]} characters as {label.name}"
        if trims:
            names = {item.id: item.name for item in self._project.catalog.labels()}
            message += f"; {describe(trims, names)} so that spans do not overlap"
        self._say(message + ".")

    def _apply_trim(self, trim: Trim) -> None:
        """Shorten, split or remove one span overlapped by a new span."""
        span = trim.span
        if not trim.parts:
            self.remove(span, "", quiet=True)
            return
        first_start, first_end = trim.parts[0]
        self.change(span, {"start": first_start, "end": first_end}, "Shorten span")
        for start, end in trim.parts[1:]:
            added = self._project.annotation.add_span(
                span.document_id, span.annotator_id, span.label_id, start, end
            )
            self._stack.push(
                AddSpanCommand(
                    self._project.annotation,
                    added.span,
                    added.previous_status,
                    "",
                    self._reveal,
                    self._on_error,
                )
            )

    def relabel(self, span: Span, label: Label) -> None:
        """Give an existing span another label."""
        if span.label_id == label.id:
            self._say(f"That span is already labelled {label.name}.")
            return
        self.change(span, {"label_id": label.id}, f"Relabel as {label.name}")
        self._say(f"Relabelled as {label.name}.")

    def change(self, span: Span, changes: SpanChanges, text: str) -> None:
        """Change a span's label, bounds or note, undoably."""
        self._project.annotation.change_span(span.id, **changes)
        self._stack.push(
            ChangeSpanCommand(
                self._project.annotation, span, changes, text, self._reveal, self._on_error
            )
        )

    def remove(self, span: Span | None, label_name: str, *, quiet: bool = False) -> None:
        """Remove a span (the one under the caret when ``span`` is None)."""
        span = span or self._view.current_span
        if span is None:
            self._say("Put the cursor in a span to remove it.")
            return
        self._project.annotation.remove_span(span.id)
        self._stack.push(
            RemoveSpanCommand(
                self._project.annotation, span, label_name, self._reveal, self._on_error
            )
        )
        if not quiet:
            self._say(f"Removed the {label_name} span.")

    def set_document_note(self, document_id: int, note: str | None) -> None:
        """Set the current annotator's note on a document, undoably."""
        annotator_id = self._project.annotator_id
        old = self._project.annotation.set_document_note(document_id, annotator_id, note)
        if (old or None) != (note or None):
            self._stack.push(
                DocumentNoteCommand(
                    self._project.annotation,
                    document_id,
                    annotator_id,
                    old,
                    note or None,
                    self._reveal,
                    self._on_error,
                )
            )

    def edit_span_note(self, parent: QWidget) -> None:
        """Ask for the current span's note and store it, undoably."""
        span = self._view.current_span
        if span is None:
            self._say("Put the cursor in a span to write a note on it.")
            return
        names = {label.id: label.name for label in self._project.catalog.labels()}
        quoted = self._view.text[span.start : span.end][:60]
        prompt = f"Note on the {names.get(span.label_id, '')} span “{quoted}”:"
        note = Ask.note(parent, "Span Note", prompt, span.note or "")
        if note is not None and note != (span.note or ""):
            self.change(span, {"note": note or None}, "Edit Span Note")

    def edit_document_note(self, parent: QWidget) -> None:
        """Ask for the annotator's note on the shown document and store it, undoably."""
        document_id = self._view.document_id
        if document_id is None:
            return
        catalog = self._project.catalog
        current = catalog.document_note(document_id, self._project.annotator_id)
        note = Ask.note(parent, "Document Note", "Your note on this document:", current or "")
        if note is not None:
            self.set_document_note(document_id, note)

    def set_status(self, document_id: int, status: DocStatus) -> None:
        """Set the current annotator's status for a document."""
        annotator_id = self._project.annotator_id
        old = self._project.annotation.set_status(document_id, annotator_id, status)
        if old is not status:
            self._stack.push(
                SetStatusCommand(
                    self._project.annotation,
                    document_id,
                    annotator_id,
                    old,
                    status,
                    self._reveal,
                    self._on_error,
                )
            )


def _no_provenance(_start: int, _end: int, _label_id: int) -> Provenance | None:
    return None
