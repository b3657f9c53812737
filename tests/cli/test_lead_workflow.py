"""The lead's whole offline workflow, as a lead runs it: merge three annotators' files,
read the agreement, curate every document, export a gold standard with provenance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import gold_edits
from project_files import TEXTS, annotator_file, dump

from annotator.core.curation import Rule
from annotator.core.model import GOLD_LAYER, DocStatus
from annotator.services.project import Project

DONE = [(0, DocStatus.DONE), (1, DocStatus.DONE), (2, DocStatus.DONE)]
# alice and bob agree everywhere; carol differs on the second page and adds a third span.
SAME = [(0, "Claim", 0, 25, None), (1, "Opinion", 27, 39, None)]
CAROL = [(0, "Claim", 0, 25, None), (1, "Claim", 27, 39, None), (2, "Boilerplate", 0, 24, None)]


def lead_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    variables = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        variables[variable] = str(home / variable.lower())
    settings = home / "xdg_config_home" / "annotator" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"annotator_name": "lead"}), encoding="utf-8")
    return variables


def annotator_cli(env: dict[str, str], *args: str | Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "annotator", *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert "Traceback" not in done.stderr
    return done


def test_three_files_to_a_gold_standard(tmp_path: Path) -> None:
    env = lead_env(tmp_path)
    files = [
        annotator_file(tmp_path / "alice.annotator", "alice", SAME, statuses=DONE),
        annotator_file(tmp_path / "bob.annotator", "bob", SAME, statuses=DONE),
        annotator_file(tmp_path / "carol.annotator", "carol", CAROL, statuses=DONE),
    ]
    team = tmp_path / "team.annotator"
    merged = annotator_cli(env, "merge", team, *files)
    assert merged.returncode == 0, merged.stderr

    agreement = annotator_cli(env, "agreement", team, "--json")
    assert agreement.returncode == 0, agreement.stderr
    report = json.loads(agreement.stdout)
    assert report["annotators"] == ["alice", "bob", "carol"]
    pairs = {(p["a"], p["b"]): p for p in report["pairs"]}
    assert pairs["alice", "bob"]["char_kappa"] == 1.0  # identical layers
    assert pairs["alice", "bob"]["span_f1_exact"] == 1.0
    assert pairs["alice", "carol"]["span_f1_exact"] == 0.4  # 1 of 2 and 1 of 3 match
    assert -1.0 <= report["char_alpha"] < 1.0

    project = Project.open(team, "lead")
    try:
        for summary in project.catalog.document_summaries(project.annotator_id):
            project.curation.start(summary.id, Rule.majority(), "lead")
            view = project.curation.view(summary.id)
            held = {(s.start, s.end, s.label_id) for s in view.gold}
            for candidate in view.candidates:  # the curator accepts carol's boilerplate
                names = {label.id: label.name for label in project.catalog.labels()}
                pending = (candidate.start, candidate.end, candidate.label_id) not in held
                if pending and names[candidate.label_id] == "Boilerplate":
                    gold_edits.accept(project, summary.id, candidate, "lead")
            gold_edits.finish(project, summary.id)
        assert project.curation.progress() == (3, 3)
    finally:
        project.close()

    out = tmp_path / "gold.jsonl"
    exported = annotator_cli(env, "export", team, "--gold", "-o", out)
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in out.read_text("utf-8").split("\n") if line]
    spans = [(r["text"], s) for r in records for s in r["spans"]]
    assert [(s["label"], s["provenance"]["decision"]) for _text, s in spans] == [
        ("Claim", "pre-accepted: majority"),
        ("Opinion", "pre-accepted: majority"),
        ("Boilerplate", "accepted"),
    ]
    for text, span in spans:
        assert span["annotator"] == GOLD_LAYER
        assert span["text"] == text[span["start"] : span["end"]]
        assert span["provenance"]["decided_by"] == "lead"
    assert spans[1][1]["provenance"]["proposed_by"] == "alice"
    assert spans[1][1]["provenance"]["agreed_by"] == ["bob"]
    assert [t for t, _s in spans] == [TEXTS[0], TEXTS[1], TEXTS[2]]

    # Merging the same files again changes nothing, the gold standard included.
    before = dump(team)
    again = annotator_cli(env, "merge", team, *files)
    assert again.returncode == 0, again.stderr
    assert dump(team) == before
