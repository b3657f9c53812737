"""The format registry: which reader takes which file, which writer makes which export.

Adding a format means writing one module with a reader and/or writer function and listing it
in :func:`default_registry`; the CLI, the import dialog and the export dialog read from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from annotator.core.model import DocumentDraft

#: Files larger than this are refused before they are read into memory.
MAX_FILE_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Options a reader may use.

    Attributes:
        source_name: How the file is named in messages and in each document's ``source``.
        text_column: For tables: the column that holds the text (default: "text").
    """

    source_name: str
    text_column: str | None = None


@dataclass(frozen=True, slots=True)
class Reader:
    """Reads one file into document drafts, or raises :class:`~annotator.errors.InputError`."""

    name: str
    description: str
    extensions: tuple[str, ...]
    read: Callable[[bytes, ReadOptions], list[DocumentDraft]]


#: One exported document: the JSON-ready object a writer writes.
ExportRecord = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Writer:
    """Writes export records to an open text file."""

    name: str
    description: str
    extension: str
    write: Callable[[TextIO, Iterable[ExportRecord]], int]


class FormatRegistry:
    """Readers by name and extension, writers by name."""

    def __init__(self, readers: Iterable[Reader], writers: Iterable[Writer]) -> None:
        self.readers = {reader.name: reader for reader in readers}
        self.writers = {writer.name: writer for writer in writers}

    def reader_for(self, path: Path) -> Reader | None:
        """The reader for a file, chosen by its extension (case-insensitive)."""
        suffix = path.suffix.lower()
        for reader in self.readers.values():
            if suffix in reader.extensions:
                return reader
        return None

    @property
    def extensions(self) -> tuple[str, ...]:
        """Every extension some reader takes."""
        return tuple(ext for reader in self.readers.values() for ext in reader.extensions)

    def writer(self, name: str) -> Writer | None:
        """The writer called ``name``."""
        return self.writers.get(name)


def default_registry() -> FormatRegistry:
    """The formats this version supports."""
    from annotator.formats import jsonl, plaintext, table

    return FormatRegistry(
        readers=[plaintext.READER, jsonl.READER, table.READER],
        writers=[jsonl.WRITER],
    )
