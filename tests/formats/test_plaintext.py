"""Tests for :mod:`annotator.formats.plaintext` and the format registry that picks readers."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from annotator.errors import InputError
from annotator.formats.base import ReadOptions
from annotator.formats.plaintext import read_text
from annotator.formats.registry import default_registry


def test_whole_file_is_one_document_titled_by_its_name() -> None:
    [draft] = read_text(b"Hello.\nSecond line.\n", ReadOptions("scraped/2024/front-page.txt"))
    assert draft.text == "Hello.\nSecond line.\n"
    assert draft.title == "front-page"
    assert draft.source == "scraped/2024/front-page.txt"
    assert draft.encoding == "utf-8"
    assert draft.spans == []
    assert draft.meta == {}


def test_text_is_kept_verbatim_for_the_importer_to_normalise() -> None:
    text = "a\r\nb\rc\u2028d\u2029e\x0cf\x85g\th  \n"
    [draft] = read_text(text.encode(), ReadOptions("p.txt"))
    assert draft.text == text


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Grüße 🙂 שלום".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "Grüße 🙂 שלום".encode(), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "Grüße 🙂 שלום".encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + "Grüße 🙂 שלום".encode("utf-16-be"), "utf-16"),
    ],
)
def test_encoding_is_detected_and_recorded(data: bytes, encoding: str) -> None:
    [draft] = read_text(data, ReadOptions("p.txt"))
    assert draft.text == "Grüße 🙂 שלום"
    assert draft.encoding == encoding


def test_legacy_8_bit_text() -> None:
    text = "Le café était fermé à Noël — “dommage”.\r\n"
    [draft] = read_text(text.encode("cp1252"), ReadOptions("fr.txt"))
    assert (draft.text, draft.encoding) == (text, "cp1252")


def test_binary_file_is_refused() -> None:
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(32)
    with pytest.raises(InputError) as caught:
        read_text(png, ReadOptions("photo.txt"))
    assert str(caught.value) == "photo.txt: looks like a binary file, not text"


def test_empty_file_reads_as_an_empty_document_for_the_importer_to_refuse() -> None:
    [draft] = read_text(b"", ReadOptions("empty.txt"))
    assert draft.text == ""


def test_file_without_a_stem_is_titled_by_its_name() -> None:
    [draft] = read_text(b"x", ReadOptions(".txt"))
    assert draft.title == ".txt"


# --- the registry ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("a.txt", "txt"),
        ("A.TXT", "txt"),
        ("notes.text", "txt"),
        ("x.jsonl", "jsonl"),
        ("x.NDJSON", "jsonl"),
        ("t.csv", "csv"),
        ("t.Tsv", "csv"),
        ("export.JSON", "labelstudio"),
        ("README.md", "md"),
        ("notes.Markdown", "md"),
        ("letter.DOCX", "docx"),
        ("scan.pdf", "pdf"),
        ("page.HTML", "html"),
        ("page.htm", "html"),
        ("page.xhtml", "html"),
    ],
)
def test_readers_are_chosen_by_extension_case_insensitively(name: str, reader: str) -> None:
    found = default_registry().reader_for(Path(name))
    assert found is not None
    assert found.name == reader


@pytest.mark.parametrize("name", ["image.png", "letter.rtf", "README", "out.jsonl.meta.json"])
def test_other_files_have_no_reader(name: str) -> None:
    assert default_registry().reader_for(Path(name)) is None


def test_registry_lists_extensions_and_writers() -> None:
    registry = default_registry()
    assert set(registry.extensions) == {
        ".txt",
        ".text",
        ".jsonl",
        ".ndjson",
        ".csv",
        ".tsv",
        ".json",
        ".md",
        ".markdown",
        ".docx",
        ".pdf",
        ".html",
        ".htm",
        ".xhtml",
        ".parquet",
        ".ann",
        ".xmi",
        ".conll",
        ".bio",
        ".iob",
        ".spacy",
    }
    writer = registry.writer("jsonl")
    assert writer is not None
    assert writer.extension == ".jsonl"
    assert registry.writer("xml") is None


def test_a_page_is_titled_by_its_headline_and_keeps_its_file_as_source() -> None:
    page = (
        "Ferry fares to rise by a fifth from April - The Harbour Times\n"
        "Home | News | Sport\n"
        "The operator said fuel costs left it no choice.\n"
    )
    [draft] = read_text(page.encode(), ReadOptions("scraped/2024/ferry.txt"))
    assert draft.title == "Ferry fares to rise by a fifth from April"
    assert draft.source == "scraped/2024/ferry.txt"
