"""Parquet for Hugging Face ``datasets`` (and pandas, Polars, DuckDB): one row per document.

Out: a table with the columns ``id`` (the document's SHA-256), ``title``, ``source``, ``text``,
``spans``, ``annotators`` and ``meta``:

- ``spans``: a list of ``{start, end, label, text, annotator, note, provenance}``; ``text`` is
  ``text[start:end]`` when the offsets count code points (the default); ``provenance`` is
  ``{proposed_by, agreed_by: [names], decided_by, decided_at, decision}`` in a gold export and
  null otherwise, so every export of ours has the same schema;
- ``annotators``: a list of ``{annotator, status, status_set_at, note}``, one per exported
  layer (a list of structs rather than a map or a struct keyed by names: ``datasets`` loads
  it as a list of dicts whatever the names, and an empty export still has its schema);
- ``meta``: the document's other metadata as a JSON object in a string.

The schema's key-value metadata ``annotator`` names the offset unit. Rows are written in row
groups of at most :data:`ROWS_PER_GROUP` documents, so an export never holds more than one
group's rows in memory.

With a split (``--split 80/10/10 --seed 7``) the export is a folder (or a ``.zip``) holding
``train.parquet``, ``dev.parquet`` and ``test.parquet``, each with the same schema, an empty
one too. ``datasets.load_dataset("parquet", data_dir=FOLDER)`` names them ``train``,
``validation`` and ``test`` (``dev`` is one of its names for the validation split). The split
is by document and deterministic: the documents' ids are sorted, shuffled with
``random.Random(seed)`` and cut by the shares (see :func:`split_counts`).

In: a Parquet file with a ``text`` column of strings and, optionally, a ``spans`` column of
``{start, end, label[, annotator][, text][, note]}`` structs and an ``annotators`` column as
ours (each layer's status, when it was set, and document note, stored by the import's rules
in :mod:`annotator.services.import_layers`): ours, or the same simple layout written by
``datasets`` or pandas. Other layouts are refused with one line naming what is missing.
"""

from __future__ import annotations

import importlib
import json
import math
import random
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from types import ModuleType
from typing import Any

from annotator.core.model import DocumentDraft, LayerState, SpanDraft
from annotator.core.titles import headline
from annotator.errors import InputError
from annotator.formats.base import (
    RECORD_FIELDS,
    ExportContext,
    ExportRecord,
    Output,
    Reader,
    ReadOptions,
    Requirement,
    Split,
    Writer,
)
from annotator.formats.layer_states import layer_state, note_of

REQUIREMENT = Requirement("pyarrow", "pyarrow", "parquet")
#: The files of a split export, in the order of :attr:`Split.shares`.
SPLIT_FILES = ("train.parquet", "dev.parquet", "test.parquet")
#: A row group holds at most this many documents ...
ROWS_PER_GROUP = 1000
#: ... and about this many characters of text (a group of long pages is flushed sooner).
CHARS_PER_GROUP = 32 * 1024 * 1024
#: The schema metadata key of ours, and the version of the layout it describes.
METADATA_KEY = b"annotator"
LAYOUT_VERSION = 1
_COLUMNS = ("id", "title", "source", "text", "spans", "annotators", "meta")
#: The records' fields as the columns hold them: ``annotators`` is a list, each entry naming
#: its annotator, where a record has a map by name.
_FIELDS = {key.replace(".*.", "[]."): meaning for key, meaning in RECORD_FIELDS.items()}
_FIELDS["annotators"] = (
    "a list, one entry per exported layer that holds work: {annotator, status, status_set_at, note}"
)


def _arrow(what: str) -> tuple[ModuleType, ModuleType]:
    """pyarrow and pyarrow.parquet, or FormatUnavailableError naming the extra."""
    pa = REQUIREMENT.load(what)
    return pa, importlib.import_module("pyarrow.parquet")


def schema(pa: ModuleType, offsets: str = "codepoints") -> Any:
    """The Arrow schema of our Parquet exports."""
    text = pa.string()
    provenance = pa.struct(
        [
            ("proposed_by", text),
            ("agreed_by", pa.list_(text)),
            ("decided_by", text),
            ("decided_at", text),
            ("decision", text),
        ]
    )
    span = pa.struct(
        [
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("label", text),
            ("text", text),
            ("annotator", text),
            ("note", text),
            ("provenance", provenance),
        ]
    )
    status = pa.struct(
        [("annotator", text), ("status", text), ("status_set_at", text), ("note", text)]
    )
    fields = [
        ("id", text),
        ("title", text),
        ("source", text),
        ("text", text),
        ("spans", pa.list_(span)),
        ("annotators", pa.list_(status)),
        ("meta", text),
    ]
    described = json.dumps({"layout": LAYOUT_VERSION, "offsets": offsets})
    return pa.schema(fields, metadata={METADATA_KEY: described.encode("utf-8")})


def _row(record: ExportRecord) -> tuple[Any, ...]:
    meta = dict(record.get("meta") or {})
    title = meta.pop("title", "")
    source = meta.pop("source", "")
    annotators = [
        {"annotator": name, **entry} for name, entry in (record.get("annotators") or {}).items()
    ]
    return (
        record.get("id"),
        title,
        source,
        record["text"],
        record.get("spans") or [],
        annotators,
        json.dumps(meta, ensure_ascii=False),
    )


