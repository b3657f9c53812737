"""Merging carries the origins of accepted suggestions and the rejected suggestions of each
layer into the team project; trained models stay behind."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from keyword_trainer import KeywordTrainer
from project_files import TEXTS, annotator_file, downgrade, execute

from annotator.core.model import DocumentDraft
from annotator.core.suggestions.base import Origin
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.merge import MergeReport
from annotator.services.project import Project
from annotator.services.span_batches import Placement, read_origins
from annotator.services.suggestions import SuggestionService
from annotator.store.untrusted import read_untrusted_project

ORIGIN = Origin("detector", "1", 0.75, "like 'Click here to subscribe'")
#: Bob rejected "Rain fell all day." as Boilerplate (label 3) in document 3, as a raw row.
REJECTION = (
    'INSERT INTO suggestion_rejections (annotator_id, document_id, label_id, start, "end", '
    "recommender, rejected_at) VALUES (1, 3, 3, 25, 43, 'detector', '2026-03-01 10:00:00')"
)


@pytest.fixture
def team(tmp_path: Path) -> Iterator[Project]:
    """A team project that holds another page first, so the file's ids are not the team's."""
    project = Project.open(tmp_path / "team.annotator", "lead")
    project.importer.import_drafts(
        [DocumentDraft(text="A page only the team has.", title="Team", source="team.txt")],
        ImportOptions(default_annotator="lead"),
        ImportReport(),
    )
    yield project
    project.close()


def bob_file(tmp_path: Path, *, trained: bool = True) -> Path:
    """Bob accepted "Click here to subscribe." from a suggestion, labelled two opinions
    himself, rejected one suggestion and (``trained``) trained his model."""
    path = annotator_file(
        tmp_path / "bob.annotator",
        "bob",
        [(0, "Opinion", 26, 36, None), (1, "Opinion", 27, 39, None)],
    )
    project = Project.open(path, "bob")
    try:
        third = project.catalog.document_summaries(project.annotator_id)[2].id
        boiler = project.catalog.labels()[2].id
        project.batches.add_many(third, project.annotator_id, [Placement(boiler, 0, 24, ORIGIN)])
        if trained:
            service = SuggestionService(project.store, trainer=KeywordTrainer())
            service.models.train(project.annotator_id)
    finally:
        project.close()
    execute(path, REJECTION)
    return path


def merge(team: Project, path: Path) -> MergeReport:
    report = team.merger.merge_paths([path], own_layer="lead")
    assert report.ok, report.files
    return report


def _bob(team: Project) -> int:
    return next(a.id for a in team.catalog.annotators() if a.name == "bob")


def _team_document(team: Project, text: str) -> int:
    return next(
        d.id
        for d in team.catalog.document_summaries(_bob(team))
        if team.catalog.document(d.id).text == text
    )


def _origins(team: Project) -> dict[str, Origin]:
    found: dict[str, Origin] = {}
    for text in TEXTS:
        document = _team_document(team, text)
        spans = team.catalog.spans(document, _bob(team))
        with team.store.reading() as session:
            origins = read_origins(session.connection(), [s.id for s in spans])
        found.update({text[s.start : s.end]: origins[s.id] for s in spans if s.id in origins})
    return found


def _rejections(team: Project) -> list[tuple[object, ...]]:
    with closing(team.store.engine.raw_connection()) as connection:
        rows = connection.execute(
            'SELECT annotator_id, document_id, label_id, start, "end", recommender '
            "FROM suggestion_rejections"
        ).fetchall()
    return [tuple(row) for row in rows]


def test_origins_and_rejections_come_with_the_layer_and_the_model_stays(
    team: Project, tmp_path: Path
) -> None:
    report = merge(team, bob_file(tmp_path))
    origins = _origins(team)
    assert list(origins) == ["Click here to subscribe."]
    kept = origins["Click here to subscribe."]
    assert (kept.recommender, kept.version, kept.score, kept.reason) == (
        "detector",
        "1",
        0.75,
        "like 'Click here to subscribe'",
    )
    boiler = team.catalog.labels()[2].id
    third = _team_document(team, TEXTS[2])
    assert third != 3  # the team's own page came first
    assert _rejections(team) == [(_bob(team), third, boiler, 25, 43, "detector")]
    assert report.files[0].messages == [
        "layer 'bob': 1 span(s) accepted from suggestions keep their origin; 1 rejected "
        "suggestion(s) stay rejected",
        "layer 'bob': its trained suggestion model is not merged; suggestions learn again "
        "from the merged labels",
    ]
    assert team.suggestions.models.model_info(_bob(team)) is None


def test_merging_the_same_file_again_changes_nothing(team: Project, tmp_path: Path) -> None:
    path = bob_file(tmp_path, trained=False)
    merge(team, path)
    before = (_origins(team), _rejections(team))
    merge(team, path)
    assert (_origins(team), _rejections(team)) == before
    assert len(before[1]) == 1


def test_a_newer_file_without_the_rejection_takes_it_back(team: Project, tmp_path: Path) -> None:
    path = bob_file(tmp_path, trained=False)
    merge(team, path)
    execute(path, "DELETE FROM suggestion_rejections")
    report = merge(team, path)
    assert _rejections(team) == []
    assert list(_origins(team)) == ["Click here to subscribe."]
    assert report.files[0].messages[0].endswith("0 rejected suggestion(s) stay rejected")


def test_a_file_from_before_suggestions_still_merges(team: Project, tmp_path: Path) -> None:
    path = annotator_file(tmp_path / "old.annotator", "bob", [(0, "Claim", 0, 25, None)])
    downgrade(path, "0007")
    report = merge(team, path)
    assert report.files[0].messages == []
    assert _origins(team) == {} and _rejections(team) == []
    assert [s.start for s in team.catalog.spans(_team_document(team, TEXTS[0]), _bob(team))] == [0]


HOSTILE = {
    "score": ("UPDATE span_origins SET score = 7", r"table span_origins, row '\w+': the score 7"),
    "reason": (
        "UPDATE span_origins SET reason = printf('%.501c', 'x')",
        r"reason is longer than 500",
    ),
    "recommender": ("UPDATE span_origins SET recommender = ' '", r"recommender is empty"),
    "time": ("UPDATE span_origins SET accepted_at = 'later'", r"the time 'later' cannot be read"),
    "range": (
        'UPDATE suggestion_rejections SET "end" = 4000',
        r"table suggestion_rejections, row 1: 25-4000 is outside the text \(0-43\)",
    ),
    "label": (
        "UPDATE suggestion_rejections SET label_id = 9",
        r"table suggestion_rejections, row 1: label 9 does not exist",
    ),
    "document": (
        "UPDATE suggestion_rejections SET document_id = 9",
        r"row 1: document 9 does not exist",
    ),
    "model-owner": (
        "UPDATE suggestion_models SET annotator_id = 9",
        r"table suggestion_models, row \"9/'learned'\": annotator 9 does not exist",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_file_with_bad_suggestion_rows_is_refused_whole(
    team: Project, tmp_path: Path, case: str
) -> None:
    statement, message = HOSTILE[case]
    path = bob_file(tmp_path)
    execute(path, statement)
    report = team.merger.merge_paths([path], own_layer="lead")
    [outcome] = report.files
    assert not outcome.merged and outcome.error is not None
    assert re.search(message, outcome.error), outcome.error
    assert not any(a.name == "bob" for a in team.catalog.annotators())


def test_an_origin_of_a_span_undone_in_the_file_is_passed_over(tmp_path: Path) -> None:
    path = bob_file(tmp_path, trained=False)
    execute(
        path,
        "INSERT INTO span_origins (span_id, recommender, version, score, reason, accepted_at) "
        f"VALUES ('{'e' * 32}', 'detector', '1', 0.5, '', '2026-03-01 10:00:00')",
    )
    incoming = read_untrusted_project(path)
    assert len(incoming.origins) == 1 and "e" * 32 not in incoming.origins
    assert len(incoming.rejections) == 1 and incoming.trained == set()
