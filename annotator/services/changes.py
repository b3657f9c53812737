"""Edits as the rows they touch, before and after: what undo and redo replay, and check.

Every edit of a layer returns one of these. Undoing it writes the "before" rows back, but
only after checking, in the same transaction, that the rows are still exactly as the edit
left them; redoing checks the reverse. Another window or program that changed one of those
spans in between makes the undo refuse (:class:`ConflictError`) instead of overwriting its
work or bringing back what it removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from annotator.core.curation import Provenance
from annotator.core.model import DocStatus, Span
from annotator.errors import AnnotatorError
from annotator.services.events import ProjectEvents


class ConflictError(AnnotatorError):
    """The rows an edit, undo or redo would write were changed elsewhere since; nothing was
    done.

    Args:
        reason: What changed, as a clause ("that span was removed in another window or
            program since").
    """

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"Not done: {reason}. Nothing was changed.")


class StaleViewError(AnnotatorError):
    """Another program committed since the window last read the project: what the window
    shows may be out of date, so an edit planned from it was not made. Refresh and retry."""

    def __init__(self) -> None:
        super().__init__(
            "The project was changed in another window; the view has been refreshed. "
            "Nothing was changed: press the key again."
        )


@dataclass(frozen=True, slots=True)
class SpanChange:
    """An edit of one layer of one document.

    Attributes:
        document_id: The document.
        layer_id: The layer (a person's, or the gold standard).
        subject: The id of the span the edit is about (the new, changed or removed one);
            undo and redo show it.
        before: The touched spans as they were (those that existed).
        after: The touched spans as they are after the edit (those that exist).
        provenance_before: For the gold layer: the provenance records the edit replaced,
            by span id (None: there was no record).
        provenance_after: The records it wrote.
        status_before: The layer's status of the document before, when the edit moved it
            (the first span moves a new document to "in progress").
        status_after: That status after the edit.
    """

    document_id: int
    layer_id: int
    subject: str
    before: tuple[Span, ...]
    after: tuple[Span, ...]
    provenance_before: tuple[tuple[str, Provenance | None], ...] = ()
    provenance_after: tuple[tuple[str, Provenance | None], ...] = ()
    status_before: DocStatus | None = None
    status_after: DocStatus | None = None

    def inverse(self) -> SpanChange:
        """The edit that takes this one back."""
        return SpanChange(
            self.document_id,
            self.layer_id,
            self.subject,
            self.after,
            self.before,
            self.provenance_after,
            self.provenance_before,
            self.status_after,
            self.status_before,
        )

    @property
    def span(self) -> Span:
        """The subject as the edit left it (as it was, for a removal)."""
        for span in (*self.after, *self.before):
            if span.id == self.subject:
                return span
        raise LookupError(self.subject)  # pragma: no cover - built with its subject

    @property
    def added(self) -> list[Span]:
        """Spans the edit created."""
        old = {span.id for span in self.before}
        return [span for span in self.after if span.id not in old]

    @property
    def removed(self) -> list[Span]:
        """Spans the edit deleted."""
        new = {span.id for span in self.after}
        return [span for span in self.before if span.id not in new]

    def changed(self) -> Iterator[tuple[Span, Span]]:
        """``(before, after)`` of each span the edit changed but kept."""
        new = {span.id: span for span in self.after}
        for span in self.before:
            if span.id in new:
                yield span, new[span.id]


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One layer's status of one document, before and after."""

    document_id: int
    layer_id: int
    before: DocStatus
    after: DocStatus

    def inverse(self) -> StatusChange:
        """The edit that takes this one back."""
        return StatusChange(self.document_id, self.layer_id, self.after, self.before)


@dataclass(frozen=True, slots=True)
class NoteChange:
    """One layer's note on one document, before and after (None: no note)."""

    document_id: int
    layer_id: int
    before: str | None
    after: str | None

    def inverse(self) -> NoteChange:
        """The edit that takes this one back."""
        return NoteChange(self.document_id, self.layer_id, self.after, self.before)


#: Any edit the annotation service makes, undoes and redoes.
Change = SpanChange | StatusChange | NoteChange


def announce(events: ProjectEvents, change: SpanChange) -> None:
    """Tell the views what a committed span edit did, removals first."""
    for span in change.removed:
        events.span_removed.emit(span)
    for old, new in change.changed():
        events.span_changed.emit(old, new)
    for span in change.added:
        events.span_added.emit(span)
    if change.status_after is not None:
        events.status_changed.emit(change.document_id, change.layer_id, change.status_after)
