"""Tests for :mod:`annotator.formats.jsonl`: Prodigy and doccano records in, our records out."""

from __future__ import annotations

import codecs
import io
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from annotator.core.model import DocStatus, DocumentDraft, LayerState, SpanDraft
from annotator.errors import InputError
from annotator.formats.base import ReadOptions
from annotator.formats.jsonl import MAX_NESTING, read_jsonl, write_jsonl

PNG_HEADER = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")


def read(data: bytes | str, source: str = "data.jsonl") -> list[DocumentDraft]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return read_jsonl(raw, ReadOptions(source))


def line(record: Any) -> str:
    return json.dumps(record, ensure_ascii=False)


def refusal(data: bytes | str, source: str = "data.jsonl") -> InputError:
    with pytest.raises(InputError) as caught:
        read(data, source)
    assert "\n" not in str(caught.value), "a refusal is one line"
    return caught.value


# --- the three record styles ---------------------------------------------------------------


def test_prodigy_spans_with_annotator_and_text() -> None:
    text = "Prices rose 5%. I think that's bad."
    record = {
        "text": text,
        "spans": [
            {"start": 0, "end": 15, "label": "Claim", "text": "Prices rose 5%."},
            {"start": 16, "end": 35, "label": " Opinion ", "annotator": " bob "},
        ],
    }
    [draft] = read(line(record))
    assert draft.text == text
    assert draft.spans == [
        SpanDraft(0, 15, "Claim", None),
        SpanDraft(16, 35, "Opinion", "bob"),
    ]
    assert draft.line == 1
    assert draft.encoding == "utf-8"
    assert draft.source == "data.jsonl"


def test_doccano_label_triples() -> None:
    record = {"text": "Soup is good. Rain.", "label": [[0, 13, "Opinion"], [14, 19, "Claim"]]}
    [draft] = read(line(record))
    assert draft.spans == [SpanDraft(0, 13, "Opinion"), SpanDraft(14, 19, "Claim")]


def test_doccano_entities_with_offset_keys() -> None:
    record = {
        "text": "Soup is good.",
        "entities": [{"id": 7, "start_offset": 0, "end_offset": 4, "label": "Claim"}],
    }
    [draft] = read(line(record))
    assert draft.spans == [SpanDraft(0, 4, "Claim")]


@pytest.mark.parametrize("key", ["spans", "label", "entities"])
def test_null_or_empty_span_list_means_no_spans(key: str) -> None:
    drafts = read(line({"text": "a", key: None}) + "\n" + line({"text": "b", key: []}))
    assert [d.spans for d in drafts] == [[], []]


def test_offsets_count_code_points() -> None:
    text = "👩‍👩‍👧 said 𠀀 مرحبا"
    start = text.index("𠀀")
    record = {"text": text, "spans": [{"start": start, "end": start + 1, "label": "Claim"}]}
    [draft] = read(line(record))
    span = draft.spans[0]
    assert text[span.start : span.end] == "𠀀"


# --- metadata and titles ---------------------------------------------------------------------


def test_extra_keys_join_meta_and_tokens_are_dropped() -> None:
    record = {
        "text": "Hello.",
        "meta": {"title": "Greeting", "url": "https://example.org/a"},
        "url": "https://example.org/ignored",
        "lang": "en",
        "tokens": [{"text": "Hello", "start": 0, "end": 5, "id": 0}],
        "_input_hash": 12,
    }
    [draft] = read(line(record))
    assert draft.title == "Greeting"
    # The record's own "meta" wins over a top-level key of the same name.
    assert draft.meta == {
        "url": "https://example.org/a",
        "lang": "en",
        "_input_hash": 12,
    }


def test_an_empty_title_is_found_elsewhere_and_not_kept_in_meta() -> None:
    page = "Breaking: river floods town centre\nWater rose overnight."
    second = line({"text": "b", "meta": {"title": None}})
    drafts = read(line({"text": page, "title": ""}) + "\n" + second, "news.jsonl")
    assert [d.title for d in drafts] == ["Breaking: river floods town centre", "news #2"]
    assert [d.meta for d in drafts] == [{}, {}]


def test_title_falls_back_to_id_then_file_and_record_number() -> None:
    drafts = read(
        line({"text": "a", "id": 42}) + "\n\n" + line({"text": "b"}), "exports/news.jsonl"
    )
    assert [d.title for d in drafts] == ["42", "news #2"]
    assert [d.line for d in drafts] == [1, 3]


