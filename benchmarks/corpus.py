"""Synthetic but realistic inputs: scraped-page text, spans on word boundaries, big projects.

Everything is generated from a fixed seed, so two runs measure the same data. The text mixes
long paragraphs with short navigation lines and carries a few accented letters and one emoji
every few kilobytes: an astral character makes code-point offsets differ from Qt's UTF-16
positions, which is the slower path of the offset map and the one real pages take.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.core.model import Document, Label, Span

SEED = 20240607
#: Bump when the generated data changes, so cached project files are rebuilt.
GENERATOR_VERSION = 2
LABEL_NAMES = ("Claim", "Opinion", "Boilerplate")

_VOCABULARY = (
    "the council said bridge repairs would cost more than planned and residents were not told "
    "about the delay until last week when a report from the transport office was published "
    "critics argue that money should have gone to schools instead while supporters insist the "
    "harbour crossing is vital for commuters who travel every morning from the northern "
    "districts officials confirmed that inspections found corrosion in several steel beams "
    "share subscribe newsletter cookie settings privacy policy accept all reply quote posted "
    "member since joined likes I think honestly frankly perhaps clearly obviously surely "
    "percent million thousand hundred 2019 2021 2023 £23.6m €4bn 42 café naïve Zürich São "
    "Paulo résumé coöperate déjà vu Ελλάδα Москва"
)
_WORDS = tuple(_VOCABULARY.split())
_NAV_LINES = (
    "Share on X · Copy link · Email",
    "Accept all cookies | Settings",
    "Reply  Quote  Report",
    "Posted by member_2231 · 3 hours ago",
    "Subscribe to our newsletter",
    "Home › News › Local",
)
_EMOJI = ("😀", "👍", "🇬🇧", "👩‍💻")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class LongDocument:
    """One long page with its spans, and the unlabelled stretches left between them.

    Attributes:
        text: The page (newlines already ``\\n``).
        spans: ``(start, end, label index)`` in code points, sorted, not overlapping.
        gaps: ``(start, end)`` of whole words that no span touches (for adding spans).
    """

    text: str
    spans: list[tuple[int, int, int]]
    gaps: list[tuple[int, int]]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(8, 22))
    if rng.random() < 0.08:
        words[rng.randrange(len(words))] = rng.choice(_EMOJI)
    return " ".join(words).capitalize() + "."


def page_text(chars: int, rng: random.Random) -> str:
    """About ``chars`` code points of a scraped page: paragraphs and short navigation lines."""
    parts: list[str] = []
    size = 0
    while size < chars:
        if rng.random() < 0.25:
            block = rng.choice(_NAV_LINES)
        else:
            block = " ".join(_sentence(rng) for _ in range(rng.randint(2, 7)))
        parts.append(block)
        size += len(block) + 1
    return "\n".join(parts)[:chars].rstrip() + "\n"


def long_document(chars: int, span_count: int, seed: int = SEED) -> LongDocument:
    """A page of about ``chars`` code points with ``span_count`` spans of 1-6 whole words."""
    rng = random.Random(seed)
    text = page_text(chars, rng)
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    period = len(words) / span_count
    if period < 3:
        raise ValueError(f"{chars} characters cannot hold {span_count} separate spans")
    spans: list[tuple[int, int, int]] = []
    gaps: list[tuple[int, int]] = []
    previous_end_word = 0
    for k in range(span_count):
        first = int(k * period) + 1  # leave the word before each span unlabelled
        length = rng.randint(1, max(1, min(6, int(period) - 2)))
        last = min(first + length, len(words)) - 1
        if first > previous_end_word + 1:
            gaps.append((words[previous_end_word + 1][0], words[first - 1][1]))
        spans.append((words[first][0], words[last][1], rng.randrange(len(LABEL_NAMES))))
        previous_end_word = last
    return LongDocument(text, spans, gaps)


def domain_values(
    page: LongDocument, labels: list[Label], document_id: int = 1, annotator_id: int = 1
) -> tuple[Document, list[Span]]:
    """The page as the core values the document view shows (no database involved)."""
    moment = datetime(2024, 6, 7, tzinfo=UTC)
    document = Document(
        document_id,
        hashlib.sha256(page.text.encode()).hexdigest(),
        "Benchmark page",
        page.text,
        "benchmark",
        {},
        "utf-8",
        moment,
    )
    spans = [
        Span(f"{i:032x}", document_id, annotator_id, labels[label].id, start, end, moment, moment)
        for i, (start, end, label) in enumerate(page.spans)
    ]
    return document, spans


def default_labels() -> list[Label]:
    """The default label set, as a new project has it (ids 1-3)."""
    colors = ("#0072B2", "#E69F00", "#8C8C8C")
    return [Label(i + 1, name, colors[i], str(i + 1), i) for i, name in enumerate(LABEL_NAMES)]


# -- many small documents -------------------------------------------------------------------


def corpus_records(
    documents: int, spans_per_document: int, seed: int = SEED
) -> Iterator[dict[str, Any]]:
    """Prodigy-style JSONL records: ``{"text", "meta", "spans": [{start, end, label}]}``.

    Each text starts with its number, so all of them are distinct documents; spans are spread
    evenly over the text (offsets need not fall on word boundaries for import or export).
    """
    rng = random.Random(seed)
    sentences = [_sentence(rng) for _ in range(4000)]
    for number in range(documents):
        body = " ".join(rng.choices(sentences, k=rng.randint(3, 9)))
        text = f"Page {number}. {body}"
        length = len(text)
        step = length // spans_per_document if spans_per_document else length
        spans = [
            {
                "start": k * step,
                "end": k * step + max(1, step // 2),
                "label": LABEL_NAMES[(number + k) % 3],
            }
            for k in range(spans_per_document)
        ]
        yield {
            "text": text,
            "meta": {"title": f"Page {number}", "url": f"https://example.org/{number}"},
            "spans": spans,
        }


def write_jsonl(path: Path, documents: int, spans_per_document: int) -> Path:
    """Write :func:`corpus_records` to ``path`` (once: an existing file is kept)."""
    if path.exists():
        return path
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8") as handle:
        for record in corpus_records(documents, spans_per_document):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    partial.replace(path)
    return path


def sqlite_datetime(moment: datetime) -> str:
    """A time as SQLAlchemy stores ``DateTime`` in SQLite (UTC, no offset)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def bulk_fill(path: Path, documents: int, spans: int, annotator_id: int = 1) -> None:
    """Fill an empty project file (schema made by ``Project.open``) with raw ``executemany``.

    Secondary indexes are dropped during the insert and re-created from their own stored SQL,
    so the file ends with exactly the schema the migrations made. About a third of the
    documents get a status for the annotator (done, in progress, skipped); about one span in
    a thousand and one status in a hundred carry a note.
    """
    rng = random.Random(SEED)
    now = sqlite_datetime(datetime(2024, 6, 7, tzinfo=UTC))
    per_document, extra = divmod(spans, documents)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA synchronous=OFF")
        indexes = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('documents', 'spans', 'document_status')"
        ).fetchall()
        connection.execute("BEGIN")
        for name, _sql in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        document_rows: list[tuple[object, ...]] = []
        span_rows: list[tuple[object, ...]] = []
        for number, record in enumerate(corpus_records(documents, 0), start=1):
            text = record["text"]
            document_rows.append(
                (
                    number,
                    hashlib.sha256(text.encode()).hexdigest(),
                    record["meta"]["title"],
                    text,
                    len(text),
                    "benchmark.jsonl",
                    "utf-8",
                    json.dumps(record["meta"]),
                    now,
                    number,
                )
            )
            count = per_document + (1 if number <= extra else 0)
            step = max(1, len(text) // max(count, 1))
            for k in range(count):
                start = min(k * step, len(text) - 1)
                span_rows.append(
                    (
                        os.urandom(16).hex(),
                        number,
                        annotator_id,
                        1 + (number + k) % 3,
                        start,
                        min(len(text), start + max(1, step // 2)),
                        _span_note(rng),
                        now,
                        now,
                    )
                )
            if len(span_rows) >= 200_000:
                _insert(connection, document_rows, span_rows)
        _insert(connection, document_rows, span_rows)
        statuses = [
            (number, annotator_id, status, _document_note(rng), now)
            for number in range(1, documents + 1)
            if (status := _status(rng)) is not None
        ]
        connection.executemany(
            "INSERT INTO document_status (document_id, annotator_id, status, note, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            statuses,
        )
        for _name, sql in indexes:
            connection.execute(sql)
        connection.execute("COMMIT")
    finally:
        connection.close()


def _insert(
    connection: sqlite3.Connection,
    documents: list[tuple[object, ...]],
    spans: list[tuple[object, ...]],
) -> None:
    """Insert and forget a batch (documents first: spans refer to them)."""
    connection.executemany(
        "INSERT INTO documents (id, sha256, title, text, char_count, source, encoding, meta, "
        "imported_at, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        documents,
    )
    connection.executemany(
        'INSERT INTO spans (id, document_id, annotator_id, label_id, start, "end", note, '
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        spans,
    )
    documents.clear()
    spans.clear()


def _status(rng: random.Random) -> str | None:
    draw = rng.random()
    if draw < 0.30:
        return "done"
    if draw < 0.40:
        return "in_progress"
    if draw < 0.45:
        return "skipped"
    return None


def _span_note(rng: random.Random) -> str | None:
    return "Check this against the source" if rng.random() < 0.001 else None


def _document_note(rng: random.Random) -> str | None:
    return "Paywalled: only the teaser was scraped" if rng.random() < 0.01 else None
