"""The no-training boilerplate detector on scraped-style pages of our own."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from unicode_text import FAMILY, PIECES, TEXTS

from annotator.core import segments
from annotator.core.boilerplate import Candidate, CorpusLines, detect, normalise

SHARE_BAR = "Share this article: Facebook Twitter Email"
DONATION = "Our journalism is free for everyone. Please donate today to keep it that way."
COOKIES = "We use cookies to improve your experience. Accept all cookies"
FOOTER = "© 2024 Riverside Gazette. All rights reserved."


def news(headline: str, body: str) -> str:
    return (
        f"Home | News | Sport | Weather\n\n{headline}\nMarch 3, 2024 at 10:42\n\n"
        f"{SHARE_BAR}\n\n{body}\n\n{DONATION}\n\nRelated: Council budget explained\n\n"
        f"{COOKIES}\n{FOOTER}"
    )


BRIDGE = news(
    "Old bridge to close for repairs",
    "The county engineers said the bridge will close for six weeks from Monday, "
    "because the steel supports have corroded faster than expected.",
)
BUSES = news(
    "Council expands bus network",
    "The city council voted on Tuesday to add four new bus routes to the outer "
    "districts, and the first of them will open in the spring.",
)


def forum(topic: str, post: str, answer: str) -> str:
    return (
        f"Forums › Local transport › {topic}\n\n"
        "riverfan\nJoined: March 2019\nPosts: 1,204\n\n"
        f"{post}\n\nReply Quote\n\n"
        "busrider88\nJoined: June 2021\nPosts: 87\n\n"
        f"{answer}\n\nReply Quote\n\n"
        "Sign in or register to reply. Powered by BoardSoft © 2024"
    )


THREAD_ONE = forum(
    "Bridge closure",
    "I think closing the bridge for six weeks is a mistake, they should have done it in summer.",
    "It is annoying, but the supports were in a bad state and somebody had to act.",
)
THREAD_TWO = forum(
    "New bus routes",
    "The new routes are a good idea, but I doubt they will run often enough to matter.",
    "I rode the trial service last week and it was nearly empty at midday.",
)
PAGES = {"bridge": BRIDGE, "buses": BUSES, "thread-1": THREAD_ONE, "thread-2": THREAD_TWO}


@pytest.fixture(scope="module")
def corpus() -> CorpusLines:
    return CorpusLines.build(PAGES.items())


def line_of(text: str, corpus: CorpusLines, line: str) -> Candidate:
    start = text.index(line)
    (found,) = [
        c
        for c in detect(text, corpus)
        if c.unit == "line" and (c.start, c.end) == (start, start + len(line))
    ]
    return found


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (SHARE_BAR, "widget words: share, facebook, twitter, email"),
        (DONATION, "repeated on 2 pages"),
        (COOKIES, "legal/cookie words: cookies"),
        (FOOTER, "legal/cookie words: ©, all rights reserved"),
        ("Related: Council budget explained", "widget words: related"),
        ("March 3, 2024 at 10:42", "date stamp"),
    ],
)
def test_news_widgets_score_high_with_their_reason(
    corpus: CorpusLines, line: str, reason: str
) -> None:
    found = line_of(BRIDGE, corpus, line)
    assert found.score >= 0.6
    assert reason in found.reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Joined: March 2019", "user card field 'joined:'"),
        ("Posts: 1,204", "user card field 'posts:'"),
        ("Reply Quote", "widget words: reply, quote"),
        ("Sign in or register to reply. Powered by BoardSoft © 2024", "legal/cookie words: ©"),
    ],
)
def test_forum_user_cards_and_buttons_score_high(
    corpus: CorpusLines, line: str, reason: str
) -> None:
    found = line_of(THREAD_ONE, corpus, line)
    assert found.score >= 0.7
    assert reason in found.reason


@pytest.mark.parametrize(
    ("page", "sentence"),
    [
        (BRIDGE, "The county engineers said the bridge will close for six weeks"),
        (BUSES, "The city council voted on Tuesday to add four new bus routes"),
        (THREAD_ONE, "I think closing the bridge for six weeks is a mistake"),
        (THREAD_TWO, "I rode the trial service last week and it was nearly empty at midday."),
    ],
)
def test_article_and_post_sentences_score_low(
    corpus: CorpusLines, page: str, sentence: str
) -> None:
    start = page.index(sentence)
    (found,) = [c for c in detect(page, corpus) if c.unit == "line" and c.start <= start < c.end]
    assert found.score < 0.2
    assert "reads as a sentence" in found.reason
    assert "repeated" not in found.reason


def test_repetition_across_the_corpus_raises_the_score() -> None:
    alone = CorpusLines.build([("bridge", BRIDGE)])
    pair = CorpusLines.build([("bridge", BRIDGE), ("buses", BUSES)])
    with_forum = CorpusLines.build(PAGES.items())
    scores = [line_of(BRIDGE, corpus, DONATION).score for corpus in (alone, pair, with_forum)]
    # The appeal reads as prose, so only repetition makes it boilerplate.
    assert scores[0] < 0.2 < 0.6 <= scores[1] == scores[2]
    assert (
        line_of(BRIDGE, alone, DONATION).reason
        == "widget words: donate; though it reads as a sentence"
    )
    # The forum pages repeat the user cards' "Joined: June 2021"-style lines with other digits.
    assert "repeated on 2 pages" in line_of(THREAD_ONE, with_forum, "Posts: 87").reason


def test_three_pages_count_more_than_two() -> None:
    third = BRIDGE.replace("Old bridge", "A third story")
    two = CorpusLines.build([("a", BRIDGE), ("b", BUSES)])
    three = CorpusLines.build([("a", BRIDGE), ("b", BUSES), ("c", third)])
    assert line_of(BRIDGE, three, DONATION).score > line_of(BRIDGE, two, DONATION).score
    assert "repeated on 3 pages" in line_of(BRIDGE, three, DONATION).reason


def test_a_repeated_block_is_a_candidate_of_its_own(corpus: CorpusLines) -> None:
    footer_block = f"{COOKIES}\n{FOOTER}"
    start = BRIDGE.index(footer_block)
    (block,) = [c for c in detect(BRIDGE, corpus) if c.unit == "block" and c.start == start]
    assert BRIDGE[block.start : block.end] == footer_block
    assert block.score >= 0.9
    assert block.reason == "block repeated on 2 pages; 2 of 2 lines look like boilerplate"


def test_normalisation_folds_case_digits_and_white_space() -> None:
    assert normalise("  Joined:\tMARCH 2019 ") == normalise("joined: march   2021")
    corpus = CorpusLines.build([(1, "Posts: 12"), (2, "POSTS:  3401")])
    assert corpus.pages_with(normalise("posts: 7")) == 2
    assert corpus.documents == 2


def test_a_document_is_counted_once() -> None:
    corpus = CorpusLines.build([("a", "Reply\nReply\n\nReply")])
    assert corpus.pages_with("reply") == 1
    with pytest.raises(ValueError, match="already counted"):
        corpus.add("a", "Reply")


def test_min_score_leaves_weak_candidates_out(corpus: CorpusLines) -> None:
    strong = detect(BRIDGE, corpus, min_score=0.7)
    assert strong and all(c.score >= 0.7 for c in strong)
    assert len(strong) < len(detect(BRIDGE, corpus))


def test_offsets_slice_the_exact_text_among_emoji_and_combining_marks() -> None:
    tricky = "".join(piece for piece in PIECES if piece not in "\r\n\u2028\u2029\x85\f")
    page = f"{tricky} {FAMILY}\n\n{tricky}{SHARE_BAR}\r\n{FAMILY}{FOOTER}\u2029Ok"
    corpus = CorpusLines.build([("page", page)])
    found = {page[c.start : c.end]: c for c in detect(page, corpus) if c.unit == "line"}
    assert f"{tricky}{SHARE_BAR}" in found
    assert f"{FAMILY}{FOOTER}" in found
    assert "widget words: share" in found[f"{tricky}{SHARE_BAR}"].reason
    assert "legal/cookie words" in found[f"{FAMILY}{FOOTER}"].reason
    assert "Ok" in found


# A blank line as segments.blocks sees it, or a paragraph separator.
_BLOCK_BREAK = re.compile(r"[\n\u2028][^\S\n\u2028\u2029]*[\n\u2028]|\u2029")


@given(TEXTS, TEXTS)
def test_ranges_lie_within_the_text_and_one_block(text: str, other: str) -> None:
    corpus = CorpusLines.build([("text", text), ("other", other)])
    found = detect(text, corpus)
    block_bounds = segments.blocks(text)
    for candidate in found:
        assert 0 <= candidate.start < candidate.end <= len(text)
        assert 0.0 <= candidate.score <= 1.0
        assert candidate.reason
        assert any(start <= candidate.start and candidate.end <= end for start, end in block_bounds)
        assert not _BLOCK_BREAK.search(text, candidate.start, candidate.end)
        piece = text[candidate.start : candidate.end]
        assert piece == piece.strip()


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Home | News | Health | Sport | Weather", "menu or breadcrumb: 5 items"),
        ("Forum Index › Vegetables & Fruit › Tomatoes", "menu or breadcrumb: 3 items"),
        ("Allotment Forum · Forum rules · Privacy · Contact the moderators", "menu or"),
        (
            "© 2024 Ardlow Courier Media Ltd. All rights reserved. Registered in England.",
            "legal/cookie words: ©, all rights reserved",
        ),
    ],
)
def test_menus_and_legal_lines_score_high_even_as_sentences(line: str, reason: str) -> None:
    corpus = CorpusLines.build([(1, line)])
    [found] = [c for c in detect(line, corpus) if c.unit == "line"]
    assert found.score >= 0.6 and reason in found.reason


def test_everyday_words_and_a_plain_sentence_on_two_pages_are_not_boilerplate() -> None:
    title = "Sourdough starter smells like nail polish — normal?"
    lead = "Hartley's Bakery on Mill Street closed on Saturday after 62 years, its owner said."
    page = f"{title}\n{lead}"
    corpus = CorpusLines.build([(1, page), (2, f"Excerpt:\n{lead}")])
    scores = {page[c.start : c.end]: c for c in detect(page, corpus) if c.unit == "line"}
    assert scores[title].score < 0.5 and "widget" not in scores[title].reason
    assert scores[lead].score < 0.5
    assert "repeated on 2 pages (a sentence: perhaps quoted)" in scores[lead].reason