def test_long_title_is_cut_to_500_characters() -> None:
    [draft] = read(line({"text": "a", "meta": {"title": "t" * 2000}}))
    assert draft.title == "t" * 500


# --- line splitting --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "separator",
    ["\u2028", "\u2029", "\x85", "\u2028\u2029"],
    ids=["line-separator", "paragraph-separator", "next-line", "both"],
)
def test_raw_unicode_line_breaks_inside_strings_stay_in_one_record(separator: str) -> None:
    text = f"first{separator}second"
    start = text.index("second")
    span = {"start": start, "end": start + 6, "label": "Claim", "text": "second"}
    data = line({"text": text, "spans": [span]}) + "\n"
    assert separator in data, "json.dumps keeps the character raw"
    first, following = read(data + line({"text": "next"}) + "\n")
    assert first.text == text
    assert first.spans == [SpanDraft(start, start + 6, "Claim")]
    assert (following.text, following.line) == ("next", 2)


@pytest.mark.parametrize("control", ["\x0c", "\x0b", "\x1c", "\x1d", "\x1e", "\t", "\r"])
def test_raw_control_characters_in_a_string_stay_in_one_record(control: str) -> None:
    # str.splitlines would cut the record in two here. JSON forbids raw control characters,
    # but scrapers write them; the record is unambiguous, so it is read, character intact.
    data = line({"text": "ok"}) + "\n" + '{"text": "a' + control + 'b"}\n'
    first, second = read(data)
    assert first.text == "ok"
    assert (second.text, second.line) == (f"a{control}b", 2)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(constant: str) -> None:
    error = refusal('{"text": "ok", "meta": {"score": ' + constant + "}}\n")
    assert error.line == 1
    assert constant.lstrip("-") in error.reason


def test_escaped_form_feed_and_tabs_are_kept() -> None:
    [draft] = read(line({"text": "page 1\x0cpage 2\tend"}))
    assert draft.text == "page 1\x0cpage 2\tend"


def test_crlf_terminated_lines() -> None:
    records = [
        {"text": "one\r\ntwo", "spans": [{"start": 5, "end": 8, "label": "Claim"}]},
        {"text": "three"},
    ]
    data = "\r\n".join(line(r) for r in records) + "\r\n"
    drafts = read(data)
    # The reader keeps the text as given; the importer applies the newline policy.
    assert [d.text for d in drafts] == ["one\r\ntwo", "three"]
    assert drafts[0].spans == [SpanDraft(5, 8, "Claim")]
    assert [d.line for d in drafts] == [1, 2]


def test_blank_lines_are_skipped_but_counted() -> None:
    data = "\n  \n" + line({"text": "a"}) + "\n\t\n" + '{"text": 1}\n'
    error = refusal(data)
    assert error.line == 5


@pytest.mark.parametrize(
    ("bom", "codec", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    ],
)
def test_byte_order_marks_are_honoured_and_recorded(bom: bytes, codec: str, encoding: str) -> None:
    data = bom + (line({"text": "Grüße 🙂"}) + "\n").encode(codec)
    [draft] = read(data)
    assert draft.text == "Grüße 🙂"
    assert draft.encoding == encoding


def test_legacy_8_bit_file_is_decoded() -> None:
    data = (line({"text": "Le café était fermé à Noël."}) + "\n").encode("cp1252")
    [draft] = read(data)
    assert draft.text == "Le café était fermé à Noël."
    assert draft.encoding == "cp1252"


def test_empty_file_has_no_documents() -> None:
    assert read(b"") == []
    assert read("\n\n") == []


# --- refusals --------------------------------------------------------------------------------


def test_binary_file_is_refused() -> None:
    error = refusal(PNG_HEADER + bytes(64), "image.jsonl")
    assert str(error) == "image.jsonl: looks like a binary file, not text"


