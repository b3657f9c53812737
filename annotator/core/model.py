"""Domain values shared by every layer. Plain frozen dataclasses: no Qt, no SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from annotator.core.originals import Original
from annotator.core.suggestions.base import Origin
from annotator.errors import InputError


class DocStatus(StrEnum):
    """Where one annotator stands with one document."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    SKIPPED = "skipped"

    @property
    def display_name(self) -> str:
        """The word shown to users."""
        return {"new": "New", "in_progress": "In progress", "done": "Done", "skipped": "Skipped"}[
            self.value
        ]


@dataclass(frozen=True, slots=True)
class Label:
    """A label of the project's label set."""

    id: int
    name: str
    color: str
    key: str | None
    position: int


#: The name of the project's curated layer, the gold standard (no person may take it).
GOLD_LAYER = "Gold standard"


@dataclass(frozen=True, slots=True)
class Annotator:
    """A layer of spans: a person's, or (``is_gold``) the curated gold standard."""

    id: int
    name: str
    is_gold: bool = False


@dataclass(frozen=True, slots=True)
class Span:
    """One labelled range ``[start, end)`` in code points of the document text."""

    id: str
    document_id: int
    annotator_id: int
    label_id: int
    start: int
    end: int
    created_at: datetime
    updated_at: datetime
    note: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What the document list shows of one document, for the current annotator."""

    id: int
    title: str
    status: DocStatus
    span_count: int
    char_count: int
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A document with its full text (newlines normalised to ``\\n``)."""

    id: int
    sha256: str
    title: str
    text: str
    source: str
    meta: dict[str, Any]
    encoding: str
    imported_at: datetime


@dataclass(frozen=True, slots=True)
class SpanDraft:
    """A span as an importer reads it, before it is checked against the project."""

    start: int
    end: int
    label: str
    annotator: str | None = None
    #: The annotator's note on the span; None for none.
    note: str | None = None
    #: The suggestion it was accepted from, when the file records one.
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class LayerState:
    """One layer's standing on a document as a file carries it (our exports' ``annotators``).

    Attributes:
        status: The layer's status of the document.
        status_set_at: When that status was set (timezone-aware); None when the file does
            not say (an import then stamps it with the time of the import).
        note: The layer's note on the document; None for none.
    """

    status: DocStatus = DocStatus.NEW
    status_set_at: datetime | None = None
    note: str | None = None

    @property
    def empty(self) -> bool:
        """True when there is nothing to store: "new", and no note."""
        return self.status is DocStatus.NEW and not self.note


@dataclass(slots=True)
class DocumentDraft:
    """A document as an importer reads it; offsets of ``spans`` refer to ``text`` as given."""

    text: str
    title: str
    source: str
    encoding: str = "utf-8"
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[SpanDraft] = field(default_factory=list)
    line: int | None = None  # where in the source file it came from, for error messages
    #: What ``line`` counts, as messages name it: "line" (JSONL, CSV), "document" (the
    #: documents of a spaCy DocBin), "task" ...
    line_unit: str = "line"
    #: Each layer's status and note of the document, by annotator name, in the file's order.
    layers: dict[str, LayerState] = field(default_factory=dict)
    #: The file the text was extracted from (an HTML page) with its block map, kept with the
    #: document; None for files that are the text itself.
    original: Original | None = None

    def error(self, reason: str) -> InputError:
        """An :class:`InputError` naming the draft's file and where in it it came from."""
        return InputError(self.source, reason, self.line, unit=self.line_unit)
