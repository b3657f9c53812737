"""Tests for :mod:`annotator.formats.table`: CSV and TSV files, one row per document."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from format_roundtrip import tricky_project

from annotator.core.model import DocumentDraft
from annotator.errors import InputError
from annotator.formats.base import ReadOptions
from annotator.formats.table import read_head, read_table


def read(
    data: bytes | str, source: str = "pages.csv", text_column: str | None = None
) -> list[DocumentDraft]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return read_table(raw, ReadOptions(source, text_column))


def refusal(data: bytes | str, source: str = "pages.csv", text_column: str | None = None) -> str:
    with pytest.raises(InputError) as caught:
        read(data, source, text_column)
    message = str(caught.value)
    assert "\n" not in message, "a refusal is one line"
    return message


def test_rows_become_documents_with_other_columns_as_meta() -> None:
    data = "url,text,lang\nhttps://a.example/,First page.,en\nhttps://b.example/,Zweite.,de\n"
    drafts = read(data, "crawl/pages.csv")
    assert [d.text for d in drafts] == ["First page.", "Zweite."]
    assert drafts[0].meta == {"url": "https://a.example/", "lang": "en"}
    assert [d.title for d in drafts] == ["pages row 2", "pages row 3"]
    assert [d.line for d in drafts] == [2, 3]
    assert {d.source for d in drafts} == {"crawl/pages.csv"}
    assert {d.encoding for d in drafts} == {"utf-8"}
    assert all(d.spans == [] for d in drafts)


def test_title_column_gives_the_title_and_is_not_kept_in_meta() -> None:
    drafts = read("Title,Text,url\n  Front page  ,Body one,a\n,Body two,b\n")
    assert [d.title for d in drafts] == ["Front page", "pages row 3"]
    # The title lives in one place: a copy in meta (empty where the title was found
    # elsewhere) would make the export disagree with the window.
    assert [d.meta for d in drafts] == [{"url": "a"}, {"url": "b"}]


def test_header_names_are_matched_case_insensitively_and_trimmed() -> None:
    [draft] = read(" TEXT ,id\nhello,1\n")
    assert draft.text == "hello"
    assert draft.meta == {"id": "1"}


def test_quoted_cells_keep_embedded_newlines_commas_and_quotes() -> None:
    data = 'text,title\r\n"Line one\r\nline two, with comma\nand ""quotes""",t1\r\nsecond,t2\r\n'
    first, second = read(data)
    # The reader keeps the cell as written; the importer applies the newline policy.
    assert first.text == 'Line one\r\nline two, with comma\nand "quotes"'
    assert first.title == "t1"
    assert (second.text, second.title) == ("second", "t2")
    assert second.line == 5


def test_cells_keep_unicode_line_separators_and_form_feeds() -> None:
    [draft] = read('text\n"a\u2028b\u2029c\x0cd\x85e"\n')
    assert draft.text == "a\u2028b\u2029c\x0cd\x85e"


def test_tsv_by_extension() -> None:
    drafts = read("title\ttext\nA\tcommas, here\nB\tplain\n", "pages.tsv")
    assert [(d.title, d.text) for d in drafts] == [("A", "commas, here"), ("B", "plain")]


def test_tab_separated_content_in_a_csv_file_is_recognised() -> None:
    drafts = read("id\ttext\n1\tHello, world\n", "export.csv")
    assert [(d.meta, d.text) for d in drafts] == [({"id": "1"}, "Hello, world")]


def test_missing_text_column_names_the_columns_and_the_option() -> None:
    message = refusal("url,body\nx,y\n", "a.csv")
    assert message == (
        "a.csv, line 1: has no column named 'text' (its columns are 'url', 'body'); "
        "name the text column with --text-column"
    )


def test_missing_named_text_column() -> None:
    message = refusal("text,body\nx,y\n", "a.csv", text_column="content")
    assert message.startswith("a.csv, line 1: has no column named 'content'")


def test_text_column_option_picks_another_column() -> None:
    [draft] = read("text,Body\nshort,The real page.\n", text_column="body")
    assert draft.text == "The real page."
    assert draft.meta == {"text": "short"}


def test_blank_rows_are_skipped() -> None:
    drafts = read("text,n\n\n,\n  , \nreal,1\n")
    assert [(d.text, d.line) for d in drafts] == [("real", 5)]


def test_header_only_gives_no_documents() -> None:
    assert read("text,title\n") == []


def test_empty_file_is_refused() -> None:
    assert refusal(b"", "empty.csv") == "empty.csv: the file is empty"


def test_ragged_row_is_refused_with_its_line() -> None:
    message = refusal("text,title\na,b\nc\n", "r.csv")
    assert message == "r.csv, line 3: has 1 cells where the header has 2"


def test_field_larger_than_the_csv_module_default_limit() -> None:
    big = "x" * 300_000  # the csv module refuses fields over 128 KiB by default
    [draft] = read(f'text\n"{big}"\n')
    assert draft.text == big


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + "text\nGrüße 🙂\n".encode(), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "text\nGrüße 🙂\n".encode("utf-16-le"), "utf-16"),
    ],
)
def test_byte_order_mark_does_not_pollute_the_first_header(data: bytes, encoding: str) -> None:
    [draft] = read(data)
    assert draft.text == "Grüße 🙂"
    assert draft.encoding == encoding


def test_legacy_8_bit_table() -> None:
    data = "text,title\n“Don’t” – il était fermé,Café\n".encode("cp1252")
    [draft] = read(data)
    assert draft.text == "“Don’t” – il était fermé"
    assert draft.title == "Café"
    assert draft.encoding == "cp1252"


def test_binary_file_is_refused() -> None:
    assert refusal(b"PK\x03\x04\x14\x00\x06\x00" + bytes(100), "book.csv") == (
        "book.csv: looks like a binary file, not text"
    )


def test_the_head_of_a_table_names_its_columns_and_guesses_the_text_column() -> None:
    data = "id,title,body,url\n1,Bridge,The council spent £23.6m.,http://x\n2,"
    head = read_head(data.encode("utf-8"), "pages.csv")
    assert head.columns == ["id", "title", "body", "url"]
    assert head.first_row == ["1", "Bridge", "The council spent £23.6m.", "http://x"]
    assert head.guess_text_column() == "body"
    unnamed = read_head(b"a\tb\nshort\ta much longer cell of text\n", "pages.tsv")
    assert unnamed.guess_text_column() == "b"
    assert read_head(b"Text,x\n", "t.csv").guess_text_column() == "Text"


def test_a_row_without_a_title_is_titled_by_its_headline() -> None:
    page = '"Ferry fares to rise by a fifth from April\nThe operator said so."'
    drafts = read(f"text,title\n{page},\n{page},Given\nno headline.,\n", "pages.csv")
    assert [d.title for d in drafts] == [
        "Ferry fares to rise by a fifth from April",
        "Given",
        "pages row 6",  # the line it is on: the rows above span two lines each
    ]


def test_our_span_table_export_is_refused_as_holding_no_pages(tmp_path: Path) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    target = tmp_path / "spans.csv"
    project.exporter.export(target, "csv", "alice")
    with pytest.raises(InputError) as caught:
        read_table(target.read_bytes(), ReadOptions(str(target)))
    assert str(caught.value) == (
        f"{target}, line 1: is a table of spans (one row per span, as the csv export writes "
        "it), not of pages: it holds no page texts to import; import that export's JSONL (or "
        "another format that holds the texts) instead"
    )