def test_malformed_json_names_file_line_and_column() -> None:
    data = line({"text": "good"}) + "\n" + '{"text": "bad",}\n'
    error = refusal(data, "in/batch.jsonl")
    assert str(error).startswith("in/batch.jsonl, line 2: not valid JSON (")
    assert "column 16" in str(error)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"text": "cut', "Unterminated string starting at column 10"),
        ('{"text": "a\\q"}', "Invalid \\escape at column 12"),
        ('{"text" "a"}', "Expecting ':' delimiter at column 9"),
        ("{}{}", "Extra data at column 3"),
    ],
)
def test_json_errors_read_as_one_sentence(content: str, reason: str) -> None:
    # json's own wording ends some reasons with "at": the column follows without a second one.
    assert str(refusal(content + "\n")) == f"data.jsonl, line 1: not valid JSON ({reason})"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('["a list"]', 'each line must be a JSON object with a "text" field'),
        ('"just a string"', 'each line must be a JSON object with a "text" field'),
        ("{}", 'the "text" field is missing or is not a string'),
        ('{"text": 5}', 'the "text" field is missing or is not a string'),
        ('{"text": null}', 'the "text" field is missing or is not a string'),
        ('{"text": "a", "meta": [1]}', 'the "meta" field must be a JSON object'),
        ('{"text": "a", "spans": {"start": 0}}', '"spans" must be a list'),
        ('{"text": "a", "spans": [[0, 1, "Claim"]]}', "spans[0] must be an object"),
        ('{"text": "a", "label": [{"start": 0}]}', "label[0] must be [start, end, label]"),
        ('{"text": "a", "label": [[0, 1]]}', "label[0] must be [start, end, label]"),
        ('{"text": "a", "label": ["positive"]}', "label[0] must be [start, end, label]"),
        (
            '{"text": "a", "spans": [], "label": []}',
            "has both 'spans' and 'label'; use one",
        ),
        ('{"text": "ab", "spans": [{"start": 0, "end": 1}]}', "spans[0] needs a label name"),
        (
            '{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "  "}]}',
            "spans[0] needs a label name",
        ),
        (
            '{"text": "ab", "spans": [{"start": 0, "end": 1, "label": 3}]}',
            "spans[0] needs a label name",
        ),
        (
            '{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "C", "annotator": 4}]}',
            "spans[0] has an annotator that is not a name",
        ),
        (
            '{"text": "ab", "spans": [{"start": 0, "end": 1, "label": "C", "annotator": " "}]}',
            "spans[0] has an annotator that is not a name",
        ),
    ],
)
def test_malformed_records_are_refused(content: str, reason: str) -> None:
    error = refusal(content + "\n")
    assert error.reason == reason
    assert error.line == 1


@pytest.mark.parametrize(
    ("start", "end"),
    [("true", "1"), ("0", "false"), ("0", "1.0"), ("0.5", "1"), ('"0"', "1"), ("null", "1")],
)
def test_offsets_must_be_whole_numbers_not_bools(start: str, end: str) -> None:
    content = f'{{"text": "abc", "spans": [{{"start": {start}, "end": {end}, "label": "C"}}]}}'
    error = refusal(content)
    assert error.reason == "spans[0] needs whole-number start and end offsets"


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (0, 4), (2, 2), (3, 1), (4, 5)], ids=str)
def test_out_of_range_or_empty_spans_are_refused(start: int, end: int) -> None:
    record = {"text": "abc", "label": [[0, 1, "Claim"], [start, end, "Claim"]]}
    error = refusal(line({"text": "fine"}) + "\n" + line(record), "x.jsonl")
    assert str(error) == (
        f"x.jsonl, line 2: label[1] {start}-{end} is outside the text (0-3) or empty"
    )


def test_span_text_that_does_not_match_the_offsets_is_refused() -> None:
    # Offsets counted in UTF-16 units (as JavaScript does) land one place late after an emoji.
    text = "🙂 Soup is good."
    record = {"text": text, "spans": [{"start": 3, "end": 7, "label": "Claim", "text": "Soup"}]}
    error = refusal(line(record))
    assert error.line == 1
    assert error.reason.startswith("spans[0] says its text is 'Soup' but the text at 3-7 is")
    assert "UTF-16" in error.reason


def test_a_mismatch_message_shows_line_breaks_escaped_so_it_stays_one_line() -> None:
    record = {"text": "a\u2028b\nc", "spans": [{"start": 0, "end": 5, "label": "C", "text": "x"}]}
    error = refusal(line(record))
    assert "\u2028" not in str(error)
    assert "'a\\u2028b\\nc'" in error.reason


def test_absurd_nesting_is_refused_cleanly() -> None:
    error = refusal("[" * 100_000 + "\n")
    assert error.reason == "the JSON is nested too deeply to read"
    assert error.line == 1


