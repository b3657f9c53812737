"""CSV and TSV files: one row, one document, read from a text column."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import PurePath

from annotator.core.model import DocumentDraft
from annotator.core.titles import headline
from annotator.errors import InputError
from annotator.formats.decode import decode_bytes
from annotator.formats.registry import Reader, ReadOptions

DEFAULT_TEXT_COLUMN = "text"


def read_table(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """Read a table with a header row; other columns become metadata, "title" the title."""
    source = options.source_name
    decoded = decode_bytes(data, source)
    # Scraped pages easily exceed the csv module's default 128 KiB field limit.
    csv.field_size_limit(sys.maxsize)
    reader = csv.reader(
        io.StringIO(decoded.text, newline=""), dialect=_dialect(decoded.text, source)
    )
    try:
        header = next(reader, None)
        if header is None:
            raise InputError(source, "the file is empty")
        columns = [name.strip() for name in header]
        text_index = _text_column(columns, options.text_column, source)
        title_index = _find(columns, "title")
        drafts = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            drafts.append(
                _draft(
                    row, columns, text_index, title_index, decoded.encoding, source, reader.line_num
                )
            )
    except csv.Error as error:
        raise InputError(source, f"not a valid table ({error})", reader.line_num) from None
    return drafts


def _dialect(text: str, source: str) -> type[csv.Dialect]:
    if PurePath(source).suffix.lower() == ".tsv":
        return csv.excel_tab
    first_line = text[: text.find("\n")] if "\n" in text else text
    return csv.excel_tab if first_line.count("\t") > first_line.count(",") else csv.excel


def _find(columns: list[str], name: str) -> int | None:
    lowered = [column.lower() for column in columns]
    return lowered.index(name.lower()) if name.lower() in lowered else None


def _text_column(columns: list[str], wanted: str | None, source: str) -> int:
    name = wanted or DEFAULT_TEXT_COLUMN
    index = _find(columns, name)
    if index is None:
        shown = ", ".join(repr(column) for column in columns[:10]) or "none"
        raise InputError(
            source,
            f"has no column named {name!r} (its columns are {shown}); "
            "name the text column with --text-column",
            1,
        )
    return index


def _draft(
    row: list[str],
    columns: list[str],
    text_index: int,
    title_index: int | None,
    encoding: str,
    source: str,
    line: int,
) -> DocumentDraft:
    if len(row) != len(columns):
        raise InputError(source, f"has {len(row)} cells where the header has {len(columns)}", line)
    meta = {
        name: value
        for i, (name, value) in enumerate(zip(columns, row, strict=True))
        if i != text_index
    }
    title = row[title_index].strip() if title_index is not None else ""
    title = title or headline(row[text_index]) or f"{PurePath(source).stem} row {line}"
    return DocumentDraft(row[text_index], title[:500], source, encoding, meta=meta, line=line)


READER = Reader(
    "csv", "CSV or TSV with a header row and a text column", (".csv", ".tsv"), read_table
)
