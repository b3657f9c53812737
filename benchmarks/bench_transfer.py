"""Import and export throughput, against the least work that produces the same result.

``import_documents``: ``ImportService.import_paths`` reads a JSONL file of 10,000 Prodigy-style
records (10 spans each) into a new project, as ``annotator import`` does. The raw baseline does
the same job with the standard library only: it reads the same file, ``json.loads`` each line,
hashes each text (SHA-256, the document id), builds the same rows (with fresh span UUIDs) and
inserts them with ``executemany`` into a new project file of the same schema, in one
transaction, with the same ``journal_mode=WAL``, ``synchronous=FULL`` and ``foreign_keys=ON``.
Both start from the same cached file in the page cache; parsing is included on both sides
because any importer has to parse.

``export_spans``: ``ExportService.export`` writes the large project (1,000,000 spans) as JSONL.
The raw baseline reads the same rows with plain ``sqlite3`` (documents in order, spans and
statuses per batch of 500 documents), builds the same records (span notes, each layer's
status, its time and document note included) and writes them with ``json.dumps`` to a file that is
flushed, fsync'ed and renamed into place, as ours is. The two outputs are checked to hold the
same number of lines and bytes.

Figures are throughputs (documents or spans per second), so the ratio is ours / raw and the
target is a minimum.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import sqlite3
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.services.importing import ImportOptions
from annotator.services.project import Project
from benchmarks.corpus import sqlite_datetime
from benchmarks.report import Measurement, median, ratio
from benchmarks.workspace import ANNOTATOR, Workspace

TARGET = 0.5
_BATCH = 500


# -- import ---------------------------------------------------------------------------------


def import_ours(
    workspace: Workspace, source: Path, format_name: str | None = None
) -> tuple[float, int, int]:
    """Seconds to import ``source`` through the service (with the reader ``format_name``, or
    the one its extension names); and the documents and spans added."""
    path = workspace.fresh("import.annotator")
    project = Project.open(path, ANNOTATOR)
    options = ImportOptions(default_annotator=ANNOTATOR, format_name=format_name)
    try:
        gc.collect()
        started = time.perf_counter()
        report = project.importer.import_paths([source], options)
        elapsed = time.perf_counter() - started
    finally:
        project.close()
    if report.errors:
        raise RuntimeError("; ".join(report.errors))
    return elapsed, report.documents_added, report.spans_added


def import_raw(workspace: Workspace, source: Path) -> tuple[float, int, int]:
    """Seconds to import ``source`` with json + hashlib + sqlite3 executemany."""
    path = workspace.fresh("raw.annotator")
    Project.open(path, ANNOTATOR).close()  # same schema, labels and annotator (id 1)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        labels = {name: ident for ident, name in connection.execute("SELECT id, name FROM labels")}
        gc.collect()
        started = time.perf_counter()
        now = sqlite_datetime(datetime.now(UTC))
        documents: list[tuple[Any, ...]] = []
        spans: list[tuple[Any, ...]] = []
        text = source.read_bytes().decode("utf-8")
        for number, line in enumerate(filter(None, text.split("\n")), start=1):
            record = json.loads(line)
            body = record["text"]
            meta = record.get("meta", {})
            documents.append(
                (
                    number,
                    hashlib.sha256(body.encode()).hexdigest(),
                    meta.get("title", ""),
                    body,
                    len(body),
                    str(source),
                    "utf-8",
                    json.dumps(meta),
                    now,
                    number,
                )
            )
            for span in record["spans"]:
                spans.append(
                    (
                        uuid.uuid4().hex,
                        number,
                        1,
                        labels[span["label"]],
                        span["start"],
                        span["end"],
                        now,
                        now,
                    )
                )
        connection.execute("BEGIN IMMEDIATE")
        connection.executemany(
            "INSERT INTO documents (id, sha256, title, text, char_count, source, encoding, "
            "meta, imported_at, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            documents,
        )
        connection.executemany(
            'INSERT INTO spans (id, document_id, annotator_id, label_id, start, "end", '
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            spans,
        )
        connection.execute("COMMIT")
        elapsed = time.perf_counter() - started
    finally:
        connection.close()
    return elapsed, len(documents), len(spans)


# -- export ---------------------------------------------------------------------------------


def export_ours(workspace: Workspace, project_path: Path) -> tuple[float, Path, int]:
    """Seconds to export the project as JSONL through the service; the file; its spans."""
    target = workspace.fresh("ours.jsonl")
    project = Project.open(project_path, ANNOTATOR)
    try:
        gc.collect()
        started = time.perf_counter()
        result = project.exporter.export(target, "jsonl")
        elapsed = time.perf_counter() - started
    finally:
        project.close()
    return elapsed, target, result.spans


def _raw_layers(connection: sqlite3.Connection) -> dict[int, str]:
    """The layers holding work (a span or a status), by name, as the export lists them."""
    rows = connection.execute(
        "SELECT id, name FROM annotators WHERE "
        "EXISTS (SELECT 1 FROM spans WHERE annotator_id = annotators.id) OR "
        "EXISTS (SELECT 1 FROM document_status WHERE annotator_id = annotators.id) "
        "ORDER BY name"
    )
    return dict(rows.fetchall())


def _raw_statuses(
    connection: sqlite3.Connection, batch: list[int], marks: str
) -> dict[tuple[int, int], dict[str, Any]]:
    return {
        (document_id, layer_id): {
            "status": status,
            "status_set_at": datetime.fromisoformat(stamp)
            .replace(tzinfo=UTC)
            .isoformat(timespec="seconds"),
            "note": note,
        }
        for document_id, layer_id, status, stamp, note in connection.execute(
            f"SELECT document_id, annotator_id, status, updated_at, note FROM document_status "
            f"WHERE document_id IN ({marks})",
            batch,
        )
    }


def _raw_records(connection: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    labels = dict(connection.execute("SELECT id, name FROM labels"))
    names = dict(connection.execute("SELECT id, name FROM annotators"))
    layers = _raw_layers(connection)
    new = {"status": "new", "status_set_at": None, "note": None}
    ids = [row[0] for row in connection.execute("SELECT id FROM documents ORDER BY position")]
    for first in range(0, len(ids), _BATCH):
        batch = ids[first : first + _BATCH]
        marks = ",".join("?" * len(batch))
        spans: dict[int, list[tuple[Any, ...]]] = {}
        for row in connection.execute(
            f'SELECT document_id, start, "end", label_id, annotator_id, note FROM spans '
            f'WHERE document_id IN ({marks}) ORDER BY start, "end", id',
            batch,
        ):
            spans.setdefault(row[0], []).append(row)
        statuses = _raw_statuses(connection, batch, marks)
        for ident, sha, title, text, source, encoding, meta_json in connection.execute(
            f"SELECT id, sha256, title, text, source, encoding, meta FROM documents "
            f"WHERE id IN ({marks}) ORDER BY position",
            batch,
        ):
            meta = json.loads(meta_json) if meta_json else {}
            meta.setdefault("title", title)
            meta.setdefault("source", source)
            meta.setdefault("encoding", encoding)
            yield {
                "id": sha,
                "text": text,
                "spans": [
                    {
                        "start": start,
                        "end": end,
                        "label": labels[label],
                        "text": text[start:end],
                        "annotator": names[annotator],
                        "note": note,
                    }
                    for _doc, start, end, label, annotator, note in spans.get(ident, [])
                ],
                "meta": meta,
                "annotators": {
                    name: statuses.get((ident, layer_id), new) for layer_id, name in layers.items()
                },
            }


def export_raw(workspace: Workspace, project_path: Path) -> tuple[float, Path, int]:
    """Seconds to write the same JSONL with sqlite3 + json.dumps (fsync'ed, renamed)."""
    target = workspace.fresh("raw.jsonl")
    partial = target.with_name(target.name + ".partial")
    connection = sqlite3.connect(f"{project_path.as_uri()}?mode=ro", uri=True)
    spans = 0
    try:
        gc.collect()
        started = time.perf_counter()
        with partial.open("w", encoding="utf-8") as handle:
            for record in _raw_records(connection):
                spans += len(record["spans"])
                handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
                handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(target)
        elapsed = time.perf_counter() - started
    finally:
        connection.close()
    return elapsed, target, spans


def _shape(path: Path) -> tuple[int, int]:
    with path.open("rb") as handle:
        lines = sum(1 for _ in handle)
    return lines, path.stat().st_size


# -- the measurements ---------------------------------------------------------------------------


def run(workspace: Workspace) -> list[Measurement]:
    """Import and export, ours and raw, alternately."""
    sizes = workspace.sizes
    source = workspace.import_file
    ours_rates: list[float] = []
    raw_rates: list[float] = []
    counts: tuple[int, int] = (0, 0)
    for _ in range(sizes.transfer_runs):
        seconds, documents, spans = import_ours(workspace, source)
        ours_rates.append(documents / seconds)
        raw_seconds, raw_documents, raw_spans = import_raw(workspace, source)
        raw_rates.append(raw_documents / raw_seconds)
        if (documents, spans) != (raw_documents, raw_spans):
            raise RuntimeError(f"import: ours {documents}/{spans}, raw {raw_documents}/{raw_spans}")
        counts = (documents, spans)
    ours_rate, raw_rate = median(ours_rates), median(raw_rates)
    importing = Measurement(
        name="import_documents",
        title=f"Import {counts[0]:,} JSONL documents ({counts[1]:,} spans) through "
        "ImportService, vs. json.loads + sqlite3 executemany",
        unit="docs/s",
        ours=ours_rate,
        baseline=raw_rate,
        ratio=ratio(ours_rate, raw_rate),
        target=TARGET,
        direction=">=",
        details={"documents": counts[0], "spans": counts[1], "ours": ours_rates, "raw": raw_rates},
    )

    project = workspace.corpus_project(sizes.project_documents, sizes.project_spans)
    ours_rates, raw_rates = [], []
    details: dict[str, Any] = {}
    for _ in range(sizes.transfer_runs):
        seconds, ours_file, spans = export_ours(workspace, project)
        raw_seconds, raw_file, raw_spans = export_raw(workspace, project)
        ours_rates.append(spans / seconds)
        raw_rates.append(raw_spans / raw_seconds)
        ours_shape, raw_shape = _shape(ours_file), _shape(raw_file)
        if spans != raw_spans or ours_shape != raw_shape:
            raise RuntimeError(
                f"export: ours {spans} spans {ours_shape}, raw {raw_spans} spans {raw_shape}"
            )
        details = {"spans": spans, "lines": ours_shape[0], "bytes": ours_shape[1]}
        ours_file.unlink()
        raw_file.unlink()
    ours_rate, raw_rate = median(ours_rates), median(raw_rates)
    exporting = Measurement(
        name="export_spans",
        title=f"Export {details['spans']:,} spans ({details['lines']:,} documents) through "
        "ExportService, vs. sqlite3 + json.dumps",
        unit="spans/s",
        ours=ours_rate,
        baseline=raw_rate,
        ratio=ratio(ours_rate, raw_rate),
        target=TARGET,
        direction=">=",
        details={**details, "ours": ours_rates, "raw": raw_rates},
    )
    return [importing, exporting]
