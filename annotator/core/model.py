"""Domain values shared by every layer. Plain frozen dataclasses: no Qt, no SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from annotator.core.originals import Original


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
    #: The file the text was extracted from (an HTML page) with its block map, kept with the
    #: document; None for files that are the text itself.
    original: Original | None = None
