"""The doccano and span-table writers: what they write, read back with exact offsets."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from unicode_text import FAMILY, FLAG, TEXTS

from annotator.errors import ExportError
from annotator.formats.base import ExportRecord, ReadOptions
from annotator.formats.doccano import write_doccano
from annotator.formats.jsonl import read_jsonl
from annotator.formats.span_table import COLUMNS, write_span_table


def record(text: str, spans: list[tuple[int, int, str]], who: str = "alice") -> ExportRecord:
    return {
        "id": "d1",
        "text": text,
        "spans": [
            {
                "start": s,
                "end": e,
                "label": label,
                "text": text[s:e],
                "annotator": who,
                "note": None,
            }
            for s, e, label in spans
        ],
        "meta": {"title": "A page", "source": "page.txt"},
    }


@st.composite
def texts_with_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    text = draw(TEXTS.filter(bool))
    bounds = st.tuples(st.integers(0, len(text)), st.integers(0, len(text)))
    pairs = draw(st.lists(bounds.filter(lambda b: b[0] < b[1]), max_size=6))
    labels = st.sampled_from(["Claim", "Opinion", "Boilerplate"])
    return text, [(s, e, draw(labels)) for s, e in pairs]


@given(texts_with_spans())
def test_doccano_lines_read_back_with_the_same_text_and_spans(
    case: tuple[str, list[tuple[int, int, str]]],
) -> None:
    text, spans = case
    out = io.StringIO()
    assert write_doccano(out, [record(text, spans)]) == 1
    # doccano splits its JSONL on "\n" only: U+2028, U+2029 and the like stay inside a line.
    assert out.getvalue().count("\n") == 1
    (draft,) = read_jsonl(out.getvalue().encode("utf-8"), ReadOptions("back.jsonl"))
    assert draft.text == text
    assert sorted((s.start, s.end, s.label) for s in draft.spans) == sorted(spans)
    assert draft.title == "A page"


def test_a_doccano_line_is_what_doccano_reads() -> None:
    text = f"Flag {FLAG} and family {FAMILY}: claim."
    start = text.index("claim")
    out = io.StringIO()
    write_doccano(out, [record(text, [(start, start + 5, "Claim")])])
    line: dict[str, Any] = json.loads(out.getvalue())
    assert line["text"] == text
    assert line["label"] == [[start, start + 5, "Claim"]]
    assert line["text"][start : start + 5] == "claim"  # code points, as Python counts
    assert (line["title"], line["source"], line["document_id"]) == ("A page", "page.txt", "d1")


def test_doccano_refuses_a_document_with_two_annotators_spans() -> None:
    both = record("One two.", [(0, 3, "Claim")])
    both["spans"] += record("One two.", [(4, 7, "Opinion")], who="bob")["spans"]
    with pytest.raises(ExportError, match="--annotator NAME or --gold"):
        write_doccano(io.StringIO(), [both])


@given(texts_with_spans())
def test_span_rows_carry_exact_offsets(case: tuple[str, list[tuple[int, int, str]]]) -> None:
    text, spans = case
    out = io.StringIO(newline="")
    assert write_span_table(out, [record(text, spans)]) == 1
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(spans) + 1
    for row, (start, end, label) in zip(rows[1:], spans, strict=True):
        cells = dict(zip(COLUMNS, row, strict=True))
        assert (int(cells["start"]), int(cells["end"]), cells["label"]) == (start, end, label)
        written, original = cells["text"], text[start:end]
        assert written in (original, "'" + original)


def test_span_cells_a_spreadsheet_would_run_are_made_text() -> None:
    text = "=HYPERLINK(x) and +1 and -2 and @SUM and plain"
    spans = [(0, 13, "Claim"), (18, 20, "Opinion"), (25, 27, "Claim"), (32, 36, "Claim")]
    out = io.StringIO(newline="")
    write_span_table(out, [record(text, spans)])
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))[1:]
    assert [row[COLUMNS.index("text")] for row in rows] == ["'=HYPERLINK(x)", "'+1", "'-2", "'@SUM"]
    assert [row[COLUMNS.index("start")] for row in rows] == ["0", "18", "25", "32"]
