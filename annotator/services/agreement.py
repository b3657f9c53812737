"""Agreement between annotators' layers: read them from the store, score them in the core."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Literal

from sqlalchemy import Connection, func, select, union

from annotator.core.agreement import AgreementReport, DocumentLayers, compute_agreement
from annotator.core.model import DocStatus
from annotator.errors import AnnotatorError
from annotator.services.store import Store
from annotator.store.schema import (
    PERSON,
    AnnotatorRow,
    DocumentRow,
    DocumentStatusRow,
    LabelRow,
    SpanRow,
)

#: Which documents to compare: those every compared annotator marked done, or every one any
#: of them touched (gave a span or a status).
DocumentChoice = Literal["done", "all"]
_BATCH = 500


class AgreementError(AnnotatorError):
    """The comparison cannot be made as asked (unknown annotator, too few, cancelled)."""


class AgreementService:
    """Compares annotators' layers; one read transaction per comparison."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def compare(
        self,
        annotators: Sequence[str] | None = None,
        documents: DocumentChoice = "done",
        progress: Callable[[int, int, str], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> AgreementReport:
        """Agreement of ``annotators`` (default: everyone with a span) over ``documents``.

        Reads the chosen layers a batch of documents at a time (two queries per batch), so
        the window can run it on a worker thread: ``progress(done, total, message)`` is called
        before each batch and ``should_stop()`` checked there.

        Raises:
            AgreementError: An annotator is unknown, fewer than two are compared, or
                ``should_stop`` asked to stop.
        """
        with self._store.reading() as session:
            connection = session.connection()
            layers_of = connection.execute(
                select(AnnotatorRow.id, AnnotatorRow.name, AnnotatorRow.kind)
            ).all()
            names = {row[0]: row[1] for row in layers_of}
            # The gold standard joins only when named: by default people are compared.
            people = {row[0] for row in layers_of if row[2] == PERSON}
            chosen = _chosen(connection, names, annotators, people)
            labels = connection.execute(
                select(LabelRow.id, LabelRow.name).order_by(LabelRow.position, LabelRow.id)
            ).all()
            codes = {label_id: code for code, (label_id, _name) in enumerate(labels, start=1)}
            present = _documents(connection, [i for i, _n in chosen], documents)
            layers = _layers(connection, chosen, codes, present, progress, should_stop)
            report = compute_agreement([n for _i, n in chosen], [n for _i, n in labels], layers)
        report.choices["annotators"] = (
            "as given"
            if annotators
            else "every annotator with at least one span (the gold standard only when named)"
        )
        report.choices["documents"] = (
            f"{len(present)} document(s) every compared annotator marked done"
            if documents == "done"
            else f"{len(present)} document(s) any compared annotator gave a span or a status"
        )
        return report


def _chosen(
    connection: Connection,
    names: dict[int, str],
    wanted: Sequence[str] | None,
    people: set[int],
) -> list[tuple[int, str]]:
    """``(id, name)`` of the compared annotators, in the order given (or, by default, every
    person with a span, by name)."""
    if wanted:
        ids = {name: ident for ident, name in names.items()}
        unknown = [name for name in wanted if name not in ids]
        if unknown:
            raise AgreementError(f"No annotator called {unknown[0]!r} in this project.")
        chosen = [(ids[name], name) for name in dict.fromkeys(wanted)]
    else:
        with_spans = connection.scalars(select(SpanRow.annotator_id).distinct()).all()
        chosen = sorted(
            ((i, names[i]) for i in with_spans if i in people), key=lambda p: p[1].casefold()
        )
    if len(chosen) < 2:
        found = ", ".join(name for _i, name in chosen) or "none"
        raise AgreementError(
            f"Agreement needs at least two annotators with layers; found {len(chosen)} ({found})."
        )
    return chosen


def _documents(
    connection: Connection, annotators: list[int], choice: DocumentChoice
) -> dict[int, set[int]]:
    """Document id -> the compared annotators taking part in it, in document order."""
    if choice == "done":
        done = (
            select(DocumentStatusRow.document_id)
            .where(
                DocumentStatusRow.annotator_id.in_(annotators),
                DocumentStatusRow.status == DocStatus.DONE.value,
            )
            .group_by(DocumentStatusRow.document_id)
            .having(func.count() == len(annotators))
        )
        ids = connection.scalars(
            select(DocumentRow.id).where(DocumentRow.id.in_(done)).order_by(DocumentRow.position)
        ).all()
        return {ident: set(annotators) for ident in ids}
    touched = union(
        select(SpanRow.document_id, SpanRow.annotator_id).where(
            SpanRow.annotator_id.in_(annotators)
        ),
        select(DocumentStatusRow.document_id, DocumentStatusRow.annotator_id).where(
            DocumentStatusRow.annotator_id.in_(annotators),
            DocumentStatusRow.status != DocStatus.NEW.value,
        ),
    ).subquery()
    rows = connection.execute(
        select(touched.c.document_id, touched.c.annotator_id)
        .join(DocumentRow, DocumentRow.id == touched.c.document_id)
        .order_by(DocumentRow.position, DocumentRow.id)
    ).all()
    present: dict[int, set[int]] = {}
    for document_id, annotator_id in rows:
        present.setdefault(document_id, set()).add(annotator_id)
    return present


def _layers(
    connection: Connection,
    chosen: list[tuple[int, str]],
    codes: dict[int, int],
    present: dict[int, set[int]],
    progress: Callable[[int, int, str], None] | None,
    should_stop: Callable[[], bool] | None,
) -> Iterator[DocumentLayers]:
    """The documents with their layers, read a batch of documents at a time."""
    index = {annotator_id: k for k, (annotator_id, _name) in enumerate(chosen)}
    ids = list(present)
    for first in range(0, len(ids), _BATCH):
        if should_stop and should_stop():
            raise AgreementError("Agreement cancelled.")
        if progress:
            progress(first, len(ids), f"{first:,} of {len(ids):,} documents")
        batch = ids[first : first + _BATCH]
        spans: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
        for document_id, annotator_id, label_id, start, end in connection.execute(
            select(
                SpanRow.document_id,
                SpanRow.annotator_id,
                SpanRow.label_id,
                SpanRow.start,
                SpanRow.end,
            ).where(SpanRow.document_id.in_(batch), SpanRow.annotator_id.in_(list(index)))
        ):
            spans.setdefault((document_id, annotator_id), []).append((start, end, codes[label_id]))
        texts = dict(
            connection.execute(
                select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(batch))
            ).all()
        )
        for document_id in batch:
            layers = {index[who]: spans.get((document_id, who), []) for who in present[document_id]}
            yield DocumentLayers(texts[document_id], layers)
    if progress:
        progress(len(ids), len(ids), f"{len(ids):,} documents compared")
