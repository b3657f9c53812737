"""Label Studio's JSON: a list of text tasks, each with its annotations' ``labels`` regions.

Out: one task per document, ``{"data": {"text", "title", "source", "document_id"},
"annotations": [{"result": [region, ...], "meta": {"annotator": NAME}}]}`` with one
annotation per exported layer, each region ``{"id", "from_name": "label", "to_name": "text",
"type": "labels", "value": {"start", "end", "text", "labels": [LABEL]}}`` (and ``"meta"``: the
note as ``{"text": [NOTE]}``, and in a gold export the span's ``provenance``). A span accepted
from a suggestion is a region with ``"origin": "prediction"`` and the suggestion's ``"score"``,
as Label Studio marks regions that came from a model's prediction, and its whole origin
(recommender, version, reason, when accepted) in ``meta.origin``. That is what Label
Studio imports as pre-annotated tasks for the labelling config written beside the tasks,
``OUT.labelconfig.xml`` (not on standard output), with the project's labels and colours::

    <View>
      <Labels name="label" toName="text">
        <Label value="Claim" background="#4e79a7"/>
        …
      </Labels>
      <Text name="text" value="$text"/>
    </View>

In: Label Studio's JSON export (or such a task list) for text tasks: the text is
``data["text"]``, each ``labels`` region becomes one span per label, filed under the
annotation's ``completed_by`` (its e-mail or id) or ``meta.annotator``; a region's
``meta.text`` (Label Studio's region comment, where our export puts the note) is the span's
note, several lines joined by a line break. An annotation with ``"was_cancelled": true`` (the
annotator pressed Skip) is passed over with its regions: it is not work anyone stood by.
Offsets count code points, as Label Studio stores them since it stopped counting UTF-16 units;
a region whose ``value.text`` differs from the characters its offsets name is refused, so
offsets counted another way never slip in. Tasks carry no document status or document note.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO
from xml.sax.saxutils import quoteattr

from annotator.core.model import DocumentDraft, SpanDraft
from annotator.core.titles import headline
from annotator.errors import InputError
from annotator.formats.base import (
    ExportContext,
    ExportRecord,
    LabelInfo,
    Output,
    Reader,
    ReadOptions,
    Writer,
)
from annotator.formats.base import span_text as _span_text
from annotator.formats.decode import decode_bytes


def write_labelstudio(handle: TextIO, records: Iterable[ExportRecord]) -> int:
    """Write the records as a JSON list of Label Studio tasks; returns how many."""
    count = 0
    handle.write("[")
    for record in records:
        handle.write(",\n" if count else "\n")
        handle.write(json.dumps(_task(record), ensure_ascii=False, separators=(",", ":")))
        count += 1
    handle.write("\n]\n")
    return count


#: The names that tie each region to the config's tags (``from_name``, ``to_name``).
FROM_NAME = "label"
TO_NAME = "text"
#: The companion file the config goes to: ``OUT.labelconfig.xml`` beside ``OUT.json``.
CONFIG_NAME = "labelconfig.xml"


def labelling_config(labels: Iterable[LabelInfo]) -> str:
    """Label Studio's labelling config for the tasks: one ``Label`` per label, its colour as
    ``background``, names and colours escaped for XML attributes."""
    lines = [
        "<View>",
        f"  <Labels name={quoteattr(FROM_NAME)} toName={quoteattr(TO_NAME)}>",
        *(
            f"    <Label value={quoteattr(label.name)} background={quoteattr(label.color)}/>"
            for label in labels
        ),
        "  </Labels>",
        f'  <Text name={quoteattr(TO_NAME)} value="$text"/>',
        "</View>",
    ]
    return "\n".join(lines) + "\n"


def _write_with_config(
    output: Output, records: Iterable[ExportRecord], context: ExportContext
) -> int:
    with output.text() as handle:
        count = write_labelstudio(handle, records)
    with output.text(CONFIG_NAME) as handle:
        handle.write(labelling_config(context.labels))
    return count


def _task(record: ExportRecord) -> dict[str, Any]:
    meta = record.get("meta", {})
    layers: dict[str, list[dict[str, Any]]] = {}
    for number, span in enumerate(record.get("spans", [])):
        region: dict[str, Any] = {
            "id": f"s{number}",
            "from_name": FROM_NAME,
            "to_name": TO_NAME,
            "type": "labels",
            "value": {
                "start": span["start"],
                "end": span["end"],
                "text": _span_text(span, record["text"]),
                "labels": [span["label"]],
            },
        }
        if span.get("note"):
            region["meta"] = {"text": [span["note"]]}
        if span.get("provenance"):  # a gold export: who proposed, agreed and decided
            region.setdefault("meta", {})["provenance"] = span["provenance"]
        if span.get("origin"):  # accepted from a suggestion: Label Studio's "prediction"
            region["origin"] = "prediction"
            region["score"] = span["origin"]["score"]
            region.setdefault("meta", {})["origin"] = span["origin"]
        layers.setdefault(str(span.get("annotator", "")), []).append(region)
    return {
        "data": {
            "text": record["text"],
            "title": meta.get("title", ""),
            "source": meta.get("source", ""),
            "document_id": record.get("id", ""),
        },
        "annotations": [
            {"result": regions, "meta": {"annotator": who}} for who, regions in layers.items()
        ],
    }


def read_labelstudio(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """Read a Label Studio task list (or one task) into drafts."""
    source = options.source_name
    try:
        loaded = json.loads(decode_bytes(data, source).text)
    except json.JSONDecodeError as error:
        reason = error.msg.removesuffix(" at")
        raise InputError(
            source, f"not valid JSON ({reason} at column {error.colno})", error.lineno
        ) from None
    except RecursionError:
        raise InputError(source, "the JSON is nested too deeply to read") from None
    tasks = loaded if isinstance(loaded, list) else [loaded]
    return [_draft(task, source, number) for number, task in enumerate(tasks, start=1)]


def _draft(task: Any, source: str, number: int) -> DocumentDraft:
    where = f"task {number}"
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise InputError(source, f'{where} is not a Label Studio task (no "data" object)')
    data = task["data"]
    text = data.get("text")
    if not isinstance(text, str):
        raise InputError(source, f'{where} has no text: its "data" needs a "text" string')
    spans: list[SpanDraft] = []
    for annotation in task.get("annotations") or task.get("completions") or []:
        if not isinstance(annotation, dict):
            raise InputError(source, f"{where}: an annotation is not a JSON object")
        if annotation.get("was_cancelled") is True:
            continue
        who = _annotator(annotation)
        for region in annotation.get("result") or []:
            spans.extend(_spans(region, text, who, source, where))
    meta = {k: v for k, v in data.items() if k not in ("text", "title")}
    title = data.get("title") or headline(text) or f"task {task.get('id', number)}"
    return DocumentDraft(text, str(title)[:500], source, meta=meta, spans=spans, line=number)


def _annotator(annotation: dict[str, Any]) -> str | None:
    meta = annotation.get("meta")
    if isinstance(meta, dict) and isinstance(meta.get("annotator"), str) and meta["annotator"]:
        return str(meta["annotator"])
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("id")
    if isinstance(who, int) and not isinstance(who, bool):
        return f"Label Studio user {who}"  # an export names people by their number only
    return str(who) if who not in (None, "") else None


def _spans(region: Any, text: str, who: str | None, source: str, where: str) -> list[SpanDraft]:
    if not isinstance(region, dict) or region.get("type") != "labels":
        return []  # choices, ratings, relations: not spans
    value = region.get("value")
    if not isinstance(value, dict):
        raise InputError(source, f'{where}: a "labels" region has no "value" object')
    start: Any = value.get("start")
    end: Any = value.get("end")
    labels: Any = value.get("labels")
    if not (_is_int(start) and _is_int(end)) or not 0 <= start < end <= len(text):
        raise InputError(
            source,
            f"{where}: a region's start and end ({start}, {end}) are not a range of "
            f"the {len(text)}-character text",
        )
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) for x in labels):
        raise InputError(source, f'{where}: a region at {start}–{end} has no "labels" list')
    quoted = value.get("text")
    if isinstance(quoted, str) and quoted != text[start:end]:
        raise InputError(
            source,
            f"{where}: the region at {start}–{end} says {quoted[:40]!r} but the text there is "
            f"{text[start:end][:40]!r} (offsets counted in UTF-16 units?)",
        )
    note = _note(region.get("meta"), source, f"{where}: the region at {start}–{end}")
    return [SpanDraft(start, end, label, who, note) for label in labels]


def _note(meta: Any, source: str, where: str) -> str | None:
    """A region's ``meta.text``: a list of lines (or one string), or none."""
    text = meta.get("text") if isinstance(meta, dict) else None
    if text is None:
        return None
    if isinstance(text, str):
        return text or None
    if not isinstance(text, list) or not all(isinstance(line, str) for line in text):
        raise InputError(source, f'{where} has a "meta.text" note that is not a list of strings')
    return "\n".join(text) or None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


READER = Reader("labelstudio", "Label Studio JSON (text tasks)", (".json",), read_labelstudio)
WRITER = Writer(
    "labelstudio",
    "Label Studio JSON (tasks and their labelling config)",
    ".json",
    _write_with_config,
    stream=write_labelstudio,
    origins=True,
)
