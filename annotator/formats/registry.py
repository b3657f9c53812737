"""The format registry: which reader takes which file, which writer makes which export.

Adding a format means writing one module with a reader and/or writer (the records of
:mod:`annotator.formats.base`) and listing it in :func:`default_registry`; the import and
export services, and through them the command line and the dialogs, read from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from annotator.formats import (
    brat,
    conll,
    doccano,
    html,
    jsonl,
    labelstudio,
    markdown,
    parquet,
    parquet_reader,
    pdf,
    plaintext,
    spacy_docbin,
    span_table,
    table,
    word,
    xmi,
)
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

    def reader_for(self, path: PurePath) -> Reader | None:
        """The reader for a file, chosen by its extension (case-insensitive); none for an
        export's sidecar (``*.meta.json``), which describes a file rather than holding one."""
        if path.name.lower().endswith(SIDECAR_SUFFIX):
            return None
        suffix = path.suffix.lower()
        for reader in self.readers.values():
            if suffix in reader.extensions:
                return reader
        return None

    def reader_named(self, name: str) -> Reader | None:
        """The reader ``--format NAME`` names (by its name or an alias)."""
        name = name.lower()
        for reader in self.readers.values():
            if name == reader.name or name in reader.aliases:
                return reader
        return None

    @property
    def reader_names(self) -> list[str]:
        """Every name ``import --format`` takes, aliases included."""
        return [name for reader in self.readers.values() for name in (reader.name, *reader.aliases)]

    def is_companion(self, path: PurePath, siblings: set[str]) -> bool:
        """True when ``path`` belongs to another file beside it (brat's ``.txt`` beside its
        ``.ann``, XMI's ``TypeSystem.xml``), so a folder import does not take it alone.

        Args:
            siblings: The lower-case names of the files in the same folder.
        """
        name, suffix = path.name.lower(), path.suffix.lower()
        stem = name[: len(name) - len(suffix)] if suffix else name
        for reader in self.readers.values():
            named = name in (n.lower() for n in reader.companion_names)
            if named and any(sibling.endswith(reader.extensions) for sibling in siblings):
                return True
            paired = suffix in reader.companions
            if paired and any(stem + extension in siblings for extension in reader.extensions):
                return True
        return False

    @property
    def extensions(self) -> tuple[str, ...]:
        """Every extension some reader takes."""
        return tuple(ext for reader in self.readers.values() for ext in reader.extensions)

    def writer(self, name: str) -> Writer | None:
        """The writer called ``name``."""
        return self.writers.get(name)


def default_registry() -> FormatRegistry:
    """The formats this version supports, in the order people are offered them."""
    return FormatRegistry(
        readers=[
            plaintext.READER,
            html.READER,
            markdown.READER,
            word.READER,
            pdf.READER,
            jsonl.READER,
            table.READER,
            labelstudio.READER,
            spacy_docbin.READER,
            conll.READER,
            brat.READER,
            xmi.READER,
            parquet_reader.READER,
        ],
        writers=[
            jsonl.WRITER,
            doccano.WRITER,
            labelstudio.WRITER,
            span_table.WRITER,
            spacy_docbin.WRITER,
            conll.WRITER,
            brat.WRITER,
            xmi.WRITER,
            parquet.WRITER,
        ],
    )
