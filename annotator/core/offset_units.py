"""Offsets in the units other languages count: UTF-16 code units or UTF-8 bytes.

Stored offsets count code points (Python's string indices). JavaScript and Java index strings
by UTF-16 code units, Rust and Go by UTF-8 bytes; an export for them may carry offsets in
those units instead (``annotator export --offsets utf16|utf8``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

OffsetUnit = Literal["codepoints", "utf16", "utf8"]
OFFSET_UNITS: tuple[OffsetUnit, ...] = ("codepoints", "utf16", "utf8")

#: How each unit is described in an export's sidecar.
UNIT_NAMES: dict[OffsetUnit, str] = {
    "codepoints": "Unicode code points of the exported text",
    "utf16": "UTF-16 code units of the exported text (JavaScript and Java string indices)",
    "utf8": "bytes of the exported text encoded as UTF-8 (Rust and Go string indices)",
}

#: Each unit in a few words, for messages.
UNIT_WORDS: dict[OffsetUnit, str] = {
    "codepoints": "code points",
    "utf16": "UTF-16 code units",
    "utf8": "UTF-8 bytes",
}


def in_unit(text: str, offsets: Iterable[int], unit: OffsetUnit) -> dict[int, int]:
    """Each code-point offset into ``text`` as the same place counted in ``unit``.

    One pass over the text whatever the number of offsets: the stretches between
    consecutive offsets are measured once each.
    """
    wanted = sorted(set(offsets))
    if unit == "codepoints" or text.isascii():
        return {offset: offset for offset in wanted}
    encoding = "utf-16-le" if unit == "utf16" else "utf-8"
    width = 2 if unit == "utf16" else 1
    converted: dict[int, int] = {}
    previous = counted = 0
    for offset in wanted:
        counted += len(text[previous:offset].encode(encoding)) // width
        converted[offset] = counted
        previous = offset
    return converted


def from_unit(text: str, offsets: Iterable[int], unit: OffsetUnit) -> dict[int, int | None]:
    """The inverse of :func:`in_unit`: each offset counted in ``unit`` as a code-point offset
    into ``text``; None for one that falls inside a character (between the two UTF-16 units
    of an emoji, among the bytes of "é") or past the end.

    One pass over the text, as :func:`in_unit`: the stretches between consecutive offsets are
    decoded once each.
    """
    wanted = sorted(set(offsets))
    if unit == "codepoints":
        return {offset: offset if 0 <= offset <= len(text) else None for offset in wanted}
    encoding = "utf-16-le" if unit == "utf16" else "utf-8"
    width = 2 if unit == "utf16" else 1
    encoded = text.encode(encoding, "surrogatepass")
    converted: dict[int, int | None] = {}
    previous = counted = 0  # the last offset found on a character boundary, in both units
    for offset in wanted:
        if not 0 <= offset * width <= len(encoded):
            converted[offset] = None
            continue
        try:
            stretch = encoded[previous * width : offset * width].decode(encoding)
        except UnicodeDecodeError:  # the stretch ends inside a character
            converted[offset] = None
            continue
        counted += len(stretch)
        converted[offset] = counted
        previous = offset
    return converted
