"""HTML pages (``.html``, ``.htm``, ``.xhtml``): the text a reader sees, with the page kept.

The text is what a browser shows, **including** navigation, share and donation widgets,
comment sections, cookie banners, footers and copyright lines: they are exactly what
Boilerplate labels mark. Parsed with lxml's HTML parser, which repairs broken real-world
markup the way browsers do; nothing is ever fetched (no network, no external entities: the
HTML parser expands none).

What is left out, because a browser does not show it: ``head`` (its ``title`` becomes the
document's title), ``script``, ``style``, ``noscript``, ``template``, comments, embedded
content whose inner text is only a fallback (``iframe``, ``object``, ``svg``, ``video`` ...),
``select`` lists, a ``dialog`` that is not ``open``, and any element with the ``hidden``
attribute or an inline ``style`` of ``display: none`` or ``visibility: hidden``. Image
``alt`` texts are left out too: a browser shows them only when the image fails.

Decided on purpose:
- ``aria-hidden="true"`` is **kept**: it hides an element from screen readers, not from
  the eye, and pages put it on visible decoration and on visible duplicates of labels.
- Text hidden by a style sheet (a ``sr-only`` class, say) is kept: style sheets are not
  applied.
- The content of a closed ``details`` is kept: one click shows it.

How the text is laid out:
- Each block element (``p``, ``div``, ``li``, ``h1``-``h6``, ``tr``, ``section``, ``nav``,
  ``footer``, ``blockquote``, ``pre`` ...) becomes a paragraph; paragraphs are separated by
  one blank line and empty ones are dropped. Inline elements (``a``, ``span``, ``b``,
  unknown ones) stay inside the line.
- ``<br>`` is a line break (a run of them at most one blank line). White space collapses to
  one space as a browser collapses it, except inside ``pre`` (and ``textarea``, ``listing``,
  ``xmp``); a no-break space stays.
  Each paragraph is trimmed at both ends (a ``pre`` block's first indent too).
- The cells of a table row are separated by one tab (cells with no text add none), so a
  row reads as one line whose columns can still be told apart.
- Entities are decoded.

The title is the page's ``<title>`` without the site's name after it ("Storm closes bridge
| The Daily Ledger" is "Storm closes bridge"), by the rule a headline found in plain text
follows (:func:`~annotator.core.titles.without_site_name`); else the page's first ``h1``;
else the file name.

The charset is the byte order mark's, else the page's own declaration (``<meta charset>``,
``http-equiv``, or an XHTML ``<?xml encoding?>``; ``iso-8859-1`` and ``ascii`` read as
Windows-1252, as browsers read them), else the import's usual detection
(:func:`~annotator.formats.decode.decode_bytes`), which also applies when a page's bytes
are not in the charset it declares.

The page is kept with the document, with its block map
(:class:`~annotator.core.originals.Original`): each paragraph's range in the text and the
path of elements it came from, with its link density.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath
from typing import Any

from annotator.core.model import DocumentDraft
from annotator.core.originals import Block, ElementStep, Original
from annotator.core.titles import without_site_name
from annotator.errors import InputError
from annotator.formats.base import Reader, ReadOptions, Requirement
from annotator.formats.decode import DecodedText, decode_bytes, looks_binary

REQUIREMENT = Requirement("lxml.html", "lxml", "html")


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


#: Elements whose content a browser does not show (or shows only as a fallback).
_DROPPED = _tags(
    "head title meta link base script style noscript template iframe frame frameset noframes "
    "object embed applet canvas svg audio video select datalist map param source track"
)
#: Elements that start and end a paragraph.
_BLOCKS = _tags(
    "html body address article aside blockquote caption center dd details dialog dir div dl "
    "dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr legend li "
    "listing main menu nav ol p plaintext pre search section summary table tbody tfoot thead "
    "tr ul xmp"
)
_CELLS = frozenset({"td", "th"})
_PREFORMATTED = frozenset({"pre", "textarea", "listing", "xmp", "plaintext"})
_BUTTON_INPUTS = frozenset({"submit", "button", "reset"})
_HIDING_STYLES = frozenset({"display:none", "visibility:hidden", "visibility:collapse"})
#: The white space HTML collapses (a no-break space is not among it).
_SPACES = re.compile(r"[ \t\n\r\f]+")
#: A paragraph's link density is rounded to this many digits.
_DENSITY_DIGITS = 3

_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
#: How much of the page is searched for its charset declaration.
_PRESCAN_BYTES = 4096
_DECLARED_CHARSET = re.compile(
    rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([a-z0-9_.:-]+)"
    rb"|<\?xml\b[^>]*?encoding\s*=\s*[\"']([a-z0-9_.:-]+)",
    re.IGNORECASE,
)
#: Charsets browsers read as another: Latin-1 and ASCII as Windows-1252, and UTF-16 (a
#: declaration that could be read as ASCII cannot be UTF-16) as UTF-8.
_BROWSER_CHARSETS = {"iso8859-1": "cp1252", "ascii": "cp1252", "utf-16": "utf-8"}
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*>")
#: Control characters lxml refuses in a string (it would show them as U+FFFD); a browser
#: shows nothing for them, and form feed and vertical tab are white space.
_CONTROLS = {
    code: None if code not in (0x0B, 0x0C) else " "
    for code in (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))
}
_NO_TEXT = (
    "the page has no visible text (its body is empty, or every part of it is a script, "
    "a style or hidden)"
)


def read_html(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """One page, one document: its visible text, its title, and the page with its block map."""
    source = options.source_name
    decoded = decode_page(data, source)
    lxml_html = REQUIREMENT.load("Reading HTML files")
    root = _parse(lxml_html, decoded.text, source)
    page = _TextBuilder()
    _walk(root, page)
    text = page.text()
    if not text:
        raise InputError(source, _NO_TEXT)
    path = PurePath(source)
    title = _title(root) or page.first_heading or path.stem or source
    media_type = "application/xhtml+xml" if path.suffix.lower() == ".xhtml" else "text/html"
    original = Original(media_type, data, tuple(page.blocks))
    return [DocumentDraft(text, title, source, decoded.encoding, original=original)]


def decode_page(data: bytes, source: str) -> DecodedText:
    """The page's text: by its byte order mark, else the charset it declares, else guessed.

    Raises:
        InputError: The file is binary, or in no encoding that can be recognised.
    """
    if data.startswith(_BOMS):
        return decode_bytes(data, source)
    if looks_binary(data):
        raise InputError(source, "looks like a binary file, not a web page")
    declared = _declared_charset(data[:_PRESCAN_BYTES])
    if declared is not None:
        try:
            return DecodedText(data.decode(declared), declared)
        except UnicodeDecodeError:
            pass  # pages often declare one charset and are saved in another: guess instead
    return decode_bytes(data, source)


def _declared_charset(start: bytes) -> str | None:
    """The codec of the charset the page declares, if Python knows it."""
    match = _DECLARED_CHARSET.search(start)
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return _BROWSER_CHARSETS.get(name, name)


def _parse(lxml_html: Any, text: str, source: str) -> Any:
    """The page's element tree, repaired as browsers repair it."""
    # lxml refuses a string that still declares its encoding; it is decoded already.
    text = _XML_DECLARATION.sub("", text, count=1).translate(_CONTROLS)
    if not text.strip():
        raise InputError(source, _NO_TEXT)
    # huge_tree lifts libxml2's limits of 256 nested elements and 10 MB of text in one node
    # (broken pages nest unclosed tags deep); the file's size is bounded before it is read.
    parser = lxml_html.HTMLParser(
        recover=True,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
        huge_tree=True,
    )
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except lxml_html.etree.ParserError:  # "Document is empty": nothing but comments, say
        raise InputError(source, _NO_TEXT) from None
    except (lxml_html.etree.LxmlError, ValueError) as error:
        raise InputError(source, f"cannot be read as HTML ({error})") from None
    for entry in parser.error_log:
        # Past a limit libxml2 stops and keeps what it read: the rest would be lost unsaid.
        if entry.type_name == "ERR_RESOURCE_LIMIT":
            reason = entry.message.strip().split(",")[0].lower()
            raise InputError(source, f"cannot be read whole ({reason} at line {entry.line})")
    return root


