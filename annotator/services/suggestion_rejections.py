"""Suggestions an annotator rejected: remembered, so that they are not suggested again.

A rejection is a row of ``suggestion_rejections``: one annotator, one document, one label and
the range the suggestion covered. :class:`SuggestionService` hides every later suggestion of
that label that overlaps a rejected range, whichever recommender makes it. Rejecting several
suggestions at once is one transaction and one :class:`Rejection`, whose :meth:`undo
<SuggestionRejections.undo>` removes exactly the rows it wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, tuple_
from sqlalchemy.orm import Session

from annotator.core.range_index import RangeIndex
from annotator.core.suggestions.base import Suggestion
from annotator.errors import AnnotatorError
from annotator.services.events import ProjectEvents
from annotator.services.transactions import Store
from annotator.store.schema import (
    AnnotatorRow,
    DocumentRow,
    LabelRow,
    SuggestionRejectionRow,
    utcnow,
)

#: Rows per ``IN (...)``, under SQLite's bound-variable limit.
_CHUNK = 400


@dataclass(frozen=True, slots=True)
class Rejection:
    """What one rejection wrote, for undo and redo.

    Attributes:
        document_id: The document.
        layer_id: The annotator who rejected.
        suggestions: The suggestions rejected (those already rejected before left out).
        row_ids: The rows written (empty once undone).
    """

    document_id: int
    layer_id: int
    suggestions: tuple[Suggestion, ...]
    row_ids: tuple[int, ...] = ()


class SuggestionRejections:
    """Writes and removes rejections, and announces them.

    Args:
        store: Where the project lives.
        events: Where ``suggestions_rejected`` is announced after commit.
    """

    def __init__(self, store: Store, events: ProjectEvents) -> None:
        self._store = store
        self._events = events

    def reject(
        self, document_id: int, layer_id: int, suggestions: Sequence[Suggestion]
    ) -> Rejection:
        """Remember that the annotator of ``layer_id`` rejected these suggestions.

        Suggestions already rejected (same label and range) are left out of the result.

        Raises:
            AnnotatorError: The document, the layer or a suggestion's label is gone; nothing
                was written.
        """
        with self._store.transaction() as session:
            label_ids = _label_ids(session, document_id, layer_id, suggestions)
            known = _already_rejected(session, document_id, layer_id)
            fresh: list[Suggestion] = []
            for suggestion in suggestions:
                key = (label_ids[suggestion.label], suggestion.start, suggestion.end)
                if key not in known:
                    known.add(key)
                    fresh.append(suggestion)
            ids = _insert(session, document_id, layer_id, label_ids, fresh)
        rejection = Rejection(document_id, layer_id, tuple(fresh), ids)
        self._events.suggestions_rejected.emit(document_id, layer_id)
        return rejection

    def undo(self, rejection: Rejection) -> Rejection:
        """Forget the rows ``rejection`` wrote (and only those); returns it without them."""
        with self._store.transaction() as session:
            for start in range(0, len(rejection.row_ids), _CHUNK):
                chunk = rejection.row_ids[start : start + _CHUNK]
                session.execute(
                    delete(SuggestionRejectionRow).where(SuggestionRejectionRow.id.in_(chunk))
                )
        self._events.suggestions_rejected.emit(rejection.document_id, rejection.layer_id)
        return Rejection(rejection.document_id, rejection.layer_id, rejection.suggestions)

    def redo(self, rejection: Rejection) -> Rejection:
        """Reject the same suggestions again; returns the rejection with its new rows."""
        return self.reject(rejection.document_id, rejection.layer_id, rejection.suggestions)

    def count(self, layer_id: int) -> int:
        """How many suggestions the annotator of ``layer_id`` has rejected in the project."""
        with self._store.reading() as session:
            query = (
                select(func.count())
                .select_from(SuggestionRejectionRow)
                .where(SuggestionRejectionRow.annotator_id == layer_id)
            )
            return int(session.scalar(query) or 0)


def _label_ids(
    session: Session, document_id: int, layer_id: int, suggestions: Sequence[Suggestion]
) -> dict[str, int]:
    """The ids of the suggestions' labels, by name, once the document and layer are known
    to exist."""
    if session.get(DocumentRow, document_id) is None:
        raise AnnotatorError(f"Document {document_id} is not in this project.")
    if session.get(AnnotatorRow, layer_id) is None:
        raise AnnotatorError("That annotator's layer is not in this project.")
    names = {suggestion.label for suggestion in suggestions}
    found = dict(
        session.execute(select(LabelRow.name, LabelRow.id).where(LabelRow.name.in_(names))).all()
    )
    missing = names - found.keys()
    if missing:
        raise AnnotatorError(f"The label {sorted(missing)[0]!r} no longer exists.")
    return {str(name): int(label_id) for name, label_id in found.items()}


def _already_rejected(
    session: Session, document_id: int, layer_id: int
) -> set[tuple[int, int, int]]:
    query = select(
        SuggestionRejectionRow.label_id, SuggestionRejectionRow.start, SuggestionRejectionRow.end
    ).where(
        SuggestionRejectionRow.document_id == document_id,
        SuggestionRejectionRow.annotator_id == layer_id,
    )
    return {(row[0], row[1], row[2]) for row in session.execute(query)}


def _insert(
    session: Session,
    document_id: int,
    layer_id: int,
    label_ids: Mapping[str, int],
    suggestions: Sequence[Suggestion],
) -> tuple[int, ...]:
    """Insert one row per suggestion; returns the new rows' ids."""
    if not suggestions:
        return ()
    now = utcnow()
    rows = [
        {
            "annotator_id": layer_id,
            "document_id": document_id,
            "label_id": label_ids[s.label],
            "start": s.start,
            "end": s.end,
            "recommender": s.source[:64],
            "rejected_at": now,
        }
        for s in suggestions
    ]
    session.execute(insert(SuggestionRejectionRow), rows)
    # Read back by their unique key: SQLite hands out no ids for a many-row insert.
    ids: list[int] = []
    keys = [(row["label_id"], row["start"], row["end"]) for row in rows]
    for start in range(0, len(keys), _CHUNK):
        query = select(SuggestionRejectionRow.id).where(
            SuggestionRejectionRow.document_id == document_id,
            SuggestionRejectionRow.annotator_id == layer_id,
            tuple_(
                SuggestionRejectionRow.label_id,
                SuggestionRejectionRow.start,
                SuggestionRejectionRow.end,
            ).in_(keys[start : start + _CHUNK]),
        )
        ids.extend(session.scalars(query))
    return tuple(sorted(ids))


