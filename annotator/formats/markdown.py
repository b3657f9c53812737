"""Markdown files (``.md``, ``.markdown``): the text a reader of the rendered page sees.

The file is parsed by markdown-it-py (CommonMark, with GitHub's tables and strikethrough)
and the text is taken from its token stream:

- headings, paragraphs, list items, block quotes, code blocks and tables are blocks, with
  a blank line between two blocks (as the HTML reader separates a page's blocks); a list
  item's paragraphs are blocks of their own, without their bullet or number; a block
  quote's paragraphs lose their ``>``;
- no markup: no ``#``, no emphasis or strikethrough marks, no backslash escapes; entities
  (``&amp;``, ``&#128512;``) are decoded;
- a link is its text, without its target (an autolink ``<https://…>`` shows its address,
  which is its text); an image is its alt text, as a screen reader or a text browser shows
  it, so a README's badges are there to be labelled as boilerplate;
- a soft line break (a newline inside a paragraph) is a space, as a browser shows it; a hard
  break (two spaces or a backslash before the newline, ``<br>``) is a newline;
- a code block keeps its text as written, lines and indentation included;
- a table is one block with a line per row, its cells separated by a tab;
- raw HTML: inline tags are dropped and their text kept; an HTML block is its text
  (comments, scripts and styles dropped), read with the standard library's HTML parser;
- a front matter block (``---`` YAML or ``+++`` TOML at the very top, as Jekyll and Hugo
  write) is dropped: it is metadata, not text; its ``title`` names the document.

The title is the front matter's ``title``, else the first heading, else the file's name.
Files are read as UTF-8 (or as the byte order mark or the encoding sniffed says); line
endings are the importer's to normalise.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import PurePath
from typing import Any

from annotator.core.model import DocumentDraft
from annotator.formats.base import Reader, ReadOptions, Requirement
from annotator.formats.decode import decode_bytes

REQUIRES = Requirement("markdown_it", "markdown-it-py", "md")

_FRONT_MATTER = {"---": ("---", "..."), "+++": ("+++",)}
#: Block tokens whose text is taken as written.
_CODE = ("fence", "code_block")
#: Inline tokens that are markup only.
_MARKUP_ONLY = frozenset(
    {"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"}
    | {"link_open", "link_close"}
)
_CELL_OPEN = ("th_open", "td_open")
_MAX_TITLE = 500


def read_markdown(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """Read a Markdown file into one document of its visible text."""
    markdown_it = REQUIRES.load("Reading Markdown files")
    decoded = decode_bytes(data, options.source_name)
    source, front_title = _without_front_matter(decoded.text)
    parser = markdown_it.MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    blocks, first_heading = _blocks(parser.parse(source))
    title = front_title or first_heading or PurePath(options.source_name).stem
    return [
        DocumentDraft(
            "\n\n".join(blocks),
            (title or options.source_name)[:_MAX_TITLE],
            options.source_name,
            decoded.encoding,
        )
    ]


def _without_front_matter(text: str) -> tuple[str, str | None]:
    """The text without a front matter block at its top, and the ``title`` it gives."""
    lines = text.splitlines(keepends=True)
    closers = _FRONT_MATTER.get(lines[0].rstrip("\r\n").rstrip()) if lines else None
    if closers is None:
        return text, None
    for number, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r\n").rstrip() in closers:
            return "".join(lines[number + 1 :]), _front_title(lines[1:number])
    return text, None  # never closed: a thematic break, not front matter


def _front_title(lines: list[str]) -> str | None:
    """A top-level ``title: …`` (YAML) or ``title = …`` (TOML) line's value, unquoted."""
    for line in lines:
        key, colon, value = line.partition(":")
        if not colon:
            key, _equals, value = line.partition("=")
        if key.strip().lower() == "title" and not line[:1].isspace():
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            return " ".join(value.split()) or None
    return None


def _blocks(tokens: list[Any]) -> tuple[list[str], str | None]:
    """The text of each block, and the first heading's text."""
    blocks: list[str] = []
    first_heading: str | None = None
    row: list[str] | None = None
    table: list[str] = []
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            table.append("\t".join(row))
            row = None
        elif kind == "table_close":
            blocks.append("\n".join(table))
            table = []
        elif kind == "inline" and row is not None:
            row.append(_inline(token.children or []))
        elif kind == "inline":
            blocks.append(_inline(token.children or []))
            if first_heading is None and tokens[index - 1].type == "heading_open":
                first_heading = " ".join(blocks[-1].split()) or None
        elif kind in _CODE:
            blocks.append(token.content.removesuffix("\n"))
        elif kind == "html_block":
            blocks.append(_html_text(token.content))
    return [block for block in blocks if block.strip()], first_heading


def _inline(children: list[Any]) -> str:
    """An inline run's visible text."""
    parts: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "image":
            parts.append(_inline(child.children or []))
        elif kind == "html_inline":
            if child.content.lower().replace(" ", "").startswith(("<br>", "<br/>")):
                parts.append("\n")
        elif kind not in _MARKUP_ONLY:
            parts.append(child.content)  # a token of a rule enabled later: keep its text
    return "".join(parts)


class _HtmlText(HTMLParser):
    """Collects the text of an HTML fragment, without scripts, styles and comments; block
    elements and ``<br>`` break lines, other white space runs are single spaces."""

    _HIDDEN = frozenset({"script", "style", "template"})
    _BLOCKS = frozenset(
        {"address", "blockquote", "details", "dd", "div", "dl", "dt", "figcaption", "figure"}
        | {"footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav"}
        | {"ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden += 1
        elif tag == "img":
            self.parts.append(" " + (dict(attrs).get("alt") or "") + " ")
        elif tag == "br" or tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden and data:
            before = " " if data[0].isspace() else ""
            after = " " if data[-1].isspace() else ""
            self.parts.append(before + " ".join(data.split()) + after)


def _html_text(fragment: str) -> str:
    """An HTML block's text: a line per block element or ``<br>``, empty lines dropped."""
    parser = _HtmlText()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


READER = Reader(
    "md",
    "Markdown files",
    (".md", ".markdown"),
    read_markdown,
    aliases=("markdown",),
    requires=REQUIRES,
    documents_only=True,
)
