"""JSON Lines: Prodigy-style and doccano-style records in, our own records out.

Read:
    ``{"text": ..., "spans": [{"start", "end", "label"[, "annotator"][, "text"][, "note"]
    [, "origin"]}]}`` (Prodigy; also what :data:`WRITER` writes, with each layer's status and
    document note in ``"annotators": {NAME: {"status", "status_set_at", "note"}}`` and the
    origin of a span accepted from a suggestion (:mod:`annotator.formats.origins`), which
    are read back),
    ``{"text": ..., "label": [[start, end,
    label], ...]}`` (doccano) and ``{"text": ..., "entities": [{"start_offset",
    "end_offset", "label"}]}`` (newer doccano). Offsets count code points, as Python does.

Lines are split on "\\n" only: JSON strings may carry U+2028, U+2029 and other characters that
``str.splitlines`` would also split at.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any, TextIO

from annotator.core.model import DocumentDraft, LayerState, SpanDraft
from annotator.core.offset_units import UNIT_WORDS
from annotator.core.titles import headline
from annotator.core.value_rules import MAX_JSON_NESTING
from annotator.errors import InputError
from annotator.formats.base import RECORD_FIELDS, ExportRecord, Reader, ReadOptions, text_writer
from annotator.formats.decode import decode_bytes
from annotator.formats.layer_states import layer_state, note_of
from annotator.formats.origins import origin_of

_SPAN_KEYS = ("spans", "label", "entities")
#: Keys that are not carried into a document's metadata: the text and spans themselves,
#: Prodigy's bulky token list (tokens are recomputed, never trusted), and the per-annotator
#: statuses and notes of our own exports (read into the draft's layers).
_NOT_META = {"text", "spans", "label", "entities", "meta", "tokens", "annotators", "offsets"}
#: Deeper values parse, but storing and exporting them re-encodes them recursively, which
#: would fail near Python's recursion limit long after the file was accepted.
MAX_NESTING = MAX_JSON_NESTING
# A "\\uD800" escape is valid JSON but yields a lone surrogate, which no UTF-8 file or
# SQLite text can hold. Decoded files never contain one, so only escapes need checking.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_jsonl(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """Read one JSON object per line; blank lines are skipped."""
    decoded = decode_bytes(data, options.source_name)
    drafts: list[DocumentDraft] = []
    for number, line in enumerate(decoded.text.split("\n"), start=1):
        if not line.strip():
            continue
        record = _parse_line(line, options.source_name, number)
        draft = _draft_from(record, options.source_name, number, len(drafts) + 1)
        draft.encoding = decoded.encoding
        drafts.append(draft)
    return drafts


def _parse_line(line: str, source: str, number: int) -> dict[str, Any]:
    try:
        # strict=False: scrapers sometimes leave raw control characters (form feeds, vertical
        # tabs) inside strings; the record is still unambiguous because lines end at "\n".
        record = json.loads(line, strict=False, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        # Some of json's reasons end in "at" ("Unterminated string starting at"): one "at".
        reason = error.msg.removesuffix(" at")
        raise InputError(
            source, f"not valid JSON ({reason} at column {error.colno})", number
        ) from None
    except RecursionError:
        raise InputError(source, "the JSON is nested too deeply to read", number) from None
    except _NotJsonNumberError as error:
        raise InputError(source, f"not valid JSON ({error})", number) from None
    except ValueError:  # an integer with more digits than Python converts (4300)
        raise InputError(source, "a number in it has too many digits to read", number) from None
    if not isinstance(record, dict):
        raise InputError(source, 'each line must be a JSON object with a "text" field', number)
    check_strings = bool(_SURROGATE_ESCAPE.search(line))
    # Reaching a depth past MAX_NESTING takes MAX_NESTING opening brackets (a bracket inside a
    # string only adds to the count), so the walk is needed for few lines.
    if check_strings or line.count("{") + line.count("[") >= MAX_NESTING:
        _check_structure(record, check_strings, source, number)
    return record


def _check_structure(record: Any, check_strings: bool, source: str, number: int) -> None:
    """Refuse values nested too deeply, and (if asked) strings with lone surrogates."""
    stack: list[tuple[Any, int]] = [(record, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_NESTING:
            raise InputError(source, f"the JSON is nested more than {MAX_NESTING} levels", number)
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values())
            if check_strings:
                stack.extend((key, depth) for key in value)
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif check_strings and isinstance(value, str) and _SURROGATE.search(value):
            raise InputError(
                source, "a string has an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF)", number
            )


class _NotJsonNumberError(ValueError):
    pass


def _refuse_constant(name: str) -> Any:
    """NaN and Infinity are not JSON; accepting them would make exports unreadable elsewhere."""
    raise _NotJsonNumberError(f"{name} is not a JSON number")


def _draft_from(record: dict[str, Any], source: str, number: int, ordinal: int) -> DocumentDraft:
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(source, 'the "text" field is missing or is not a string', number)
    counted = record.get("offsets", "codepoints")
    if counted != "codepoints":
        raise InputError(
            source,
            f"its span offsets count {UNIT_WORDS.get(counted, repr(counted))} (an export made "
            f"with --offsets {counted}); only an export in code points can be imported: "
            "export it again without --offsets",
            number,
        )
    meta = record.get("meta", {})
    if not isinstance(meta, dict):
        raise InputError(source, 'the "meta" field must be a JSON object', number)
    meta = dict(meta)
    for key, value in record.items():
        if key not in _NOT_META:
            meta.setdefault(key, value)
    if meta.get("id") == hashlib.sha256(text.encode("utf-8")).hexdigest():
        del meta["id"]  # our export's document id: the text's hash, made again on import
    # The title is the document's own field, not kept in meta too: an empty or null copy
    # there would be exported in place of the title the window shows.
    title = (
        meta.pop("title", None)
        or headline(text)
        or record.get("id")
        or f"{PurePath(source).stem} #{ordinal}"
    )
    spans = _spans_of(record, text, source, number)
    layers = _layers_of(record.get("annotators"), source, number)
    return DocumentDraft(
        text, str(title)[:500], source, meta=meta, spans=spans, line=number, layers=layers
    )


def _layers_of(value: Any, source: str, line: int) -> dict[str, LayerState]:
    """Our export's ``annotators`` object: each layer's status and document note."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(source, '"annotators" must be an object of annotators by name', line)
    layers: dict[str, LayerState] = {}
    for name, entry in value.items():
        found, state = layer_state(name, entry, f"annotators[{name!r}]", source, line)
        layers[found] = state
    return layers


