"""The original file a document's text was extracted from, and where each block of it came from.

An HTML page becomes plain text: its blocks (paragraphs, list items, table rows ...) separated
by a blank line. The page itself is kept with the document, with a map from each block's range
of the extracted text to the element it came from, so that later features can use the page's
structure (a block inside ``<footer>`` or ``<nav>``, a block that is mostly links) without
parsing the page again.

The map is stored as JSON (:func:`structure_of`, :func:`blocks_of`): each distinct element path
once, and each block as ``[start, end, path index, link density]``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

#: The version of the stored structure's JSON shape.
STRUCTURE_VERSION = 1


@dataclass(frozen=True, slots=True)
class ElementStep:
    """One element on the way from the page's root to a block.

    Attributes:
        tag: The element's tag, lower case ("div").
        classes: Its ``class`` attribute, blanks collapsed ("" when it has none).
        id: Its ``id`` attribute ("" when it has none).
    """

    tag: str
    classes: str = ""
    id: str = ""


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the extracted text and the element it came from.

    Attributes:
        start: Where it starts in the document's text, in code points.
        end: Where it ends (exclusive).
        path: The elements from the root down to the block's element (``html``, ``body``,
            ..., ``p``).
        link_density: The share of its characters (blanks not counted) inside a link
            (``<a>``), from 0 to 1.
    """

    start: int
    end: int
    path: tuple[ElementStep, ...]
    link_density: float = 0.0

    @property
    def element(self) -> ElementStep:
        """The block's own element (the last step of its path)."""
        return self.path[-1]


@dataclass(frozen=True, slots=True)
class Original:
    """A document's original file, kept as read, and the map of its blocks.

    Attributes:
        media_type: Its IANA media type ("text/html").
        data: Its bytes, exactly as read.
        blocks: The blocks of the extracted text, in text order, not overlapping.
    """

    media_type: str
    data: bytes
    blocks: tuple[Block, ...] = ()

    def shifted(self, shift: Callable[[int], int]) -> Original:
        """The same original with every block offset mapped through ``shift`` (when the
        text's newlines are normalised after extraction)."""
        blocks = tuple(
            Block(shift(b.start), shift(b.end), b.path, b.link_density) for b in self.blocks
        )
        return Original(self.media_type, self.data, blocks)


def structure_of(blocks: Sequence[Block]) -> dict[str, Any]:
    """The JSON-ready form of a block map: each distinct path stored once."""
    paths: dict[tuple[ElementStep, ...], int] = {}
    rows: list[list[Any]] = []
    for block in blocks:
        index = paths.setdefault(block.path, len(paths))
        rows.append([block.start, block.end, index, block.link_density])
    return {
        "version": STRUCTURE_VERSION,
        "paths": [[[s.tag, s.classes, s.id] for s in path] for path in paths],
        "blocks": rows,
    }


def blocks_of(structure: dict[str, Any]) -> tuple[Block, ...]:
    """The block map :func:`structure_of` stored.

    Raises:
        ValueError: The structure is of another version or shape.
    """
    if structure.get("version") != STRUCTURE_VERSION:
        raise ValueError(f"unknown structure version {structure.get('version')!r}")
    try:
        paths = [
            tuple(ElementStep(str(tag), str(classes), str(id_)) for tag, classes, id_ in path)
            for path in structure["paths"]
        ]
        return tuple(
            Block(int(start), int(end), paths[index], float(density))
            for start, end, index, density in structure["blocks"]
        )
    except (KeyError, TypeError, ValueError, IndexError) as error:
        raise ValueError(f"malformed block map ({type(error).__name__})") from None
