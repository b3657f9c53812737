"""doccano's sequence-labelling JSONL out: ``{"text", "label": [[start, end, label]], ...}``.

One document per line, as doccano's "JSONL" import for sequence labelling reads it. doccano
keeps one annotator's spans per file, so an export that holds several layers is refused
with the way to choose one. Offsets count code points, as Python and doccano's own examples
do. Keys besides ``text`` and ``label`` become the example's metadata in doccano: the title,
the source and our document id go there. The JSONL reader reads these files back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import TextIO

from annotator.errors import ExportError
from annotator.formats.base import ExportRecord, text_writer


def write_doccano(handle: TextIO, records: Iterable[ExportRecord]) -> int:
    """Write each record as a doccano line; returns how many were written.

    Raises:
        ExportError: A document holds spans of more than one annotator.
    """
    count = 0
    for record in records:
        spans = record.get("spans", [])
        people = sorted({str(span.get("annotator", "")) for span in spans})
        if len(people) > 1:
            raise ExportError(
                f"doccano keeps one annotator's spans per file, and “{_title(record)}” has "
                f"spans of {', '.join(people)}: export one layer (--annotator NAME or --gold; "
                "in the window: a person's layer or the gold standard as the Layer)."
            )
        meta = record.get("meta", {})
        line = {
            "text": record["text"],
            "label": [[span["start"], span["end"], span["label"]] for span in spans],
            "title": meta.get("title", ""),
            "source": meta.get("source", ""),
            "document_id": record.get("id", ""),
        }
        if "offsets" in record:  # counted in another unit than code points
            line["offsets"] = record["offsets"]
        handle.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")))
        handle.write("\n")
        count += 1
    return count


def _title(record: ExportRecord) -> str:
    return str(record.get("meta", {}).get("title") or record.get("id", ""))


WRITER = replace(
    text_writer(
        "doccano", "doccano JSONL (sequence labelling), one layer", ".jsonl", write_doccano
    ),
    one_layer=True,
)
