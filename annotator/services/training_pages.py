"""What a layer's recommender learns from: its labelled documents, as far as it has read them.

Only the documents the layer labels count. A page the layer has not marked done is cut after
the line of its last span: what follows has not been read yet, and learning it as "no label"
would teach the model that the boilerplate further down is not boilerplate.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.core.model import DocStatus
from annotator.core.suggestions.base import LabelledPage, Page
from annotator.services.originals import page_structures
from annotator.store.schema import DocumentRow, DocumentStatusRow, LabelRow, SpanRow


def labelled_pages(session: Session, layer_id: int) -> tuple[LabelledPage, ...]:
    """The documents the layer has spans on, each with those spans (and an HTML page's block
    map), in project order.

    A page the layer has not marked done is cut after the line of its last span: what
    follows has not been read yet, and learning it as "no label" would teach the model that
    the boilerplate further down is not boilerplate.
    """
    spans = session.execute(
        select(SpanRow.document_id, SpanRow.start, SpanRow.end, LabelRow.name)
        .join(LabelRow, LabelRow.id == SpanRow.label_id)
        .where(SpanRow.annotator_id == layer_id)
        .order_by(SpanRow.document_id, SpanRow.start, SpanRow.end)
    ).all()
    by_document: dict[int, list[tuple[int, int, str]]] = {}
    for document_id, start, end, label in spans:
        by_document.setdefault(document_id, []).append((start, end, label))
    if not by_document:
        return ()
    texts = session.execute(
        select(DocumentRow.id, DocumentRow.text)
        .where(
            DocumentRow.id.in_(select(SpanRow.document_id).where(SpanRow.annotator_id == layer_id))
        )
        .order_by(DocumentRow.position)
    ).all()
    structures = page_structures(session, by_document)
    done = set(
        session.scalars(
            select(DocumentStatusRow.document_id).where(
                DocumentStatusRow.annotator_id == layer_id,
                DocumentStatusRow.status == DocStatus.DONE.value,
            )
        )
    )
    pages: list[LabelledPage] = []
    for document_id, whole in texts:
        marked = tuple(by_document[document_id])
        text = whole if document_id in done else _read_so_far(whole, max(s[1] for s in marked))
        pages.append(LabelledPage(Page(document_id, text, structures.get(document_id)), marked))
    return tuple(pages)


def _read_so_far(text: str, last_end: int) -> str:
    """``text`` up to the end of the line where the last span ends."""
    cut = text.find("\n", max(last_end - 1, 0))
    return text if cut == -1 else text[:cut]
