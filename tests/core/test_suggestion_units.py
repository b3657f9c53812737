"""The units the learned recommender labels: sentences within lines, and their labels."""

from __future__ import annotations

from annotator.core.suggestions.reasons import strongest_words
from annotator.core.suggestions.units import NONE, Scored, merged, page_units, unit_labels

TEXT = "Home | News\n\nIt rained. I loved it!\n© 2024 Gazette. All rights reserved."


def test_units_are_sentences_that_know_their_line() -> None:
    units = page_units(TEXT)
    assert [TEXT[u.start : u.end] for u in units] == [
        "Home | News",
        "It rained.",
        "I loved it!",
        "© 2024 Gazette.",
        "All rights reserved.",
    ]
    assert [u.line_index for u in units] == [0, 1, 1, 2, 2]
    assert [u.in_line for u in units] == [1, 2, 2, 2, 2]
    assert units[0].whole_line and not units[1].whole_line
    assert TEXT[slice(*units[2].line)] == "It rained. I loved it!"
    assert page_units(" \n \n") == []


def test_a_unit_takes_the_label_covering_at_least_half_of_its_visible_characters() -> None:
    units = page_units(TEXT)
    line = TEXT.index("© 2024")
    spans = [
        (0, 4, "Nav"),  # "Home": 4 of 9 visible characters, under half
        (TEXT.index("I loved"), TEXT.index("I loved") + 7, "View"),  # "I loved": 6 of 9
        (line, len(TEXT), "Legal"),
        (line, line + 6, "Date"),  # overlapping spans count each label on its own
    ]
    assert unit_labels(TEXT, units, spans) == [NONE, NONE, "View", "Legal", "Legal"]


def test_neighbouring_units_of_a_line_with_one_label_merge() -> None:
    units = page_units(TEXT)
    scored = [
        Scored(units[1], "Fact", 0.9, 1),
        Scored(units[2], "View", 0.6, 2),
        Scored(units[3], "Legal", 0.5, 3),
        Scored(units[4], "Legal", 1.0, 4),
    ]
    found = merged(scored)
    assert [(TEXT[s.unit.start : s.unit.end], s.label) for s in found] == [
        ("It rained.", "Fact"),
        ("I loved it!", "View"),
        ("© 2024 Gazette. All rights reserved.", "Legal"),
    ]
    sizes = (len("© 2024 Gazette."), len("All rights reserved."))
    assert found[2].score == (sizes[0] * 0.5 + sizes[1] * 1.0) / sum(sizes)
    assert found[2].strongest == 4
    # Units of different lines never merge, even with one label.
    apart = merged([Scored(units[0], "Nav", 0.9, 0), Scored(units[1], "Nav", 0.9, 1)])
    assert len(apart) == 2


def test_a_reasons_words_leave_out_numbers_stop_words_and_single_characters() -> None:
    pushes = [(3.0, "0"), (2.5, "to 0"), (2.0, "0 to"), (1.5, "donate"), (1.0, "the"), (0.5, "x")]
    assert strongest_words(pushes) == "words: donate"
    assert strongest_words([(1.0, "in 0"), (0.5, "of")]) == ""
    assert strongest_words([(2.0, "raised 0"), (1.0, "million")]) == "words: raised #, million"