def test_nesting_is_limited_so_that_storing_and_exporting_cannot_overflow() -> None:
    def nested(depth: int) -> str:
        # The record itself is one level; each list adds one.
        return '{"text": "a", "deep": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"

    [draft] = read(nested(MAX_NESTING))
    assert "deep" in draft.meta
    error = refusal(nested(MAX_NESTING + 1))
    assert error.reason == f"the JSON is nested more than {MAX_NESTING} levels"


@pytest.mark.parametrize(
    ("opening", "innermost", "closing"), [("[", "1", "]"), ('{"x": ', "null", "}")]
)
def test_the_nesting_limit_is_exact_for_lists_and_objects(
    opening: str, innermost: str, closing: str
) -> None:
    def nested(depth: int) -> str:
        # The record is one level, each container one more, and the innermost value one more.
        containers = depth - 2
        return f'{{"text": "a", "deep": {opening * containers}{innermost}{closing * containers}}}'

    [draft] = read(nested(MAX_NESTING))
    assert "deep" in draft.meta
    error = refusal(nested(MAX_NESTING + 1))
    assert error.reason == f"the JSON is nested more than {MAX_NESTING} levels"


def test_many_brackets_in_a_shallow_record_are_fine() -> None:
    # More brackets than the nesting limit, in strings and in siblings, but nothing deep.
    text = "[{" * MAX_NESTING
    spans = [{"start": i, "end": i + 1, "label": "Claim"} for i in range(MAX_NESTING + 50)]
    [draft] = read(line({"text": text, "spans": spans, "list": [[]] * MAX_NESTING}))
    assert draft.text == text
    assert len(draft.spans) == MAX_NESTING + 50


def test_nesting_near_the_recursion_limit_is_refused_not_crashed() -> None:
    depth = 950  # parses within Python's default limit, but re-encoding it later would not
    error = refusal('{"text": "a", "meta": {"x": ' + "[" * depth + "]" * depth + "}}")
    assert error.reason == f"the JSON is nested more than {MAX_NESTING} levels"


def test_integer_with_thousands_of_digits_is_refused_cleanly() -> None:
    error = refusal('{"text": "a", "n": ' + "9" * 5000 + "}\n")
    assert error.reason == "a number in it has too many digits to read"
    assert error.line == 1


@pytest.mark.parametrize(
    "escaped",
    [
        r'{"text": "a\ud800b"}',
        r'{"text": "ok", "meta": {"note": "\uDFFF"}}',
        r'{"text": "ok", "\udc00": 1}',
        r'{"text": "ok", "spans": [{"start": 0, "end": 1, "label": "C\udbff"}]}',
    ],
    ids=["text", "meta-value", "key", "label"],
)
def test_lone_surrogate_escapes_are_refused(escaped: str) -> None:
    # Valid JSON, but no UTF-8 file and no SQLite text can hold the resulting string.
    error = refusal(escaped)
    assert error.reason.startswith("a string has an unpaired UTF-16 surrogate escape")


def test_surrogate_pairs_and_escaped_backslashes_are_fine() -> None:
    [pair, backslash] = read(r'{"text": "\ud83d\ude00"}' + "\n" + r'{"text": "\\ud800"}')
    assert pair.text == "😀"
    assert backslash.text == "\\ud800"


def test_huge_text_field_is_read() -> None:
    text = "word " * 400_000
    [draft] = read(line({"text": text}))
    assert len(draft.text) == 2_000_000


# --- the writer ------------------------------------------------------------------------------


def test_writer_writes_one_compact_object_per_line_and_counts_them() -> None:
    records: list[dict[str, Any]] = [
        {"id": "1", "text": "a\u2028b\r\x85🙂", "spans": [], "meta": {}},
        {"id": "2", "text": "שלום", "spans": [], "meta": {"k": [1, 2]}},
    ]
    handle = io.StringIO()
    assert write_jsonl(handle, iter(records)) == 2
    output = handle.getvalue()
    assert output.endswith("\n")
    lines = output.split("\n")[:-1]
    assert [json.loads(text) for text in lines] == records
    assert '"text":"שלום"' in lines[1], "non-ASCII is kept, separators are compact"
    assert "\u2028" in lines[0], "U+2028 stays raw: readers split on \\n only"


def test_what_the_writer_writes_the_reader_reads() -> None:
    text = "Claim:\u2029café 👍🏽\tend"
    records = [
        {
            "id": "x",
            "text": text,
            "spans": [{"start": 7, "end": 11, "label": "Claim", "text": "café", "annotator": "al"}],
            "meta": {"title": "T", "source": "s.txt", "encoding": "utf-8"},
        }
    ]
    handle = io.StringIO()
    write_jsonl(handle, records)
    [draft] = read(handle.getvalue())
    assert draft.text == text
    assert draft.title == "T"
    assert draft.spans == [SpanDraft(7, 11, "Claim", "al")]
    assert draft.meta == {"source": "s.txt", "encoding": "utf-8", "id": "x"}


