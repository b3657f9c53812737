"""`annotator import P folder/` with saved web pages, from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from test_cli import env, run  # noqa: F401  (env is a fixture)

from annotator.services.project import Project

NEWS = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    "<title>Caf\u00e9 closes \u2013 Harbour Gazette</title></head><body>"
    '<nav><a href="/">Home</a></nav><p>The caf\u00e9 closed on Monday.</p>'
    "<footer>\u00a9 2024 Harbour Gazette</footer></body></html>"
)
FORUM = (
    "<html><body><h1>Bridge thread</h1><blockquote>admin wrote: it opened</blockquote>"
    "<p>It did not.</p></body></html>"
)
XHTML = (
    '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
    "<head><title>Shalom</title></head>"
    "<body><p>\u05e9\u05dc\u05d5\u05dd \U0001f44b</p></body></html>"
)


def exported(
    env: dict[str, str],  # noqa: F811
    project: Path,
    tmp_path: Path,
) -> dict[str, dict[str, Any]]:
    out = tmp_path / "out.jsonl"
    done = run(env, "export", project, "-o", out)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    return {record["meta"]["title"]: record for record in records}


def test_a_folder_of_saved_pages_imports_from_the_command_line(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    folder = tmp_path / "site"
    (folder / "forum").mkdir(parents=True)
    (folder / "news.html").write_bytes(NEWS.encode("cp1252"))
    (folder / "forum" / "thread.HTM").write_text(FORUM, encoding="utf-8")
    (folder / "page.xhtml").write_text(XHTML, encoding="utf-8")
    project = tmp_path / "p.annotator"

    done = run(env, "import", project, folder)
    assert done.returncode == 0, done.stderr
    assert "3 file(s) imported; 3 new document(s)" in done.stdout
    records = exported(env, project, tmp_path)
    assert sorted(records) == ["Bridge thread", "Café closes – Harbour Gazette", "Shalom"]
    news = records["Café closes – Harbour Gazette"]
    assert news["text"] == "Home\n\nThe café closed on Monday.\n\n© 2024 Harbour Gazette"
    assert news["meta"]["encoding"] == "cp1252"
    assert records["Shalom"]["text"] == "\u05e9\u05dc\u05d5\u05dd \U0001f44b"

    again = run(env, "import", project, folder)
    assert again.returncode == 0, again.stderr
    assert "0 new document(s); 3 already in the project" in again.stdout
    opened = Project.open(project, "alice")
    try:
        ids = [d.id for d in opened.catalog.document_summaries(opened.annotator_id)]
        kept = [opened.catalog.original(document_id) for document_id in ids]
        assert all(original is not None and original.blocks for original in kept)
    finally:
        opened.close()


def test_pages_that_cannot_be_read_are_refused_one_line_each(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "good.html").write_text(FORUM, encoding="utf-8")
    (folder / "logo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (folder / "blank.html").write_text("<html><body><script>x()</script></body></html>")
    project = tmp_path / "p.annotator"

    done = run(env, "import", project, folder)
    assert done.returncode != 0
    refused = sorted(line for line in done.stderr.splitlines() if "refused" in line)
    assert refused == [
        f"annotator: refused {folder / 'blank.html'}: the page has no visible text (its body "
        "is empty, or every part of it is a script, a style or hidden)",
        f"annotator: refused {folder / 'logo.html'}: looks like a binary file, not a web page",
    ]
    assert list(exported(env, project, tmp_path)) == ["Bridge thread"]


def test_format_html_reads_a_page_saved_under_another_name(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    saved = tmp_path / "page.txt"
    saved.write_text(FORUM, encoding="utf-8")
    project = tmp_path / "p.annotator"
    done = run(env, "import", project, saved, "--format", "html")
    assert done.returncode == 0, done.stderr
    record = exported(env, project, tmp_path)["Bridge thread"]
    assert record["text"] == "Bridge thread\n\nadmin wrote: it opened\n\nIt did not."
