"""Agreement of three annotators with 100,000 spans each, through ``AgreementService``.

The project (10,000 documents of the synthetic corpus, about 5.7 M characters) is built once
with raw SQL and cached. The first annotator's spans are those of the export benchmark's
generator; the other two start from them and, per span, keep it, shift an edge by a few
characters, relabel it or drop it and add one elsewhere, so every figure has something to
measure. Every annotator marked every document done, so the default choice compares them all.

Ours is ``Project.open`` plus ``AgreementService.compare()`` with its defaults, end to end:
the three layers read in batches, every figure computed over characters and tokens, per pair
and per label. The baseline is the least any implementation has to do: the same span rows and
document texts fetched with plain ``sqlite3`` and nothing computed. There is no ratio target
(the requirement is "a few seconds"): the figure is reported as working, with the ratio shown.
"""

from __future__ import annotations

import gc
import random
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.services.project import Project
from annotator.store.db import SCHEMA_HEAD
from benchmarks import corpus
from benchmarks.report import Measurement, median, ratio
from benchmarks.workspace import Workspace

ANNOTATORS = ("ann1", "ann2", "ann3")
_GENERATOR = 1


def agreement_project(workspace: Workspace) -> Path:
    """The three-layer project, built with raw SQL once and cached."""
    documents = workspace.sizes.agreement_documents
    per_document = workspace.sizes.agreement_spans_per_document
    name = f"agreement-s{SCHEMA_HEAD}-g{_GENERATOR}-{documents}d-{per_document}s.annotator"
    path = workspace.cache / name
    if path.exists():
        return path
    print(f"  building {name} (cached for later runs) ...", file=sys.stderr, flush=True)
    partial = workspace.cache / (name + ".partial")
    for leftover in workspace.cache.glob(name + ".partial*"):
        leftover.unlink()
    Project.open(partial, ANNOTATORS[0]).close()
    _fill(partial, documents, per_document)
    partial.replace(path)
    return path


def _layer(rng: random.Random, base: list[tuple[int, int, int]], length: int) -> list[Any]:
    """Another annotator's take on ``base``: mostly the same, some edges moved or labels changed."""
    spans = []
    for start, end, label in base:
        draw = rng.random()
        if draw < 0.15:
            start = max(0, min(end - 1, start + rng.randint(-3, 3)))
            end = max(start + 1, min(length, end + rng.randint(-3, 3)))
        elif draw < 0.25:
            label = 1 + (label % 3)
        elif draw < 0.30:
            start = rng.randrange(length - 1)
            end = min(length, start + rng.randint(1, 40))
        spans.append((start, end, label))
    return spans


def _fill(path: Path, documents: int, per_document: int) -> None:
    rng = random.Random(corpus.SEED)
    now = corpus.sqlite_datetime(datetime(2024, 6, 7, tzinfo=UTC))
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous=OFF")
        connection.execute("BEGIN")
        for name in ANNOTATORS[1:]:
            connection.execute(
                "INSERT INTO annotators (name, created_at) VALUES (?, ?)", (name, now)
            )
        ids = [row[0] for row in connection.execute("SELECT id FROM annotators ORDER BY id")]
        doc_rows, span_rows, status_rows = [], [], []
        for number, record in enumerate(corpus.corpus_records(documents, per_document), 1):
            text = record["text"]
            doc_rows.append(
                (number, f"{number:064x}", record["meta"]["title"], text, len(text), "bench",
                 "utf-8", "{}", now, number)
            )  # fmt: skip
            labels = {name: code for code, name in enumerate(corpus.LABEL_NAMES, start=1)}
            base = [(s["start"], s["end"], labels[s["label"]]) for s in record["spans"]]
            for k, annotator in enumerate(ids):
                layer = base if k == 0 else _layer(rng, base, len(text))
                span_rows += [
                    (rng.getrandbits(128).to_bytes(16).hex(), number, annotator, label, start,
                     end, now, now)
                    for start, end, label in layer
                ]  # fmt: skip
                status_rows.append((number, annotator, "done", now))
        connection.executemany(
            "INSERT INTO documents (id, sha256, title, text, char_count, source, encoding, meta, "
            "imported_at, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            doc_rows,
        )
        connection.executemany(
            'INSERT INTO spans (id, document_id, annotator_id, label_id, start, "end", '
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            span_rows,
        )
        connection.executemany(
            "INSERT INTO document_status (document_id, annotator_id, status, updated_at) "
            "VALUES (?, ?, ?, ?)",
            status_rows,
        )
        connection.execute("COMMIT")
    finally:
        connection.close()


def ours(path: Path) -> tuple[float, dict[str, Any]]:
    """Seconds to open the project and compute every figure; the report's JSON."""
    gc.collect()
    started = time.perf_counter()
    project = Project.open(path, ANNOTATORS[0], register_annotator=False)
    try:
        report = project.agreement.compare()
    finally:
        project.close()
    return time.perf_counter() - started, report.as_json()


def raw(path: Path) -> tuple[float, int]:
    """Seconds to fetch the same span rows and texts with sqlite3; the spans fetched."""
    gc.collect()
    started = time.perf_counter()
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        spans = connection.execute(
            'SELECT document_id, annotator_id, label_id, start, "end" FROM spans'
        ).fetchall()
        connection.execute("SELECT id, text FROM documents").fetchall()
    finally:
        connection.close()
    return time.perf_counter() - started, len(spans)


def run(workspace: Workspace) -> list[Measurement]:
    """Ours and raw, alternately; medians."""
    path = agreement_project(workspace)
    raw(path)  # page cache warm for both sides, not measured
    ours_times: list[float] = []
    raw_times: list[float] = []
    result: dict[str, Any] = {}
    spans = 0
    for _ in range(workspace.sizes.agreement_runs):
        seconds, result = ours(path)
        ours_times.append(seconds)
        seconds, spans = raw(path)
        raw_times.append(seconds)
    mine, baseline = median(ours_times), median(raw_times)
    pairs = {f"{p['a']}/{p['b']}": p["char_kappa"] for p in result["pairs"]}
    return [
        Measurement(
            name="agreement",
            title=f"Agreement of {len(ANNOTATORS)} annotators ({spans:,} spans, "
            f"{result['documents']:,} documents, {result['characters']:,} characters) through "
            "AgreementService, vs. fetching the same rows with sqlite3",
            unit="s",
            ours=mine,
            baseline=baseline,
            ratio=ratio(mine, baseline),
            target=None,
            details={
                "spans": spans,
                "documents": result["documents"],
                "characters": result["characters"],
                "tokens": result["tokens"],
                "char_alpha": result["char_alpha"],
                "char_alpha_u": result["char_alpha_u"],
                "char_kappa": pairs,
                "ours": ours_times,
                "raw": raw_times,
            },
            note="target: a few seconds end to end; no ratio target (the baseline computes "
            "nothing)",
        )
    ]
