"""What the formats made of several files (brat, XMI) share: file names and span descriptions.

A bundle names each document's files ``NNNN-slug`` (``0001-family-news.txt``): the number
keeps the export's order when the files are listed by name, the slug lets people find a
document by its title; the slug holds only ASCII letters, digits and ``-``, so the names
are the same on every file system and in every zip tool.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from annotator.formats.base import ExportRecord

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG_CHARS = 40
#: What a folder name in a bundle may not hold (path separators, controls, Windows' specials).
_NOT_IN_FOLDER = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def file_stem(number: int, title: str) -> str:
    """``0007-family-news`` for the 7th document, titled "Family news"."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", folded.lower()).strip("-")[:_SLUG_CHARS].rstrip("-")
    return f"{number:04d}-{slug}" if slug else f"{number:04d}"


def folder_name(name: str, taken: set[str]) -> str:
    """A folder name for ``name`` (a layer), safe on every file system and unlike ``taken``."""
    safe = _NOT_IN_FOLDER.sub("_", name).strip().strip(".") or "layer"
    candidate, number = safe, 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{safe}_{number}"
    taken.add(candidate.casefold())
    return candidate


def title_of(record: ExportRecord) -> str:
    """The document's title as a report names it."""
    return str(record.get("meta", {}).get("title") or record.get("id", ""))


def describe_span(span: dict[str, Any], text: str) -> str:
    """``the Claim span 4-20 ('The council…')`` for a report."""
    covered = text[span["start"] : span["end"]]
    shown = covered if len(covered) <= 40 else covered[:39] + "…"
    return f"the {span['label']} span {span['start']}–{span['end']} ({shown!r})"
