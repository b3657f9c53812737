"""SQLAlchemy ORM tables. The only module that defines the schema; Alembic migrates it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Timestamps are stored in UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention, so migrations can name every constraint."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ProjectSetting(Base):
    """Project-wide key/value settings (overlap policy, guidelines ...)."""

    __tablename__ = "project_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class LabelRow(Base):
    """A label of the project's label set."""

    __tablename__ = "labels"
    __table_args__ = (
        UniqueConstraint("name"),
        UniqueConstraint("key"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    color: Mapped[str] = mapped_column(String(7))
    key: Mapped[str | None] = mapped_column(String(1))
    position: Mapped[int] = mapped_column(Integer)


#: ``AnnotatorRow.kind`` of a person's layer.
PERSON = "person"
#: ``AnnotatorRow.kind`` of the project's one curated layer, the gold standard.
GOLD = "gold"


class AnnotatorRow(Base):
    """A layer of spans: a person's, or the curated gold standard (at most one)."""

    __tablename__ = "annotators"
    __table_args__ = (
        UniqueConstraint("name"),
        CheckConstraint(f"kind IN ('{PERSON}', '{GOLD}')", name="known_kind"),
        # At most one gold layer: a partial unique index on the kind.
        Index(
            "ix_annotators_one_gold",
            "kind",
            unique=True,
            sqlite_where=text(f"kind = '{GOLD}'"),
            postgresql_where=text(f"kind = '{GOLD}'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16), default=PERSON, server_default=PERSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ImportRow(Base):
    """One import (one ``annotator import`` or File ▸ Import…) that added documents.

    Documents point to the import that added them, so everything one import brought in can
    be found, listed and removed again.
    """

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: The files and folders as the user named them.
    sources: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The annotator who imported them.
    imported_by: Mapped[str] = mapped_column(String(200))


class DocumentRow(Base):
    """A document: its verbatim text (newlines normalised) and where it came from."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("sha256"), Index("ix_documents_position", "position"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    char_count: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(1000))
    encoding: Mapped[str] = mapped_column(String(40))
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    position: Mapped[int] = mapped_column(Integer)
    #: The import that added it; None for documents added before imports were recorded,
    #: by a merge, or whose import record was removed.
    import_id: Mapped[int | None] = mapped_column(
        ForeignKey("imports.id", ondelete="SET NULL"), index=True
    )


class SpanRow(Base):
    """A labelled range of code points ``[start, end)`` in one document, by one annotator."""

    __tablename__ = "spans"
    __table_args__ = (
        CheckConstraint('start >= 0 AND start < "end"', name="valid_range"),
        Index("ix_spans_document_annotator_start", "document_id", "annotator_id", "start"),
        Index("ix_spans_label_id", "label_id"),
        # Covers "which documents did this annotator use this label in" (the list's label
        # filter) and, as a prefix, every per-annotator count.
        Index("ix_spans_annotator_label_document", "annotator_id", "label_id", "document_id"),
        # Only the spans that carry a note (a few in a thousand): the list's "With notes"
        # filter finds their documents without reading every span of the annotator.
        Index(
            "ix_spans_noted",
            "annotator_id",
            "document_id",
            sqlite_where=text("note IS NOT NULL"),
            postgresql_where=text("note IS NOT NULL"),
        ),
    )

    # A UUID: stable across undo/redo and across project files when they are merged.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"))
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DocumentStatusRow(Base):
    """One annotator's status and note for one document; no row means "new", no note."""

    __tablename__ = "document_status"
    __table_args__ = (Index("ix_document_status_annotator_status", "annotator_id", "status"),)

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SpanProvenanceRow(Base):
    """Where a gold span came from: who proposed it, who agreed, who decided, how and when.

    Keyed by the span's id with no foreign key, on purpose: a gold span removed and put back
    (undo, redo) keeps its id and so its provenance, and the record of a span the curator
    rejected stays as history. Exports join it to the spans that exist.
    """

    __tablename__ = "span_provenance"

    span_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: The annotator whose span it was (the earliest, where several had it); None for a span
    #: the curator added.
    proposed_by: Mapped[str | None] = mapped_column(String(200))
    #: The other annotators whose layers held the same span (same label and bounds).
    agreed_by: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The curator who accepted, edited or added it (or who chose the pre-acceptance rule).
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: How it was decided: "accepted", "added", or "pre-accepted: <rule>".
    decision: Mapped[str] = mapped_column(String(40))


class DocumentOriginalRow(Base):
    """The file a document's text was extracted from (an HTML page), compressed, with the
    map from each block of the text to the element it came from.

    One row per document at most; it goes with its document.
    """

    __tablename__ = "document_originals"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    #: The file's IANA media type ("text/html").
    media_type: Mapped[str] = mapped_column(String(100))
    #: How ``data`` is compressed ("zlib").
    compression: Mapped[str] = mapped_column(String(16))
    #: The file's size in bytes before compression: a reader never inflates more.
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    #: The block map, as :func:`annotator.core.originals.structure_of` writes it.
    structure: Mapped[dict[str, Any]] = mapped_column(JSON)


class SpanOriginRow(Base):
    """Where a span that began as a suggestion came from: the recommender, its version, the
    score it gave and when the annotator accepted it.

    Keyed by the span's id with no foreign key, like :class:`SpanProvenanceRow`: an accepted
    span removed and put back (undo, redo) keeps its id and so its origin. Exports join it
    to the spans that exist.
    """

    __tablename__ = "span_origins"

    span_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    #: The recommender's name ("detector", "learned").
    recommender: Mapped[str] = mapped_column(String(64))
    #: The recommender's version (a model's version names the data it was trained on).
    version: Mapped[str] = mapped_column(String(64))
    score: Mapped[float] = mapped_column(Float)
    #: The reason the suggestion showed ("repeated on 14 pages").
    reason: Mapped[str] = mapped_column(String(500))
    accepted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: The label it was suggested with (the span may carry another: accepted as that).
    label: Mapped[str | None] = mapped_column(String(100))


class SuggestionRejectionRow(Base):
    """A suggestion an annotator rejected: not suggested to them again."""

    __tablename__ = "suggestion_rejections"
    __table_args__ = (
        UniqueConstraint("annotator_id", "document_id", "label_id", "start", "end"),
        CheckConstraint('start >= 0 AND start < "end"', name="valid_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    annotator_id: Mapped[int] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    #: The recommender whose suggestion it was.
    recommender: Mapped[str] = mapped_column(String(64))
    rejected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SuggestionModelRow(Base):
    """A trained recommender of one annotator, saved as data (never pickled).

    One row per annotator and recommender; training again replaces it.
    """

    __tablename__ = "suggestion_models"

    annotator_id: Mapped[int] = mapped_column(
        ForeignKey("annotators.id", ondelete="CASCADE"), primary_key=True
    )
    recommender: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    trained_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    #: How many labelled documents and spans it learned from.
    documents: Mapped[int] = mapped_column(Integer)
    spans: Mapped[int] = mapped_column(Integer)
    #: The model's parameters, as the recommender's ``to_bytes`` writes them.
    data: Mapped[bytes] = mapped_column(LargeBinary)
