"""What every format module shares: the reader and writer records and the options they take.

The format modules import only this module (and the core); :mod:`annotator.formats.registry`
imports the format modules, so the dependency runs one way.

A **reader** turns one file's bytes into document drafts. It may look at files beside it
(brat's ``.txt`` beside its ``.ann``) through :attr:`ReadOptions.sibling`, which works the same
in a folder and inside a ``.zip``.

A **writer** writes export records to an :class:`Output`: one file (``output.text()`` or
``output.binary()``), or, for a format made of several files (``bundle=True``), named files
in a folder or a ``.zip`` (``output.text("annotation.conf")``). What a format cannot hold (a
span off spaCy's token boundaries, overlapping spans in BIO tags) is reported through
:attr:`ExportContext.warn`, never dropped in silence.

A format that needs a library outside the standard library names it in a
:class:`Requirement`; the program runs without it and says which extra to install.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, BinaryIO, Protocol, TextIO

from annotator.core.model import DocumentDraft
from annotator.core.offset_units import OffsetUnit
from annotator.errors import AnnotatorError


class FormatUnavailableError(AnnotatorError):
    """A format needs a library that is not installed; the message says which extra brings it."""


@dataclass(frozen=True, slots=True)
class Requirement:
    """The library a format needs, and the extra that installs it.

    Attributes:
        module: The module imported ("docx").
        package: The distribution on PyPI ("python-docx").
        extra: The extra of ours that brings it ("docx": ``pip install 'annotator[docx]'``).
    """

    module: str
    package: str
    extra: str

    def installed(self) -> bool:
        """True when the module can be imported (it is not imported to find out)."""
        try:
            return importlib.util.find_spec(self.module) is not None
        except (ImportError, ValueError):  # a parent package missing, or a None in sys.modules
            return False

    def message(self, what: str) -> str:
        """'Reading DOCX files needs python-docx, …': one line naming the extra."""
        return (
            f"{what} needs {self.package}, which is not installed: run "
            f"pip install 'annotator[{self.extra}]' (or 'annotator[formats]' for every format)"
        )

    def load(self, what: str) -> ModuleType:
        """Import the module, or raise :class:`FormatUnavailableError` naming the extra."""
        try:
            return importlib.import_module(self.module)
        except ImportError:
            raise FormatUnavailableError(self.message(what)) from None


def _no_sibling(_name: str) -> bytes | None:
    return None


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Options a reader may use.

    Attributes:
        source_name: How the file is named in messages and in each document's ``source``.
        text_column: For tables: the column that holds the text (default: "text").
        sibling: The bytes of a file in the same folder (or the same folder of a ``.zip``)
            by its name, or None when there is none.
    """

    source_name: str
    text_column: str | None = None
    sibling: Callable[[str], bytes | None] = _no_sibling


@dataclass(frozen=True, slots=True)
class Reader:
    """Reads one file into document drafts, or raises :class:`~annotator.errors.InputError`.

    Attributes:
        name: The name ``--format`` takes.
        description: For people (file dialogs, ``--help``).
        extensions: Lower-case suffixes of the files it takes, with the dot.
        read: The function.
        aliases: Other names ``--format`` takes for it ("doccano" for the JSONL reader).
        requires: The library it needs beyond the standard library, if any.
        companions: Suffixes of files beside a file it takes, with the same stem, that belong
            to that file (brat's ``.txt`` beside ``.ann``): a folder import does not import
            them on their own.
        companion_names: Names of files that belong to the folder's files of this format
            (XMI's ``TypeSystem.xml``, compared ignoring case): passed over, not reported.
        documents_only: Its files carry documents only, no spans and no columns (plain
            text, web pages, Word and PDF files): the window imports them without asking
            whose spans they are.
        offset_unit: The unit the offsets in its files count, None when they hold none.
    """

    name: str
    description: str
    extensions: tuple[str, ...]
    read: Callable[[bytes, ReadOptions], list[DocumentDraft]]
    aliases: tuple[str, ...] = ()
    requires: Requirement | None = None
    companions: tuple[str, ...] = ()
    companion_names: tuple[str, ...] = ()
    documents_only: bool = False
    #: The unit the offsets in its files count (None: its files hold none). An export of
    #: ours whose sidecar says another unit is refused before it is read.
    offset_unit: OffsetUnit | None = "codepoints"


#: One exported document: the JSON-ready object a writer writes.
ExportRecord = dict[str, Any]
#: What an :data:`ExportRecord`'s fields beyond the text and spans mean, for the sidecar of
#: an export whose files hold them as the record does (see :attr:`Writer.record_fields`).
RECORD_FIELDS: Mapping[str, str] = {
    "spans[].note": "the annotator's note on the span, or null",
    "spans[].origin": (
        "only on a span accepted from a suggestion: {recommender, version, score (0 to 1), "
        "reason, accepted_at (ISO 8601, UTC)}"
    ),
    "annotators": "per exported layer that holds work: {status, status_set_at, note}",
    "annotators.*.status": "new, in_progress, done or skipped (new when none was recorded)",
    "annotators.*.status_set_at": "when the status was last set (ISO 8601, UTC), or null",
    "annotators.*.note": "the annotator's note on the document, or null",
}


