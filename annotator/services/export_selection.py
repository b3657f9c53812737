"""What an export holds: which layers, and which documents by their annotators' statuses.

Every record names the status, the time it was set and the document note of each layer it
exports (its ``annotators`` object). The status filter is a condition on the document query,
so a project of 100,000 documents is filtered by SQLite, never read document by document.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, String, exists, false, select, true, type_coerce
from sqlalchemy.orm import Session

from annotator.core.model import GOLD_LAYER, DocStatus, Label
from annotator.errors import ExportError
from annotator.services.convert import label_of, parse_stamp
from annotator.store.schema import (
    GOLD,
    AnnotatorRow,
    DocumentRow,
    DocumentStatusRow,
    LabelRow,
    SpanRow,
)

#: A layer's entry in a record's ``annotators`` object: status, when it was set, note.
StatusEntry = dict[str, str | None]
#: The entry of a layer with no status row for a document: "new", never set, no note.
NEW_ENTRY: StatusEntry = {"status": DocStatus.NEW.value, "status_set_at": None, "note": None}


class ExportSelection:
    """The layers an export holds and the statuses it keeps, resolved in its reading.

    Args:
        annotator: One person's layer, or None.
        gold: The gold standard's layer.
        statuses: Keep only documents in one of these statuses (empty: every document). For
            one layer, that layer's status; for every layer, the status of each person
            whose layer holds work (a span or a status anywhere in the project).
    """

    def __init__(
        self, annotator: str | None, gold: bool, statuses: Collection[DocStatus] = ()
    ) -> None:
        if gold and annotator:
            raise ExportError("Export either the gold standard or one annotator's layer.")
        self.annotator = annotator
        self.gold = gold
        self.statuses = frozenset(statuses)
        self.labels: list[Label] = []
        self.label_names: dict[int, str] = {}
        self.layer_names: dict[int, str] = {}
        #: Whose spans are exported; None: every layer's.
        self.layer_ids: list[int] | None = None
        #: Whose status, note and time go into each record, by id (the exported layers that
        #: hold work, in name order).
        self.status_layers: dict[int, str] = {}
        #: Whose statuses the filter looks at.
        self.filter_layers: dict[int, str] = {}

    def resolve(self, session: Session) -> None:
        """Read the labels and layers; refuse a layer the project does not have."""
        self.labels = [
            label_of(row)
            for row in session.scalars(select(LabelRow).order_by(LabelRow.position, LabelRow.id))
        ]
        self.label_names = {label.id: label.name for label in self.labels}
        rows = session.execute(
            select(AnnotatorRow.id, AnnotatorRow.name, AnnotatorRow.kind).order_by(
                AnnotatorRow.name
            )
        )
        layers = {row[0]: (row[1], row[2]) for row in rows}
        self.layer_names = {layer_id: name for layer_id, (name, _kind) in layers.items()}
        if self.gold:
            self.layer_ids = [i for i, (_name, kind) in layers.items() if kind == GOLD]
            if not self.layer_ids:
                raise ExportError(
                    "This project has no gold standard yet: curate its documents first."
                )
        elif self.annotator:
            self.layer_ids = [i for i, (name, _kind) in layers.items() if name == self.annotator]
            if not self.layer_ids:
                people = sorted(
                    (n for n, kind in layers.values() if kind != GOLD), key=str.casefold
                )
                raise ExportError(
                    f"No annotator called {self.annotator!r} in this project (its annotators: "
                    f"{', '.join(people) or 'none yet'})."
                )
        if self.layer_ids is None:
            working = _layers_with_work(session, list(layers))
            self.status_layers = {i: self.layer_names[i] for i in layers if i in working}
            # The gold standard's status says "curated", not "annotated": it does not filter
            # an export of everyone's work (export --gold --status done does that).
            self.filter_layers = {
                i: name for i, name in self.status_layers.items() if layers[i][1] != GOLD
            }
        else:
            self.status_layers = {i: self.layer_names[i] for i in self.layer_ids}
            self.filter_layers = dict(self.status_layers)

    def document_ids(self, session: Session) -> list[int]:
        """The ids of the documents exported, in list order (filtered in SQL)."""
        query = select(DocumentRow.id).where(self._status_condition())
        return list(session.scalars(query.order_by(DocumentRow.position)))

    def _status_condition(self) -> ColumnElement[bool]:
        if not self.statuses:
            return true()
        if not self.filter_layers:  # nobody has worked: every document is "new" to everyone
            return true() if DocStatus.NEW in self.statuses else false()
        wanted = sorted(status.value for status in self.statuses)
        condition: ColumnElement[bool] = true()
        for layer_id in self.filter_layers:
            of_layer = (
                DocumentStatusRow.document_id == DocumentRow.id,
                DocumentStatusRow.annotator_id == layer_id,
            )
            if DocStatus.NEW in self.statuses:
                # No row means "new": keep the documents without a row in another status.
                other = ~DocumentStatusRow.status.in_(wanted)
                condition = condition & ~exists().where(*of_layer, other)
            else:
                chosen = DocumentStatusRow.status.in_(wanted)
                condition = condition & exists().where(*of_layer, chosen)
        return condition

    def describe(self) -> dict[str, Any]:
        """The sidecar's account of the layers."""
        if self.gold:
            return {"exported": "gold", "name": GOLD_LAYER}
        if self.annotator:
            return {"exported": "annotator", "name": self.annotator}
        return {"exported": "all", "names": sorted(self.layer_names.values())}

    def kept_text(self) -> str:
        """Which documents the filter kept, for people ("" without a filter)."""
        if not self.statuses:
            return ""
        chosen = [status.display_name.lower() for status in DocStatus if status in self.statuses]
        states = " or ".join(chosen)
        names = list(self.filter_layers.values())
        if self.gold:
            return f"the documents the gold standard has as {states}"
        if self.annotator:
            return f"the documents {self.annotator} has as {states}"
        if not names:
            if DocStatus.NEW in self.statuses:
                return "every document (nobody has worked on any yet, so all are new)"
            return "no document (nobody has worked on any yet)"
        return f"the documents every annotator ({', '.join(names)}) has as {states}"

    def describe_filter(self) -> dict[str, Any] | None:
        """The sidecar's account of the status filter (None: every document)."""
        if not self.statuses:
            return None
        return {
            "statuses": [status.value for status in DocStatus if status in self.statuses],
            "annotators": sorted(self.filter_layers.values()),
            "rule": "documents that each of these annotators has in one of these statuses "
            "(no status recorded counts as new)",
        }


