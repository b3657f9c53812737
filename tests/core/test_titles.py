"""A page's headline as its title (:mod:`annotator.core.titles`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.titles import (
    MAX_CHARS,
    MAX_WORDS,
    MIN_WORDS,
    SCAN_CHARS,
    headline,
    without_site_name,
)

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "sample"

#: Lines that open scraped pages and are never their headline.
FURNITURE = (
    "Home | News | Sport | Weather | Subscribe",
    "Home | What's On | Rooms for Hire | Volunteer | Newsletter | Contact",
    "Local › Transport",
    "Forum Index › Vegetables & Fruit › Tomatoes, Peppers & Chillies",
    "Share on Facebook · Share on X · Share via Email · Copy link",
    "Share: Facebook | WhatsApp | LinkedIn | Email | Copy link",
    "🔗 Copy link · Share on Facebook · Share on X · Email this story",
    "Share this article",
    "By Hannah Orrell, Transport Correspondent",
    "Words: Priya Lindqvist · Photos: Tom Hargreave",
    "Published 11 March 2024, 06:45 · Updated 11 March 2024, 09:12",
    "Tuesday 17 September 2024",
    "Mon 20 May 2024, 19:48",
    "Posted 2024-05-01 10:00",
    "£5 a month",
    "Give just £3 a month to keep our reporting free",
    "Support independent journalism",
    "Donate now",
    "Skip to main content",
    "Accept all cookies",
    "Sign in to comment",
    "Menu",
    "Health",
    "Arts & Culture",
    "Page 1 of 3 · 37 replies · 1,482 views",
    "The council confirmed the closure on Monday, after a long meeting.",
    "x" * 300,
)

#: Words a generated headline is made of: none of them is a date, widget or appeal word.
VOCABULARY = [
    "council",
    "bridge",
    "repair",
    "bill",
    "climbs",
    "river",
    "parade",
    "crowd",
    "record",
    "lantern",
    "workers",
    "sleep",
    "study",
    "finds",
    "tomato",
    "blight",
    "early",
    "allotment",
    "cycle",
    "lane",
    "commuters",
    "library",
    "hours",
    "cuts",
    "village",
    "school",
    "meals",
    "ferry",
    "harbour",
    "rail",
    "strike",
    "talks",
    "flood",
    "warning",
    "valley",
    "farmers",
    "water",
    "prices",
]


@st.composite
def headlines(draw: st.DrawFn) -> str:
    """A headline as newsrooms write them: a capital, a few words, no full stop."""
    words = draw(st.lists(st.sampled_from(VOCABULARY), min_size=4, max_size=12))
    end = draw(st.sampled_from(["", "?", "!"]))
    return " ".join(words).capitalize() + end


@pytest.mark.parametrize(
    ("name", "title"),
    [
        (
            "01-harbour-bridge-news.txt",
            "Ardlow Swing Bridge to close for 14 months as repair bill climbs to £23.6m",
        ),
        (
            "02-night-shift-sleep-study.txt",
            "Night-shift workers lose nearly an hour of sleep a day, Brenmoor study finds",
        ),
        (
            "03-lantern-festival-culture.txt",
            "Wickford Vale lantern parade draws record crowd in its 40th year",
        ),
        ("04-gardening-forum-blight.txt", "Tomato blight came early this year — anyone else?"),
        ("05-cycling-commuters-forum.txt", "New cycle lane on Queensway: first week impressions"),
        (
            "06-opinion-library-hours.txt",
            "Cutting library hours is a false economy, and Kestrelby will pay for it",
        ),
        (
            "07-community-newsletter-multilingual.txt",
            "Eastbrook Neighbourhood Newsletter — Spring 2025 🌷",
        ),
    ],
)
def test_the_sample_pages_are_titled_by_their_headline_without_the_site(
    name: str, title: str
) -> None:
    assert headline((SAMPLES / name).read_text(encoding="utf-8")) == title


def test_furniture_before_the_headline_is_passed_over() -> None:
    page = (
        "Skip to content\n"
        "Support independent journalism\n"
        "£5 a month\n"
        "Home | News | Sport\n"
        "14 March 2024\n"
        "\n"
        "Council approves new bridge budget\n"
        "The council said the work would start in June.\n"
    )
    assert headline(page) == "Council approves new bridge budget"


def test_a_page_with_no_headline_near_the_top_has_none() -> None:
    assert headline("") is None
    assert headline("the quick brown fox jumps over the lazy dog.\nok\n") is None
    assert headline("\n".join(FURNITURE)) is None
    body = "The minutes were read and approved.\n" * 30  # sentences, no headline
    assert headline(body + "A headline far too far down\n") is None


def test_site_names_go_but_a_dash_inside_the_headline_stays() -> None:
    assert headline("Ministers to review school meal funding - BBC News\n") == (
        "Ministers to review school meal funding"
    )
    assert headline("Covid-19 - what the new rules mean for you\n") == (
        "Covid-19 - what the new rules mean for you"
    )
    assert headline("Flood warning for the valley | Local | The Valley Herald\n") == (
        "Flood warning for the valley"
    )


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_is_never_a_headline(line: str) -> None:
    assert headline(line + "\n") is None


@given(st.text())
def test_any_text_gives_a_short_single_line_from_its_opening_or_none(text: str) -> None:
    title = headline(text)
    if title is None:
        return
    assert title == " ".join(title.split()) and title.splitlines() == [title]
    assert MIN_WORDS <= len(title.split()) <= MAX_WORDS and len(title) <= MAX_CHARS
    opening = [" ".join(line.split()) for line in text[:SCAN_CHARS].splitlines()]
    assert any(title in line for line in opening)


@given(
    headlines(),
    st.lists(st.sampled_from(FURNITURE), max_size=8),
    st.text(max_size=200),
    st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\u2028"]),
)
def test_a_headline_after_any_furniture_is_found_whatever_follows(
    title: str, furniture: list[str], rest: str, newline: str
) -> None:
    page = newline.join([*furniture, title, rest])
    assert headline(page) == title


@given(headlines(), st.sampled_from(["The Courier", "Valley Herald", "BBC News"]))
def test_a_browser_title_loses_its_site_name(title: str, site: str) -> None:
    for separator in (" | ", " - ", " — ", " :: "):
        assert headline(f"{title}{separator}{site}\nBody text.") == title


@pytest.mark.parametrize(
    ("title", "headline"),
    [
        ("Brexit | Politics | The Guardian", "Brexit"),
        ("Trams | The Daily Ledger Newspaper Group", "Trams"),
        ("Left | Right | Site Name", "Left"),
        (
            "The Guardian | Brexit deal passes after a long night",
            "Brexit deal passes after a long night",
        ),
        ("Storm closes bridge | The Daily Ledger", "Storm closes bridge"),
        ("Just a title", "Just a title"),
    ],
)
def test_a_last_part_that_reads_as_a_site_name_is_never_the_headline(
    title: str, headline: str
) -> None:
    assert without_site_name(title) == headline
