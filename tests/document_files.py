"""Sample Word and PDF files built in the tests: a ``.docx`` by python-docx (as Word would
hold the text: a line break is one ``w:br``), a PDF written by hand with standard-font text
objects, as a word processor's "print to PDF" lays out lines."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from annotator.core.model import DocumentDraft
from annotator.core.text import normalize_newlines
from annotator.formats.base import FormatUnavailableError, ReadOptions
from annotator.services.importing import ImportOptions
from annotator.services.project import Project

Read = Callable[[bytes, ReadOptions], list[DocumentDraft]]


def word_file(*paragraphs: str, title: str = "", heading: str | None = None) -> bytes:
    """A ``.docx`` with an optional Heading 1 and the paragraphs, each written as Word
    stores it: "\\r\\n" and "\\r" are one line break (``w:br``) like "\\n"."""
    document = docx.Document()
    document.core_properties.title = title
    if heading is not None:
        document.add_heading(heading, 1)
    for paragraph in paragraphs:
        document.add_paragraph(normalize_newlines(paragraph)[0])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _pdf_string(text: str) -> bytes:
    """A PDF literal string of ``text`` in WinAnsiEncoding (cp1252), escaped."""
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_file(*pages: list[str], title: str | None = None) -> bytes:
    """A PDF whose pages show the given lines in Helvetica (WinAnsiEncoding: the characters
    of Windows-1252 only; no emoji), with a document-information title when given."""
    objects: list[bytes] = [b""]  # 1: the page tree, filled in below
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    kids = []
    for lines in pages:
        shown = b"".join(_pdf_string(line) + b" Tj T*\n" for line in lines)
        stream = b"BT /F1 12 Tf 72 720 Td 14 TL\n" + shown + b"ET"
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(
            b"<< /Type /Page /Parent 1 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 2 0 R >> >> /Contents %d 0 R >>" % (len(objects))
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[0] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    objects.append(b"<< /Type /Catalog /Pages 1 0 R >>")
    catalog = len(objects)
    info = b""
    if title is not None:
        objects.append(b"<< /Title %s >>" % _pdf_string(title))
        info = b" /Info %d 0 R" % len(objects)
    trailer = b"<< /Size %d /Root %d 0 R%s >>" % (len(objects) + 1, catalog, info)
    return _assemble(objects, trailer)


def _assemble(objects: list[bytes], trailer: bytes) -> bytes:
    """The file: header, numbered objects, cross-reference table, trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n%s\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


def missing_library_message(
    monkeypatch: pytest.MonkeyPatch, page: Path, module: str, read: Read
) -> str:
    """What reading ``page`` says with ``module`` not installed, checked to be the line the
    import service reports for the file too."""
    monkeypatch.setitem(sys.modules, module, None)  # "import module" now raises ImportError
    with pytest.raises(FormatUnavailableError) as caught:
        read(page.read_bytes(), ReadOptions(page.name))
    project = Project.open(page.parent / "p.annotator", "alice")
    report = project.importer.import_paths([page], ImportOptions(default_annotator="alice"))
    assert report.errors == [f"{page}: {caught.value}"]
    return str(caught.value)
