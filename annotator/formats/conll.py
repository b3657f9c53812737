"""CoNLL-2003 style BIO columns: one token and its IOB2 tag per line.

Out (``.conll``): each document starts with a ``-DOCSTART-\\tO`` line and a blank line (the
CoNLL-2003 convention), then its sentences, each ended by a blank line; each token is a line
``TOKEN<TAB>TAG`` with ``B-LABEL`` on a span's first token, ``I-LABEL`` on the rest and ``O``
outside spans. The tokens are :func:`annotator.core.tokens.tokens`' (white space and
punctuation separate them, graphemes stay whole), cut at every span edge so no span loses
characters; the sentences are :func:`annotator.core.segments.sentences`' (a line break always
ends one), except that a sentence never ends inside a span.

What BIO tags cannot hold is reported through the export's warnings, never dropped silently:

* **Overlapping spans.** Of two spans that overlap, the one that starts first is kept (of two
  starting together, the longer; then the earlier in the export's order); the other is left
  out and reported.
* **A span of nothing but white space** has no token to tag: reported.
* **White space in a label** would split the column: it is written as ``_`` and reported once.
* **A document with no tokens** (empty, or only white space) would come back as nothing.

A file holds one layer, as BIO columns have one tag per token: an export in which a document
holds spans of several annotators is refused with the way to choose one (``--annotator NAME``
or ``--gold``). There are no offsets in the file, so only code points are offered.

In (``.conll``, ``.bio``, ``.iob``; any file with ``--format conll``): the **text is rebuilt
from the tokens**: a sentence's tokens joined by one space, sentences joined by a line break
(``\\n``), documents split at ``-DOCSTART-`` lines (a file without one is one document); the
original white space is not in the file, so it does not come back. The token is the first
column and the tag the **last** (CoNLL-2003's ``TOKEN POS CHUNK NER`` gives the NER tag);
columns are split at tabs when the line has one, else at spaces. Tags may be IOB2 (``B-``,
``I-``), IOB1 (an ``I-`` that starts a span) or BIOES/BILOU (``E-``/``L-`` end a span,
``S-``/``U-`` is a span of one token). A line starting with ``#`` whose last column is no tag
is a comment (``# text = …``). Spans count code points of the rebuilt text and go to the
importing annotator; a bad tag refuses the file with its line number.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, TextIO

from annotator.core.model import DocumentDraft, SpanDraft
from annotator.core.segments import sentences
from annotator.core.text import excerpt
from annotator.core.titles import headline
from annotator.core.tokens import Bounds, tokens
from annotator.errors import ExportError, InputError
from annotator.formats.base import ExportContext, ExportRecord, Output, Reader, ReadOptions, Writer
from annotator.formats.decode import decode_bytes

DOCSTART = "-DOCSTART-"
_PREFIXES = frozenset("BIESLU")
_STARTS = frozenset("BSU")  # a tag that always starts a span
_ENDS = frozenset("ESLU")  # a tag that always ends its span

#: A span as tagged: start, end, label.
Tagged = tuple[int, int, str]


def document_title(record: ExportRecord) -> str:
    """How a warning names an exported document: its title, else its id."""
    return str(record.get("meta", {}).get("title") or record.get("id", ""))


def describe_span(span: dict[str, Any], text: str) -> str:
    """'the Claim span at 4-20 “the council…”' (with an en dash), for warnings."""
    start, end = span["start"], span["end"]
    return f"the {span['label']} span at {start}–{end} “{excerpt(text[start:end], 40)}”"


def one_layer(record: ExportRecord, format_name: str) -> None:
    """Refuse a document holding spans of several annotators.

    Raises:
        ExportError: It does, naming them and the way to choose one.
    """
    people = sorted({str(span.get("annotator", "")) for span in record.get("spans", [])})
    if len(people) > 1:
        raise ExportError(
            f"{format_name} files hold one annotator's spans, and “{document_title(record)}” "
            f"has spans of {', '.join(people)}: export one layer (--annotator NAME or --gold; "
            "in the window: a person's layer or the gold standard as the Layer)."
        )


def kept_spans(record: ExportRecord, warn: Callable[[str], None]) -> list[dict[str, Any]]:
    """The record's spans that BIO tags can hold: of overlapping spans the first to start
    (then the longer) is kept and each other reported; spans of only white space too."""
    text, title = record["text"], document_title(record)
    ordered = sorted(record.get("spans", []), key=lambda span: (span["start"], -span["end"]))
    kept: list[dict[str, Any]] = []
    for span in ordered:
        if not text[span["start"] : span["end"]].strip():
            warn(f"“{title}”: {describe_span(span, text)} holds only white space, no token")
        elif kept and span["start"] < kept[-1]["end"]:
            warn(
                f"“{title}”: {describe_span(span, text)} overlaps "
                f"{describe_span(kept[-1], text)}, so it is left out (BIO tags cannot hold "
                "overlapping spans)"
            )
        else:
            kept.append(span)
    return kept


@dataclass(slots=True)
class _Labels:
    """Labels as tags may spell them: white space becomes ``_``, reported once per label."""

    warn: Callable[[str], None]
    spelled: dict[str, str] = field(default_factory=dict)

    def __call__(self, label: str) -> str:
        found = self.spelled.get(label)
        if found is None:
            found = "".join("_" if char.isspace() else char for char in label)
            if found != label:
                self.warn(f"the label “{label}” holds white space, so its tags say {found}")
            self.spelled[label] = found
        return found


def write_conll(
    handle: TextIO, records: Iterable[ExportRecord], warn: Callable[[str], None]
) -> int:
    """Write each record as a ``-DOCSTART-`` block of tagged tokens; returns how many.

    Raises:
        ExportError: A document holds spans of more than one annotator.
    """
    count = 0
    labels = _Labels(warn)
    for record in records:
        one_layer(record, "CoNLL")
        handle.write(f"{DOCSTART}\tO\n\n")
        lines = list(_document_lines(record, warn, labels))
        if not lines:
            warn(
                f"“{document_title(record)}” has no tokens, so only its -DOCSTART- line is written"
            )
        handle.writelines(lines)
        count += 1
    return count


def _document_lines(
    record: ExportRecord, warn: Callable[[str], None], labels: _Labels
) -> Iterator[str]:
    text = record["text"]
    spans = kept_spans(record, warn)
    found = tokens(text, [edge for span in spans for edge in (span["start"], span["end"])])
    tags = _tags(found, [(s["start"], s["end"], labels(s["label"])) for s in spans])
    starts = [start for start, _end in sentences(text)]
    sentence = None
    for (start, end), tag in zip(found, tags, strict=True):
        number = bisect_right(starts, start)
        if sentence is not None and number != sentence and not tag.startswith("I-"):
            yield "\n"
        sentence = number
        yield f"{text[start:end]}\t{tag}\n"
    if sentence is not None:
        yield "\n"


def _tags(found: list[Bounds], spans: list[Tagged]) -> list[str]:
    """IOB2 tags of the tokens (in order) for non-overlapping spans (in order), whose edges
    are token boundaries."""
    tags: list[str] = []
    index, previous = 0, -1  # the span being tagged, and the span of the token before
    for start, end in found:
        while index < len(spans) and spans[index][1] <= start:
            index += 1
        if index < len(spans) and spans[index][0] <= start and end <= spans[index][1]:
            tags.append(("I-" if previous == index else "B-") + spans[index][2])
            previous = index
        else:
            tags.append("O")
            previous = -1
    return tags


def _write(output: Output, records: Iterable[ExportRecord], context: ExportContext) -> int:
    with output.text() as handle:
        return write_conll(handle, records, context.warn)


def _stream(handle: TextIO, records: Iterable[ExportRecord]) -> int:
    """To standard output, where there is no sidecar to list losses: written, then refused
    when anything could not be held, so it is never lost in silence."""
    losses: list[str] = []
    count = write_conll(handle, records, losses.append)
    if losses:
        more = f" (and {len(losses) - 1} more)" if len(losses) > 1 else ""
        raise ExportError(
            f"The CoNLL output lacks what BIO tags cannot hold: {losses[0]}{more}. "
            "Export to a file to have every case listed."
        )
    return count


# --- reading -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Document:
    """A document being rebuilt from its tokens."""

    line: int
    parts: list[str] = field(default_factory=list)
    spans: list[SpanDraft] = field(default_factory=list)
    length: int = 0
    open_span: tuple[int, str] | None = None  # start and label of the span being read
    last_end: int = 0
    new_sentence: bool = False

    def add(self, token: str, prefix: str, label: str) -> None:
        if self.parts:
            self.parts.append("\n" if self.new_sentence else " ")
            self.length += 1
        self.new_sentence = False
        start = self.length
        self.parts.append(token)
        self.length += len(token)
        continuing = self.open_span is not None and self.open_span[1] == label
        if prefix == "O" or prefix in _STARTS or not continuing:
            self.close()
        if prefix != "O" and self.open_span is None:
            self.open_span = (start, label)
        self.last_end = self.length
        if prefix in _ENDS:
            self.close()

    def close(self) -> None:
        if self.open_span is not None:
            start, label = self.open_span
            self.spans.append(SpanDraft(start, self.last_end, label))
            self.open_span = None

    def end_sentence(self) -> None:
        self.close()
        self.new_sentence = bool(self.parts)


def read_conll(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """Read BIO columns into documents (see the module's rules).

    Raises:
        InputError: A tag that is not BIO, a token line without a tag, or no tokens at all.
    """
    source = options.source_name
    decoded = decode_bytes(data, source)
    lines = decoded.text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    documents: list[_Document] = []
    current: _Document | None = None
    for number, line in enumerate(lines, start=1):
        columns = _columns(line)
        if not columns:
            if current is not None:
                current.end_sentence()
        elif columns[0] == DOCSTART:
            current = None
        else:
            parsed = _tag(columns, line, source, number)
            if parsed is None:
                continue  # a comment
            if current is None:
                current = _Document(number)
                documents.append(current)
            current.add(columns[0], *parsed)
    drafts = [_draft(document, decoded.encoding, source) for document in documents]
    if not drafts:
        raise InputError(source, "holds no tokens: a CoNLL file has a token and its tag per line")
    for number, draft in enumerate(drafts, start=1):
        draft.title = draft.title or (
            f"{_stem(source)} {number}" if len(drafts) > 1 else _stem(source)
        )
    return drafts


def _columns(line: str) -> list[str]:
    if "\t" in line:
        return [column.strip() for column in line.strip().split("\t") if column.strip()]
    return [column for column in line.strip().split(" ") if column]


def _tag(columns: list[str], line: str, source: str, number: int) -> tuple[str, str] | None:
    """The prefix and label of a token line's tag (``("O", "")`` outside spans); None for a
    comment."""
    tag = columns[-1] if len(columns) > 1 else ""
    if tag == "O":
        return "O", ""
    prefix, dash, label = tag[:1], tag[1:2], tag[2:]
    if prefix in _PREFIXES and dash == "-" and label:
        return prefix, label
    if line.startswith("#"):
        return None
    if len(columns) == 1:
        raise InputError(source, f"the token {excerpt(columns[0], 40)!r} has no tag column", number)
    raise InputError(
        source,
        f"{excerpt(tag, 40)!r} is not a BIO tag (O, or B-, I-, E-, S-, L- or U- and a label)",
        number,
    )


def _draft(document: _Document, encoding: str, source: str) -> DocumentDraft:
    document.close()
    text = "".join(document.parts)
    title = headline(text) or ""
    return DocumentDraft(text, title, source, encoding, spans=document.spans, line=document.line)


def _stem(source: str) -> str:
    return PurePath(source).stem or source


READER = Reader(
    "conll",
    "CoNLL-2003 BIO/IOB2 columns",
    (".conll", ".bio", ".iob"),
    read_conll,
    aliases=("bio", "iob", "conll2003"),
    offset_unit=None,
)
WRITER = Writer(
    "conll",
    "CoNLL-2003 BIO/IOB2 columns (token and tag per line), one layer",
    ".conll",
    _write,
    stream=_stream,
    offset_units=(),
    one_layer=True,
)
