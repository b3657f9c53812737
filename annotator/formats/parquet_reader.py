"""Reading Parquet files: ours (see :mod:`annotator.formats.parquet`), or the same simple
layout written by ``datasets`` or pandas.

A file needs a ``text`` column of strings and may have a ``spans`` column of ``{start, end,
label[, annotator][, text][, note][, origin]}`` structs and an ``annotators`` column as ours
(each layer's status, when it was set, and document note, stored by the import's rules in
:mod:`annotator.services.import_layers`). Other layouts are refused with one line naming what
is missing.
"""

from __future__ import annotations

import json
from pathlib import PurePath
from types import ModuleType
from typing import Any

from annotator.core.model import DocumentDraft, LayerState, SpanDraft
from annotator.core.titles import headline
from annotator.errors import InputError
from annotator.formats.base import Reader, ReadOptions
from annotator.formats.layer_states import layer_state, note_of
from annotator.formats.origins import origin_of
from annotator.formats.parquet import COLUMNS, METADATA_KEY, REQUIREMENT, ROWS_PER_GROUP, arrow


def read_parquet(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """Read a table of documents (``text``, optional ``spans``) into drafts."""
    pa, pq = arrow("Reading Parquet files")
    source = options.source_name
    try:
        table_file = pq.ParquetFile(pa.BufferReader(data))
    except (pa.ArrowException, OSError, ValueError) as error:
        raise InputError(source, f"is not a readable Parquet file ({_first_line(error)})") from None
    columns = _readable_columns(pa, table_file.schema_arrow, source)
    drafts: list[DocumentDraft] = []
    try:
        for batch in table_file.iter_batches(batch_size=ROWS_PER_GROUP, columns=columns):
            for row in batch.to_pylist():
                drafts.append(_draft(row, source, len(drafts) + 1))
    except (pa.ArrowException, OSError) as error:
        raise InputError(source, f"cannot be read ({_first_line(error)})") from None
    return drafts


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _readable_columns(pa: ModuleType, table_schema: Any, source: str) -> list[str]:
    """The columns to read; refuse a table that is not one of documents with spans."""
    types = pa.types
    names = table_schema.names
    text = table_schema.field("text").type if "text" in names else None
    if text is None or not (types.is_string(text) or types.is_large_string(text)):
        shown = ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
        raise InputError(
            source,
            f'has no "text" column of strings, so it is not a table of documents '
            f"(its columns: {shown or 'none'})",
        )
    described = (table_schema.metadata or {}).get(METADATA_KEY)
    if described is not None:
        offsets = json.loads(described).get("offsets", "codepoints")
        if offsets != "codepoints":
            raise InputError(
                source,
                f"its span offsets count {offsets} units (exported with --offsets {offsets}); "
                "only an export in code points can be imported",
            )
    if "spans" in names and not _is_span_list(pa, table_schema.field("spans").type):
        raise InputError(source, 'its "spans" column is not a list of {start, end, label} structs')
    return [name for name in names if name in COLUMNS]


def _is_span_list(pa: ModuleType, kind: Any) -> bool:
    types = pa.types
    if not (types.is_list(kind) or types.is_large_list(kind)):
        return False
    item = kind.value_type
    if not types.is_struct(item):
        return False
    fields = {item.field(i).name: item.field(i).type for i in range(item.num_fields)}
    return (
        all(types.is_integer(fields.get(key, pa.null())) for key in ("start", "end"))
        and "label" in fields
    )


def _draft(row: dict[str, Any], source: str, number: int) -> DocumentDraft:
    where = f"row {number}"
    text = row.get("text")
    if not isinstance(text, str):
        raise InputError(source, f"{where} has no text")
    meta: dict[str, Any] = {}
    if row.get("meta") is not None:
        try:
            meta = json.loads(row["meta"])
        except (TypeError, ValueError):
            meta = None  # type: ignore[assignment]  # refused just below
        if not isinstance(meta, dict):
            raise InputError(source, f'{where}: its "meta" is not a JSON object')
    if row.get("source"):
        meta.setdefault("source", row["source"])
    spans = [
        _span(span, text, source, f"{where}: spans[{i}]")
        for i, span in enumerate(row.get("spans") or [])
    ]
    title = (
        row.get("title") or headline(text) or row.get("id") or f"{PurePath(source).stem} #{number}"
    )
    layers = _layers(row.get("annotators"), source, where)
    return DocumentDraft(
        text, str(title)[:500], source, meta=meta, spans=spans, line=number, layers=layers
    )


def _layers(entries: Any, source: str, where: str) -> dict[str, LayerState]:
    """The ``annotators`` column: a list of ``{annotator, status, status_set_at, note}``."""
    if entries is None:
        return {}
    if not isinstance(entries, list):
        raise InputError(source, f'{where}: its "annotators" is not a list of structs')
    layers: dict[str, LayerState] = {}
    for index, entry in enumerate(entries):
        place = f"{where}: annotators[{index}]"
        name = entry.get("annotator") if isinstance(entry, dict) else None
        found, state = layer_state(name, entry, place, source, None)
        layers[found] = state
    return layers


def _span(span: Any, text: str, source: str, where: str) -> SpanDraft:
    if not isinstance(span, dict):
        raise InputError(source, f"{where} is empty")
    start, end, label = span.get("start"), span.get("end"), span.get("label")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
        raise InputError(
            source, f"{where} {start}-{end} is outside the text (0-{len(text)}) or empty"
        )
    name = label.strip() if isinstance(label, str) else ""
    if not name:
        raise InputError(source, f"{where} needs a label name")
    quoted = span.get("text")
    if quoted is not None and quoted != text[start:end]:
        raise InputError(
            source,
            f"{where} says its text is {quoted[:40]!r} but the text at {start}-{end} is "
            f"{text[start:end][:40]!r} (were the offsets counted in bytes or UTF-16 units?)",
        )
    annotator = span.get("annotator")
    who = annotator.strip() if isinstance(annotator, str) and annotator.strip() else None
    note = note_of(span.get("note"), f"{where}.note", source, None)
    return SpanDraft(
        start, end, name, who, note, origin_of(span.get("origin"), f"{where}.origin", source, None)
    )


READER = Reader(
    "parquet",
    "Parquet (a text column, with spans)",
    (".parquet",),
    read_parquet,
    requires=REQUIREMENT,
)
