"""The agreement service's pair view: confusion matrix and disagreement rows in one read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from project_files import import_all

from annotator.core.disagreements import NO_LABEL_NAME, Kind
from annotator.core.model import DocumentDraft, SpanDraft
from annotator.services.agreement import AgreementError
from annotator.services.project import Project

TEXTS = ["Prices rose. I hate it.", "Soup is good. Rain fell."]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """Two documents; alice and bob label both, carol only the first."""
    opened = Project.open(tmp_path / "p.annotator", "alice")
    drafts = [
        DocumentDraft(
            TEXTS[0],
            "one",
            "test",
            spans=[
                SpanDraft(0, 12, "Claim", "alice"),
                SpanDraft(0, 12, "Claim", "bob"),
                SpanDraft(13, 23, "Opinion", "alice"),
                SpanDraft(15, 23, "Opinion", "bob"),
                SpanDraft(0, 5, "Boilerplate", "carol"),
            ],
        ),
        DocumentDraft(
            TEXTS[1],
            "two",
            "test",
            spans=[SpanDraft(0, 13, "Opinion", "alice"), SpanDraft(14, 24, "Claim", "bob")],
        ),
    ]
    import_all(opened, drafts)
    yield opened
    opened.close()


def test_pair_report_matches_compare_and_lists_where_the_pair_differs(project: Project) -> None:
    steps: list[tuple[int, int]] = []
    result = project.agreement.compare_pair(
        ("alice", "bob"), documents="all", progress=lambda d, t, _m: steps.append((d, t))
    )
    assert result.report.as_json() == project.agreement.compare(documents="all").as_json()
    assert result.pair == ("alice", "bob")
    matrix = result.comparison.matrix
    assert matrix.total == result.report.as_json()["pairs"][0]["characters"] == 47
    assert matrix.cell("Claim", "Claim") == 12
    assert matrix.cell("Opinion", NO_LABEL_NAME) == 2 + 13
    assert matrix.cell(NO_LABEL_NAME, "Claim") == 10
    rows = [
        (result.titles[d.document_id], d.start, d.end, d.kind)
        for d in result.comparison.disagreements
    ]
    assert rows == [
        ("one", 13, 23, Kind.BOUNDS),
        ("two", 0, 13, Kind.ONLY_A),
        ("two", 14, 24, Kind.ONLY_B),
    ]
    assert steps[-1] == (2, 2)


def test_the_pair_can_be_any_two_compared_annotators_in_either_order(project: Project) -> None:
    result = project.agreement.compare_pair(("carol", "alice"), documents="all")
    assert result.comparison.documents == 1  # carol has only the first document
    assert [d.label_a for d in result.comparison.disagreements] == ["Boilerplate", None]
    assert project.agreement.people_with_spans() == ["alice", "bob", "carol"]


def test_a_pair_outside_the_comparison_is_refused(project: Project) -> None:
    with pytest.raises(AgreementError, match="'dave' is not one of"):
        project.agreement.compare_pair(("alice", "dave"), documents="all")
    with pytest.raises(AgreementError, match="two different"):
        project.agreement.compare_pair(("bob", "bob"), documents="all")
    with pytest.raises(AgreementError, match="cancelled"):
        project.agreement.compare_pair(("alice", "bob"), documents="all", should_stop=lambda: True)
