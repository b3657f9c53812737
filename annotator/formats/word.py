"""Word documents (``.docx``): the text of the paragraphs, as Word shows it.

python-docx opens the package (the zip, its parts, styles, core properties and section
headers and footers); the text is read from the document's XML, in reading order, because
python-docx's ``Paragraph.text`` leaves out what documents from the field are full of:
tracked insertions, content controls, fields and text boxes.

- Each non-empty paragraph is a block, with a blank line between two blocks; a line break
  (Shift+Enter) or a page or column break inside a paragraph is a newline; a tab is a tab.
- A table is one block with a line per row, its cells separated by one tab, as the HTML
  and Markdown readers give a table. A cell is one line: its paragraphs are joined by a
  space, and a line break or tab inside it is a space, so a row never spills over lines
  and its columns can still be told apart. An empty cell is an empty column (the columns
  stay aligned); a row with no text at all is left out. A merged cell is read once (a
  vertically merged cell's continuation is empty). A table nested in a cell is read into
  that cell, its cells joined by spaces like the cell's paragraphs.
- Tracked changes are read as if accepted: insertions kept, deletions dropped. Field codes
  are dropped and their shown result kept ("7" for a page number). Content controls are
  read as their content. A text box's paragraphs follow the paragraph it is anchored in.
- Headers and footers are kept, since they are the boilerplate a Boilerplate label marks:
  every different header of the document's sections comes first, every different footer
  last, each once (Word repeats them on every page; we do not).
- Lost: footnotes, endnotes and comments (python-docx does not read them), equations,
  symbols inserted from symbol fonts, ruby (phonetic) guides, images.

XML 1.0 cannot carry most control characters (a form feed, say), so a ``.docx`` never holds
them. The title is the core properties' title, else the first paragraph styled Title or
Heading, else the file's name.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePath
from typing import Any

from annotator.core.model import DocumentDraft
from annotator.errors import InputError
from annotator.formats.base import Reader, ReadOptions, Requirement

REQUIRES = Requirement("docx", "python-docx", "docx")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: What a run holds, as text.
_RUN_TEXT = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}br": "\n"}
_RUN_TEXT |= {f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
#: Subtrees whose text is not shown: deletions, ruby guides, the VML copy of a text box,
#: properties (which may hold revision marks).
_SKIPPED = frozenset(
    {f"{_W}{name}" for name in ("del", "moveFrom", "rt", "pPr", "rPr", "sectPr", "tblPr")}
    | {f"{_MC}Fallback"}
)
_TEXT_BOX = f"{_W}txbxContent"
#: What would end a table's row or cell early: tabs and the line breaks a text view breaks at.
_BREAKS = re.compile("[\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
#: A .doc file (and a password-protected .docx) is an OLE2 compound file.
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_TITLE = 500


@dataclass(frozen=True, slots=True)
class _Block:
    """A paragraph's text and its style's id."""

    text: str
    style: str | None


def read_word(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """Read a ``.docx`` file into one document."""
    docx = REQUIRES.load("Reading Word .docx files")
    document = _open(docx, data, options.source_name)
    try:
        headers, footers = _headers_and_footers(document)
        body = list(_container(document.element.body))
        core_title = " ".join((document.core_properties.title or "").split())
        headings = _heading_styles(document)
    except (SyntaxError, KeyError, ValueError, zipfile.BadZipFile, zlib.error) as error:
        raise _not_docx(options.source_name, f"a part of it is damaged: {error}") from None
    blocks = [block.text for block in (*headers, *body, *footers) if block.text.strip()]
    heading = next((b.text for b in body if b.style in headings and b.text.strip()), None)
    heading = heading and " ".join(heading.split())
    title = core_title or heading or PurePath(options.source_name).stem
    return [
        DocumentDraft(
            "\n\n".join(blocks), (title or options.source_name)[:_MAX_TITLE], options.source_name
        )
    ]


def _not_docx(source: str, why: str) -> InputError:
    return InputError(source, f"is not a Word .docx file ({why})")


def _open(docx: Any, data: bytes, source: str) -> Any:
    """The python-docx document, or an :class:`InputError` saying why there is none."""
    if data.startswith(_OLE2_MAGIC):
        raise _not_docx(
            source,
            "it is an old Word .doc file or a password-protected document: save it as .docx "
            "without a password and import that",
        )
    if not zipfile.is_zipfile(BytesIO(data)):
        raise _not_docx(source, "it is not a zip archive, as a .docx file is")
    try:
        return docx.Document(BytesIO(data))
    except (KeyError, ValueError, docx.opc.exceptions.PackageNotFoundError):
        # No [Content_Types].xml, or a main part that is not a Word document (an .xlsx).
        raise _not_docx(source, "the zip archive holds no Word document") from None
    except (SyntaxError, zipfile.BadZipFile, zlib.error, EOFError) as error:
        # lxml's XMLSyntaxError is a SyntaxError; a damaged zip member fails its CRC.
        raise _not_docx(source, f"it is damaged: {error}") from None


def _heading_styles(document: Any) -> set[str]:
    """The ids of the document's Title and Heading paragraph styles."""
    found = set()
    for style in document.styles:
        name = (style.name or "").lower()
        if name == "title" or name.startswith("heading"):
            found.add(style.style_id)
    return found


