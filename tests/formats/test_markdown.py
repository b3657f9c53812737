"""Markdown import: the text a reader of the rendered page sees, read from markdown-it-py's
tokens, the tricky-Unicode corpus carried through exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from document_files import missing_library_message
from format_roundtrip import PAGES, imported
from hypothesis import given
from unicode_text import PIECES, TEXTS

from annotator.core.text import normalize_newlines
from annotator.errors import InputError
from annotator.formats.base import ReadOptions
from annotator.formats.markdown import read_markdown

#: A README as people write them: front matter, badges, emphasis, links, lists, a quote, a
#: table, code, raw HTML and a comment.
README = """\
---
layout: post
title: "Ferry fares: what changes"
---
# Ferry fares *rise* by a fifth

[![Build status](https://ci.example.org/badge.svg)](https://ci.example.org)

The operator said **fuel costs** left it [no choice](https://example.org/a "quoted").
Fares rise in April &amp; again in&nbsp;June \\*maybe\\*.

## What changes

- Adults pay `£5.40`
- Children travel free
  until they are 12
1. First
2. Second

> I think it is a disaster.
> -- a commuter

| Route | Fare |
|-------|-----:|
| North | £5   |
| *South* | £6 |

```python
fares = {"adult": 5.40}  # not rendered as *emphasis*
```

<div align="center">Share on <b>Facebook</b><br>
<img src="donate.png" alt="Donate now"></div>

<!-- editor's note: check the figures -->
Line with a hard break\\
and <https://example.org/contact>.

***
"""

EXPECTED = "\n\n".join(
    [
        "Ferry fares rise by a fifth",
        "Build status",
        "The operator said fuel costs left it no choice. "
        "Fares rise in April & again in\u00a0June *maybe*.",
        "What changes",
        "Adults pay £5.40",
        "Children travel free until they are 12",
        "First",
        "Second",
        "I think it is a disaster. -- a commuter",
        "Route\tFare\nNorth\t£5\nSouth\t£6",
        'fares = {"adult": 5.40}  # not rendered as *emphasis*',
        "Share on Facebook\nDonate now",
        "Line with a hard break\nand https://example.org/contact.",
    ]
)


def read(source: str, name: str = "notes/ferry.md") -> tuple[str, str]:
    [draft] = read_markdown(source.encode("utf-8"), ReadOptions(name))
    assert draft.source == name
    return draft.text, draft.title


def test_a_readme_reads_as_its_rendered_text() -> None:
    text, title = read(README)
    assert text == EXPECTED
    assert title == "Ferry fares: what changes"


def test_the_title_is_the_first_heading_else_the_file_name() -> None:
    assert read("Intro line.\n\nSetext heading\n==============\n\n# Later")[1] == "Setext heading"
    assert read("Just *a* paragraph.\n", "notes/plain-notes.md")[1] == "plain-notes"
    assert read("+++\ntitle = 'From Hugo'\n+++\n# Heading\n")[1] == "From Hugo"


def test_front_matter_needs_to_be_closed_and_at_the_top() -> None:
    # An unclosed "---" is a thematic break and the line after it a paragraph.
    assert read("---\ntitle: not front matter\n")[0] == "title: not front matter"
    assert read("Intro\n\n---\ntitle: x\n---\n")[0] == "Intro\n\ntitle: x"  # setext heading


def test_nested_lists_and_quotes_are_blocks_without_their_marks() -> None:
    source = "> - one\n>   - two\n>\n>     still two\n\n* [x] done ~~not~~ **yes**\n"
    assert read(source)[0] == "one\n\ntwo\n\nstill two\n\n[x] done not yes"


def test_html_blocks_keep_their_text_not_their_scripts_or_comments() -> None:
    source = "<script>track()</script>\n\n<style>p {}</style>\n\n<p>Kept &eacute;</p>\n"
    assert read(source)[0] == "Kept é"


def test_every_tricky_piece_inside_a_paragraph_is_kept_exactly() -> None:
    inline = [p for p in PIECES if p not in ("\r\n", "\r", "\n")]
    source = "Start " + " word ".join(f"a{piece}b" for piece in inline) + " end\n"
    assert read(source)[0] == source.removesuffix("\n")


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
def test_a_line_ending_inside_a_paragraph_is_a_space_and_a_blank_line_a_new_block(
    ending: str,
) -> None:
    source = f"One{ending}two.{ending}{ending}Three{ending}"
    assert read(source)[0] == "One two.\n\nThree"


@given(TEXTS)
def test_corpus_texts_in_a_code_block_come_back_exactly(text: str) -> None:
    expected = normalize_newlines(text)[0]
    # CRLF around the text: a "\r" ending the text must not pair with the fence line's "\n".
    got, _title = read(f"~~~~\r\n{text}\r\n~~~~\r\n")
    assert got == (expected if expected.strip() else "")


def test_the_tricky_pages_import_through_a_markdown_file(tmp_path: Path) -> None:
    files = tmp_path / "pages"
    files.mkdir()
    for number, page in enumerate(PAGES):
        fenced = f"# {page.title}\r\n\r\n~~~~\r\n{page.text}\r\n~~~~\r\n"
        (files / f"{number}.md").write_bytes(fenced.encode("utf-8"))
    project = imported(tmp_path / "p.annotator", files, format_name="markdown")
    documents = project.catalog.document_summaries(project.annotator_id)
    texts = {project.catalog.document(d.id).text for d in documents}
    titles = {d.title for d in documents}
    assert texts == {f"{p.title}\n\n{normalize_newlines(p.text)[0]}" for p in PAGES}
    assert titles == {" ".join(p.title.split()) for p in PAGES}


def test_a_binary_file_is_refused_in_one_line() -> None:
    with pytest.raises(InputError, match=r"^notes/ferry\.md: looks like a binary file, not text$"):
        read_markdown(b"\x89PNG\r\n\x1a\n\x00\x00\x00", ReadOptions("notes/ferry.md"))


def test_without_markdown_it_the_message_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page = tmp_path / "fares.md"
    page.write_text("# Fares rise\n", "utf-8")
    assert missing_library_message(monkeypatch, page, "markdown_it", read_markdown) == (
        "Reading Markdown files needs markdown-it-py, which is not installed: run "
        "pip install 'annotator[md]' (or 'annotator[formats]' for every format)"
    )
