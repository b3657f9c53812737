""":class:`annotator.core.offsets.QtOffsetMap` checked against a real ``QTextDocument``."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication
from unicode_text import TEXTS

from annotator.core.offsets import QtOffsetMap

#: What Qt turns into a block separator (U+2028 stays a character inside the block).
BLOCK_BREAKS = ("\r", "\n", "\u2029")
PARAGRAPH_SEPARATOR = "\u2029"


def document(text: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setPlainText(text)
    return doc


def as_selected_text(text: str) -> str:
    """``text`` as ``QTextCursor.selectedText()`` reports it: block breaks become U+2029."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", PARAGRAPH_SEPARATOR)


def first_unit(char: str) -> str:
    """The first UTF-16 code unit of ``char`` (the high surrogate of an astral character)."""
    code = ord(char)
    return char if code <= 0xFFFF else chr(0xD800 + ((code - 0x10000) >> 10))


def crlf_newlines(text: str) -> set[int]:
    return {i for i in range(1, len(text)) if text[i - 1 : i + 1] == "\r\n"}


def test_first_unit_helper_matches_utf16() -> None:
    for char in ("a", "😀", "\U00020000", "🇳"):
        expected = char.encode("utf-16-be")[:2]
        assert first_unit(char).encode("utf-16-be", "surrogatepass") == expected


def test_hand_picked_text(qapp: QApplication) -> None:
    text = "a😀\r\nb\rc\u2028d"
    doc = document(text)
    offsets = QtOffsetMap(text)
    assert doc.characterCount() - 1 == offsets.qt_length == 9
    assert [doc.characterAt(p) for p in range(9)] == [
        "a",
        "\ud83d",
        "\ude00",
        PARAGRAPH_SEPARATOR,
        "b",
        PARAGRAPH_SEPARATOR,
        "c",
        "\u2028",
        "d",
    ]
    assert [offsets.to_qt(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 4, 5, 6, 7, 8, 9]


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_length_and_characters_match_qt(qapp: QApplication, text: str) -> None:
    doc = document(text)
    offsets = QtOffsetMap(text)
    assert doc.characterCount() - 1 == offsets.qt_length
    inside_crlf = crlf_newlines(text)
    for i, char in enumerate(text):
        position = offsets.to_qt(i)
        if char in BLOCK_BREAKS:
            if i not in inside_crlf:  # the "\r" of the pair already stands for it
                assert doc.characterAt(position) == PARAGRAPH_SEPARATOR
        else:
            assert doc.characterAt(position) == first_unit(char)
            if ord(char) > 0xFFFF:
                assert doc.characterAt(position + 1) == chr(
                    0xDC00 + ((ord(char) - 0x10000) & 0x3FF)
                )


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.data())
def test_selected_text_matches_code_point_slice(
    qapp: QApplication, text: str, data: st.DataObject
) -> None:
    doc = document(text)
    offsets = QtOffsetMap(text)
    inside_crlf = crlf_newlines(text)
    ends = [i for i in range(len(text) + 1) if i not in inside_crlf]
    ranges = [(0, len(text))] + [
        tuple(sorted(data.draw(st.lists(st.sampled_from(ends), min_size=2, max_size=2))))
        for _ in range(5)
    ]
    cursor = QTextCursor(doc)
    for start, end in ranges:
        qt_start, qt_end = offsets.range_to_qt(start, end)
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == as_selected_text(text[start:end])
        assert offsets.range_from_qt(cursor.selectionStart(), cursor.selectionEnd()) == (
            start,
            end,
        )


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_positions_qt_moves_through_map_back(qapp: QApplication, text: str) -> None:
    """Every position Qt's cursor stops at is a code-point boundary the map converts exactly."""
    doc = document(text)
    offsets = QtOffsetMap(text)
    cursor = QTextCursor(doc)
    stops = [cursor.position()]
    while cursor.movePosition(QTextCursor.MoveOperation.NextCharacter):
        stops.append(cursor.position())
    assert stops[-1] == offsets.qt_length
    for position in stops:
        offset = offsets.from_qt(position)
        assert offsets.to_qt(offset) == position
        assert offsets.from_qt(position, forward=True) == offset
