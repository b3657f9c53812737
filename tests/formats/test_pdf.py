"""PDF import: the text layer page by page, as pypdf extracts it, and one clear line for
what has none (scans), what is locked and what is damaged."""

from __future__ import annotations

import importlib.util
import io
import logging
from pathlib import Path

import pypdf
import pytest
from document_files import missing_library_message, pdf_file

from annotator.errors import InputError
from annotator.formats.base import ReadOptions
from annotator.formats.pdf import read_pdf

#: What Helvetica in WinAnsiEncoding can show: Windows-1252, no emoji or RTL scripts.
WESTERN = "Café “naïve” — €5 ½ price… Ørsted’s «quote» ß"


def read(data: bytes, name: str = "reports/fares.pdf") -> tuple[str, str]:
    [draft] = read_pdf(data, ReadOptions(name))
    assert draft.source == name
    return draft.text, draft.title


def refusal(data: bytes, name: str = "reports/fares.pdf") -> str:
    with pytest.raises(InputError) as caught:
        read_pdf(data, ReadOptions(name))
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and "\n" not in message
    return message.removeprefix(f"{name}: ")


def test_pages_are_blocks_with_their_lines_and_the_title_from_the_metadata() -> None:
    data = pdf_file(
        ["Ferry fares to rise", WESTERN],
        [],  # a blank page: left out
        ["The operator said fuel costs left it no choice, a hyphen-", "ated word stays split."],
        title="Fares  report 2024",
    )
    text, title = read(data)
    assert text == (
        f"Ferry fares to rise\n{WESTERN}\n\n"
        "The operator said fuel costs left it no choice, a hyphen-\nated word stays split."
    )
    assert title == "Fares report 2024"


def test_without_a_metadata_title_the_first_line_is_the_title() -> None:
    assert read(pdf_file(["", "  Annual   report", "Body."]))[1] == "Annual report"


def test_a_pdf_without_text_is_said_to_be_scanned() -> None:
    assert refusal(pdf_file([], [])) == (
        "has no text layer; it is probably scanned images (this tool does no OCR)"
    )


def test_what_is_not_a_pdf_or_is_damaged_is_refused_in_one_line() -> None:
    assert refusal(b"") == "is not a PDF file (it does not start with %PDF-)"
    assert refusal(b"<html>Not found</html>") == "is not a PDF file (it does not start with %PDF-)"
    whole = pdf_file(["Fares rise."])
    assert refusal(whole[:150]).startswith("is a damaged PDF that cannot be read (")


def _encrypted(user_password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_file(["Locked text."]))))
    # RC4: pypdf encrypts it without the cryptography package, which AES needs.
    writer.encrypt(user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_encrypted_only_against_copying_opens_with_the_empty_password() -> None:
    assert read(_encrypted(""))[0] == "Locked text."


def test_a_password_protected_pdf_is_refused() -> None:
    assert refusal(_encrypted("secret")) == "is protected by a password; save it without one"


@pytest.mark.skipif(
    importlib.util.find_spec("cryptography") is not None,
    reason="with cryptography installed pypdf opens AES files",
)
def test_an_aes_encrypted_pdf_without_cryptography_says_what_to_install() -> None:
    aes = (
        b"/Encrypt << /Filter /Standard /V 5 /R 6 /Length 256 /P -4 "
        b"/O <%s> /U <%s> /OE <%s> /UE <%s> /StmF /StdCF /StrF /StdCF "
        b"/CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> >> "
        b"/ID [<00> <00>] /Root" % (b"00" * 48, b"00" * 48, b"00" * 32, b"00" * 32)
    )
    message = refusal(pdf_file(["x"]).replace(b"/Root", aes))
    assert message.startswith("is encrypted with AES") and "pip install cryptography" in message


def test_pypdfs_warnings_go_to_the_log_not_the_console(
    capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    data = pdf_file(["Fares rise."]).replace(b"startxref\n", b"startxref\n9")  # a wrong offset
    with caplog.at_level(logging.DEBUG):
        assert read(data)[0] == "Fares rise."
    assert capfd.readouterr() == ("", "")
    # pypdf's records reach no handler of the root logger (the console's, once configured):
    # they come back as ours, at INFO level, naming the file.
    assert [r.name for r in caplog.records] == ["annotator.formats.pdf"] * len(caplog.records)
    assert {r.levelno for r in caplog.records} == {logging.INFO}
    assert (
        caplog.records[0].getMessage().startswith("reports/fares.pdf: pypdf: incorrect startxref")
    )
    assert logging.getLogger("pypdf").propagate  # put back as it was


def test_without_pypdf_the_message_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page = tmp_path / "fares.pdf"
    page.write_bytes(pdf_file(["Fares rise."]))
    assert missing_library_message(monkeypatch, page, "pypdf", read_pdf) == (
        "Reading PDF files needs pypdf, which is not installed: run "
        "pip install 'annotator[pdf]' (or 'annotator[formats]' for every format)"
    )