def _batches(pa: ModuleType, table_schema: Any, records: Iterable[ExportRecord]) -> Iterator[Any]:
    """The records as Arrow record batches of at most one row group each."""
    rows: list[tuple[Any, ...]] = []
    chars = 0
    for record in records:
        row = _row(record)
        rows.append(row)
        chars += len(row[3])
        if len(rows) >= ROWS_PER_GROUP or chars >= CHARS_PER_GROUP:
            yield _batch(pa, table_schema, rows)
            rows, chars = [], 0
    if rows:
        yield _batch(pa, table_schema, rows)


def _batch(pa: ModuleType, table_schema: Any, rows: list[tuple[Any, ...]]) -> Any:
    columns = [
        pa.array([row[index] for row in rows], type=field.type)
        for index, field in enumerate(table_schema)
    ]
    return pa.RecordBatch.from_arrays(columns, schema=table_schema)


def write_parquet(output: Output, records: Iterable[ExportRecord], context: ExportContext) -> int:
    """Write the records as one Parquet file, or split into train/dev/test files."""
    pa, pq = _arrow("Exporting Parquet")
    table_schema = schema(pa, context.offsets)
    if context.split is not None:
        return _write_split(output, records, context.split, context, table_schema)
    count = 0
    with output.binary() as handle, pq.ParquetWriter(handle, table_schema) as writer:
        for batch in _batches(pa, table_schema, records):
            writer.write_batch(batch)
            count += batch.num_rows
    return count


def _write_split(
    output: Output,
    records: Iterable[ExportRecord],
    split: Split,
    context: ExportContext,
    table_schema: Any,
) -> int:
    """Every record into a scratch file first (the split needs every id before it can cut),
    then, for each part, the scratch file read back by row groups and its rows kept."""
    pa, pq = _arrow("Exporting Parquet")
    compute = importlib.import_module("pyarrow.compute")
    with tempfile.TemporaryDirectory(prefix="annotator-split-") as scratch:
        staged = Path(scratch) / "all.parquet"
        ids: list[str] = []
        with pq.ParquetWriter(staged, table_schema) as writer:
            for batch in _batches(pa, table_schema, records):
                ids.extend(batch.column(0).to_pylist())
                writer.write_batch(batch)
        part_of = assign_parts(ids, split)
        for number, name in enumerate(SPLIT_FILES):
            if number not in part_of.values():
                context.warn(
                    f"{name} holds no document (the shares gave it none of {len(ids):,}): it is "
                    "written empty with the schema, and Hugging Face datasets refuses to load "
                    "an empty file, so leave it out of data_files or choose other shares."
                )
            # One file at a time: a .zip takes one member open for writing at a time.
            wanted = pa.array([i for i, part in part_of.items() if part == number], pa.string())
            with output.binary(name) as handle, pq.ParquetWriter(handle, table_schema) as writer:
                for batch in pq.ParquetFile(staged).iter_batches(batch_size=ROWS_PER_GROUP):
                    kept = batch.filter(compute.is_in(batch.column(0), value_set=wanted))
                    if kept.num_rows:
                        writer.write_batch(kept)
    return len(ids)


def split_counts(total: int, shares: tuple[float, float, float]) -> tuple[int, int, int]:
    """How many of ``total`` documents each part gets: the shares exactly where they divide
    ``total``, else the largest remainders get the documents left over (ties: train first).

    >>> split_counts(10, (0.8, 0.1, 0.1))
    (8, 1, 1)
    >>> split_counts(3, (0.8, 0.1, 0.1))
    (3, 0, 0)
    """
    exact = [round(total * share, 9) for share in shares]
    counts = [math.floor(value) for value in exact]
    left = total - sum(counts)
    by_remainder = sorted(range(3), key=lambda part: (-(exact[part] - counts[part]), part))
    for part in by_remainder[:left]:
        counts[part] += 1
    return counts[0], counts[1], counts[2]


def assign_parts(ids: Iterable[str], split: Split) -> dict[str, int]:
    """Each document id's part (0 train, 1 dev, 2 test): the ids sorted, so the order of the
    project's list does not matter, shuffled with ``random.Random(seed)`` (the same on every
    machine and Python version), then cut by :func:`split_counts`."""
    ordered = sorted(set(ids))
    random.Random(split.seed).shuffle(ordered)
    train, dev, _test = split_counts(len(ordered), split.shares)
    return {
        document: 0 if place < train else 1 if place < train + dev else 2
        for place, document in enumerate(ordered)
    }


# -- reading ----------------------------------------------------------------------------------


def read_parquet(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """Read a table of documents (``text``, optional ``spans``) into drafts."""
    pa, pq = _arrow("Reading Parquet files")
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
    return [name for name in names if name in _COLUMNS]


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
    return SpanDraft(
        start, end, name, who, note_of(span.get("note"), f"{where}.note", source, None)
    )


READER = Reader(
    "parquet",
    "Parquet (a text column, with spans)",
    (".parquet",),
    read_parquet,
    requires=REQUIREMENT,
)
WRITER = Writer(
    "parquet",
    "Parquet for Hugging Face datasets (one row per document)",
    ".parquet",
    write_parquet,
    requires=REQUIREMENT,
    splits=True,
    record_fields=_FIELDS,
)