def _spans_of(record: dict[str, Any], text: str, source: str, line: int) -> list[SpanDraft]:
    present = [key for key in _SPAN_KEYS if record.get(key) is not None]
    if not present:
        return []
    if len(present) > 1:
        raise InputError(source, f"has both {present[0]!r} and {present[1]!r}; use one", line)
    key = present[0]
    items = record[key]
    if not isinstance(items, list):
        raise InputError(source, f'"{key}" must be a list', line)
    return [_span_of(key, item, index, text, source, line) for index, item in enumerate(items)]


def _span_of(key: str, item: Any, index: int, text: str, source: str, line: int) -> SpanDraft:
    where = f"{key}[{index}]"
    annotator: Any = None
    expected: Any = None
    note: Any = None
    origin: Any = None
    if key == "label":
        if not (isinstance(item, list) and len(item) == 3):
            raise InputError(source, f"{where} must be [start, end, label]", line)
        start, end, label = item
    elif isinstance(item, dict):
        start_key, end_key = (
            ("start_offset", "end_offset") if key == "entities" else ("start", "end")
        )
        start, end, label = item.get(start_key), item.get(end_key), item.get("label")
        annotator, expected, note = item.get("annotator"), item.get("text"), item.get("note")
        origin = item.get("origin")
    else:
        raise InputError(source, f"{where} must be an object", line)
    if not _is_int(start) or not _is_int(end):
        raise InputError(source, f"{where} needs whole-number start and end offsets", line)
    name = label.strip() if isinstance(label, str) else ""
    if not name:
        raise InputError(source, f"{where} needs a label name", line)
    if not 0 <= start < end <= len(text):
        raise InputError(
            source, f"{where} {start}-{end} is outside the text (0-{len(text)}) or empty", line
        )
    if expected is not None and expected != text[start:end]:
        raise InputError(
            source,
            f"{where} says its text is {expected!r} but the text at {start}-{end} is "
            f"{text[start:end]!r} (were the offsets counted in bytes or UTF-16 units?)",
            line,
        )
    if annotator is not None and (not isinstance(annotator, str) or not annotator.strip()):
        raise InputError(source, f"{where} has an annotator that is not a name", line)
    note = note_of(note, f"{where}.note", source, line)
    accepted = origin_of(origin, f"{where}.origin", source, line)
    return SpanDraft(start, end, name, annotator.strip() if annotator else None, note, accepted)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def write_jsonl(handle: TextIO, records: Iterable[ExportRecord]) -> int:
    """Write one compact JSON object per line (UTF-8, non-ASCII kept); returns the count."""
    count = 0
    for record in records:
        # ensure_ascii=False keeps the file readable; U+2028/U+2029 stay raw, which is valid
        # JSON, and readers that split on "\n" only (as they must) are not confused by them.
        handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
        handle.write("\n")
        count += 1
    return count


READER = Reader(
    "jsonl",
    "JSON Lines (ours, Prodigy or doccano)",
    (".jsonl", ".ndjson"),
    read_jsonl,
    aliases=("doccano",),
)
WRITER = text_writer(
    "jsonl",
    "JSON Lines, one document per line",
    ".jsonl",
    write_jsonl,
    record_fields=RECORD_FIELDS,  # each line is the record as it is
    origins=True,
)
