"""What a merged layer brings of its suggestions: the origins of the spans its annotator
accepted from suggestions, and the suggestions they rejected.

Runs inside the merge's transaction, after :func:`~annotator.services.merge_layers.replace_layer`,
with the same rule: on the file's documents, the team's copy becomes the file's. Trained
models are not merged: each is learned again from the merged labels when suggestions next
train (a model learned on one file's labels would otherwise stand for a layer the merge has
changed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from annotator.core.suggestions.base import Origin
from annotator.services.merge_layers import LayerTarget
from annotator.services.span_batches import write_origins
from annotator.store.schema import SpanOriginRow, SuggestionRejectionRow
from annotator.store.untrusted_rows import IncomingRejection, IncomingSpan

#: Values per ``IN (...)``: below SQLite's bound-variable limit.
_CHUNK = 500
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class SuggestionsMerged:
    """How many origins and rejections of one layer the merge wrote."""

    origins: int
    rejections: int

    def describe(self, layer: str) -> str | None:
        """A line for the merge report; None when the layer had neither."""
        if not (self.origins or self.rejections):
            return None
        return (
            f"layer {layer!r}: {self.origins} span(s) accepted from suggestions keep their "
            f"origin; {self.rejections} rejected suggestion(s) stay rejected"
        )


def merge_suggestions(
    session: Session,
    target: LayerTarget,
    spans: Sequence[IncomingSpan],
    origins: dict[str, Origin],
    rejections: Sequence[IncomingRejection],
) -> SuggestionsMerged:
    """Carry the layer's origins (of its spans on the merged documents) and replace its
    rejections on those documents with the file's."""
    merged = [span.id for span in spans if span.document_id in target.documents]
    connection = session.connection()
    # The file is the truth for its spans: an origin the team has but the file does not is
    # dropped, as the span's other fields are replaced.
    for ids in _chunks(merged):
        connection.execute(delete(SpanOriginRow).where(SpanOriginRow.span_id.in_(ids)))
    carried = [(span_id, origins[span_id]) for span_id in merged if span_id in origins]
    write_origins(connection, carried)
    documents = sorted(set(target.documents.values()))
    for chunk in _chunks(documents):
        connection.execute(
            delete(SuggestionRejectionRow).where(
                SuggestionRejectionRow.annotator_id == target.annotator_id,
                SuggestionRejectionRow.document_id.in_(chunk),
            )
        )
    # Keyed as the table's unique constraint: two labels of the file that differ only in
    # case are one label of the team.
    rows = {
        (target.documents[row.document_id], target.labels[row.label_id], row.start, row.end): {
            "annotator_id": target.annotator_id,
            "document_id": target.documents[row.document_id],
            "label_id": target.labels[row.label_id],
            "start": row.start,
            "end": row.end,
            "recommender": row.recommender,
            "rejected_at": row.rejected_at,
        }
        for row in rejections
        if row.document_id in target.documents
    }
    if rows:
        connection.execute(insert(SuggestionRejectionRow), list(rows.values()))
    return SuggestionsMerged(len(carried), len(rows))


def _chunks(values: list[_T]) -> Iterable[list[_T]]:
    return (values[first : first + _CHUNK] for first in range(0, len(values), _CHUNK))
