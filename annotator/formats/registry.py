"""The format registry: which reader takes which file, which writer makes which export.

Adding a format means writing one module with a reader and/or writer (the records of
:mod:`annotator.formats.base`) and listing it in :func:`default_registry`; the import and
export services, and through them the command line and the dialogs, read from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.formats import doccano, jsonl, labelstudio, plaintext, span_table, table
from annotator.formats.base import Reader, Writer

#: What an export's sidecar is named after its data file ("out.jsonl.meta.json").
SIDECAR_SUFFIX = ".meta.json"

#: Files larger than this are refused before they are read into memory.
MAX_FILE_BYTES = 512 * 1024 * 1024


class FormatRegistry:
    """Readers by name and extension, writers by name."""

    def __init__(self, readers: Iterable[Reader], writers: Iterable[Writer]) -> None:
        self.readers = {reader.name: reader for reader in readers}
        self.writers = {writer.name: writer for writer in writers}

    def reader_for(self, path: Path) -> Reader | None:
        """The reader for a file, chosen by its extension (case-insensitive); none for an
        export's sidecar (``*.meta.json``), which describes a file rather than holding one."""
        if path.name.lower().endswith(SIDECAR_SUFFIX):
            return None
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
    return FormatRegistry(
        readers=[plaintext.READER, jsonl.READER, table.READER, labelstudio.READER],
        writers=[jsonl.WRITER, doccano.WRITER, labelstudio.WRITER, span_table.WRITER],
    )
