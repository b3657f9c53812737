"""brat's standoff format: a ``.txt`` with the text and an ``.ann`` with its annotations.

Out, to a folder or a ``.zip``: one brat collection (a folder) per exported layer, named
after it (``alice/``, ``bob/``, ``Gold standard/``), so brat's comparison view can set two
annotators' work side by side; each holds every document as ``NNNN-slug.txt`` (the text,
UTF-8 without a byte order mark) and ``NNNN-slug.ann``, with its ``annotation.conf`` (the
labels as ``[entities]``, empty ``[relations]``, ``[events]`` and ``[attributes]``, and a
comment naming the layer) and ``visual.conf`` (each label's name and colour). An export in
which nobody has worked yet has no layer: its files sit at the top of the bundle. brat keeps
no titles: only the slug in the file names is left of them, which the export reports once.

Each span is a text-bound annotation ``T1<TAB>Label START END<TAB>covered text``; its note
is ``#1<TAB>AnnotatorNotes T1<TAB>note``. Offsets count code points, as brat's Python indexes
the ``.txt`` it reads. brat reads an ``.ann`` with ``str.splitlines``, so the text field of
a line cannot hold any line break (``\\n``, ``\\r``, ``\\v``, ``\\f``, ``\\x1c`` to ``\\x1e``,
NEL, U+2028, U+2029): a span across one is written, as brat itself stores a selection across
lines, as fragments ``START END;START END`` around the breaks, its text the fragments' texts
joined by a space. A span that starts or ends with a line break loses it (reported), one
made only of line breaks cannot be written (reported), line breaks in a note become spaces
(reported). A label becomes a brat type as brat makes one (spaces and every character but
ASCII letters, digits, ``_`` and ``-`` become ``_``, accents are dropped); a renamed label is
reported, and ``visual.conf`` shows its name.

In: an ``.ann`` with the ``.txt`` of the same name beside it. Text-bound annotations become
spans; fragments with only white space between them (brat's own spans across lines) become the
one span that covers them, while a truly discontinuous annotation (text between its fragments)
is refused, naming its line: a span cannot leave a gap. Relations, events, attributes,
normalisations and equivalences are passed over; an ``AnnotatorNotes`` note on a text-bound
annotation is its span's note (several are joined by line breaks), notes on other kinds are
passed over with them, and a note on an id the file lacks is refused. The covered text of each
line must be the text at its offsets, or the file is refused naming the line: offsets counted in
another unit never slip in. A type is taken as the label, or the name ``visual.conf`` shows for
it when brat would have made the type from that name; the spans go to the layer
``annotation.conf``'s ``# layer:`` comment names (our exports), else to the importing annotator.
The document's title is the file's name. The same text in several collections (one per layer) is
one document with every layer's spans.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from itertools import pairwise
from pathlib import PurePath
from typing import Any

from annotator.core.model import GOLD_LAYER, DocumentDraft, SpanDraft
from annotator.errors import InputError
from annotator.formats.base import ExportContext, ExportRecord, Output, Reader, ReadOptions, Writer
from annotator.formats.bundle import describe_span, file_stem, folder_name, title_of
from annotator.formats.decode import decode_bytes

#: Every character ``str.splitlines`` ends a line at: none may appear in an ``.ann`` field.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_FRAGMENT = re.compile(f"[^{LINE_BREAKS}]+")
_BREAK = re.compile(f"[{LINE_BREAKS}]")
_NOT_IN_TYPE = re.compile(r"[^A-Za-z0-9_-]")
_ID = re.compile(r"^(?:[A-Za-z]+|#[A-Za-z]*)[0-9]+.*$")
_TEXTBOUND = re.compile(r"^(\S+) (\d+ \d+(?:;\d+ \d+)*)\s*$")
_LAYER_COMMENT = re.compile(r"^#\s*layer:\s*(.+?)\s*$")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
#: Kinds of annotation other than text-bound ones, by the first character of their id.
_OTHER_KINDS = frozenset("RE AMN*#".replace(" ", ""))
_CONF_FILES = ("annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf")


def brat_type(label: str) -> str:
    """The brat type for a label, made as brat makes one ("Named entity" → "Named_entity")."""
    decomposed = unicodedata.normalize("NFKD", label)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_IN_TYPE.sub("_", bare.replace(" ", "_")) or "_"


class _Types:
    """Each label's brat type, distinct, each rename reported once."""

    def __init__(self, context: ExportContext) -> None:
        self._warn = context.warn
        self.by_label: dict[str, str] = {}
        self.colors = {label.name: label.color for label in context.labels}
        for label in context.labels:
            self.of(label.name)

    def of(self, label: str) -> str:
        found = self.by_label.get(label)
        if found is None:
            base = found = brat_type(label)
            taken = set(self.by_label.values())
            number = 1
            while found in taken:
                number += 1
                found = f"{base}_{number}"
            self.by_label[label] = found
            if found != label:
                self._warn(
                    f"The label {label!r} is written as the brat type {found!r} (brat types "
                    "hold only ASCII letters, digits, _ and -); visual.conf shows its name."
                )
        return found


