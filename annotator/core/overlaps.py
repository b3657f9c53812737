"""What happens to existing spans when a new one may not overlap them.

The new span wins; each span it overlaps keeps whatever lies outside it: it is removed when
fully covered, shortened when it sticks out on one side, and split in two when it sticks out
on both. Kept parts are trimmed of white space; a part with no visible text is dropped.

A kept part only ever shrinks: it is not grown to whole words or graphemes the way a
selection is, because growing the part before the new span past the new span's start (an
exact span that begins inside a word, or after a combining mark) would make the two overlap.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.model import Span

Bounds = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Trim:
    """The fate of one overlapped span: the parts of it that remain (none, one or two)."""

    span: Span
    parts: tuple[Bounds, ...]

    @property
    def verb(self) -> str:
        """ "removed", "shortened" or "split", for messages."""
        return ("removed", "shortened", "split")[len(self.parts)]


def plan_trims(text: str, new: Bounds, existing: list[Span]) -> list[Trim]:
    """The trims that make room for ``new`` among ``existing`` spans (same layer)."""
    start, end = new
    trims = []
    for span in existing:
        if span.end <= start or span.start >= end:
            continue
        pieces = []
        if span.start < start:
            pieces.append(_kept(text, span.start, start))
        if span.end > end:
            pieces.append(_kept(text, end, span.end))
        trims.append(Trim(span, tuple(piece for piece in pieces if piece)))
    return trims


def _kept(text: str, start: int, end: int) -> Bounds | None:
    """``[start, end)`` without white space at either end; None if nothing else is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def describe(trims: list[Trim], label_names: dict[int, str]) -> str:
    """A sentence such as "shortened 1 Opinion span and removed 1 Claim span"."""
    counts: dict[tuple[str, str], int] = {}
    for trim in trims:
        key = (trim.verb, label_names.get(trim.span.label_id, "?"))
        counts[key] = counts.get(key, 0) + 1
    parts = [
        f"{verb} {count} {name} span{'s' if count > 1 else ''}"
        for (verb, name), count in counts.items()
    ]
    return " and ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else "".join(parts)
