"""Parquet for Hugging Face ``datasets`` (and pandas, Polars, DuckDB): one row per document.

Out: a table with the columns ``id`` (the document's SHA-256), ``title``, ``source``, ``text``,
``spans``, ``annotators`` and ``meta``:

- ``spans``: a list of ``{start, end, label, text, annotator, note, provenance, origin}``;
  ``text`` is ``text[start:end]`` when the offsets count code points (the default);
  ``provenance`` is ``{proposed_by, agreed_by: [names], decided_by, decided_at, decision}`` in
  a gold export and null otherwise, so every export of ours has the same schema; ``origin``
  is ``{recommender, version, score, reason, accepted_at, label}`` for a span accepted from a
  suggestion and null for the others;
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

In: see :mod:`annotator.formats.parquet_reader` (ours, or the same simple layout written by
``datasets`` or pandas).
"""

from __future__ import annotations

import importlib
import json
import math
import random
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from annotator.formats.base import (
    RECORD_FIELDS,
    ExportContext,
    ExportRecord,
    Output,
    Requirement,
    Split,
    Writer,
)

REQUIREMENT = Requirement("pyarrow", "pyarrow", "parquet")
#: The files of a split export, in the order of :attr:`Split.shares`.
SPLIT_FILES = ("train.parquet", "dev.parquet", "test.parquet")
#: A row group holds at most this many documents ...
ROWS_PER_GROUP = 1000
#: ... and about this many characters of text (a group of long pages is flushed sooner).
CHARS_PER_GROUP = 32 * 1024 * 1024
#: The schema metadata key of ours, and the version of the layout it describes.
METADATA_KEY = b"annotator"
#: 2: spans gained ``origin``.
LAYOUT_VERSION = 2
COLUMNS = ("id", "title", "source", "text", "spans", "annotators", "meta")
#: The records' fields as the columns hold them: ``annotators`` is a list, each entry naming
#: its annotator, where a record has a map by name.
_FIELDS = {key.replace(".*.", "[]."): meaning for key, meaning in RECORD_FIELDS.items()}
_FIELDS["spans[].origin"] = (
    "on a span accepted from a suggestion: {recommender, version, score (0 to 1), reason, "
    "accepted_at (ISO 8601, UTC), label (the label it was suggested with)}; null on the others"
)
_FIELDS["annotators"] = (
    "a list, one entry per exported layer that holds work: {annotator, status, status_set_at, note}"
)


def arrow(what: str) -> tuple[ModuleType, ModuleType]:
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
    origin = pa.struct(
        [
            ("recommender", text),
            ("version", text),
            ("score", pa.float64()),
            ("reason", text),
            ("accepted_at", text),
            ("label", text),
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
            ("origin", origin),
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
    pa, pq = arrow("Exporting Parquet")
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
    pa, pq = arrow("Exporting Parquet")
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


WRITER = Writer(
    "parquet",
    "Parquet for Hugging Face datasets (one row per document)",
    ".parquet",
    write_parquet,
    requires=REQUIREMENT,
    splits=True,
    record_fields=_FIELDS,
    origins=True,
)