def write_brat(output: Output, records: Iterable[ExportRecord], context: ExportContext) -> int:
    """Write every record's text and spans, one brat collection per layer; returns how many."""
    types = _Types(context)
    folders: dict[str, str] = {}
    taken: set[str] = set()
    count = 0
    for record in records:
        count += 1
        stem = file_stem(count, title_of(record))
        if count == 1:
            context.warn(
                "brat keeps no document titles; each document's file names hold a slug of its "
                f"title instead ({stem}.txt)."
            )
        for layer, spans in _spans_by_layer(record).items():
            if layer not in folders:
                folders[layer] = folder_name(layer, taken) if layer else ""
            prefix = f"{folders[layer]}/" if folders[layer] else ""
            with output.text(f"{prefix}{stem}.txt") as handle:
                handle.write(record["text"])
            with output.text(f"{prefix}{stem}.ann") as handle:
                handle.write(_ann(record, spans, types, context.warn))
    for layer, folder in (folders or {"": ""}).items():
        prefix = f"{folder}/" if folder else ""
        with output.text(f"{prefix}annotation.conf") as handle:
            handle.write(_annotation_conf(layer, types))
        with output.text(f"{prefix}visual.conf") as handle:
            handle.write(_visual_conf(types))
    return count


def _spans_by_layer(record: ExportRecord) -> dict[str, list[dict[str, Any]]]:
    """Every exported layer (each record names them all) with its spans in this document."""
    layers: dict[str, list[dict[str, Any]]] = {name: [] for name in record.get("annotators", {})}
    for span in record.get("spans", []):
        layers.setdefault(str(span.get("annotator") or ""), []).append(span)
    return layers or {"": []}


def _ann(
    record: ExportRecord, spans: list[dict[str, Any]], types: _Types, warn: Callable[[str], None]
) -> str:
    text, title = record["text"], title_of(record)
    lines: list[str] = []
    number = 0
    for span in sorted(spans, key=lambda s: (s["start"], s["end"], s["label"])):
        start, end = span["start"], span["end"]
        fragments = [
            (start + m.start(), start + m.end()) for m in _FRAGMENT.finditer(text[start:end])
        ]
        where = f"“{title}”: {describe_span(span, text)}"
        if not fragments:
            warn(f"{where} holds only line breaks, which brat cannot hold; it was left out.")
            continue
        if fragments[0][0] != start or fragments[-1][1] != end:
            edges = f"{fragments[0][0]}–{fragments[-1][1]}"
            warn(
                f"{where} starts or ends with a line break, which brat cannot hold; "
                f"written as {edges}."
            )
        number += 1
        offsets = ";".join(f"{s} {e}" for s, e in fragments)
        covered = " ".join(text[s:e] for s, e in fragments)
        lines.append(f"T{number}\t{types.of(span['label'])} {offsets}\t{covered}\n")
        note = span.get("note")
        if note:
            flat = _BREAK.sub(" ", note)
            if flat != note:
                warn(f"{where} has a note with line breaks, written with spaces in brat.")
            lines.append(f"#{number}\tAnnotatorNotes T{number}\t{flat}\n")
    return "".join(lines)


def _annotation_conf(layer: str, types: _Types) -> str:
    head = [
        "# brat's annotation configuration, written by annotator.",
        "# The layer of the annotations in this folder (read back on import):",
        f"# layer: {_BREAK.sub(' ', layer)}" if layer else "# layer: (none)",
    ]
    entities = list(dict.fromkeys(types.by_label.values()))
    sections = ["[entities]", *entities, "", "[relations]", "", "[events]", "", "[attributes]", ""]
    return "\n".join([*head, "", *sections])


def _visual_conf(types: _Types) -> str:
    labels = [f"{kind} | {_BREAK.sub(' ', label)}" for label, kind in types.by_label.items()]
    drawing = [
        f"{kind}\tbgColor:{types.colors[label]}"
        for label, kind in types.by_label.items()
        if _COLOR.match(types.colors.get(label, ""))
    ]
    return "\n".join(["[labels]", *labels, "", "[drawing]", *drawing, ""])


