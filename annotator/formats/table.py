"""CSV and TSV files: one row, one document, read from a text column."""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from pathlib import PurePath

from annotator.core.model import DocumentDraft
from annotator.core.titles import headline
from annotator.errors import InputError
from annotator.formats.base import Reader, ReadOptions
from annotator.formats.decode import decode_bytes

DEFAULT_TEXT_COLUMN = "text"


#: The columns of the csv export's span table (see span_table.COLUMNS), which holds spans,
#: not pages: a file with all of them is refused rather than read as pages.
_SPAN_TABLE = {"document_id", "annotator", "label", "start", "end", "text"}


def read_table(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """Read a table with a header row; "title" gives the title, other columns the metadata."""
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
        if _SPAN_TABLE.issubset(columns):
            raise InputError(
                source,
                "is a table of spans (one row per span, as the csv export writes it), not of "
                "pages: it holds no page texts to import; import that export's JSONL (or "
                "another format that holds the texts) instead",
                1,
            )
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


@dataclass(frozen=True, slots=True)
class TableHead:
    """The start of a table: its file, column names and first row (for choosing a column)."""

    source: str
    columns: list[str]
    first_row: list[str]

    def guess_text_column(self) -> str:
        """The column most likely to hold the pages: "text", else one named like it, else
        the one whose first cell is longest."""
        lowered = [column.lower() for column in self.columns]
        for name in (DEFAULT_TEXT_COLUMN, *_TEXT_LIKE):
            if name in lowered:
                return self.columns[lowered.index(name)]
        cells = [*self.first_row, *[""] * len(self.columns)]
        return max(self.columns, key=lambda column: len(cells[self.columns.index(column)]))


#: Column names that usually hold a page's text, after "text" itself.
_TEXT_LIKE = ("body", "content", "article", "page", "message", "post", "comment")


def read_head(data: bytes, source: str) -> TableHead:
    """The column names and first row of a table, from the start of its bytes.

    Raises:
        InputError: The start cannot be decoded or has no header row.
    """
    cut = data.rfind(b"\n")
    decoded = decode_bytes(data[: cut + 1] if cut >= 0 else data, source)
    csv.field_size_limit(sys.maxsize)
    reader = csv.reader(io.StringIO(decoded.text, newline=""), _dialect(decoded.text, source))
    try:
        header = next(reader, None)
        first = next(reader, [])
    except csv.Error as error:
        raise InputError(source, f"not a valid table ({error})", 1) from None
    if not header:
        raise InputError(source, "the file is empty")
    return TableHead(source, [name.strip() for name in header], first)


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
    # The title is the document's own field: a copy here (empty where the title came from
    # the headline) would be exported in place of the title the window shows.
    meta = {
        name: value
        for i, (name, value) in enumerate(zip(columns, row, strict=True))
        if i not in (text_index, title_index)
    }
    title = row[title_index].strip() if title_index is not None else ""
    title = title or headline(row[text_index]) or f"{PurePath(source).stem} row {line}"
    return DocumentDraft(row[text_index], title[:500], source, encoding, meta=meta, line=line)


READER = Reader(
    "csv", "CSV or TSV with a header row and a text column", (".csv", ".tsv"), read_table
)
