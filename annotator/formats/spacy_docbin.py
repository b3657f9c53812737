"""spaCy's ``DocBin`` (``.spacy``): the training data format of ``spacy train``.

Needs the ``spacy`` extra; nothing is downloaded (no model is used, only a blank
multi-language vocabulary, ``spacy.blank("xx")``).

Out: one ``Doc`` per document, whose ``doc.text`` is the document's text exactly. Its tokens
are ours (:func:`annotator.core.tokens.tokens`: white space and punctuation separate them,
graphemes stay whole) **cut at every span edge**, so every span falls on token boundaries and
``Doc.char_span(start, end)`` finds it; white space is kept as spaCy keeps it (one space
after a token is that token's ``whitespace_``, any other run is a white-space token). A
pipeline's own tokenizer may cut the text differently; spaCy's training aligns the two by
characters, as it does for any annotated corpus.

* ``doc.spans[GROUP]`` holds every span of a layer, one group per exported layer (empty when
  the layer has none in that document), named after the annotator; the gold standard's
  group is ``"gold"``. Overlapping spans are kept: span groups can hold them.
* ``doc.ents`` holds one layer's spans as well, when they do not overlap: the gold
  standard's when it is exported, else the only layer's when just one is; with several
  person layers it stays empty. When that layer's spans overlap, ``doc.ents`` stays empty
  and this is reported (every span is still in its group).
* ``doc.user_data["annotator"]`` (stored, as the ``DocBin`` is written with
  ``store_user_data=True``) holds the document id, title, source and meta, and each span's
  note, the gold standard's provenance and the origin of a span accepted from a suggestion:
  ``{"document_id", "title", "source", "meta", "spans": [{"group", "start", "end", "label",
  "note", "provenance", "origin"}]}`` for the spans that have any of them. spaCy's span
  attributes are not serialised, so they are kept here.
* Offsets are code points, as spaCy counts them: only ``codepoints`` can be exported.

In: every span group becomes a layer named after the group (``"gold"`` too: a file cannot
make gold spans of ours, only a person's layer to curate from); ``doc.ents`` go to the
importing annotator, except those a span group already holds with the same label and
offsets. A span's note is the one kept in ``user_data`` for its group, offsets and label.
The text is ``doc.text``; the title is the one kept in ``user_data``, else the page's
headline. A file that is not a ``DocBin`` is refused with one line; messages about one of its
documents name it by its place ("document 3"), as the file has no lines.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from pathlib import PurePath
from typing import Any

from annotator.core.model import GOLD_LAYER, DocumentDraft, SpanDraft
from annotator.core.titles import headline
from annotator.core.tokens import tokens
from annotator.errors import ExportError, InputError
from annotator.formats.base import (
    ExportContext,
    ExportRecord,
    Output,
    Reader,
    ReadOptions,
    Requirement,
    Writer,
)
from annotator.formats.conll import describe_span, document_title
from annotator.formats.layer_states import note_of

SPACY = Requirement("spacy", "spacy", "spacy")
#: The span group of the gold standard.
GOLD_GROUP = "gold"
#: The ``doc.user_data`` key of what spaCy's Doc has no place for.
USER_DATA_KEY = "annotator"

Words = tuple[list[str], list[bool]]


def words_and_spaces(text: str, starts: Iterable[int], ends: Iterable[int]) -> Words:
    """The words and spaces of a ``Doc`` whose text is ``text`` where a token starts at every
    offset in ``starts`` and one ends at every offset in ``ends``.

    A single space after a word is the word's trailing space unless an edge needs it to be a
    token (a span starting at the space or ending after it); other white space between two
    tokens becomes white-space words, cut at the edges inside it.
    """
    first, last = set(starts), set(ends)
    cuts = first | last
    words: list[str] = []
    spaces: list[bool] = []
    position = 0
    for start, end in [*tokens(text, cuts), (len(text), len(text))]:
        if position < start:
            word_before = bool(words) and not words[-1].isspace()
            lone = text[position] == " " and position not in first and position + 1 not in last
            if word_before and lone:
                spaces[-1] = True
                position += 1
            inside = sorted(cut for cut in cuts if position < cut < start)
            for piece_end in [*inside, start]:
                if position < piece_end:
                    words.append(text[position:piece_end])
                    spaces.append(False)
                position = piece_end
        if start < end:
            words.append(text[start:end])
            spaces.append(False)
        position = end
    return words, spaces


def group_name(annotator: str) -> str:
    """The span group of a layer: the annotator's name, ``gold`` for the gold standard."""
    return GOLD_GROUP if annotator == GOLD_LAYER else annotator


