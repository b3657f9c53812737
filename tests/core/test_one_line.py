"""Names in one-line messages: escaped so that they cannot start, rewrite or reorder a line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.one_line import one_line


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Claim", "Claim"),
        ("a.jsonl\nimported 0 documents", "a.jsonl\\nimported 0 documents"),
        ("back\rover", "back\\rover"),
        ("tab\there", "tab\\there"),
        ("red\x1b[31m", "red\\x1b[31m"),
        ("c1\x85next", "c1\\x85next"),
        ("line\u2028sep", "line\\u2028sep"),
        ("exe.\u202etxt", "exe.\\u202etxt"),
        ("undecodable\udcff", "undecodable\\udcff"),
        ("نیم\u200cفاصله", "نیم\u200cفاصله"),  # a Persian name keeps its non-joiner
        ("Zoë\u00a0Müller", "Zoë\u00a0Müller"),
    ],
)
def test_control_characters_are_escaped_and_the_rest_kept(name: str, shown: str) -> None:
    assert one_line(name) == shown


def test_long_values_are_cut_with_an_ellipsis() -> None:
    assert one_line("x" * 500, 10) == "x" * 9 + "…"
    assert one_line("/very/long/folder/name.jsonl", 12, keep_end=True) == "…/name.jsonl"
    assert one_line("x" * 500, None) == "x" * 500
    assert one_line("short", 10) == "short"


@given(st.text(), st.integers(min_value=1, max_value=300))
def test_any_text_becomes_one_line_within_the_limit(text: str, limit: int) -> None:
    shown = one_line(text, limit)
    assert len(shown) <= limit
    assert len(shown.splitlines()) <= 1
    assert "\r" not in shown and "\x1b" not in shown and "\n" not in shown
