"""Tests for :mod:`annotator.services.search`."""

from __future__ import annotations

import re
import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator.core.find import PatternError
from annotator.core.model import DocumentDraft
from annotator.services import search as search_module
from annotator.services import search_notes
from annotator.services.importing import ImportOptions, ImportReport
from annotator.services.project import Project
from annotator.services.search import HitKind, SearchResults, SearchService

TEXTS = (
    "Prices rose 5% last year. I think that is too much. Subscribe now!",
    "Ärger über die Straße — ÄRGER 😀 und ärger. 50 percent",
    "😀 one\r\ntwo 👨\u200d👩\u200d👧 three\r\nfour",
    "The \u212aelvin scale; İstanbul; long ſ",
)


@dataclass
class Env:
    project: Project
    search: SearchService
    docs: list[int]
    texts: list[str]
    alice: int
    bob: int
    claim: int
    opinion: int


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    project = Project.open(tmp_path / "p.annotator", "alice")
    drafts = [DocumentDraft(text, f"Doc {i}", f"{i}.txt") for i, text in enumerate(TEXTS)]
    project.importer.import_drafts(drafts, ImportOptions(default_annotator="alice"), ImportReport())
    docs = [s.id for s in project.catalog.document_summaries(project.annotator_id)]
    texts = [project.catalog.document(doc).text for doc in docs]
    alice = project.annotator_id
    project.set_annotator("bob")
    bob = project.annotator_id
    claim, opinion, _ = (label.id for label in project.catalog.labels())
    opinion_text = "I think that is too much"
    start = texts[0].index(opinion_text)
    add = project.annotation.add_span
    add(docs[0], alice, opinion, start, start + len(opinion_text))
    add(docs[0], bob, opinion, start, start + len(opinion_text))  # the same range, twice
    add(docs[0], bob, claim, 0, texts[0].index(" last"))  # "Prices rose 5%"
    three = texts[2].index("three")
    add(docs[2], bob, opinion, three, three + 5)
    yield Env(project, SearchService(project.store), docs, texts, alice, bob, claim, opinion)
    project.close()


def found(env: Env, results: SearchResults) -> list[tuple[int, str]]:
    """Each hit as (document index, the text at its offsets)."""
    return [
        (
            env.docs.index(hit.document_id),
            env.texts[env.docs.index(hit.document_id)][hit.start : hit.end],
        )
        for hit in results.hits
    ]


def test_plain_search_finds_every_hit_in_document_order(env: Env) -> None:
    results = env.search.search("e")
    assert results.document_count == 4 and not results.truncated and not results.cancelled
    hit = results.hits[0]
    assert (hit.document_id, hit.title, hit.start, hit.end) == (env.docs[0], "Doc 0", 4, 5)
    assert hit.context[hit.context_start : hit.context_end] == "e"
    assert all(text in ("e", "E") for _, text in found(env, results))
    keys = [(env.docs.index(hit.document_id), hit.start) for hit in results.hits]
    assert keys == sorted(keys)
    assert env.search.search("") == SearchResults()


def test_case_sensitive_and_whole_words_and_regex(env: Env) -> None:
    assert found(env, env.search.search("prices", case_sensitive=True)) == []
    assert found(env, env.search.search("Prices", case_sensitive=True)) == [(0, "Prices")]
    assert found(env, env.search.search("rice", whole_words=True)) == []
    assert found(env, env.search.search(r"\d+%?", regex=True)) == [(0, "5%"), (1, "50")]
    with pytest.raises(PatternError):
        env.search.search("[", regex=True)


def test_like_wildcards_in_the_query_are_literal(env: Env) -> None:
    assert found(env, env.search.search("5%")) == [(0, "5%")]
    assert found(env, env.search.search("_")) == []


def test_non_ascii_case_insensitive_search_is_not_lost_by_the_sql_prefilter(env: Env) -> None:
    assert found(env, env.search.search("ärger")) == [(1, "Ärger"), (1, "ÄRGER"), (1, "ärger")]
    assert found(env, env.search.search("STRASSE")) == []  # "ß" is one letter, not "ss"
    # ASCII queries whose letters also match non-ASCII ones: SQLite's LIKE would drop these.
    assert found(env, env.search.search("kelvin")) == [(3, "\u212aelvin")]
    assert found(env, env.search.search("istanbul")) == [(3, "İstanbul")]
    assert found(env, env.search.search("long s")) == [(3, "long ſ")]


def test_ascii_letters_with_wider_case_are_exactly_what_re_folds_beyond_ascii() -> None:
    letters = re.compile(f"[{string.ascii_letters}]", re.IGNORECASE)
    wider = {
        letter
        for code in range(128, sys.maxunicode + 1)
        if letters.fullmatch(char := chr(code))
        for letter in string.ascii_letters
        if re.fullmatch(letter, char, re.IGNORECASE)
    }
    assert wider == set(search_notes.ASCII_WITH_WIDER_CASE)


