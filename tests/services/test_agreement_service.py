"""The agreement service: which layers and documents it reads, and what it reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from project_files import import_all

from annotator.core.model import DocStatus, DocumentDraft, SpanDraft
from annotator.services.agreement import AgreementError
from annotator.services.annotators import ensure_annotator
from annotator.services.project import Project

TEXTS = ["Prices rose. I hate it.", "Soup is good. Rain fell.", "Nobody marked this one."]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """Three documents; alice and bob label the first two, carol only the first."""
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
        DocumentDraft(TEXTS[2], "three", "test"),
    ]
    import_all(opened, drafts)
    with opened.store.transaction() as session:
        ensure_annotator(session, "dave")  # a layer without spans
    yield opened
    opened.close()


def ids(project: Project) -> dict[str, int]:
    return {a.name: a.id for a in project.catalog.annotators()}


def mark_done(project: Project, who: str, *documents: int) -> None:
    for document in documents:
        project.annotation.set_status(document, ids(project)[who], DocStatus.DONE)


def test_default_compares_everyone_with_spans_over_documents_all_marked_done(
    project: Project,
) -> None:
    doc_ids = [d.id for d in project.catalog.document_summaries(ids(project)["alice"])]
    mark_done(project, "alice", doc_ids[0], doc_ids[1])
    mark_done(project, "bob", doc_ids[0])
    mark_done(project, "carol", doc_ids[0], doc_ids[1])
    report = project.agreement.compare().as_json()
    assert report["annotators"] == ["alice", "bob", "carol"]
    assert report["documents"] == 1
    assert report["characters"] == len(TEXTS[0])
    assert report["choices"]["documents"] == ("1 document(s) every compared annotator marked done")
    alice_bob = report["pairs"][0]
    assert (alice_bob["a"], alice_bob["b"]) == ("alice", "bob")
    assert (alice_bob["matched_exact"], alice_bob["matched_overlap"]) == (1, 2)
    assert alice_bob["span_f1_exact"] == 0.5


def test_all_documents_treats_an_untouched_layer_as_missing(project: Project) -> None:
    report = project.agreement.compare(["alice", "bob", "carol"], "all").as_json()
    assert report["documents"] == 2  # nobody touched the third
    assert report["documents_all_annotators"] == 1
    pairs = {(p["a"], p["b"]): p for p in report["pairs"]}
    assert pairs[("alice", "bob")]["documents"] == 2
    assert pairs[("alice", "carol")]["documents"] == 1
    assert pairs[("alice", "bob")]["characters"] == len(TEXTS[0]) + len(TEXTS[1])


def test_progress_is_reported_and_stop_is_honoured(project: Project) -> None:
    seen: list[tuple[int, int]] = []
    project.agreement.compare(
        ["alice", "bob"], "all", progress=lambda done, total, _m: seen.append((done, total))
    )
    assert seen == [(0, 2), (2, 2)]
    with pytest.raises(AgreementError, match="cancelled"):
        project.agreement.compare(["alice", "bob"], "all", should_stop=lambda: True)


def test_unknown_or_too_few_annotators_are_refused(project: Project) -> None:
    with pytest.raises(AgreementError, match="No annotator called 'zoe'"):
        project.agreement.compare(["alice", "zoe"])
    with pytest.raises(AgreementError, match="at least two annotators"):
        project.agreement.compare(["alice", "alice"])


def test_a_named_layer_without_spans_still_counts(project: Project) -> None:
    report = project.agreement.compare(["alice", "dave"], "all").as_json()
    # dave touched nothing, so no document has both layers.
    assert report["pairs"][0]["documents"] == 0
    assert report["pairs"][0]["notes"]["char_kappa"] == "no units in common"


def test_the_gold_standard_is_compared_only_when_named(project: Project) -> None:
    from annotator.core.curation import Rule
    from annotator.core.model import GOLD_LAYER

    project.curation.start(1, Rule.majority(), "alice")  # the Claim both marked
    report = project.agreement.compare(documents="all")
    assert report.annotators == ["alice", "bob", "carol"]
    against_gold = project.agreement.compare(["alice", GOLD_LAYER], documents="all")
    assert against_gold.annotators == ["alice", GOLD_LAYER]