def read_brat(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """Read an ``.ann`` and the ``.txt`` beside it into one draft."""
    source = options.source_name
    name = PurePath(source.rsplit("!", 1)[-1]).name
    stem = name[: -len(PurePath(name).suffix)] if PurePath(name).suffix else name
    raw_text = options.sibling(f"{stem}.txt")
    if raw_text is None:
        raise InputError(source, f"has no {stem}.txt beside it (brat keeps the text there)")
    decoded = decode_bytes(raw_text, f"{stem}.txt")
    # brat reads the .txt as UTF-8 and keeps a byte order mark as a character it counts.
    shift = 1 if raw_text.startswith(codecs.BOM_UTF8) else 0
    counted = "\ufeff" * shift + decoded.text
    labels = _display_names(options.sibling("visual.conf"))
    annotator = _layer(options.sibling("annotation.conf"))
    spans: dict[str, SpanDraft] = {}
    notes: dict[str, list[tuple[int, str]]] = {}
    seen: set[str] = set()
    lines = decode_bytes(data, source).text.split("\n")
    for number, line in enumerate(lines, start=1):
        line = line.removesuffix("\r")
        span = _line(line, counted, source, number, seen)
        if span is not None:
            ident, start, end, kind = span
            label = labels.get(kind, kind)
            spans[ident] = SpanDraft(max(start - shift, 0), end - shift, label, annotator)
        noted = _note_line(line)
        if noted is not None:
            notes.setdefault(noted[0], []).append((number, noted[1]))
    for target, found in notes.items():
        if target not in seen:
            raise InputError(
                source, f"a note is on {target}, which the file does not have", found[0][0]
            )
        if target in spans:
            spans[target] = replace(
                spans[target], note="\n".join(note for _n, note in found) or None
            )
    draft = DocumentDraft(decoded.text, stem, source, decoded.encoding, spans=list(spans.values()))
    return [draft]


def _note_line(line: str) -> tuple[str, str] | None:
    """An ``#N<TAB>AnnotatorNotes TARGET<TAB>note`` line's target and note; None for others."""
    ident, _tab, rest = line.partition("\t")
    if not ident.startswith("#"):
        return None
    data, _tab, note = rest.partition("\t")
    kind, _space, target = data.partition(" ")
    return (target.strip(), note) if kind == "AnnotatorNotes" and target.strip() else None


def _line(
    line: str, text: str, source: str, number: int, seen: set[str]
) -> tuple[str, int, int, str] | None:
    """A text-bound annotation's (id, start, end, type); None for a blank line or another
    kind."""
    if not line.strip():
        return None
    ident, tab, rest = line.partition("\t")
    if not tab or not (ident == "*" or _ID.match(ident)):
        raise InputError(source, "not a brat annotation line (an id, a tab, then its data)", number)
    if ident in seen and ident != "*":
        raise InputError(source, f"the id {ident} is used twice", number)
    seen.add(ident)
    if ident[0] in _OTHER_KINDS:
        return None
    if ident[0] != "T":
        raise InputError(
            source, f"{ident} is no kind of brat annotation (T, R, E, A, M, N, *, #)", number
        )
    data, tab, quoted = rest.partition("\t")
    matched = _TEXTBOUND.match(data)
    if matched is None:
        raise InputError(
            source,
            f"{ident} is not a text-bound annotation (ID<TAB>TYPE START END<TAB>TEXT)",
            number,
        )
    pairs = [tuple(map(int, pair.split(" "))) for pair in matched.group(2).split(";")]
    fragments = sorted((start, end) for start, end in pairs)
    for start, end in fragments:
        if not 0 <= start < end <= len(text):
            raise InputError(
                source,
                f"{ident}: {start} {end} is not a range of the {len(text)}-character text",
                number,
            )
    expected = " ".join(text[start:end] for start, end in pairs)
    # brat fills an empty text field from the text; any other must begin with that text.
    exact = quoted == expected or (quoted.startswith(expected) and quoted[len(expected)].isspace())
    if quoted.strip() and not exact:
        raise InputError(
            source,
            f"{ident} says {quoted[:40]!r} but the text at its offsets is {expected[:40]!r} "
            "(offsets counted in bytes or UTF-16 units?)",
            number,
        )
    for (_s, end), (start, _e) in pairwise(fragments):
        if text[end:start].strip():
            raise InputError(
                source,
                f"{ident} is discontinuous ({matched.group(2)}, with {text[end:start][:30]!r} "
                "between its fragments), which a span cannot hold: join or split it in brat",
                number,
            )
    return ident, fragments[0][0], fragments[-1][1], matched.group(1)


def _layer(conf: bytes | None) -> str | None:
    """The layer our ``annotation.conf`` names; None for another's (or the gold standard)."""
    if conf is None:
        return None
    for line in conf.decode("utf-8", "replace").splitlines():
        found = _LAYER_COMMENT.match(line)
        if found and found.group(1) != "(none)":
            name = found.group(1)
            return None if name.casefold() == GOLD_LAYER.casefold() else name
    return None


def _display_names(conf: bytes | None) -> dict[str, str]:
    """Types whose ``visual.conf`` name is the label they were made from ("A_B" → "A B")."""
    if conf is None:
        return {}
    names: dict[str, str] = {}
    section = ""
    for line in conf.decode("utf-8", "replace").splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            section = stripped[1:-1].strip()
        elif section == "labels" and stripped and not stripped.startswith("#"):
            parts = [part.strip() for part in stripped.split("|")]
            if len(parts) > 1 and parts[1] and brat_type(parts[1]) == parts[0]:
                names[parts[0]] = parts[1]
    return names


READER = Reader(
    "brat",
    "brat standoff (.ann with its .txt)",
    (".ann",),
    read_brat,
    companions=(".txt",),
    companion_names=_CONF_FILES,
)
WRITER = Writer(
    "brat",
    "brat standoff (a folder or .zip of .txt and .ann files)",
    "",
    write_brat,
    bundle=True,
    offset_units=("codepoints",),
)
