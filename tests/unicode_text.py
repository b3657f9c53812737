"""Text that breaks naive offset code, shared by the property tests of every layer."""

from __future__ import annotations

from hypothesis import strategies as st

FAMILY = "👨\u200d👩\u200d👧"  # ZWJ sequence: 5 code points, 8 UTF-16 units
FLAG = "🇳🇴"  # two astral regional indicators
THUMB = "👍🏽"  # skin-tone modifier
E_ACUTE = "e\u0301"  # combining acute

PIECES = (
    FAMILY,
    "🏳️‍🌈",  # flag with variation selector and ZWJ
    FLAG,
    THUMB,
    E_ACUTE,
    "ạ̈",  # two combining marks
    "مرحبا",  # Arabic (RTL)
    "שלום",  # Hebrew (RTL)
    "\u200f",  # right-to-left mark
    "\U00020000",  # astral CJK
    "𝔘𝔫𝔦",  # astral mathematical letters
    "\r\n",
    "\r",
    "\n",
    "\u2028",
    "\u2029",
    "\t",
    "\f",
    "\x85",
    " ",
)
ASCII_WORDS = st.text(alphabet="abcxyzAZ09'", min_size=1, max_size=6)
#: Short texts mixing the pieces above with plain words.
TEXTS = st.lists(st.one_of(st.sampled_from(PIECES), ASCII_WORDS), max_size=25).map("".join)
