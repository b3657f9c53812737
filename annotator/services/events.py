"""What a project announces after each committed change."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.events import Signal
from annotator.core.model import DocStatus, Span


@dataclass(frozen=True, slots=True)
class ProjectEvents:
    """Typed notifications; views connect once, services emit after commit."""

    span_added: Signal[[Span]] = field(default_factory=Signal)
    span_removed: Signal[[Span]] = field(default_factory=Signal)
    #: (old, new): the same span id with a new label or new bounds.
    span_changed: Signal[[Span, Span]] = field(default_factory=Signal)
    #: (document id, annotator id, new status)
    status_changed: Signal[[int, int, DocStatus]] = field(default_factory=Signal)
    #: (document id, annotator id, new note or None)
    document_note_changed: Signal[[int, int, str | None]] = field(default_factory=Signal)
    #: (document id, annotator id): suggestions were rejected there, or a rejection undone.
    suggestions_rejected: Signal[[int, int]] = field(default_factory=Signal)
    #: Documents were added (by an import); lists reload.
    documents_changed: Signal[[]] = field(default_factory=Signal)
    labels_changed: Signal[[]] = field(default_factory=Signal)
    annotator_changed: Signal[[int]] = field(default_factory=Signal)
    #: (annotator id) That layer's trained recommender changed (trained again, or removed):
    #: its suggestions are asked for again. Emitted by whoever trained, after the save.
    suggestions_changed: Signal[[int]] = field(default_factory=Signal)
    #: Another process (a second window, a command-line import) committed: what the views
    #: show may be out of date, and they read the project again.
    changed_elsewhere: Signal[[]] = field(default_factory=Signal)
    #: The project file was deleted or replaced by another program while open: nothing more
    #: can be saved to it, and the work so far should be saved to a new file. Announced once,
    #: by the :class:`~annotator.services.watch.ChangeWatcher` that noticed.
    project_file_gone: Signal[[]] = field(default_factory=Signal)