def _layers_with_work(session: Session, layer_ids: Iterable[int]) -> set[int]:
    """The layers with at least one span or status row (two index probes per layer)."""
    working: set[int] = set()
    for layer_id in layer_ids:
        has_span = exists().where(SpanRow.annotator_id == layer_id)
        has_status = exists().where(DocumentStatusRow.annotator_id == layer_id)
        if session.scalar(select(has_span | has_status)):
            working.add(layer_id)
    return working


def status_entries(
    connection: Connection, batch: list[int], layers: Collection[int]
) -> dict[tuple[int, int], StatusEntry]:
    """Each (document, layer)'s status, when it was set and its note, for ``batch``."""
    if not layers:
        return {}
    query = select(
        DocumentStatusRow.document_id,
        DocumentStatusRow.annotator_id,
        DocumentStatusRow.status,
        type_coerce(DocumentStatusRow.updated_at, String),
        DocumentStatusRow.note,
    ).where(
        DocumentStatusRow.document_id.in_(batch), DocumentStatusRow.annotator_id.in_(list(layers))
    )
    stamps: dict[str, str] = {}
    entries: dict[tuple[int, int], StatusEntry] = {}
    for document_id, layer_id, status, stamp, note in connection.execute(query):
        shown = stamps.get(stamp)
        if shown is None:  # a session's statuses share a handful of stamps
            shown = stamps[stamp] = _iso(parse_stamp(stamp))
        entries[document_id, layer_id] = {"status": status, "status_set_at": shown, "note": note}
    return entries


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
