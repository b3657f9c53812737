"""One row per span, as CSV: what a spreadsheet or pandas reads.

Columns: ``document_id, title, source, annotator, label, start, end, text, note``, with a
header row. Offsets count code points. A cell that a spreadsheet would run as a formula
(one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a
leading apostrophe, as OWASP advises: spreadsheets then show it as text. The ``start`` and
``end`` columns are numbers and never need it; ``text`` may then differ from the document's
characters by that apostrophe, which the offsets do not.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from annotator.formats.base import ExportRecord, text_writer
from annotator.formats.base import span_text as _span_text

COLUMNS = ("document_id", "title", "source", "annotator", "label", "start", "end", "text", "note")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_span_table(handle: TextIO, records: Iterable[ExportRecord]) -> int:
    """Write a header and one row per span of every record; returns the documents written."""
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        meta = record.get("meta", {})
        for span in record.get("spans", []):
            row: list[Any] = [
                record.get("id", ""),
                meta.get("title", ""),
                meta.get("source", ""),
                span.get("annotator", ""),
                span["label"],
                span["start"],
                span["end"],
                _span_text(span, record["text"]),
                span.get("note") or "",
            ]
            writer.writerow([_inert(cell) for cell in row])
        count += 1
    return count


def _inert(cell: Any) -> Any:
    """A text cell a spreadsheet would evaluate, made text (numbers pass as they are)."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


WRITER = text_writer(
    "csv", "CSV, one row per span (for spreadsheets and pandas)", ".csv", write_span_table
)