def _headers_and_footers(document: Any) -> tuple[list[_Block], list[_Block]]:
    """Every different header's blocks and every different footer's, in section order."""
    headers: list[_Block] = []
    footers: list[_Block] = []
    seen: set[tuple[str, ...]] = set()
    even_pages = document.settings.odd_and_even_pages_header_footer
    for section in document.sections:
        first_page = section.different_first_page_header_footer
        kinds = (
            (headers, (section.first_page_header, section.header, section.even_page_header)),
            (footers, (section.first_page_footer, section.footer, section.even_page_footer)),
        )
        for into, (first, default, even) in kinds:
            shown = ([first] if first_page else []) + [default] + ([even] if even_pages else [])
            for part in shown:
                if part.is_linked_to_previous:  # no definition of its own
                    continue
                blocks = [b for b in _container(part.part.element) if b.text.strip()]
                key = tuple(b.text for b in blocks)
                if blocks and key not in seen:
                    seen.add(key)
                    into.extend(blocks)
    return headers, footers


def _container(element: Any) -> Iterator[_Block]:
    """The blocks of a body, cell, header, footer, text box or content control, in order."""
    for child in element.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            yield from _paragraph(child)
        elif tag == f"{_W}tbl":
            yield _Block(_table(child), None)
        elif tag not in _SKIPPED and isinstance(tag, str):
            # Content controls (w:sdt/w:sdtContent), custom XML, block-level insertions.
            yield from _container(child)


def _table(table: Any) -> str:
    """A table's text: a line per row with text, its cells separated by a tab."""
    rows = ("\t".join(map(_cell_text, _children(row, "tc"))) for row in _children(table, "tr"))
    return "\n".join(row for row in rows if row.strip())


def _cell_text(cell: Any) -> str:
    """A cell's text on one line: its paragraphs (and nested tables) joined by spaces."""
    pieces = (_BREAKS.sub(" ", block.text).strip(" ") for block in _container(cell))
    return " ".join(piece for piece in pieces if piece)


def _children(element: Any, name: str) -> Iterator[Any]:
    """The ``w:NAME`` children of a table or row, with those inside content controls and
    custom XML; a cell that continues a vertical merge holds nothing of its own."""
    for child in element.iterchildren():
        if child.tag == f"{_W}{name}":
            yield child
        elif child.tag not in _SKIPPED and isinstance(child.tag, str):
            yield from _children(child, name)


def _paragraph(element: Any) -> Iterator[_Block]:
    """The paragraph's block, then the blocks of the text boxes anchored in it."""
    parts: list[str] = []
    boxes: list[Any] = []
    _collect(element, parts, boxes)
    style = element.find(f"{_W}pPr/{_W}pStyle")
    style_id = style.get(f"{_W}val") if style is not None else None
    yield _Block("".join(parts).strip("\n"), style_id)
    for box in boxes:
        yield from _container(box)


def _collect(element: Any, parts: list[str], boxes: list[Any]) -> None:
    """Append the shown text under ``element`` to ``parts`` and its text boxes to ``boxes``."""
    for child in element.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue  # comments and processing instructions have no string tag
        if tag == _TEXT_BOX:
            boxes.append(child)
        elif tag in _RUN_TEXT:
            shown = _RUN_TEXT[tag]
            parts.append(child.text or "" if shown is None else shown)
        else:
            _collect(child, parts, boxes)


READER = Reader(
    "docx", "Word .docx files", (".docx",), read_word, requires=REQUIRES, documents_only=True
)