def test_offsets_are_exact_after_emoji_and_normalised_crlf(env: Env) -> None:
    assert "\r" not in env.texts[2]
    results = env.search.search("three")
    assert found(env, results) == [(2, "three")]
    assert (results.hits[0].start, results.hits[0].end) == (16, 21)
    assert found(env, env.search.search("one\ntwo")) == [(2, "one\ntwo")]


def test_label_filter_keeps_hits_inside_one_span_of_that_label(env: Env) -> None:
    assert found(env, env.search.search("that", label_id=env.opinion)) == [(0, "that")]
    assert found(env, env.search.search("rose", label_id=env.opinion)) == []
    assert found(env, env.search.search("rose", label_id=env.claim)) == [(0, "rose")]
    # A hit must lie inside a single span, not across two neighbouring ones.
    assert found(env, env.search.search("5% last", label_id=env.claim)) == []


def test_annotator_filter_and_both_filters_concern_the_same_span(env: Env) -> None:
    assert found(env, env.search.search("rose", annotator_id=env.alice)) == []
    assert found(env, env.search.search("rose", annotator_id=env.bob)) == [(0, "rose")]
    both = env.search.search("rose", label_id=env.opinion, annotator_id=env.bob)
    assert found(env, both) == []
    assert found(env, env.search.search("three", annotator_id=env.bob)) == [(2, "three")]


def test_empty_query_with_a_label_lists_its_spans_once_per_range(env: Env) -> None:
    results = env.search.search("", label_id=env.opinion)
    assert found(env, results) == [(0, "I think that is too much"), (2, "three")]
    assert found(env, env.search.search("", label_id=env.opinion, annotator_id=env.alice)) == [
        (0, "I think that is too much")
    ]


def test_limit_truncates_and_says_so(env: Env) -> None:
    every = env.search.search("e")
    count = len(every.hits)
    assert count > 3
    first = env.search.search("e", limit=3)
    assert first.truncated and first.hits == every.hits[:3]
    exact = env.search.search("e", limit=count)
    assert not exact.truncated and exact.hits == every.hits


def test_should_stop_is_asked_between_documents(env: Env) -> None:
    asked: list[int] = []

    def stop_at_second_document() -> bool:
        asked.append(1)
        return len(asked) > 1

    results = env.search.search("e", should_stop=stop_at_second_document)
    assert results.cancelled and {hit.document_id for hit in results.hits} == {env.docs[0]}
    assert env.search.search("e", should_stop=lambda: True) == SearchResults(cancelled=True)


def test_documents_are_read_in_batches_with_the_same_results(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = env.search.search("e"), env.search.search("", label_id=env.opinion)
    monkeypatch.setattr(search_module, "BATCH_SIZE", 1)
    assert (env.search.search("e"), env.search.search("", label_id=env.opinion)) == expected


def test_notes_on_spans_and_documents_are_searched_and_say_where(env: Env) -> None:
    annotation = env.project.annotation
    [bobs_claim] = [
        span
        for span in env.project.catalog.spans(env.docs[0], env.bob)
        if span.label_id == env.claim
    ]
    annotation.change_span(bobs_claim.id, note="Figure from the council minutes")
    annotation.set_document_note(env.docs[3], env.alice, "Check the council's spelling")
    annotation.set_document_note(env.docs[1], env.bob, "nothing to see")
    results = env.search.search("council")
    where = [(env.docs.index(h.document_id), h.kind, h.annotator, h.label) for h in results.hits]
    assert where == [
        (0, HitKind.SPAN_NOTE, "bob", "Claim"),
        (3, HitKind.DOCUMENT_NOTE, "alice", None),
    ]
    span_hit, document_hit = results.hits
    # A note's hit points at the span it is on; its excerpt is the note's.
    assert (span_hit.start, span_hit.end) == (bobs_claim.start, bobs_claim.end)
    assert span_hit.context[span_hit.context_start : span_hit.context_end] == "council"
    assert document_hit.context == "Check the council's spelling"
    # The filters apply to notes as to spans: a label keeps notes on its spans only.
    assert [h.kind for h in env.search.search("council", annotator_id=env.alice).hits] == [
        HitKind.DOCUMENT_NOTE
    ]
    assert [h.kind for h in env.search.search("council", label_id=env.claim).hits] == [
        HitKind.SPAN_NOTE
    ]
    assert env.search.search("council", label_id=env.opinion).hits == ()
    # Text hits come first in a document, then its notes.
    both = env.search.search("Prices|minutes", regex=True)
    assert [h.kind for h in both.hits] == [HitKind.TEXT, HitKind.SPAN_NOTE]