def _title(root: Any) -> str:
    """The page's ``<title>``, blanks collapsed and its site name dropped ("" when it has
    none)."""
    for element in root.iter("title"):
        if any(ancestor.tag == "svg" for ancestor in element.iterancestors()):
            continue  # an icon's tooltip, not the page's title
        title = " ".join(element.text_content().split())
        return without_site_name(title) or title
    return ""


def _hidden(element: Any) -> bool:
    """Whether a browser shows nothing of the element (nor of what it holds)."""
    tag = element.tag
    if not isinstance(tag, str):  # a comment or processing instruction the parser kept
        return True
    if tag in _DROPPED or element.get("hidden") is not None:
        return True
    if tag == "dialog" and element.get("open") is None:
        return True
    style = element.get("style")
    if style is None:
        return False
    declarations = "".join(style.split()).lower().split(";")
    return any(d.removesuffix("!important") in _HIDING_STYLES for d in declarations)


def _walk(root: Any, page: _TextBuilder) -> None:
    """Feed the visible elements and texts to ``page`` in document order.

    Iterative, not recursive: a broken page can nest elements deeper than Python recurses.
    """
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        element, leaving = stack.pop()
        if leaving:
            page.leave(element.tag)
            page.add(element.tail)
            continue
        if _hidden(element):
            page.add(element.tail)  # the text after a hidden element is not hidden
            continue
        page.enter(element)
        page.add(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))


