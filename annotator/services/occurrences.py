"""Finding every occurrence of a labelled text in the other documents of a project.

The occurrences become suggestions (see :mod:`annotator.core.suggestions.occurrences`),
never spans: the annotator visits and accepts them like any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from annotator.core.suggestions.base import Suggestion
from annotator.core.suggestions.occurrences import OCCURRENCE, occurrences
from annotator.services.transactions import Store
from annotator.store.schema import DocumentRow, SpanRow

#: Documents read per query: texts can be megabytes each.
_BATCH = 32
#: Occurrences are exact copies of text the annotator labelled: shown whatever the threshold.
OCCURRENCE_SCORE = 1.0


@dataclass(frozen=True, slots=True)
class Offer:
    """What :func:`find_elsewhere` found.

    Attributes:
        suggestions: By document id, the occurrences no span of the layer overlaps.
        covered: Occurrences left out because the layer already labels text there.
    """

    suggestions: dict[int, list[Suggestion]]
    covered: int

    @property
    def count(self) -> int:
        """How many suggestions were found."""
        return sum(len(found) for found in self.suggestions.values())


def find_elsewhere(
    store: Store, needle: str, label: str, document_id: int, layer_id: int, title: str
) -> Offer:
    """The whole-word occurrences of ``needle`` in every document but ``document_id``, as
    suggestions of ``label`` ("same text as you labelled in <title>").

    Args:
        store: The project.
        needle: The labelled text.
        label: The label's name.
        document_id: Where it was labelled (left out).
        layer_id: Whose spans make an occurrence needless (it is counted as covered).
        title: That document's title, for the reason.
    """
    reason = f"same text as you labelled in “{title[:80]}”"
    found: dict[int, list[Suggestion]] = {}
    covered = 0
    with store.reading() as session:
        for other, text in _texts_holding(session, needle, document_id):
            taken = session.execute(
                select(SpanRow.start, SpanRow.end).where(
                    SpanRow.document_id == other, SpanRow.annotator_id == layer_id
                )
            ).all()
            for start, end in occurrences(text, needle):
                if any(s < end and start < e for s, e in taken):
                    covered += 1
                    continue
                suggestion = Suggestion(
                    start, end, label, OCCURRENCE_SCORE, OCCURRENCE, "1", reason
                )
                found.setdefault(other, []).append(suggestion)
    return Offer(found, covered)


def _texts_holding(session: Session, needle: str, skip: int) -> Iterator[tuple[int, str]]:
    """The documents whose text holds ``needle`` (case-sensitive), a batch at a time."""
    where = (func.instr(DocumentRow.text, needle) > 0, DocumentRow.id != skip)
    last: tuple[int, int] | None = None
    order = (DocumentRow.position, DocumentRow.id)
    while True:
        query = (
            select(DocumentRow.id, DocumentRow.text, DocumentRow.position)
            .where(*where)
            .order_by(*order)
            .limit(_BATCH)
        )
        if last is not None:
            query = query.where(tuple_(*order) > tuple_(*last))
        batch = session.execute(query).all()
        if not batch:
            return
        for row in batch:
            yield row[0], row[1]
        last = (batch[-1][2], batch[-1][0])
