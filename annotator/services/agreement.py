"""Agreement between annotators' layers: read them from the store, score them in the core."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, func, select, union

from annotator.core.agreement import AgreementReport, DocumentLayers, compute_agreement
from annotator.core.disagreements import PairComparison
from annotator.core.model import DocStatus
from annotator.errors import AnnotatorError
from annotator.services.transactions import Store
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

    def people_with_spans(self) -> list[str]:
        """The annotators compared by default: every person with a span, by name."""
        with self._store.reading() as session:
            connection = session.connection()
            names, people = _layer_names(connection)
            with_spans = connection.scalars(select(SpanRow.annotator_id).distinct()).all()
        return sorted((names[i] for i in with_spans if i in people), key=str.casefold)

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
        return self._compare(annotators, documents, None, progress, should_stop).report

    def compare_pair(
        self,
        pair: tuple[str, str],
        annotators: Sequence[str] | None = None,
        documents: DocumentChoice = "done",
        progress: Callable[[int, int, str], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> PairReport:
        """:meth:`compare`, and in the same read the confusion matrix and disagreement rows
        of ``pair`` (two of the compared annotators) over the documents both have.

        Raises:
            AgreementError: As :meth:`compare`, or ``pair`` is not two of the compared.
        """
        return self._compare(annotators, documents, pair, progress, should_stop)

    def _compare(
        self,
        annotators: Sequence[str] | None,
        documents: DocumentChoice,
        pair: tuple[str, str] | None,
        progress: Callable[[int, int, str], None] | None,
        should_stop: Callable[[], bool] | None,
    ) -> PairReport:
        with self._store.reading() as session:
            connection = session.connection()
            names, people = _layer_names(connection)
            chosen = _chosen(connection, names, annotators, people)
            labels = connection.execute(
                select(LabelRow.id, LabelRow.name).order_by(LabelRow.position, LabelRow.id)
            ).all()
            codes = {label_id: code for code, (label_id, _name) in enumerate(labels, start=1)}
            present = _documents(connection, [i for i, _n in chosen], documents)
            watch = _PairWatch(pair, [n for _i, n in chosen], [n for _i, n in labels])
            layers = _layers(connection, chosen, codes, present, progress, should_stop, watch.see)
            report = compute_agreement([n for _i, n in chosen], [n for _i, n in labels], layers)
            titles = _titles(connection, {d.document_id for d in watch.result.disagreements})
        _describe(report, annotators, documents, len(present))
        return PairReport(report, watch.pair, watch.result, titles)


def _describe(
    report: AgreementReport, annotators: Sequence[str] | None, documents: DocumentChoice, count: int
) -> None:
    report.choices["annotators"] = (
        "as given"
        if annotators
        else "every annotator with at least one span (the gold standard only when named)"
    )
    report.choices["documents"] = (
        f"{count} document(s) every compared annotator marked done"
        if documents == "done"
        else f"{count} document(s) any compared annotator gave a span or a status"
    )


@dataclass(frozen=True, slots=True)
class PairReport:
    """A comparison with, for one pair, where the two differ.

    Attributes:
        report: The agreement of every compared annotator.
        pair: The two annotators of ``comparison`` (``a`` rows, ``b`` columns).
        comparison: Their confusion matrix and disagreement rows.
        titles: Document id -> title, for every document with a disagreement row.
    """

    report: AgreementReport
    pair: tuple[str, str]
    comparison: PairComparison
    titles: dict[int, str]


class _PairWatch:
    """Feeds the chosen pair's layers of each document to a :class:`PairComparison`."""

    def __init__(
        self, pair: tuple[str, str] | None, annotators: list[str], labels: list[str]
    ) -> None:
        self.pair = pair or (annotators[0], annotators[1])
        missing = [name for name in self.pair if name not in annotators]
        if missing:
            raise AgreementError(f"{missing[0]!r} is not one of the compared annotators.")
        if self.pair[0] == self.pair[1]:
            raise AgreementError("Choose two different annotators to compare as a pair.")
        self._a, self._b = annotators.index(self.pair[0]), annotators.index(self.pair[1])
        self.result = PairComparison(labels)

    def see(self, document_id: int, document: DocumentLayers) -> None:
        layers = document.layers
        if self._a in layers and self._b in layers:
            self.result.add(document_id, document.text, layers[self._a], layers[self._b])


def _titles(connection: Connection, ids: set[int]) -> dict[int, str]:
    titles: dict[int, str] = {}
    wanted = list(ids)
    for first in range(0, len(wanted), _BATCH):
        batch = wanted[first : first + _BATCH]
        rows = connection.execute(
            select(DocumentRow.id, DocumentRow.title).where(DocumentRow.id.in_(batch))
        )
        titles.update((ident, title) for ident, title in rows)
    return titles


def _layer_names(connection: Connection) -> tuple[dict[int, str], set[int]]:
    """Every layer's name by id, and the ids of the people's layers.

    The gold standard joins a comparison only when named: by default people are compared.
    """
    rows = connection.execute(select(AnnotatorRow.id, AnnotatorRow.name, AnnotatorRow.kind))
    layers = [(row[0], row[1], row[2]) for row in rows]
    return {i: name for i, name, _kind in layers}, {i for i, _n, kind in layers if kind == PERSON}


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
            known = ", ".join(sorted(ids, key=str.casefold)) or "none yet"
            raise AgreementError(
                f"No annotator called {unknown[0]!r} in this project (its annotators: {known})."
            )
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
    see: Callable[[int, DocumentLayers], None],
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
            document = DocumentLayers(texts[document_id], layers)
            see(document_id, document)
            yield document
    if progress:
        progress(len(ids), len(ids), f"{len(ids):,} documents compared")
