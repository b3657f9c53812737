"""Word ``.docx`` import: paragraphs, tables, headers and footers in reading order, tracked
changes as accepted, the tricky-Unicode corpus carried through exactly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from document_files import missing_library_message, word_file
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from format_roundtrip import PAGES, imported
from hypothesis import given, settings
from unicode_text import PIECES, TEXTS

from annotator.core.text import normalize_newlines
from annotator.errors import InputError
from annotator.formats.base import ReadOptions
from annotator.formats.word import read_word

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)
REVISION = 'w:author="Alice" w:date="2024-03-01T09:00:00Z"'


def read(data: bytes, name: str = "letters/fares.docx") -> tuple[str, str]:
    [draft] = read_word(data, ReadOptions(name))
    assert draft.source == name
    return draft.text, draft.title


def saved(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def report_like_word_writes_it() -> bytes:
    """A two-section report with what Word documents carry: a Title, headers and footers, a
    table with a merged cell, a line and a page break, a hyperlink, a tracked insertion and
    deletion, a page-number field, a content control, a text box (with the VML copy Word
    writes for older readers)."""
    document = docx.Document()
    document.add_paragraph("Ferry fares to rise", style="Title")
    intro = document.add_paragraph("The operator said")
    intro.add_run().add_break()
    intro.add_run("fuel costs left it no choice.")
    breaking = document.add_paragraph("Before the break")
    breaking.add_run().add_break(WD_BREAK.PAGE)
    breaking.add_run("after it.")
    link = document.part.relate_to(
        "https://example.org/fares", RELATIONSHIP_TYPE.HYPERLINK, is_external=True
    )
    body = document.element.body
    marks = (
        f'<w:p><w:r><w:t xml:space="preserve">Read </w:t></w:r>'
        f'<w:hyperlink r:id="{link}"><w:r><w:t>the notice</w:t></w:r></w:hyperlink>'
        f'<w:ins w:id="1" {REVISION}><w:r><w:t xml:space="preserve"> today</w:t></w:r></w:ins>'
        f'<w:del w:id="2" {REVISION}><w:r><w:delText> tomorrow</w:delText></w:r></w:del>'
        '<w:r><w:t xml:space="preserve"> (page </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>).</w:t></w:r></w:p>'
    )
    box = "<w:txbxContent><w:p><w:r><w:t>Donate now</w:t></w:r></w:p></w:txbxContent>"
    anchored = (
        "<w:p><w:r><w:t>Fares rise in April.</w:t></w:r><w:r><mc:AlternateContent>"
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing>'
        f"</mc:Choice><mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )
    control = (
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>Signed: the board</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    for fragment in (marks, anchored, control):
        body.insert(len(body) - 1, parse_xml(_declared(fragment)))
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Route", "Fare"
    table.cell(1, 0).merge(table.cell(1, 1)).text = "Suspended"
    document.add_paragraph("")  # an empty paragraph, as Enter pressed twice leaves
    document.sections[0].header.paragraphs[0].text = "The Harbour Times"
    document.sections[0].footer.paragraphs[0].text = "© 2024 Harbour Media"
    second = document.add_section()
    second.footer.is_linked_to_previous = False
    second.footer.paragraphs[0].text = "© 2024 Harbour Media"  # the same again: read once
    document.add_heading("Appendix", 1)
    return saved(document)


def _declared(fragment: str) -> str:
    """``fragment`` with the namespaces declared on its root element."""
    name_end = min(i for i in (fragment.find(" "), fragment.find(">")) if i > 0)
    return f"{fragment[:name_end]} {NAMESPACES}{fragment[name_end:]}"


def test_a_report_reads_in_reading_order_as_word_shows_it() -> None:
    text, title = read(report_like_word_writes_it())
    assert text == "\n\n".join(
        [
            "The Harbour Times",
            "Ferry fares to rise",
            "The operator said\nfuel costs left it no choice.",
            "Before the break\nafter it.",
            "Read the notice today (page 2).",
            "Fares rise in April.",
            "Donate now",
            "Signed: the board",
            "Route\tFare\nSuspended",
            "Appendix",
            "© 2024 Harbour Media",
        ]
    )
    assert title == "Ferry fares to rise"


def test_a_table_reads_as_a_line_per_row_with_its_cells_tab_separated() -> None:
    document = docx.Document()
    document.add_paragraph("Quarterly results follow.")
    table = document.add_table(rows=4, cols=3)
    for (row, column), text in {(0, 0): "Q", (0, 1): "Revenue", (0, 2): "Note"}.items():
        table.cell(row, column).text = text
    table.cell(1, 0).text, table.cell(1, 1).text = "Q3", "$4.1M"
    several = table.cell(1, 2)
    several.paragraphs[0].add_run("Restated")
    several.add_paragraph("after audit").add_run().add_break()
    several.paragraphs[1].add_run("in\tMay")
    table.cell(2, 0).merge(table.cell(3, 0)).text = "Q4"  # merged down: its second row empty
    table.cell(2, 1).text = "$3.9M"
    nested = table.cell(3, 2).add_table(rows=2, cols=2)
    nested.cell(0, 0).text, nested.cell(0, 1).text = "EU", "1.2"
    nested.cell(1, 0).text, nested.cell(1, 1).text = "US", "2.7"
    document.add_table(rows=2, cols=2)  # nothing typed in it: no block at all
    document.add_paragraph("Figures are unaudited.")
    text, _title = read(saved(document))
    assert text == "\n\n".join(
        [
            "Quarterly results follow.",
            "Q\tRevenue\tNote\n"
            "Q3\t$4.1M\tRestated after audit in May\n"
            "Q4\t$3.9M\t\n"
            "\t\tEU 1.2 US 2.7",
            "Figures are unaudited.",
        ]
    )


def test_the_title_is_the_core_title_else_a_heading_else_the_file_name() -> None:
    assert read(word_file("Body.", title="Annual report", heading="Results"))[1] == "Annual report"
    assert read(word_file("Body.", heading="Results  2024"))[1] == "Results 2024"
    assert read(word_file("Body."), "letters/to-the-board.docx")[1] == "to-the-board"


def test_the_tricky_corpus_comes_back_exactly() -> None:
    # XML 1.0 cannot hold a form feed, so no .docx holds one; every other piece goes through.
    pieces = [piece for piece in PIECES if piece != "\f"]
    paragraphs = [f"a{piece}b" for piece in pieces] + [p.text.replace("\f", " ") for p in PAGES]
    text, _title = read(word_file(*paragraphs))
    assert text == "\n\n".join(normalize_newlines(p)[0] for p in paragraphs)


@settings(max_examples=25, deadline=None)
@given(TEXTS.map(lambda text: text.replace("\f", "")))
def test_any_corpus_text_in_a_paragraph_comes_back(text: str) -> None:
    expected = normalize_newlines(text)[0].strip("\n")
    assert read(word_file(text))[0] == (expected if expected.strip() else "")


def test_the_tricky_pages_import_through_docx_files(tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    for number, page in enumerate(PAGES):
        text = page.text.replace("\f", " ")
        (folder / f"{number}.docx").write_bytes(word_file(text, title=page.title))
    project = imported(tmp_path / "p.annotator", folder)
    documents = project.catalog.document_summaries(project.annotator_id)
    assert {project.catalog.document(d.id).text for d in documents} == {
        normalize_newlines(p.text.replace("\f", " "))[0] for p in PAGES
    }
    assert {d.title for d in documents} == {" ".join(p.title.split()) for p in PAGES}


def _zip(**members: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name.replace("__", "/").replace("CT", "[Content_Types].xml"), content)
    return out.getvalue()


def _damaged_document_xml() -> bytes:
    source = io.BytesIO(word_file("Fine."))
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w") as copy:
        for member in original.infolist():
            data = original.read(member)
            if member.filename == "word/document.xml":
                data = data[: len(data) // 2]  # cut off mid-element
            copy.writestr(member, data)
    return out.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
XLSX_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (OLE2, "it is an old Word .doc file or a password-protected document"),
        (b"Dear board,\r\nplain text saved as .docx", "it is not a zip archive"),
        (b"", "it is not a zip archive"),
        (_zip(readme__txt="no parts"), "the zip archive holds no Word document"),
        (_zip(CT=XLSX_TYPES), "the zip archive holds no Word document"),
        (_damaged_document_xml(), "it is damaged"),
    ],
)
def test_what_is_not_a_docx_is_refused_in_one_line(data: bytes, why: str) -> None:
    with pytest.raises(InputError) as caught:
        read_word(data, ReadOptions("letters/fares.docx"))
    message = str(caught.value)
    assert message.startswith(f"letters/fares.docx: is not a Word .docx file ({why}")
    assert message.endswith(")") and "\n" not in message


def test_without_python_docx_the_message_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page = tmp_path / "fares.docx"
    page.write_bytes(word_file("Fares rise."))
    assert missing_library_message(monkeypatch, page, "docx", read_word) == (
        "Reading Word .docx files needs python-docx, which is not installed: run "
        "pip install 'annotator[docx]' (or 'annotator[formats]' for every format)"
    )
