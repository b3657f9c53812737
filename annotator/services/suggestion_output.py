"""Suggestions for many documents as records in the export's JSONL shape, for scripts.

What ``annotator suggest`` writes: one record per document, ``{"id", "text", "spans",
"meta"}`` as an export's, each span a suggestion for text the annotator has not labelled
(nor rejected there), ``{"start", "end", "label", "text", "score", "source", "version",
"reason"}``. Reading is all it does: nothing is stored.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from annotator.core.boilerplate import CorpusLines
from annotator.core.suggestions.base import (
    Context,
    Page,
    Recommender,
    Suggestion,
    TrainedRecommender,
    ask,
)
from annotator.formats.base import ExportRecord
from annotator.services.export_rows import DocumentTuple, document_meta, documents_query
from annotator.services.originals import page_structures
from annotator.services.project_settings import thresholds_in
from annotator.services.suggestion_rejections import RejectedRanges
from annotator.services.suggestions import DEFAULT_THRESHOLD, visible
from annotator.services.transactions import Store
from annotator.store.schema import DocumentRow, LabelRow, SpanRow, SuggestionRejectionRow

#: Documents read at a time.
_BATCH = 200


@dataclass(frozen=True, slots=True)
class _Batch:
    """One batch of documents, with the layer's spans and rejections on them."""

    documents: Sequence[DocumentTuple]
    taken: dict[int, list[tuple[int, int]]]
    rejected: dict[int, RejectedRanges]
    structures: dict[int, dict[str, Any]]


def all_documents(store: Store) -> list[int]:
    """Every document's id, in the project's order."""
    with store.reading() as session:
        return list(session.scalars(select(DocumentRow.id).order_by(DocumentRow.position)))


def suggestion_records(
    store: Store,
    corpus: CorpusLines,
    layer_id: int,
    recommenders: Sequence[Recommender],
    trained: TrainedRecommender | None,
    document_ids: Sequence[int],
    min_score: float | None,
    learned_from: int = 0,
) -> Iterator[ExportRecord]:
    """A record per document (in the order given) with its suggestions for the layer.

    Args:
        corpus: The project's lines, counted (see ``SuggestionService.corpus``).
        layer_id: Whose unlabelled text is suggested for (-1: nobody's, so all of it).
        recommenders: Those asked; where they overlap, the higher score wins.
        trained: The annotator's trained recommender, if any (see ``base.ask``).
        learned_from: How many documents it learned from.
        min_score: Suggestions scoring under this are left out; None: under their label's
            threshold, as the window shows them.
    """
    with store.reading() as session:
        label_rows = session.execute(
            select(LabelRow.id, LabelRow.name).order_by(LabelRow.position, LabelRow.id)
        ).all()
        by_id = thresholds_in(session)
    labels = tuple(row[1] for row in label_rows)
    thresholds = {
        name: (by_id.get(key, DEFAULT_THRESHOLD) if min_score is None else min_score)
        for key, name in label_rows
    }
    context = Context(labels, corpus)
    ids = list(document_ids)
    for first in range(0, len(ids), _BATCH):
        batch = _read(store, ids[first : first + _BATCH], layer_id)
        for document in batch.documents:
            key, text = document[0], document[3]
            page = Page(key, text, batch.structures.get(key))
            found = ask(recommenders, trained, page, context, learned_from)
            rejected = batch.rejected.get(key, RejectedRanges())
            kept = visible(found, thresholds, rejected, batch.taken.get(key, []))
            yield {
                "id": document[1],
                "text": text,
                "spans": [_span(s, text) for s in kept],
                "meta": document_meta(document),
            }


def _read(store: Store, ids: list[int], layer_id: int) -> _Batch:
    """The batch's documents in the order of ``ids``, and the layer's work on them."""
    with store.reading() as session:
        connection = session.connection()
        rows = {row[0]: row for row in connection.execute(documents_query(ids)).all()}
        taken: dict[int, list[tuple[int, int]]] = {}
        for document_id, start, end in connection.execute(
            select(SpanRow.document_id, SpanRow.start, SpanRow.end).where(
                SpanRow.annotator_id == layer_id, SpanRow.document_id.in_(ids)
            )
        ):
            taken.setdefault(document_id, []).append((start, end))
        rejected = _rejected(connection, ids, layer_id)
        structures = page_structures(session, ids)
    documents = [rows[i] for i in ids if i in rows]
    return _Batch(documents, taken, rejected, structures)


def _rejected(connection: Connection, ids: list[int], layer_id: int) -> dict[int, RejectedRanges]:
    """The ranges the layer rejected on these documents, by document."""
    query = (
        select(
            SuggestionRejectionRow.document_id,
            SuggestionRejectionRow.start,
            SuggestionRejectionRow.end,
            LabelRow.name,
        )
        .join(LabelRow, LabelRow.id == SuggestionRejectionRow.label_id)
        .where(
            SuggestionRejectionRow.annotator_id == layer_id,
            SuggestionRejectionRow.document_id.in_(ids),
        )
    )
    found: dict[int, list[tuple[str, int, int]]] = {}
    for document_id, start, end, label in connection.execute(query):
        found.setdefault(document_id, []).append((label, start, end))
    return {document_id: RejectedRanges(ranges) for document_id, ranges in found.items()}


def _span(suggestion: Suggestion, text: str) -> dict[str, Any]:
    return {
        "start": suggestion.start,
        "end": suggestion.end,
        "label": suggestion.label,
        "text": text[suggestion.start : suggestion.end],
        "score": suggestion.score,
        "source": suggestion.source,
        "version": suggestion.version,
        "reason": suggestion.reason,
    }
