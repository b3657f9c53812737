"""Signs of boilerplate in the element structure an imported HTML page keeps.

An HTML import keeps a block map (:func:`annotator.core.originals.structure_of`): for each
paragraph of the text, the path of elements it came from and the share of its characters
inside links. A paragraph inside ``<nav>``, ``<footer>`` or ``<aside>``, inside a page-level
``<header>`` (not an article's, which holds the headline), inside an element whose class or
id names a widget (``share``, ``cookie``, ``sidebar`` ...), or made mostly of links, is very
likely boilerplate. These are the signs jusText and trafilatura read too, kept to what the
block map holds. (Not ``comment``: forum posts and reader comments live in such elements, and
what they say is often what is labelled.)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from annotator.core.originals import Block, ElementStep, blocks_of

#: Weight of a block inside ``<nav>``, ``<footer>`` or ``<aside>``.
LANDMARK = 0.6
#: Weight of a block inside a ``<header>`` that is not an article's.
PAGE_HEADER = 0.4
#: Weight of a block inside an element whose class or id names a widget.
WIDGET_CLASS = 0.4
#: Weight of a block mostly made of links (at least :data:`LINK_DENSE` of its characters).
LINKS = 0.5
LINK_DENSE = 0.5

_LANDMARKS = frozenset({"nav", "footer", "aside"})
_CONTENT = frozenset({"article", "main"})
_WIDGET_NAMES = re.compile(
    r"(?<![a-z])(nav|navbar|menu|footer|sidebar|share|sharing|social|cookies?|consent|banner|"
    r"breadcrumbs?|related|widget|promo|ads?|advert|advertisement|newsletter|"
    r"subscribe|signup|donate|donation)(?![a-z])"
)


@dataclass(frozen=True, slots=True)
class ElementSign:
    """What the structure says about one block.

    Attributes:
        weight: How strongly it points to boilerplate, from 0 (nothing) to 1.
        reason: Why, in a few words ("inside <footer>; 80% links"), or "".
        landmark: 1.0 inside a navigation, footer, aside or page header, else 0.0.
        link_density: The share of the block's characters inside links.
    """

    weight: float
    reason: str
    landmark: float
    link_density: float


NO_SIGN = ElementSign(0.0, "", 0.0, 0.0)


class PageStructure:
    """A page's block map, asked about ranges of its text."""

    def __init__(self, blocks: tuple[Block, ...]) -> None:
        self._blocks = blocks
        self._starts = [block.start for block in blocks]
        self._signs = [_sign(block) for block in blocks]

    @classmethod
    def of(cls, structure: Mapping[str, Any] | None) -> PageStructure | None:
        """The structure of a :class:`~annotator.core.suggestions.base.Page`, if it has one.

        Raises:
            ValueError: The block map is of another version or shape.
        """
        if structure is None:
            return None
        return cls(blocks_of(dict(structure)))

    def sign(self, start: int, end: int) -> ElementSign:
        """The sign of the block holding ``start`` (:data:`NO_SIGN` outside every block)."""
        index = bisect_right(self._starts, start) - 1
        if index < 0 or self._blocks[index].end <= start or end <= start:
            return NO_SIGN
        return self._signs[index]


def _sign(block: Block) -> ElementSign:
    weights: list[tuple[float, str]] = []
    landmark = _landmark(block.path)
    if landmark in _LANDMARKS:
        weights.append((LANDMARK, f"inside <{landmark}>"))
    elif landmark == "header":
        weights.append((PAGE_HEADER, "inside the page's <header>"))
    named = _widget_name(block.path)
    if named:
        weights.append((WIDGET_CLASS, f"inside a '{named}' element"))
    if block.link_density >= LINK_DENSE:
        weights.append((LINKS, f"{block.link_density:.0%} links"))
    remaining = 1.0
    for weight, _ in weights:
        remaining *= 1.0 - weight
    reason = "; ".join(text for _, text in weights)
    return ElementSign(1.0 - remaining, reason, float(landmark is not None), block.link_density)


def _landmark(path: tuple[ElementStep, ...]) -> str | None:
    """The innermost navigation, footer, aside or page-level header around the block."""
    for depth in range(len(path) - 1, -1, -1):
        tag = path[depth].tag
        if tag in _LANDMARKS:
            return tag
        if tag == "header" and not any(step.tag in _CONTENT for step in path[:depth]):
            return tag
    return None


def _widget_name(path: tuple[ElementStep, ...]) -> str:
    """The first widget word in the class or id of an element around the block, or ""."""
    for step in reversed(path):
        found = _WIDGET_NAMES.search(f"{step.classes} {step.id}".casefold())
        if found:
            return found.group(1)
    return ""
