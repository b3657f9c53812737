"""Code-point offsets counted again in UTF-16 code units and UTF-8 bytes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from unicode_text import FAMILY, TEXTS

from annotator.core.offset_units import OffsetUnit, from_unit, in_unit


@given(st.data())
def test_each_offset_names_the_same_place_in_the_encoded_text(data: st.DataObject) -> None:
    text = data.draw(TEXTS)
    offsets = data.draw(st.lists(st.integers(0, len(text)), max_size=8))
    utf16 = in_unit(text, offsets, "utf16")
    utf8 = in_unit(text, offsets, "utf8")
    encoded16, encoded8 = text.encode("utf-16-le"), text.encode("utf-8")
    for offset in offsets:
        assert encoded16[: 2 * utf16[offset]].decode("utf-16-le") == text[:offset]
        assert encoded8[: utf8[offset]].decode("utf-8") == text[:offset]
    assert in_unit(text, offsets, "codepoints") == {offset: offset for offset in offsets}


def test_a_zwj_family_is_five_code_points_eight_utf16_units_eighteen_bytes() -> None:
    text = FAMILY + "!"
    assert in_unit(text, [len(FAMILY)], "utf16") == {5: 8}
    assert in_unit(text, [len(FAMILY)], "utf8") == {5: 18}


@given(TEXTS, st.sampled_from(["utf16", "utf8"]))
def test_from_unit_finds_each_character_boundary_and_only_those(
    text: str, unit: OffsetUnit
) -> None:
    boundaries = in_unit(text, range(len(text) + 1), unit)
    size = boundaries[len(text)]
    back = from_unit(text, range(-1, size + 2), unit)
    inverse = {counted: offset for offset, counted in boundaries.items()}
    assert back == {counted: inverse.get(counted) for counted in range(-1, size + 2)}


def test_an_offset_inside_an_emoji_is_no_place() -> None:
    assert from_unit(f"{FAMILY}!", [1, 2, 8, 9], "utf16") == {1: None, 2: 1, 8: 5, 9: 6}