def _layers(record: ExportRecord) -> list[str]:
    """The record's layers, each once: those exported (with or without spans here), then any
    other its spans name."""
    names = dict.fromkeys(str(name) for name in record.get("annotators", {}))
    names.update(dict.fromkeys(str(span.get("annotator", "")) for span in record["spans"]))
    if GOLD_LAYER in names and GOLD_GROUP in names:
        raise ExportError(
            f"A person is called “{GOLD_GROUP}”, the name of the gold standard's span group "
            "in spaCy files: export their layer with --annotator gold, or the gold standard "
            "with --gold."
        )
    return list(names)


def _ents_layer(layers: list[str]) -> str | None:
    if GOLD_LAYER in layers:
        return GOLD_LAYER
    return layers[0] if len(layers) == 1 else None


def _overlap(spans: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    ordered = sorted(spans, key=lambda span: (span["start"], span["end"]))
    for before, after in itertools.pairwise(ordered):
        if after["start"] < before["end"]:
            return before, after
    return None


def _doc(vocab: Any, record: ExportRecord, warn: Callable[[str], None]) -> Any:
    from spacy.tokens import Doc  # the module is loaded through SPACY before this is called

    text, spans = record["text"], record.get("spans", [])
    words, spaces = words_and_spaces(
        text, (span["start"] for span in spans), (span["end"] for span in spans)
    )
    doc = Doc(vocab, words=words, spaces=spaces)
    layers = _layers(record)
    groups: dict[str, list[Any]] = {group_name(name): [] for name in layers}
    for span in spans:
        made = doc.char_span(span["start"], span["end"], span["label"], alignment_mode="strict")
        if made is None:  # every edge is a token boundary; kept so a bug cannot drop silently
            warn(f"“{document_title(record)}”: {describe_span(span, text)} is off token edges")
            continue
        groups[group_name(str(span.get("annotator", "")))].append(made)
    for name, group in groups.items():
        doc.spans[name] = group
    _set_ents(doc, record, _ents_layer(layers), groups, warn)
    doc.user_data[USER_DATA_KEY] = _user_data(record)
    return doc


def _set_ents(
    doc: Any,
    record: ExportRecord,
    layer: str | None,
    groups: dict[str, list[Any]],
    warn: Callable[[str], None],
) -> None:
    if layer is None:
        if any(groups.values()):  # the same sentence for every document: reported once
            warn(
                "doc.ents is left empty: several layers were exported and no gold standard "
                "(each layer is in doc.spans under its annotator's name); export one layer "
                "(--annotator NAME) or the gold standard (--gold) to fill doc.ents"
            )
        return
    overlap = _overlap([s for s in record["spans"] if s.get("annotator") == layer])
    if overlap is not None:
        text = record["text"]
        warn(
            f"“{document_title(record)}”: in {layer}'s layer {describe_span(overlap[1], text)} "
            f"overlaps {describe_span(overlap[0], text)}, so doc.ents is left empty (both are "
            f'in doc.spans["{group_name(layer)}"])'
        )
        return
    doc.ents = sorted(groups[group_name(layer)], key=lambda span: span.start)


def _user_data(record: ExportRecord) -> dict[str, Any]:
    meta = record.get("meta", {})
    kept = [
        {
            "group": group_name(str(span.get("annotator", ""))),
            "start": span["start"],
            "end": span["end"],
            "label": span["label"],
            "note": span.get("note"),
            "provenance": span.get("provenance"),
            "origin": span.get("origin"),
        }
        for span in record.get("spans", [])
        if span.get("note") or span.get("provenance") or span.get("origin")
    ]
    return {
        "document_id": record.get("id", ""),
        "title": meta.get("title", ""),
        "source": meta.get("source", ""),
        "meta": meta,
        "spans": kept,
    }


def _write(output: Output, records: Iterable[ExportRecord], context: ExportContext) -> int:
    spacy = SPACY.load("Exporting spaCy DocBin files")
    vocab = spacy.blank("xx").vocab
    docbin = spacy.tokens.DocBin(store_user_data=True)
    count = 0
    for record in records:
        docbin.add(_doc(vocab, record, context.warn))
        count += 1
    with output.binary() as handle:
        handle.write(docbin.to_bytes())
    return count


# --- reading -----------------------------------------------------------------------------


def read_docbin(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """Read a ``DocBin`` into drafts (see the module's rules).

    Raises:
        InputError: The file is not a ``DocBin``, or a span in it has no label.
        FormatUnavailableError: spaCy is not installed.
    """
    spacy = SPACY.load("Reading spaCy DocBin files")
    source = options.source_name
    try:
        docs = list(spacy.tokens.DocBin().from_bytes(data).get_docs(spacy.vocab.Vocab()))
    # Whatever spaCy, zlib or msgpack raise while decoding means the bytes are no DocBin.
    except Exception as error:
        reason = (
            "it is not compressed as one is"
            if "E1014" in str(error)
            else f"its content is not the msgpack a DocBin holds ({type(error).__name__})"
        )
        raise InputError(source, f"is not a spaCy DocBin (.spacy) file: {reason}") from None
    if not docs:
        raise InputError(source, "is a spaCy DocBin that holds no documents")
    stem = PurePath(source).stem or source
    drafts = []
    for number, doc in enumerate(docs, start=1):
        draft = _draft(doc, source, number)
        draft.title = draft.title or (f"{stem} {number}" if len(docs) > 1 else stem)
        drafts.append(draft)
    return drafts


def _draft(doc: Any, source: str, number: int) -> DocumentDraft:
    kept = doc.user_data.get(USER_DATA_KEY)
    kept = kept if isinstance(kept, dict) else {}
    notes = _kept_notes(kept.get("spans"), source, number)
    spans: list[SpanDraft] = []
    held: set[tuple[int, int, str]] = set()
    for name, group in doc.spans.items():
        who = GOLD_GROUP if name.strip().casefold() == GOLD_LAYER.casefold() else name.strip()
        for span in group:
            note = notes.get((name, span.start_char, span.end_char, span.label_))
            spans.append(_span(span, who or None, source, number, note))
            held.add((span.start_char, span.end_char, span.label_))
    for ent in doc.ents:
        if (ent.start_char, ent.end_char, ent.label_) not in held:
            spans.append(_span(ent, None, source, number, None))
    title = kept.get("title")
    text = doc.text
    title = str(title) if isinstance(title, str) and title else headline(text) or ""
    return DocumentDraft(text, title[:500], source, spans=spans, line=number, line_unit="document")


def _kept_notes(entries: Any, source: str, number: int) -> dict[tuple[str, int, int, str], str]:
    """The span notes our writer keeps in ``user_data``, by (group, start, end, label)."""
    notes: dict[tuple[str, int, int, str], str] = {}
    # msgpack gives lists back as tuples.
    for entry in entries if isinstance(entries, (list, tuple)) else ():
        if not isinstance(entry, dict):
            continue
        start, end = entry.get("start"), entry.get("end")
        where = f"the note kept for the span at {start}–{end}"
        note = note_of(entry.get("note"), where, source, number, "document")
        if note is not None and isinstance(start, int) and isinstance(end, int):
            notes[str(entry.get("group")), start, end, str(entry.get("label"))] = note
    return notes


def _span(span: Any, who: str | None, source: str, number: int, note: str | None) -> SpanDraft:
    if not span.label_:
        raise InputError(
            source,
            f"the span at {span.start_char}–{span.end_char} ({span.text[:40]!r}) has no label",
            number,
            unit="document",
        )
    return SpanDraft(span.start_char, span.end_char, span.label_, who, note)


READER = Reader(
    "spacy",
    "spaCy DocBin (doc.spans groups and doc.ents)",
    (".spacy",),
    read_docbin,
    aliases=("docbin",),
    requires=SPACY,
)
WRITER = Writer(
    "spacy",
    "spaCy DocBin (a span group per layer, doc.ents)",
    ".spacy",
    _write,
    requires=SPACY,
    offset_units=("codepoints",),
    origins=True,
)