class RejectedRanges:
    """The ranges one annotator rejected in one document, by label name, asked "does this
    suggestion overlap one of them?".

    Args:
        ranges: ``(label name, start, end)`` of each rejection.
    """

    def __init__(self, ranges: Iterable[tuple[str, int, int]] = ()) -> None:
        by_label: dict[str, list[tuple[int, int]]] = {}
        for label, start, end in ranges:
            by_label.setdefault(label, []).append((start, end))
        self._by_label = {label: RangeIndex(found) for label, found in by_label.items()}

    def __bool__(self) -> bool:
        return bool(self._by_label)

    def hides(self, suggestion: Suggestion) -> bool:
        """Whether ``suggestion`` overlaps a range rejected with its label."""
        rejected = self._by_label.get(suggestion.label)
        return rejected is not None and rejected.overlaps(suggestion.start, suggestion.end)

    @classmethod
    def read(cls, session: Session, document_id: int, layer_id: int) -> RejectedRanges:
        """The rejections stored for this document and layer."""
        query = (
            select(LabelRow.name, SuggestionRejectionRow.start, SuggestionRejectionRow.end)
            .join(LabelRow, LabelRow.id == SuggestionRejectionRow.label_id)
            .where(
                SuggestionRejectionRow.document_id == document_id,
                SuggestionRejectionRow.annotator_id == layer_id,
            )
        )
        return cls((row[0], row[1], row[2]) for row in session.execute(query))
