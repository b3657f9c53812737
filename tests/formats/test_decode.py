"""Tests for :mod:`annotator.formats.decode`."""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.errors import InputError
from annotator.formats.decode import DecodedText, decode_bytes

MIXED = "Grüße, 世界, שלום 🙂"

RUSSIAN = (
    "Москва является столицей России. Это крупнейший город страны с населением более "
    "двенадцати миллионов человек. Здесь находятся Кремль, Красная площадь и множество музеев."
)
JAPANESE = (
    "東京は日本の首都であり、世界最大級の都市圏を形成している。多くの企業の本社が集まり、"
    "経済と文化の中心地となっている。春には桜が咲き、多くの人々が公園を訪れる。"
)
CHINESE = (
    "北京是中华人民共和国的首都，也是全国的政治和文化中心。这座城市有三千多年的建城史，"
    "拥有众多名胜古迹，例如故宫、长城和天坛。"
)
POLISH = "Mały kot siedział na płocie i patrzył na ptaki."

PNG_HEADER = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF32_LE + MIXED.encode("utf-32-le"), "utf-32"),
        (codecs.BOM_UTF32_BE + MIXED.encode("utf-32-be"), "utf-32"),
        (codecs.BOM_UTF8 + MIXED.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + MIXED.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + MIXED.encode("utf-16-be"), "utf-16"),
    ],
    ids=["utf-32-le", "utf-32-be", "utf-8-sig", "utf-16-le", "utf-16-be"],
)
def test_bom_picks_encoding_and_is_stripped(data: bytes, encoding: str) -> None:
    assert decode_bytes(data, "a.txt") == DecodedText(MIXED, encoding)


def test_only_a_bom_gives_empty_text() -> None:
    assert decode_bytes(codecs.BOM_UTF8, "a.txt") == DecodedText("", "utf-8-sig")


@pytest.mark.parametrize(
    ("data", "label", "offset"),
    [
        (codecs.BOM_UTF8 + b"abc\xffdef", "UTF-8", 6),
        (codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8", "UTF-16", 6),
        (codecs.BOM_UTF16_BE + b"\x00a\x00", "UTF-16", 4),
        (codecs.BOM_UTF32_LE + b"a\x00\x00\x00\x00\x00\x11\x00", "UTF-32", 8),
    ],
    ids=["utf-8-bad-byte", "utf-16-lone-surrogate", "utf-16-odd-length", "utf-32-too-big"],
)
def test_invalid_data_after_bom_names_encoding_and_offset(
    data: bytes, label: str, offset: int
) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "notes.txt")
    message = str(caught.value)
    assert message.startswith("notes.txt: ")
    assert label in message
    assert f"offset {offset}" in message


@pytest.mark.parametrize(
    "text",
    [
        "Party 🎉🙂 tonight 👩‍👩‍👧",
        JAPANESE,
        "مرحبا بالعالم — שלום עולם",
        "Le café était fermé à Noël.",
    ],
    ids=["emoji", "cjk", "rtl", "accents"],
)
def test_strict_utf8(text: str) -> None:
    assert decode_bytes(text.encode("utf-8"), "a.txt") == DecodedText(text, "utf-8")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Le café était fermé à Noël.", "latin-1"),
        ("Größere Änderungen über die Straße müssen öffentlich geprüft werden.", "latin-1"),
        ("¿Dónde está el niño? ¡Qué día, señor!", "latin-1"),
        ("Add ½ cup of sugar at 180 °C.", "latin-1"),
        ("“Don’t” – he said… it costs €5 — really.", "cp1252"),
        ("Þórður fór í bæinn að kaupa æðardún.", "cp1252"),
    ],
    ids=["french", "german", "spanish", "fractions", "smart-quotes-euro", "icelandic"],
)
def test_short_western_text_is_cp1252(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding), "a.txt") == DecodedText(text, "cp1252")


def test_latin9_oe_ligature_is_not_read_as_a_fraction() -> None:
    text = "Ma sœur a le cœur gros : 20 €."
    assert decode_bytes(text.encode("iso8859-15"), "a.txt") == DecodedText(text, "iso8859-15")


def test_cyrillic_cp1251_paragraph() -> None:
    assert decode_bytes(RUSSIAN.encode("cp1251"), "ru.txt") == DecodedText(RUSSIAN, "cp1251")


def test_polish_cp1250_is_not_mistaken_for_cp1252() -> None:
    assert decode_bytes(POLISH.encode("cp1250"), "pl.txt") == DecodedText(POLISH, "cp1250")


def test_shift_jis_paragraph() -> None:
    decoded = decode_bytes(JAPANESE.encode("shift_jis"), "ja.txt")
    assert decoded.text == JAPANESE
    # cp932 is Microsoft's superset of Shift-JIS; both read this text identically.
    assert decoded.encoding in {"shift_jis", "cp932"}


def test_gb18030_paragraph() -> None:
    decoded = decode_bytes(CHINESE.encode("gb18030"), "zh.txt")
    assert decoded.text == CHINESE
    assert decoded.encoding in {"gb18030", "gbk", "gb2312"}


@pytest.mark.parametrize(
    "data",
    [
        PNG_HEADER,
        random.Random(1).randbytes(4096),
        random.Random(2).randbytes(4096).replace(b"\x00", b"\x01"),
        b"hello\x01\x02\x03\x04\x05\x06world",
    ],
    ids=["png-header", "random-bytes", "random-bytes-without-nul", "control-bytes"],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "picture.png")
    assert str(caught.value) == "picture.png: looks like a binary file, not text"


def test_a_stray_control_byte_does_not_make_text_binary() -> None:
    data = b"A line of ordinary text with one escape\x1b in it.\n" * 3
    assert decode_bytes(data, "a.txt") == DecodedText(data.decode("ascii"), "utf-8")


def test_undecidable_encoding_is_refused() -> None:
    # The escape byte survives every code page, so no reading passes the sanity check.
    data = b"hello world " * 10 + b"\x1b\xe9"
    with pytest.raises(InputError) as caught:
        decode_bytes(data, "odd.txt")
    message = str(caught.value)
    assert message.startswith("odd.txt: cannot tell which text encoding")
    assert "UTF-8" in message


def test_empty_input() -> None:
    assert decode_bytes(b"", "empty.txt") == DecodedText("", "utf-8")


_UNICODE_FORMS = [
    (b"", "utf-8", "utf-8"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
]


@settings(database=None, max_examples=200)
@given(
    text=st.text(st.characters(blacklist_categories=("Cc", "Cs"))),
    form=st.sampled_from(_UNICODE_FORMS),
)
def test_unicode_round_trip(text: str, form: tuple[bytes, str, str]) -> None:
    bom, codec, encoding = form
    if not bom:
        # Without a mark of its own, a leading U+FEFF *is* a UTF-8 byte order mark.
        text = text.lstrip("\ufeff")
    assert decode_bytes(bom + text.encode(codec), "a.txt") == DecodedText(text, encoding)
