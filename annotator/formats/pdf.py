"""PDF files: the text layer, page by page, as pypdf extracts it.

- Each page's text is a block, with a blank line between two pages (not a form feed, which
  a text view shows as a box and which offsets would then have to step over); a page
  without text is left out. Within a page the lines are pypdf's, as laid out.
- Words hyphenated at a line's end stay split ("hyphen-" newline "ated"): rejoining them
  would guess, and would merge real hyphenated compounds.
- A PDF without a text layer (scanned pages are images) is refused, saying so: this tool
  does not read images (no OCR).
- An encrypted PDF that opens without a password (many are encrypted only to restrict
  printing or copying) is read; one that needs a password is refused. AES encryption needs
  the ``cryptography`` package beside pypdf; without it the message says so.
- pypdf reports oddities of damaged files (a wrong cross-reference offset) as log warnings;
  they are kept out of the console and passed to this module's logger at INFO level.

The title is the document information's title, else the first line of text, else the
file's name.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import PurePath
from typing import Any

from annotator.core.model import DocumentDraft
from annotator.errors import InputError
from annotator.formats.base import Reader, ReadOptions, Requirement

REQUIRES = Requirement("pypdf", "pypdf", "pdf")

log = logging.getLogger(__name__)

#: pypdf looks for the header this far into the file (some files have junk before it).
_HEADER_WINDOW = 1024
_MAX_TITLE = 500
_NEEDS_CRYPTOGRAPHY = (
    "is encrypted with AES, which pypdf opens only with the cryptography package: run "
    "pip install cryptography, or save the PDF without encryption"
)
#: What pypdf raises besides its own errors on a damaged file: it parses untrusted bytes
#: with plain Python, and a broken object surfaces as whatever the code reading it hit.
_DAMAGE = (
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    AssertionError,
    RecursionError,
    OverflowError,
    ZeroDivisionError,
    EOFError,
)


def read_pdf(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """Read a PDF's text layer into one document."""
    pypdf = REQUIRES.load("Reading PDF files")
    source = options.source_name
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise InputError(source, "is not a PDF file (it does not start with %PDF-)")
    with _pypdf_log_to(source):
        try:
            # PdfReader tries the empty password itself: AES needs cryptography there already.
            reader = pypdf.PdfReader(BytesIO(data))
            if reader.is_encrypted and reader.decrypt("") == pypdf.PasswordType.NOT_DECRYPTED:
                raise InputError(source, "is protected by a password; save it without one")
            pages = [_page_text(page) for page in reader.pages]
            title = _metadata_title(reader)
        except pypdf.errors.DependencyError:
            raise InputError(source, _NEEDS_CRYPTOGRAPHY) from None
        except (pypdf.errors.PyPdfError, *_DAMAGE) as error:
            raise InputError(source, f"is a damaged PDF that cannot be read ({error})") from None
    if not pages:
        raise InputError(source, "is a PDF without pages")
    text = "\n\n".join(page for page in pages if page.strip())
    if not text:
        raise InputError(
            source, "has no text layer; it is probably scanned images (this tool does no OCR)"
        )
    first_line = next((" ".join(line.split()) for line in text.splitlines() if line.strip()), "")
    title = title or first_line or PurePath(source).stem or source
    return [DocumentDraft(text, title[:_MAX_TITLE], source)]


def _page_text(page: Any) -> str:
    """A page's text without blank lines at its start and end."""
    text: str = page.extract_text() or ""
    return text.replace("\r\n", "\n").strip("\n").rstrip()


def _metadata_title(reader: Any) -> str | None:
    metadata = reader.metadata
    title = metadata.title if metadata is not None else None
    if not isinstance(title, str):
        return None
    return " ".join(title.split()) or None


class _Collector(logging.Handler):
    """Keeps the records it is given."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _pypdf_log_to(source: str) -> Iterator[None]:
    """Hold pypdf's log records back from the console while a file is read; then pass
    them to our logger at INFO level, naming the file."""
    pypdf_log = logging.getLogger("pypdf")
    collector = _Collector()
    propagates = pypdf_log.propagate
    pypdf_log.addHandler(collector)
    pypdf_log.propagate = False
    try:
        yield
    finally:
        pypdf_log.removeHandler(collector)
        pypdf_log.propagate = propagates
        for record in collector.records:
            log.info("%s: pypdf: %s", source, record.getMessage())


READER = Reader("pdf", "PDF files", (".pdf",), read_pdf, requires=REQUIRES, documents_only=True)
