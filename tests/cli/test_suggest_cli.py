"""``annotator suggest`` and ``annotator suggest-eval``, on the invented evaluation pages."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from project_files import execute
from suggest_pages import EVAL_CORPUS
from test_cli import env  # noqa: F401 (the fixture)

from annotator.cli import main
from annotator.core.model import DocumentDraft
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.settings import Settings, SettingsStore

PAGES = EVAL_CORPUS.read_text("utf-8").split("\n")
FIRST = json.loads(PAGES[0])
#: A page of the first site no one has labelled: the first page with another story.
UNLABELLED = FIRST["text"].replace("Harbour", "Marina").replace("harbour", "marina")
FOOTER = "© 2024 Marlow Ledger Media Ltd. All rights reserved."


@pytest.fixture(autouse=True)
def _user_alice() -> None:
    SettingsStore().save(Settings(annotator_name="alice"))


def eval_project(tmp_path: Path, pages: int = 12, annotator: str = "alice") -> Path:
    """A project of the first ``pages`` evaluation pages labelled by ``annotator``, and
    one page nobody labelled."""
    corpus = tmp_path / "pages.jsonl"
    corpus.write_text("\n".join(PAGES[:pages]) + "\n", "utf-8")
    path = tmp_path / "p.annotator"
    project = Project.open(path, annotator)
    try:
        report = project.importer.import_paths([corpus], ImportOptions(default_annotator=annotator))
        assert report.ok
        project.importer.import_drafts(
            [DocumentDraft(text=UNLABELLED, title="Marina", source="new.txt")],
            ImportOptions(default_annotator=annotator),
            ImportReport(),
        )
    finally:
        project.close()
    return path


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_suggest_learns_from_the_annotators_labels_and_writes_jsonl(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = eval_project(tmp_path)
    out = tmp_path / "suggested.jsonl"
    assert main(["suggest", str(project), "-o", str(out)]) == 0
    printed = capsys.readouterr()
    learned, wrote = printed.out.splitlines()
    assert learned.startswith("Learned from 12 document(s) and 220 span(s) in ")
    assert learned.endswith("From alice's labels; not saved.")
    assert wrote.startswith("Wrote ") and wrote.endswith(
        f"in 13 document(s) for alice (each label's threshold) to {out}."
    )
    assert printed.err == ""
    written = records(out)
    assert [r["text"] for r in written[:12]] == [json.loads(p)["text"] for p in PAGES[:12]]
    assert all(set(r) == {"id", "text", "spans", "meta"} for r in written)
    labelled = [json.loads(page)["spans"] for page in PAGES[:12]]
    for record, spans in zip(written, labelled, strict=False):
        for suggestion in record["spans"]:  # nothing alice labelled is suggested again
            assert all(
                suggestion["end"] <= s["start"] or s["end"] <= suggestion["start"] for s in spans
            )
    new = {s["text"]: s for s in written[12]["spans"]}
    assert new[FOOTER]["label"] == "Boilerplate" and new[FOOTER]["source"] == "learned"
    assert new[FOOTER]["version"].startswith("learned-1:")
    assert {"Claim", "Boilerplate"} <= {s["label"] for s in new.values()}
    for span in new.values():
        assert set(span) == {
            "start",
            "end",
            "label",
            "text",
            "score",
            "source",
            "version",
            "reason",
        }
        assert span["score"] >= 0.5 and span["reason"]
        assert UNLABELLED[span["start"] : span["end"]] == span["text"]
    assert written[12]["meta"]["title"] == "Marina"
    # The shape is the export's: the file imports, its suggestions as spans.
    again = tmp_path / "again.annotator"
    assert main(["import", str(again), str(out), "--annotator", "bot"]) == 0
    assert f"{sum(len(r['spans']) for r in written)} span(s) added" in capsys.readouterr().out


def test_with_no_labels_the_detector_suggests_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = eval_project(tmp_path, pages=3, annotator="bob")
    out = tmp_path / "suggested.jsonl"
    assert main(["suggest", str(project), "-o", str(out)]) == 0
    printed = capsys.readouterr()
    assert printed.err == (
        "annotator: alice has no labels in p.annotator; suggesting with the boilerplate "
        "detector alone.\n"
    )
    spans = [s for record in records(out) for s in record["spans"]]
    assert spans and {s["source"] for s in spans} == {"detector"}
    assert {s["label"] for s in spans} == {"Boilerplate"}
    assert any(s["text"] == FOOTER and "repeated on" in s["reason"] for s in spans)


def test_one_label_is_too_little_to_learn_so_the_detector_suggests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.annotator"
    project = Project.open(path, "alice")
    try:
        project.importer.import_drafts(
            [DocumentDraft(text="Share this page.\nRain fell.", title="T", source="t.txt")],
            ImportOptions(default_annotator="alice"),
            ImportReport(),
        )
        document = project.catalog.document_summaries(project.annotator_id)[0].id
        claim = project.catalog.labels()[0].id
        project.annotation.add_span(document, project.annotator_id, claim, 0, 27)
    finally:
        project.close()
    assert main(["suggest", str(path), "-o", str(tmp_path / "out.jsonl")]) == 0
    err = capsys.readouterr().err
    assert err.startswith("annotator: Too little to learn from")
    assert err.endswith("; suggesting with the boilerplate detector alone.\n")


def test_rejected_suggestions_are_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = eval_project(tmp_path, pages=3, annotator="bob")
    out = tmp_path / "suggested.jsonl"
    args = ["suggest", str(project), "--annotator", "bob", "-o", str(out)]
    assert main(args) == 0
    [new] = [r for r in records(out) if r["text"] == UNLABELLED]
    [footer] = [s for s in new["spans"] if s["text"] == FOOTER]
    execute(
        project,
        "INSERT INTO suggestion_rejections (annotator_id, document_id, label_id, start, "
        '"end", recommender, rejected_at) SELECT 1, id, 3, '
        f"{footer['start']}, {footer['end']}, 'learned', '2026-03-01 10:00:00' "
        "FROM documents WHERE title = 'Marina'",
    )
    assert main(args) == 0
    [new] = [r for r in records(out) if r["text"] == UNLABELLED]
    assert FOOTER not in {s["text"] for s in new["spans"]}


def test_chosen_documents_to_standard_output_with_a_higher_floor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = eval_project(tmp_path, pages=3)
    first = json.loads(PAGES[1])["text"]
    key = hashlib.sha256(first.encode()).hexdigest()[:10]
    args = ["suggest", str(project), "-o", "-", "--documents", key, "--min-score", "0.95"]
    assert main(args) == 0
    printed = capsys.readouterr()
    [record] = [json.loads(line) for line in printed.out.splitlines()]
    assert record["text"] == first
    assert all(s["score"] >= 0.95 for s in record["spans"])
    assert printed.err.splitlines()[-1].endswith(
        "in 1 document(s) for alice (scores from 0.95) to standard output."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--annotator", "zoe"],
            "No annotator is called 'zoe' in p.annotator (its annotators: alice).",
        ),
        (["--documents", "abc"], "'abc': give at least 8 digits of the document id."),
        (
            ["-o", "{tmp}/missing/out.jsonl"],
            "Cannot write {tmp}/missing/out.jsonl: its folder does not exist.",
        ),
        (["-o", "{tmp}"], "Cannot write {tmp}: it is a folder, not a file."),
    ],
)
def test_what_cannot_be_done_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    project = eval_project(tmp_path, pages=2)
    argv = ["suggest", str(project), "-o", str(tmp_path / "out.jsonl")]
    argv += [arg.format(tmp=tmp_path) for arg in args]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"annotator: error: {message.format(tmp=tmp_path)}")
    assert err.count("\n") == 1
    assert not (tmp_path / "out.jsonl").exists()


#: Runs the command line with scikit-learn made impossible to import.
_WITHOUT_SKLEARN = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "sklearn":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Block())
from annotator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_without_scikit_learn_the_detector_suggests_and_says_so(
    env: dict[str, str],  # noqa: F811
    tmp_path: Path,
) -> None:
    project = eval_project(tmp_path, pages=2)
    out = tmp_path / "out.jsonl"
    argv = [sys.executable, "-c", _WITHOUT_SKLEARN, "suggest", str(project), "-o", str(out)]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "annotator: Install annotator[suggest] (scikit-learn) to learn from your labels; "
        "suggesting with the boilerplate detector alone.\n"
    )
    assert {s["source"] for r in records(out) for s in r["spans"]} == {"detector"}


def test_suggest_eval_measures_leaving_one_document_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = eval_project(tmp_path, pages=4)
    assert main(["suggest-eval", str(project), "--json"]) == 0
    printed = capsys.readouterr()
    assert printed.err == "annotator: measuring suggestions on 4 of alice's labelled documents …\n"
    report = json.loads(printed.out)
    assert (report["recommender"], report["documents"]) == ("learned + detector", 4)
    assert list(report["labels"]) == ["Claim", "Opinion", "Boilerplate"]
    assert report["labels"]["Boilerplate"]["characters"]["f1"] > 0.5
    assert [point["documents"] for point in report["curve"]] == [1, 2, 3]
    assert main(["suggest-eval", str(project), "--detector-only"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Suggestions from detector, on 4 labelled documents, nothing trained")
    assert "Learning curve" not in text
    rows = [line.split()[0] for line in text.splitlines()[4:] if line.strip()]
    assert rows == ["Boilerplate", "macro"]  # the labels the detector cannot suggest left out


def test_suggest_eval_needs_two_labelled_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = eval_project(tmp_path, pages=1)
    assert main(["suggest-eval", str(project)]) == 1
    assert capsys.readouterr().err == (
        "annotator: error: alice has labelled 1 document(s) in p.annotator; leaving one out "
        "at a time needs at least two.\n"
    )


@pytest.mark.parametrize("command", ["suggest", "export"])
def test_neither_suggest_nor_export_writes_over_a_project_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    project = tmp_path / "p.annotator"
    other = tmp_path / "other.annotator"
    for path in (project, other):
        assert main(["import", str(path), str(EVAL_CORPUS)]) == 0
    before = other.read_bytes()
    capsys.readouterr()
    for target in (project, other):
        assert main([command, str(project), "-o", str(target)]) != 0
        err = capsys.readouterr().err
        assert "it is a project file (an SQLite database)" in err
        assert "Choose another file name." in err
    assert other.read_bytes() == before
    assert main(["stats", str(project)]) == 0  # still a project with its work