def span_text(span: dict[str, Any], text: str) -> str:
    """An exported span's text: the record's own copy, else sliced from the document's."""
    quoted = span.get("text")
    return str(quoted) if quoted is not None else text[span["start"] : span["end"]]


class Output(Protocol):
    """Where a writer puts what it writes.

    ``name=""`` is the export's one file (for a writer of one file); other names are files of
    a bundle (a folder or a ``.zip``), which may contain ``/``. Each file is opened once.
    """

    def text(self, name: str = "") -> AbstractContextManager[TextIO]:
        """A UTF-8 text file (lines end in ``\\n``)."""
        ...

    def binary(self, name: str = "") -> AbstractContextManager[BinaryIO]:
        """A binary file."""
        ...


@dataclass(frozen=True, slots=True)
class LabelInfo:
    """A label as the export's configuration files need it."""

    name: str
    color: str


@dataclass(frozen=True, slots=True)
class Split:
    """Train/dev/test shares of the documents, shuffled with a fixed seed.

    Attributes:
        shares: (train, dev, test), each from 0 to 1, adding up to 1.
        seed: The shuffle's seed: the same seed and documents give the same split.
    """

    shares: tuple[float, float, float] = (0.8, 0.1, 0.1)
    seed: int = 13


def parse_shares(text: str) -> tuple[float, float, float] | None:
    """ "80/10/10" (or "80,10,10") as shares of 1; None unless three percentages adding up
    to 100."""
    try:
        numbers = [float(part) for part in text.replace(",", "/").split("/")]
    except ValueError:
        return None
    if len(numbers) != 3 or any(not 0 <= n <= 100 for n in numbers):
        return None
    if abs(sum(numbers) - 100) > 1e-6:
        return None
    return numbers[0] / 100, numbers[1] / 100, numbers[2] / 100


def _ignore(_message: str) -> None:
    return None


@dataclass(frozen=True, slots=True)
class ExportContext:
    """What a writer may need beyond the records.

    Attributes:
        labels: The project's labels in their order (for configuration files: brat's
            ``annotation.conf``, Label Studio's labelling config, the XMI type system).
        offsets: The unit the records' span offsets are counted in.
        name: A short name for the dataset (the target's stem).
        split: Split the documents into train/dev/test, for writers that can.
        warn: Report something the format cannot hold, one sentence per case; the export
            goes on and the report lists it.
    """

    labels: tuple[LabelInfo, ...] = ()
    offsets: OffsetUnit = "codepoints"
    name: str = "export"
    split: Split | None = None
    warn: Callable[[str], None] = field(default=_ignore)


#: A function that writes the records to one text file and returns how many it wrote.
TextWrite = Callable[[TextIO, Iterable[ExportRecord]], int]


@dataclass(frozen=True, slots=True)
class Writer:
    """Writes export records.

    Attributes:
        name: The name ``--format`` takes.
        description: For people.
        extension: The suffix of the file it writes (".jsonl"); "" when it writes a bundle.
        write: Writes the records to an :class:`Output`; returns how many documents.
        bundle: It writes several files, to a folder or a ``.zip``.
        stream: For a writer of one text file: the same, to an open text stream (standard
            output). None when the format cannot be streamed.
        requires: The library it needs beyond the standard library, if any.
        splits: It can split the documents into train/dev/test (:attr:`ExportContext.split`).
        offset_units: The offset units it can count in, its own first (what an export that
            names none counts in); none for a format whose files hold no offsets (CoNLL).
        record_fields: What the fields its files hold beyond the text and spans mean (span
            notes, each layer's status and note), for the export's sidecar; None when its
            files hold none of them, and the sidecar then describes none.
        origins: Its files hold the origin of each span accepted from a suggestion (the
            span's ``origin``); an export in a format that does not, of spans that have
            one, reports the loss.
    """

    name: str
    description: str
    extension: str
    write: Callable[[Output, Iterable[ExportRecord], ExportContext], int]
    bundle: bool = False
    stream: TextWrite | None = None
    requires: Requirement | None = None
    splits: bool = False
    offset_units: tuple[OffsetUnit, ...] = ("codepoints", "utf16", "utf8")
    #: Its files hold one layer's spans (doccano, CoNLL): an export of every layer is
    #: refused where a document has spans of several.
    one_layer: bool = False
    # Not compared: a mapping cannot be hashed, and the writer stays hashable.
    record_fields: Mapping[str, str] | None = field(default=None, compare=False)
    origins: bool = False

    @property
    def own_offsets(self) -> OffsetUnit:
        """The unit its offsets count in when the export names none."""
        return self.offset_units[0] if self.offset_units else "codepoints"


def text_writer(
    name: str,
    description: str,
    extension: str,
    write: TextWrite,
    *,
    record_fields: Mapping[str, str] | None = None,
    origins: bool = False,
) -> Writer:
    """A writer of one UTF-8 text file, which can also write to standard output."""

    def to_output(output: Output, records: Iterable[ExportRecord], _context: ExportContext) -> int:
        with output.text() as handle:
            return write(handle, records)

    return Writer(
        name,
        description,
        extension,
        to_output,
        stream=write,
        record_fields=record_fields,
        origins=origins,
    )
