"""What every format module shares: the reader and writer records and the options they take.

The format modules import only this module (and the core); :mod:`annotator.formats.registry`
imports the format modules, so the dependency runs one way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from annotator.core.model import DocumentDraft


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


def span_text(span: dict[str, Any], text: str) -> str:
    """An exported span's text: the record's own copy, else sliced from the document's."""
    quoted = span.get("text")
    return str(quoted) if quoted is not None else text[span["start"] : span["end"]]


@dataclass(frozen=True, slots=True)
class Writer:
    """Writes export records to an open text file."""

    name: str
    description: str
    extension: str
    write: Callable[[TextIO, Iterable[ExportRecord]], int]
