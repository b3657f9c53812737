"""`annotator import` of a folder of Markdown, Word and PDF files, as users run it."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from document_files import pdf_file, word_file
from test_cli import env, run, run_argv  # noqa: F401  (env is a fixture)

MARKDOWN = (
    "# Ferry fares rise\r\n\r\nThe operator said **fuel costs** left it [no choice](https://x).\r\n"
)


def folder_of_documents(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "fares.md").write_bytes(MARKDOWN.encode("utf-8"))
    (folder / "letter.docx").write_bytes(
        word_file("Dear board,\r\nthe fares rise 👨‍👩‍👧.", heading="Letter to the board")
    )
    (folder / "report.pdf").write_bytes(
        pdf_file(["Annual report", "Café prices rose."], ["Page two."])
    )
    return folder


def exported(env: dict[str, str], project: Path) -> dict[str, dict[str, Any]]:  # noqa: F811
    out = project.with_suffix(".jsonl")
    done = run(env, "export", project, "-o", out)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    return {Path(r["meta"]["source"]).name: r for r in records}


def test_a_folder_of_markdown_word_and_pdf_files_imports(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = tmp_path / "p.annotator"
    done = run(env, "import", project, folder_of_documents(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "3 file(s) imported; 3 new document(s)" in done.stdout
    records = exported(env, project)
    assert {name: (r["meta"]["title"], r["text"]) for name, r in records.items()} == {
        "fares.md": (
            "Ferry fares rise",
            "Ferry fares rise\n\nThe operator said fuel costs left it no choice.",
        ),
        "letter.docx": (
            "Letter to the board",
            "Letter to the board\n\nDear board,\nthe fares rise 👨‍👩‍👧.",
        ),
        "report.pdf": ("Annual report", "Annual report\nCafé prices rose.\n\nPage two."),
    }


def test_bad_documents_are_refused_one_line_each_and_the_rest_imported(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    folder = folder_of_documents(tmp_path)
    (folder / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (folder / "scan.pdf").write_bytes(pdf_file([]))
    project = tmp_path / "p.annotator"
    done = run(env, "import", project, folder)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"annotator: refused {folder / 'old.docx'}: is not a Word .docx file (it is an old "
        "Word .doc file or a password-protected document: save it as .docx without a "
        "password and import that)",
        f"annotator: refused {folder / 'scan.pdf'}: has no text layer; it is probably "
        "scanned images (this tool does no OCR)",
    ]
    assert set(exported(env, project)) == {"fares.md", "letter.docx", "report.pdf"}


def test_without_python_docx_the_import_names_the_extra(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    folder = folder_of_documents(tmp_path)
    project = tmp_path / "p.annotator"
    code = f"""
        import sys
        sys.modules["docx"] = None  # as if python-docx were not installed
        from annotator.cli import main
        sys.exit(main(["import", {str(project)!r}, {str(folder)!r}]))
        """
    done: subprocess.CompletedProcess[str] = run_argv(
        env, [sys.executable, "-c", textwrap.dedent(code)]
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"annotator: refused {folder / 'letter.docx'}: Reading Word .docx files needs "
        "python-docx, which is not installed: run pip install 'annotator[docx]' (or "
        "'annotator[formats]' for every format)"
    ]
    assert "2 file(s) imported" in done.stdout
