"""Turn the raw bytes of an imported file into text.

Files arrive from scrapers, spreadsheets and old Windows tools, so they come in every encoding.
The order of the checks matters: a byte order mark is certain, UTF-8 almost never decodes by
accident, and only then do we guess. Guessing favours Windows-1252 because charset detection
alone misreads short Western European texts (charset-normalizer reads "Le café était fermé à
Noël." encoded as Latin-1 as Mac Central European).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from annotator.errors import InputError

__all__ = ["DecodedText", "decode_bytes", "looks_binary"]

# UTF-32-LE's mark starts with UTF-16-LE's, so the longer marks must be tried first.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

_TEXT_CONTROLS = "\t\n\r\f\v"
_BINARY_CONTROL_BYTES = bytes(b for b in range(0x20) if chr(b) not in _TEXT_CONTROLS)
_SNIFF_SIZE = 64 * 1024
_MAX_CONTROL_SHARE = 0.05

# Non-letters that Western European prose really uses; anything else in the 0x80-0xFF range is
# more likely a byte of another encoding that happens to map to a cp1252 symbol.
_WESTERN_SYMBOLS = frozenset("’‘‚“”„–—…•€£¥¢©®™°§¶·«»‹›¡¿×÷±²³¹¼½¾\u00a0")
# Of those, the ones that may sit between two letters ("don’t", "l·l", "Mme\u00a0Dupont"). In
# Central European cp1250 text the others appear inside words: "ża" reads as "¿a", "ła" as "³a".
_WORD_JOINERS = "’‘·–—…\u00a0"
_IN_WORD = r"(?<=[^\W\d_])({})(?=[^\W\d_])"
_SYMBOL_IN_WORD = re.compile(
    _IN_WORD.format("[" + re.escape("".join(sorted(_WESTERN_SYMBOLS - set(_WORD_JOINERS)))) + "]")
)
# Cyrillic and Greek single-byte codes map onto cp1252's accented letters, so they decode
# "successfully" into words made only of accents; Western words rarely have 3 in a row.
_ACCENT_RUN = re.compile(r"(?:(?![\x00-\x7f])[^\W\d_]){3}")
# ... and in a longer text, Western languages keep accented letters a small minority.
_MIN_LETTERS_FOR_SHARE = 16
_MAX_ACCENT_SHARE = 0.4
# Latin-9 differs from Latin-1 only where it adds € Š š Ž ž Œ œ Ÿ, which cp1252 reads as
# symbols that the checks above reject ("c½ur" for "cœur").
_WESTERN_CODECS = ("cp1252", "iso8859-15")

# A non-ASCII symbol or odd digit between two letters ("Ma°y" for Polish "Mały" read as HP
# Roman-8) means the wrong code page, whatever the script; punctuation such as "、" may do so.
_NON_ASCII_IN_WORD = re.compile(_IN_WORD.format(r"[^\x00-\x7f]"))
_WORD_BREAKING_CATEGORIES = frozenset({"Sc", "Sk", "Sm", "So", "No"})

_UNKNOWN_ENCODING = (
    "cannot tell which text encoding this file uses; save it as UTF-8 and import it again"
)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from a file.

    Attributes:
        text: The decoded text, without any byte order mark.
        encoding: The Python codec name that decoded it, such as ``"utf-8"`` or ``"cp1252"``.
    """

    text: str
    encoding: str


def decode_bytes(data: bytes, source: str) -> DecodedText:
    """Decode the content of a text file whose encoding is not known in advance.

    Args:
        data: The raw file content.
        source: The file name, used in error messages.

    Returns:
        The text and the encoding that was used to decode it.

    Raises:
        InputError: If the data is binary, is invalid after a byte order mark, or is in no
            encoding that can be recognised.
    """
    if not data:
        return DecodedText("", "utf-8")
    with_bom = _decode_with_bom(data, source)
    if with_bom is not None:
        return with_bom
    if looks_binary(data):
        raise InputError(source, "looks like a binary file, not text")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    western = _decode_western(data)
    if western is not None:
        return western
    detected = _decode_detected(data)
    if detected is not None:
        return detected
    raise InputError(source, _UNKNOWN_ENCODING)


def _decode_with_bom(data: bytes, source: str) -> DecodedText | None:
    """Decode ``data`` by its byte order mark, or return None if it has none."""
    for bom, codec, name in _BOMS:
        if not data.startswith(bom):
            continue
        try:
            return DecodedText(data[len(bom) :].decode(codec), name)
        except UnicodeDecodeError as error:
            label = name.removesuffix("-sig").upper()
            reason = f"invalid {label} text: bad byte at offset {len(bom) + error.start}"
            raise InputError(source, reason) from None
    return None


def looks_binary(data: bytes) -> bool:
    """Tell whether BOM-less ``data`` is a binary file rather than text in some encoding."""
    if b"\x00" in data:
        return True
    sample = data[:_SNIFF_SIZE]
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROL_BYTES))
    return controls > _MAX_CONTROL_SHARE * len(sample)


def _decode_western(data: bytes) -> DecodedText | None:
    """Decode ``data`` as Windows-1252 or Latin-9 if the result reads like Western prose."""
    for codec in _WESTERN_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_western(text):
            return DecodedText(text, codec)
    return None


def _looks_western(text: str) -> bool:
    """Tell whether ``text`` uses only what Western European prose uses, in plausible amounts."""
    counts = Counter(text)
    if not all(map(_is_western_char, counts)):
        return False
    if _ACCENT_RUN.search(text) or _SYMBOL_IN_WORD.search(text):
        return False
    letters = sum(n for char, n in counts.items() if char.isalpha())
    accents = sum(n for char, n in counts.items() if char.isalpha() and not char.isascii())
    return letters < _MIN_LETTERS_FOR_SHARE or accents <= _MAX_ACCENT_SHARE * letters


def _is_western_char(char: str) -> bool:
    """Tell whether ``char`` can appear in Western European prose."""
    if char.isascii():
        return char.isprintable() or char in _TEXT_CONTROLS
    if char in _WESTERN_SYMBOLS:
        return True
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN")


def _decode_detected(data: bytes) -> DecodedText | None:
    """Decode ``data`` with the best-ranked detected encoding whose text is plausible."""
    # Imported here: only legacy-encoded files need it, and it costs start-up time.
    from charset_normalizer import from_bytes

    for match in from_bytes(data):
        try:
            name = codecs.lookup(match.encoding).name
            text = data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
        # The Western reading was already judged implausible; the detector ranks cp1252 first
        # for Polish cp1250 text ("Ma³y kot" for "Mały kot").
        if name not in _WESTERN_CODECS and _is_clean(text) and not _has_symbol_in_word(text):
            return DecodedText(text, name)
    return None


def _is_clean(text: str) -> bool:
    """Tell whether ``text`` is free of control characters and replacement characters."""
    return not any(
        char == "\ufffd" or (unicodedata.category(char) == "Cc" and char not in _TEXT_CONTROLS)
        for char in set(text)
    )


def _has_symbol_in_word(text: str) -> bool:
    """Tell whether ``text`` has a symbol between two letters, a sign of the wrong code page."""
    return any(
        unicodedata.category(match.group(1)) in _WORD_BREAKING_CATEGORIES
        for match in _NON_ASCII_IN_WORD.finditer(text)
    )
