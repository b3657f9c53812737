"""The rows an export reads: documents, spans and gold provenance a batch at a time, as
Core rows straight from the connection, made into the records the writers take."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, String, null, select, type_coerce

from annotator.formats.base import ExportRecord
from annotator.formats.origins import origin_record
from annotator.services.convert import as_utc
from annotator.services.export_selection import ExportSelection, StatusEntry
from annotator.store.schema import DocumentRow, SpanOriginRow, SpanProvenanceRow, SpanRow

#: A document as exported: id, sha256, title, text, source, encoding, meta.
DocumentTuple = tuple[int, str, str, str, str, str, dict[str, Any] | None]
#: A span as exported: document id, start, end, label id, annotator id, span id (or None),
#: note.
SpanTuple = tuple[int, int, int, int, int, str | None, str | None]


def documents_query(batch: list[int]) -> Select[*DocumentTuple]:
    return (
        select(
            DocumentRow.id,
            DocumentRow.sha256,
            DocumentRow.title,
            DocumentRow.text,
            DocumentRow.source,
            DocumentRow.encoding,
            DocumentRow.meta,
        )
        .where(DocumentRow.id.in_(batch))
        .order_by(DocumentRow.position)
    )


def spans_by_document(
    connection: Connection, batch: list[int], annotators: list[int] | None, with_ids: bool
) -> dict[int, list[SpanTuple]]:
    # Span ids only where provenance is looked up by them: a million 32-character strings
    # cost a tenth of an export that does not need them.
    span_id = SpanRow.id if with_ids else type_coerce(null(), String)
    query = select(
        SpanRow.document_id,
        SpanRow.start,
        SpanRow.end,
        SpanRow.label_id,
        SpanRow.annotator_id,
        span_id,
        SpanRow.note,
    ).where(SpanRow.document_id.in_(batch))
    if annotators is not None:
        query = query.where(SpanRow.annotator_id.in_(annotators))
    grouped: dict[int, list[SpanTuple]] = {}
    for span in connection.execute(query.order_by(SpanRow.start, SpanRow.end, SpanRow.id)).all():
        grouped.setdefault(span[0], []).append(span)
    return grouped


def provenance_of(connection: Connection, batch: list[int]) -> dict[str, dict[str, Any]]:
    """The provenance of the gold spans of ``batch``'s documents, by span id."""
    query = (
        select(
            SpanProvenanceRow.span_id,
            SpanProvenanceRow.proposed_by,
            SpanProvenanceRow.agreed_by,
            SpanProvenanceRow.decided_by,
            SpanProvenanceRow.decided_at,
            SpanProvenanceRow.decision,
        )
        .join(SpanRow, SpanRow.id == SpanProvenanceRow.span_id)
        .where(SpanRow.document_id.in_(batch))
    )
    return {
        span_id: {
            "proposed_by": proposed,
            "agreed_by": list(agreed or []),
            "decided_by": decided_by,
            "decided_at": as_utc(decided_at).isoformat(timespec="seconds"),
            "decision": decision,
        }
        for span_id, proposed, agreed, decided_by, decided_at, decision in connection.execute(
            query
        ).all()
    }


def document_meta(document: DocumentTuple) -> dict[str, Any]:
    """An exported record's ``meta``: the document's metadata with its title, source and
    encoding."""
    _id, _sha256, title, _text, source, encoding, stored_meta = document
    # The stored title, as the window shows it, even where meta holds another (projects
    # imported before readers stopped copying the title column into meta).
    meta = {"title": title, **(stored_meta or {})}
    meta["title"] = title
    meta.setdefault("source", source)
    meta.setdefault("encoding", encoding)
    return meta


def origins_of(connection: Connection, batch: list[int]) -> dict[str, dict[str, Any]]:
    """The origins of the spans of ``batch``'s documents accepted from suggestions, by span
    id (most projects have none, and then an export reads no span ids for them)."""
    query = (
        select(
            SpanOriginRow.span_id,
            SpanOriginRow.recommender,
            SpanOriginRow.version,
            SpanOriginRow.score,
            SpanOriginRow.reason,
            SpanOriginRow.accepted_at,
            SpanOriginRow.label,
        )
        .join(SpanRow, SpanRow.id == SpanOriginRow.span_id)
        .where(SpanRow.document_id.in_(batch))
    )
    return {
        row[0]: origin_record(row[1], row[2], row[3], row[4], as_utc(row[5]), row[6])
        for row in connection.execute(query).all()
    }


def record_of(
    document: DocumentTuple,
    spans: list[SpanTuple],
    selection: ExportSelection,
    provenance: dict[str, dict[str, Any]],
    annotators: dict[str, StatusEntry],
    origins: dict[str, dict[str, Any]] | None = None,
) -> ExportRecord:
    sha256, text = document[1], document[3]
    meta = document_meta(document)
    labels, names = selection.label_names, selection.layer_names
    # One comprehension per case: exports of a million spans spend most of their time here.
    if selection.gold:
        exported = [
            {
                "start": start,
                "end": end,
                "label": labels[label_id],
                "text": text[start:end],
                "annotator": names[annotator_id],
                "note": note,
                "provenance": provenance.get(span_id or ""),
            }
            for _document, start, end, label_id, annotator_id, span_id, note in spans
        ]
    else:
        exported = [
            {
                "start": start,
                "end": end,
                "label": labels[label_id],
                "text": text[start:end],
                "annotator": names[annotator_id],
                "note": note,
            }
            for _document, start, end, label_id, annotator_id, _span_id, note in spans
        ]
    if origins:
        for span, row in zip(exported, spans, strict=True):
            origin = origins.get(row[5] or "")
            if origin is not None:
                span["origin"] = origin
    return {"id": sha256, "text": text, "spans": exported, "meta": meta, "annotators": annotators}
