"""Plain text files: one file, one document."""

from __future__ import annotations

from pathlib import PurePath

from annotator.core.model import DocumentDraft
from annotator.core.titles import headline
from annotator.formats.base import Reader, ReadOptions
from annotator.formats.decode import decode_bytes


def read_text(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """The whole file is the document; its title is the page's headline (see
    :func:`~annotator.core.titles.headline`), else the file's name without extension."""
    decoded = decode_bytes(data, options.source_name)
    title = headline(decoded.text) or PurePath(options.source_name).stem or options.source_name
    return [DocumentDraft(decoded.text, title, options.source_name, decoded.encoding)]


READER = Reader(
    "txt",
    "Plain text (one document per file)",
    (".txt", ".text"),
    read_text,
    documents_only=True,
)
