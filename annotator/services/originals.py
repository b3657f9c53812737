"""Keeping the file a document was extracted from (an HTML page) with the document.

The file is stored zlib-compressed (a scraped page shrinks to a fifth or less; zlib, unlike
lzma, costs next to nothing per page at import), with its block map as JSON. A document gets
one original at most: the first imported with its text. A page imported again is the same
document and leaves the stored original as it is; a document that has none yet (added by a
merge, or as plain text with the very same text) takes the page's.

A merge does not carry originals: a received file's blobs would have to be checked like every
other row of it (:mod:`annotator.store.untrusted_rows`), inflated under a limit, before any
were kept. Importing the pages into the team project attaches them to the merged documents.
Sharing (``VACUUM INTO``) copies them with the rest of the file, and removal and its undo
take them out and put them back with their documents.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from annotator.core.originals import Original, blocks_of, structure_of
from annotator.errors import AnnotatorError
from annotator.store.schema import DocumentOriginalRow

log = logging.getLogger(__name__)

#: The ``compression`` of every original written.
COMPRESSION = "zlib"
_LEVEL = 9
#: Document ids asked about per ``IN (...)`` query.
_CHUNK = 500


def add_originals(session: Session, originals: Mapping[int, Original]) -> None:
    """Store the originals of documents (by id) that have none yet, inside the caller's
    transaction."""
    ids = sorted(originals)
    stored = set(_with_original(session, ids))
    rows = [
        _row(document_id, originals[document_id])
        for document_id in ids
        if document_id not in stored
    ]
    if rows:
        session.execute(insert(DocumentOriginalRow), rows)


def _with_original(session: Session, ids: list[int]) -> Iterable[int]:
    for first in range(0, len(ids), _CHUNK):
        chunk = ids[first : first + _CHUNK]
        yield from session.scalars(
            select(DocumentOriginalRow.document_id).where(
                DocumentOriginalRow.document_id.in_(chunk)
            )
        )


def _row(document_id: int, original: Original) -> dict[str, Any]:
    return {
        "document_id": document_id,
        "media_type": original.media_type,
        "compression": COMPRESSION,
        "size": len(original.data),
        "data": zlib.compress(original.data, _LEVEL),
        "structure": structure_of(original.blocks),
    }


def stored_original(session: Session, document_id: int) -> Original | None:
    """The original kept with a document, or None when it has none.

    Raises:
        AnnotatorError: The stored original cannot be read back (a damaged file).
    """
    row = session.get(DocumentOriginalRow, document_id)
    if row is None:
        return None
    try:
        data = _inflate(row.compression, row.data, row.size)
        blocks = blocks_of(row.structure)
    except (ValueError, zlib.error) as error:
        raise AnnotatorError(
            f"The original page of document {document_id} is damaged ({error})."
        ) from None
    return Original(row.media_type, data, blocks)


def page_structures(session: Session, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The block maps of these documents' originals, by document id, for recommenders
    (:attr:`annotator.core.suggestions.base.Page.structure`). Documents without an original
    are left out, and so is a block map that cannot be read (logged): the page is then
    judged by its text alone."""
    wanted = sorted(set(ids))
    found: dict[int, dict[str, Any]] = {}
    for first in range(0, len(wanted), _CHUNK):
        query = select(DocumentOriginalRow.document_id, DocumentOriginalRow.structure).where(
            DocumentOriginalRow.document_id.in_(wanted[first : first + _CHUNK])
        )
        for document_id, structure in session.execute(query):
            try:
                blocks_of(structure)
            except (ValueError, TypeError, AttributeError) as error:
                log.warning("The block map of document %s cannot be read: %s", document_id, error)
                continue
            found[document_id] = structure
    return found


def _inflate(compression: str, data: bytes, size: int) -> bytes:
    """The stored bytes uncompressed, never more than the size recorded."""
    if compression != COMPRESSION:
        raise ValueError(f"unknown compression {compression!r}")
    inflater = zlib.decompressobj()
    raw = inflater.decompress(data, size + 1)
    if len(raw) != size or not inflater.eof:
        raise ValueError(f"it does not inflate to the {size:,} bytes recorded")
    return raw