def _visible_count(chunk: str) -> int:
    """How many characters of ``chunk`` are not white space that HTML collapses."""
    return len(chunk) - sum(len(blank) for blank in _SPACES.findall(chunk))


class _TextBuilder:
    """Builds the text paragraph by paragraph, and the block map beside it."""

    def __init__(self) -> None:
        self._out: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        #: The text of the first ``h1`` paragraph, for a page without a title.
        self.first_heading: str | None = None
        self._open: list[ElementStep] = []
        self._block_depths: list[int] = []  # len(self._open) at each open block element
        self._paths: dict[tuple[ElementStep, ...], tuple[ElementStep, ...]] = {}
        self._links = 0
        self._preformatted = 0
        self._start_paragraph()

    def _start_paragraph(self) -> None:
        self._parts: list[str] = []
        self._pending = ""  # what goes before the next text: "", " " or a cell's "\t"
        self._line_start = True
        self._chars = 0
        self._link_chars = 0
        self._path: tuple[ElementStep, ...] | None = None

    def text(self) -> str:
        """The whole text (after the last element was left)."""
        self._end_paragraph()
        return "".join(self._out)

    def enter(self, element: Any) -> None:
        """An element starts."""
        tag: str = element.tag
        classes = " ".join((element.get("class") or "").split())
        self._open.append(ElementStep(tag, classes, element.get("id") or ""))
        if tag in _BLOCKS:
            self._end_paragraph()
            self._block_depths.append(len(self._open))
        elif tag in _CELLS and self._parts:
            self._pending = "\t"
        elif tag == "a":
            self._links += 1
        elif tag == "br":
            self._line_break()
        elif tag == "input" and (element.get("type") or "").lower() in _BUTTON_INPUTS:
            self.add(element.get("value"))
        if tag in _PREFORMATTED:
            self._preformatted += 1

    def leave(self, tag: str) -> None:
        """The element last entered ends."""
        if tag in _BLOCKS:
            self._end_paragraph()
            self._block_depths.pop()
        elif tag == "a":
            self._links -= 1
        if tag in _PREFORMATTED:
            self._preformatted -= 1
        self._open.pop()

    def add(self, text: str | None) -> None:
        """Text of the element entered last (or after one that ended), as a browser lays
        it out: blanks collapsed, except in preformatted text."""
        if not text:
            return
        if self._preformatted:
            self._emit(text.replace("\r\n", "\n").replace("\r", "\n"))
            return
        words = _SPACES.split(text)
        if not words[0]:
            self._pending = self._pending or " "
        body = " ".join(word for word in words if word)
        if body:
            self._emit(body)
            if not words[-1]:
                self._pending = " "

    def _emit(self, chunk: str) -> None:
        if self._pending and self._parts and not self._line_start:
            self._parts.append(self._pending)
        self._pending = ""
        if self._path is None:
            self._path = self._block_path()
        self._parts.append(chunk)
        self._line_start = chunk.endswith("\n")
        visible = _visible_count(chunk)
        self._chars += visible
        if self._links:
            self._link_chars += visible

    def _line_break(self) -> None:
        # Three or more <br> in a row show as one blank line here: a run of blank lines in a
        # paragraph would read as paragraphs that are not there.
        if self._parts and self._parts[-2:] != ["\n", "\n"]:
            self._parts.append("\n")
        self._pending = ""
        self._line_start = True

    def _block_path(self) -> tuple[ElementStep, ...]:
        """The elements from the root to the innermost open block, shared between blocks."""
        depth = self._block_depths[-1] if self._block_depths else len(self._open)
        path = tuple(self._open[:depth])
        return self._paths.setdefault(path, path)

    def _end_paragraph(self) -> None:
        paragraph = "".join(self._parts).strip()
        if paragraph and self._path is not None:
            if self._out:
                self._out.append("\n\n")
                self._length += 2
            start = self._length
            self._out.append(paragraph)
            self._length += len(paragraph)
            share = self._link_chars / self._chars if self._chars else 0.0
            self.blocks.append(
                Block(start, self._length, self._path, round(share, _DENSITY_DIGITS))
            )
            if self.first_heading is None and self._path[-1].tag == "h1":
                self.first_heading = " ".join(paragraph.split())
        self._start_paragraph()


READER = Reader(
    "html",
    "HTML files",
    (".html", ".htm", ".xhtml"),
    read_html,
    aliases=("htm", "xhtml"),
    requires=REQUIREMENT,
    documents_only=True,
)