def test_a_record_without_a_title_is_titled_by_its_headline() -> None:
    page = "Home | News\nFerry fares to rise by a fifth from April\nThe operator said so."
    drafts = read(
        "\n".join(
            [
                line({"text": page, "meta": {"title": "Given title"}}),
                line({"text": page, "id": "page-17"}),
                line({"text": "no headline here.", "id": "page-18"}),
            ]
        ),
        "exports/news.jsonl",
    )
    assert [d.title for d in drafts] == [
        "Given title",
        "Ferry fares to rise by a fifth from April",
        "page-18",
    ]


# --- notes, statuses and document notes (our own exports) ----------------------------------


def test_span_notes_and_each_layers_status_and_note_are_read() -> None:
    record = {
        "text": "Prices rose.",
        "spans": [{"start": 0, "end": 6, "label": "C", "annotator": "ann", "note": "a\nb 🤔"}],
        "annotators": {
            "ann": {"status": "done", "status_set_at": "2024-05-01T12:00:00+02:00", "note": "n"},
            "bob": {"status": "new", "status_set_at": None, "note": None},
        },
    }
    (draft,) = read(line(record))
    assert draft.spans == [SpanDraft(0, 6, "C", "ann", "a\nb 🤔")]
    assert draft.layers == {
        "ann": LayerState(
            DocStatus.DONE, datetime(2024, 5, 1, 12, tzinfo=timezone(timedelta(hours=2))), "n"
        ),
        "bob": LayerState(),
    }
    assert "annotators" not in draft.meta


def test_a_time_without_an_offset_is_taken_as_utc_and_an_empty_note_as_none() -> None:
    record = {
        "text": "ab",
        "spans": [{"start": 0, "end": 1, "label": "C", "note": ""}],
        "annotators": {"ann": {"status": "skipped", "status_set_at": "2024-05-01 12:00:00"}},
    }
    (draft,) = read(line(record))
    assert draft.spans[0].note is None
    assert draft.layers["ann"].status_set_at == datetime(2024, 5, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("annotators", "reason"),
    [
        ('["ann"]', '"annotators" must be an object of annotators by name'),
        ('{"ann": "done"}', "annotators['ann'] must be an object"),
        ('{" ": {"status": "done"}}', "annotators[' '] has an annotator that is not a name"),
        (
            '{"ann": {"status": "finished"}}',
            "annotators['ann'] has the status 'finished', which is not one of new, "
            "in_progress, done, skipped",
        ),
        (
            '{"ann": {"status": 3}}',
            "annotators['ann'] has the status 3, which is not one of new, in_progress, done, "
            "skipped",
        ),
        (
            '{"ann": {"status": "done", "status_set_at": "yesterday"}}',
            "annotators['ann'].status_set_at 'yesterday' is not a time as ISO 8601 writes one "
            "(2024-05-01T12:00:00+00:00)",
        ),
        (
            '{"ann": {"status": "done", "status_set_at": 1714557600}}',
            "annotators['ann'].status_set_at 1714557600 is not a time as ISO 8601 writes one "
            "(2024-05-01T12:00:00+00:00)",
        ),
        (
            '{"ann": {"status": "done", "note": ["a"]}}',
            "annotators['ann'].note must be a string or null, not a list",
        ),
    ],
)
def test_bad_statuses_and_document_notes_are_refused_naming_the_line(
    annotators: str, reason: str
) -> None:
    error = refusal(f'{{"text": "a"}}\n{{"text": "ab", "annotators": {annotators}}}\n')
    assert error.reason == reason
    assert str(error) == f"data.jsonl, line 2: {reason}"


@pytest.mark.parametrize(("note", "kind"), [("5", "a number"), ("true", "true or false")])
def test_a_span_note_that_is_not_a_string_is_refused(note: str, kind: str) -> None:
    content = (
        f'{{"text": "abc", "spans": [{{"start": 0, "end": 1, "label": "C", "note": {note}}}]}}'
    )
    error = refusal(content)
    assert error.reason == f"spans[0].note must be a string or null, not {kind}"
    assert error.line == 1
