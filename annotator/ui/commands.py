"""Undo commands: each ``redo`` and ``undo`` is one call into the annotation service.

The first ``redo`` is skipped: the window performs the change itself before pushing, so a
failure (disk full, say) leaves no command on the stack. Later undos and redos that fail are
reported through ``on_error``, which clears the history so it cannot drift from the file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

from PySide6.QtGui import QUndoCommand

from annotator.core.model import DocStatus, Span
from annotator.errors import AnnotatorError
from annotator.services.annotation import AnnotationService

Reveal = Callable[[int], None]


class SpanChanges(TypedDict, total=False):
    """Keyword arguments of :meth:`AnnotationService.change_span`."""

    label_id: int
    start: int
    end: int
    note: str | None


OnError = Callable[[AnnotatorError], None]


class AppliedCommand(QUndoCommand):
    """A change already made when pushed: the first redo is skipped, failures are reported."""

    def __init__(self, text: str, on_error: OnError) -> None:
        super().__init__(text)
        self._on_error = on_error
        self._done_once = False

    def redo(self) -> None:
        if not self._done_once:
            self._done_once = True
            return
        self._guarded(self.apply)

    def undo(self) -> None:
        self._guarded(self.revert)

    def _guarded(self, change: Callable[[], None]) -> None:
        try:
            self.before_change()
            change()
        except AnnotatorError as error:
            self._on_error(error)

    def before_change(self) -> None:
        """Runs before every undo and redo (e.g. to show what the change concerns)."""

    def apply(self) -> None:
        """Do the change again."""
        raise NotImplementedError

    def revert(self) -> None:
        """Take the change back."""
        raise NotImplementedError


class _ServiceCommand(AppliedCommand):
    """An annotation change: undo and redo first show the document it concerns."""

    def __init__(self, text: str, document_id: int, reveal: Reveal, on_error: OnError) -> None:
        super().__init__(text, on_error)
        self.document_id = document_id
        self._reveal = reveal

    def before_change(self) -> None:
        self._reveal(self.document_id)


class AddSpanCommand(_ServiceCommand):
    """A span was added; undo removes it (and puts back the document's earlier status)."""

    def __init__(
        self,
        service: AnnotationService,
        span: Span,
        previous_status: DocStatus,
        label_name: str,
        reveal: Reveal,
        on_error: OnError,
    ) -> None:
        super().__init__(f"Label as {label_name}", span.document_id, reveal, on_error)
        self._service = service
        self._span = span
        self._bumped = previous_status is DocStatus.NEW

    def apply(self) -> None:
        self._service.restore_span(self._span, DocStatus.IN_PROGRESS if self._bumped else None)

    def revert(self) -> None:
        self._service.remove_span(self._span.id, DocStatus.NEW if self._bumped else None)


class RemoveSpanCommand(_ServiceCommand):
    """A span was removed; undo puts it back with the same id and times."""

    def __init__(
        self,
        service: AnnotationService,
        span: Span,
        label_name: str,
        reveal: Reveal,
        on_error: OnError,
    ) -> None:
        super().__init__(f"Remove {label_name} Span", span.document_id, reveal, on_error)
        self._service = service
        self._span = span

    def apply(self) -> None:
        self._service.remove_span(self._span.id)

    def revert(self) -> None:
        self._service.restore_span(self._span)


class ChangeSpanCommand(_ServiceCommand):
    """A span got another label, other bounds or another note; undo puts the old state back."""

    def __init__(
        self,
        service: AnnotationService,
        old: Span,
        changes: SpanChanges,
        text: str,
        reveal: Reveal,
        on_error: OnError,
    ) -> None:
        super().__init__(text, old.document_id, reveal, on_error)
        self._service = service
        self._old = old
        self._changes = changes

    def apply(self) -> None:
        self._service.change_span(self._old.id, **self._changes)

    def revert(self) -> None:
        self._service.restore_span_state(self._old)


class SetStatusCommand(_ServiceCommand):
    """A document's status changed for the current annotator."""

    def __init__(
        self,
        service: AnnotationService,
        document_id: int,
        annotator_id: int,
        old: DocStatus,
        new: DocStatus,
        reveal: Reveal,
        on_error: OnError,
    ) -> None:
        super().__init__(f"Mark as {new.display_name}", document_id, reveal, on_error)
        self._service = service
        self._annotator_id = annotator_id
        self._old = old
        self._new = new

    def apply(self) -> None:
        self._service.set_status(self.document_id, self._annotator_id, self._new)

    def revert(self) -> None:
        self._service.set_status(self.document_id, self._annotator_id, self._old)


class DocumentNoteCommand(_ServiceCommand):
    """The annotator's note on a document changed."""

    def __init__(
        self,
        service: AnnotationService,
        document_id: int,
        annotator_id: int,
        old: str | None,
        new: str | None,
        reveal: Reveal,
        on_error: OnError,
    ) -> None:
        super().__init__("Edit Document Note", document_id, reveal, on_error)
        self._service = service
        self._annotator_id = annotator_id
        self._old = old
        self._new = new

    def apply(self) -> None:
        self._service.set_document_note(self.document_id, self._annotator_id, self._new)

    def revert(self) -> None:
        self._service.set_document_note(self.document_id, self._annotator_id, self._old)
