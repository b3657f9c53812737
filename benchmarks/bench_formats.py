"""Export and import throughput of every registered format, against raw ``json`` of the same rows.

The formats are the registry's (:func:`annotator.formats.registry.default_registry`), so a
format added there is measured without touching this file; one whose extra library is not
installed is left out (:func:`measurement_names` says which figures a run reports).

``export_<format>``: ``ExportService.export`` writes a project of many small documents (one
annotator's layer, notes and statuses included) in the format, sidecar and all. The raw
baseline, taken in the same run, reads the same rows with plain ``sqlite3`` and writes them
with ``json.dumps``, flushed, fsync'ed and renamed into place
(:func:`benchmarks.bench_transfer.export_raw`). Figures are spans a second.

``import_<format>``: ``ImportService.import_paths`` reads that export into a new project with
the format's own reader (``--format NAME``). The raw baseline reads the raw JSON Lines of the
same rows with ``json.loads`` and inserts them with ``executemany``
(:func:`benchmarks.bench_transfer.import_raw`). Figures are documents a second. Each import
is checked to bring back every document and span; a writer whose files its reader cannot
bring back (:data:`ONE_WAY`) gets no import figure.

Both are throughputs, so the ratio is ours / raw; the figures are reported, with no target.
One untimed round on a small project comes first, so a library's first import (pyarrow takes
about a second) is not charged to whichever figure meets it first.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

from annotator.formats.base import Writer
from annotator.formats.registry import FormatRegistry, default_registry
from annotator.services.project import Project
from benchmarks.bench_transfer import export_raw, import_ours, import_raw
from benchmarks.report import Measurement, median, ratio
from benchmarks.workspace import ANNOTATOR, Workspace

#: Writers whose files their reader does not turn back into the same documents, and why.
ONE_WAY = {"csv": "the span table has a row per span; the csv reader reads a row per document"}


def _formats(registry: FormatRegistry) -> list[Writer]:
    """The writers measured: those whose library is installed."""
    return [
        writer
        for writer in registry.writers.values()
        if writer.requires is None or writer.requires.installed()
    ]


def _reader_name(registry: FormatRegistry, writer: Writer) -> str | None:
    if writer.name in ONE_WAY:
        return None
    reader = registry.reader_named(writer.name)
    return reader.name if reader is not None else None


def measurement_names() -> tuple[str, ...]:
    """The figures a run reports: an export per writer, an import per format that reads back."""
    registry = default_registry()
    names: list[str] = []
    for writer in _formats(registry):
        names.append(f"export_{writer.name}")
        if _reader_name(registry, writer) is not None:
            names.append(f"import_{writer.name}")
    return tuple(names)


def _export(project_path: Path, target: Path, writer: Writer) -> tuple[float, int]:
    project = Project.open(project_path, ANNOTATOR)
    try:
        gc.collect()
        started = time.perf_counter()
        result = project.exporter.export(target, writer.name, ANNOTATOR)
        elapsed = time.perf_counter() - started
    finally:
        project.close()
    return elapsed, result.spans


class _Rates:
    """Each figure's samples: ours per name, and the raw baselines."""

    def __init__(self) -> None:
        self.ours: dict[str, list[float]] = {}
        self.raw_export: list[float] = []
        self.raw_import: list[float] = []

    def add(self, name: str, rate: float) -> None:
        self.ours.setdefault(name, []).append(rate)


def _one_run(
    workspace: Workspace, registry: FormatRegistry, project_path: Path, rates: _Rates
) -> tuple[int, int]:
    """Every format once, between the raw export and the raw import; returns the counts."""
    raw_seconds, raw_file, spans = export_raw(workspace, project_path)
    rates.raw_export.append(spans / raw_seconds)
    seconds, documents, raw_spans = import_raw(workspace, raw_file)
    rates.raw_import.append(documents / seconds)
    if raw_spans != spans:
        raise RuntimeError(f"raw import: {raw_spans} spans of {spans}")
    for writer in _formats(registry):
        target = workspace.fresh(f"export{writer.extension}")
        seconds, exported = _export(project_path, target, writer)
        if exported != spans:
            raise RuntimeError(f"export {writer.name}: {exported} spans of {spans}")
        rates.add(f"export_{writer.name}", spans / seconds)
        reader = _reader_name(registry, writer)
        if reader is not None:
            seconds, back_documents, back_spans = import_ours(workspace, target, reader)
            if (back_documents, back_spans) != (documents, spans):
                raise RuntimeError(
                    f"import {writer.name}: {back_documents} documents and {back_spans} spans "
                    f"of {documents} and {spans}"
                )
            rates.add(f"import_{writer.name}", back_documents / seconds)
    return documents, spans


def run(workspace: Workspace) -> list[Measurement]:
    """Every installed format's export and import, alternating with the raw baselines."""
    sizes = workspace.sizes
    registry = default_registry()
    project_path = workspace.corpus_project(sizes.format_documents, sizes.format_spans)
    _one_run(workspace, registry, workspace.corpus_project(20, 200), _Rates())  # warm-up
    rates = _Rates()
    documents = spans = 0
    for _ in range(sizes.format_runs):
        documents, spans = _one_run(workspace, registry, project_path, rates)
    measurements = []
    for name in measurement_names():
        direction, format_name = name.split("_", 1)
        raw = rates.raw_export if direction == "export" else rates.raw_import
        ours, baseline = median(rates.ours[name]), median(raw)
        exporting = direction == "export"
        measurements.append(
            Measurement(
                name=name,
                title=f"{direction.capitalize()} {documents:,} documents ({spans:,} spans) as "
                f"{format_name}, vs. "
                + ("sqlite3 + json.dumps" if exporting else "json.loads + sqlite3 executemany"),
                unit="spans/s" if exporting else "docs/s",
                ours=ours,
                baseline=baseline,
                ratio=ratio(ours, baseline),
                target=None,
                direction=">=",
                details={"documents": documents, "spans": spans, "ours": rates.ours[name]},
            )
        )
    return measurements
