"""Values from outside (file, label and annotator names) made safe for a one-line message.

A name is whatever the file or the person chose: a newline in it would start a line of its
own ("a.jsonl\\nimported 0 documents" forges a report line), a carriage return or an escape
sequence would overwrite what the terminal shows, and a bidirectional override would show
the rest of the line backwards. :func:`one_line` escapes all of them, as Python writes them
in a string literal, and cuts a long value so that a message stays one readable line.
"""

from __future__ import annotations

import unicodedata

#: Longest a value is shown in a message by default, in characters (the ellipsis included).
VALUE_LIMIT = 200
ELLIPSIS = "…"
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Categories that move the cursor or end a line: Cc (controls, C1 too), Zl and Zp (line
# and paragraph separators); Cs is a lone surrogate (an undecodable byte of a file name).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Zl", "Zp", "Cs"})
# The bidirectional marks, embeddings, overrides and isolates, which reorder the rest of
# the line. Other format characters stay: Persian names need the zero-width non-joiner.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e") | frozenset(
    "\u2066\u2067\u2068\u2069"
)


def _escape(character: str) -> str:
    if character in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[character]
    if character in _BIDI_CONTROLS or unicodedata.category(character) in _UNSAFE_CATEGORIES:
        code = ord(character)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return character


def one_line(value: object, limit: int | None = VALUE_LIMIT, *, keep_end: bool = False) -> str:
    """``value`` as text for a one-line message: control characters escaped, cut to ``limit``.

    Args:
        value: A name, path or message (anything with a ``str``).
        limit: The longest result, in characters; None never cuts (for a whole message
            whose values were cut already).
        keep_end: Cut the start instead of the end (a path, whose end names the file).

    Returns:
        The text with every line break, carriage return, escape and bidirectional control
        written as an escape (``\\n``, ``\\x1b``, ``\\u202e``), and, when longer than
        ``limit``, its start (or end) with "…" in place of the rest.
    """
    text = str(value)
    # isprintable() (checked in C) is the common case; it is False for any non-ASCII
    # blank too, which _escape keeps.
    escaped = text if text.isprintable() else "".join(map(_escape, text))
    if limit is None or len(escaped) <= limit:
        return escaped
    kept = max(limit - len(ELLIPSIS), 0)
    if keep_end:
        return ELLIPSIS + escaped[len(escaped) - kept :]
    return escaped[:kept] + ELLIPSIS
