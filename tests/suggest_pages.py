"""Small labelled pages for the suggestion tests: a site's widgets, claims and opinions.

Each page is written as marked lines (``[B]`` boilerplate line, ``[C]`` claim sentence,
``[O]`` opinion sentence, unmarked: no label), so the spans are exact by construction.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator.core.boilerplate import CorpusLines
from annotator.core.suggestions.base import Context, LabelledPage, Page

LABELS = ("Claim", "Opinion", "Boilerplate")
MARKS = {"B": "Boilerplate", "C": "Claim", "O": "Opinion"}
EVAL_CORPUS = Path(__file__).resolve().parent.parent / "resources" / "eval" / "pages.jsonl"

HEADER = ["[B]The Riverside Gazette", "[B]Home | News | Sport | Weather | Letters"]
FOOTER = [
    "",
    "[B]Share: Facebook · X · Email",
    "[B]Please donate today to keep local news free.",
    "[B]© 2024 Riverside Gazette. All rights reserved.",
]
STORIES = [
    (
        "Bridge to close for repairs",
        "[C]The county closed the bridge on 3 May for 6 weeks.",
        "[O]I think the closure is a terrible idea.",
    ),
    (
        "Council adds bus routes",
        "[C]The council added 4 bus routes in 2023, the transport office said.",
        "[O]Honestly the new routes seem pointless to me.",
    ),
    (
        "Library opens on Sundays",
        "[C]The library will open on Sundays from 12 June, the council said.",
        "[O]I think this is a wonderful change for families.",
    ),
    (
        "School roof repaired",
        "[C]Builders replaced 300 square metres of the school roof in 2022.",
        "[O]Frankly it should have been done years ago.",
    ),
    (
        "Market moves to the square",
        "[C]The market moved to the square on 1 April after 40 years by the river.",
        "[O]I feel the old place was much nicer.",
    ),
    (
        "Park gets new trees",
        "[C]Volunteers planted 120 oak trees in the park on 9 March, the trust said.",
        "[O]Honestly this is the best news in ages.",
    ),
]


def marked_page(key: int, marked: list[str]) -> LabelledPage:
    """A page from marked lines: ``[X]`` before a line or sentence labels it with X."""
    text_parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    at = 0
    for number, line in enumerate(marked):
        if number:
            text_parts.append("\n")
            at += 1
        pieces = line.split("[")
        for piece in pieces:
            if not piece:
                continue
            if len(piece) > 2 and piece[1] == "]" and piece[0] in MARKS:
                body = piece[2:]
                content = body.rstrip(" ")
                spans.append((at, at + len(content), MARKS[piece[0]]))
            else:
                body = piece
            text_parts.append(body)
            at += len(body)
    return LabelledPage(Page(key, "".join(text_parts)), tuple(spans))


def news_page(key: int, headline: str, claim: str, opinion: str) -> LabelledPage:
    """A news page of the invented site: its widgets, a headline, a claim, an opinion."""
    return marked_page(key, [*HEADER, "", headline, f"{claim} {opinion}", *FOOTER])


def news_pages() -> list[LabelledPage]:
    """Six news pages of the invented site."""
    return [news_page(key, *story) for key, story in enumerate(STORIES)]


def context_of(pages: list[LabelledPage], labels: tuple[str, ...] = LABELS) -> Context:
    """The labels and the corpus of lines of ``pages``."""
    return Context(labels, CorpusLines.build((p.page.key, p.page.text) for p in pages))


def eval_pages() -> list[LabelledPage]:
    """The evaluation corpus (resources/eval/pages.jsonl) as labelled pages."""
    rows = EVAL_CORPUS.read_text(encoding="utf-8").split("\n")
    return [
        LabelledPage(
            Page(number, record["text"]),
            tuple((span["start"], span["end"], span["label"]) for span in record["spans"]),
        )
        for number, record in enumerate(json.loads(row) for row in rows if row)
    ]
