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
from annotator.core.suggestions.base import Context, Page, Recommender, Suggestion, combine
from annotator.formats.base import ExportRecord
from annotator.services.export_rows import DocumentTuple, document_meta, documents_query
from annotator.services.suggestions import uncovered
from annotator.services.transactions import Store
from annotator.store.schema import DocumentRow, LabelRow, SpanRow, SuggestionRejectionRow

#: Documents read at a time.
_BATCH = 200


@dataclass(frozen=True, slots=True)
class _Batch:
    """One batch of documents, with the layer's spans and rejections on them."""

    documents: Sequence[DocumentTuple]
    taken: dict[int, list[tuple[int, int]]]
    rejected: dict[int, set[tuple[int, int, str]]]


def all_documents(store: Store) -> list[int]:
    """Every document's id, in the project's order."""
    with store.reading() as session:
        return list(session.scalars(select(DocumentRow.id).order_by(DocumentRow.position)))


def suggestion_records(
    store: Store,
    corpus: CorpusLines,
    layer_id: int,
    recommenders: Sequence[Recommender],
    document_ids: Sequence[int],
    min_score: float,
) -> Iterator[ExportRecord]:
    """A record per document (in the order given) with its suggestions for the layer.

    Args:
        corpus: The project's lines, counted (see ``SuggestionService.corpus``).
        layer_id: Whose unlabelled text is suggested for (-1: nobody's, so all of it).
        recommenders: Those asked; where they overlap, the higher score wins.
        min_score: Suggestions scoring under this are left out.
    """
    with store.reading() as session:
        labels = tuple(
            session.scalars(select(LabelRow.name).order_by(LabelRow.position, LabelRow.id))
        )
    context = Context(labels, corpus)
    ids = list(document_ids)
    for first in range(0, len(ids), _BATCH):
        batch = _read(store, ids[first : first + _BATCH], layer_id)
        for document in batch.documents:
            key, text = document[0], document[3]
            page = Page(key, text)
            found = [s for r in recommenders for s in r.suggest(page, context)]
            # A rejected suggestion goes before the overlaps are settled: it must not hide
            # another that overlaps it.
            rejected = batch.rejected.get(key, set())
            shown = combine(s for s in found if s.score >= min_score and s.key not in rejected)
            kept = uncovered(shown, batch.taken.get(key, []))
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
    documents = [rows[i] for i in ids if i in rows]
    return _Batch(documents, taken, rejected)


def _rejected(
    connection: Connection, ids: list[int], layer_id: int
) -> dict[int, set[tuple[int, int, str]]]:
    """The suggestions the layer rejected on these documents, as (start, end, label name)."""
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
    rejected: dict[int, set[tuple[int, int, str]]] = {}
    for document_id, start, end, label in connection.execute(query):
        rejected.setdefault(document_id, set()).add((start, end, label))
    return rejected


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
