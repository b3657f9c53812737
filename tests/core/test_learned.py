"""The learned recommender: trains on an annotator's labels, suggests them, saves as data."""

from __future__ import annotations

import base64
import json
import re
import sys
import zlib
from typing import Any

import pytest
from suggest_pages import LABELS, context_of, marked_page, news_page, news_pages

from annotator.core.suggestions.base import (
    LabelledPage,
    Page,
    Suggestion,
    TrainedRecommender,
    Trainer,
)
from annotator.core.suggestions.features import FeatureConfig
from annotator.core.suggestions.learned import MISSING, LinearRecommender, LinearTrainer


@pytest.fixture(scope="module")
def trained() -> LinearRecommender:
    pages = news_pages()
    return LinearTrainer().train(pages[1:], context_of(pages))


def _by_text(page: LabelledPage, suggestions: list[Suggestion]) -> dict[str, Suggestion]:
    return {page.page.text[s.start : s.end]: s for s in suggestions}


def test_an_unseen_page_gets_the_annotators_labels(trained: LinearRecommender) -> None:
    pages = news_pages()
    held_out = pages[0]
    found = trained.suggest(held_out.page, context_of(pages))
    text = held_out.page.text
    # Every span of the held-out page is suggested exactly, with its label, above 0.5.
    expected = {(start, end, label) for start, end, label in held_out.spans}
    assert {(s.start, s.end, s.label) for s in found if s.score >= 0.5} == expected
    for suggestion in found:
        assert 0.0 <= suggestion.score <= 1.0
        assert suggestion.source == "learned" and suggestion.version == trained.version
    shown = _by_text(held_out, found)
    assert shown["Share: Facebook · X · Email"].reason == (
        "like 'Share: Facebook · X · Email'; repeated on 6 pages"
    )
    assert shown["I think the closure is a terrible idea."].reason.startswith("words: ")
    assert "think" in shown["I think the closure is a terrible idea."].reason
    assert (
        text.index("The county closed")
        == shown["The county closed the bridge on 3 May for 6 weeks."].start
    )


def test_two_sentences_of_one_boilerplate_line_are_suggested_as_the_line(
    trained: LinearRecommender,
) -> None:
    pages = news_pages()
    footer = "© 2024 Riverside Gazette. All rights reserved."
    found = _by_text(pages[0], trained.suggest(pages[0].page, context_of(pages)))
    assert found[footer].label == "Boilerplate"


def test_any_label_set_is_learned_under_its_own_names() -> None:
    names = {"Claim": "Fact", "Opinion": "View", "Boilerplate": "Chrome"}
    pages = [
        LabelledPage(page.page, tuple((s, e, names[label]) for s, e, label in page.spans))
        for page in news_pages()
    ]
    context = context_of(pages, ("Fact", "View", "Chrome"))
    recommender = LinearTrainer().train(pages[1:], context)
    assert set(recommender.labels) == {"Fact", "View", "Chrome"}
    found = recommender.suggest(pages[0].page, context)
    assert {s.label for s in found if s.score >= 0.5} == {"Fact", "View", "Chrome"}
    # A label the project no longer has is not suggested.
    renamed = context_of(pages, ("Fact", "View", "Navigation"))
    assert {s.label for s in recommender.suggest(pages[0].page, renamed)} <= {"Fact", "View"}


def test_the_trainer_and_its_recommenders_follow_the_protocols() -> None:
    pages = news_pages()
    trainer: Trainer = LinearTrainer()  # checked by mypy: the protocols are structural
    recommender: TrainedRecommender = trainer.train(pages, context_of(pages))
    assert trainer.name == recommender.name == "learned"
    assert trainer.available() is None


def test_training_is_deterministic_and_the_version_names_the_data() -> None:
    pages = news_pages()
    context = context_of(pages)
    first = LinearTrainer().train(pages[1:], context)
    again = LinearTrainer().train(pages[1:], context)
    other = LinearTrainer().train(pages[:-1], context)
    assert re.fullmatch(r"learned-1:[0-9a-f]{7}", first.version)
    assert first.version == again.version and first.to_bytes() == again.to_bytes()
    assert other.version != first.version


def test_saved_as_compressed_json_and_loaded_back(trained: LinearRecommender) -> None:
    data = trained.to_bytes()
    document = json.loads(zlib.decompress(data))  # data, not a pickle
    assert document["format"] == "annotator.learned-linear"
    assert document["format_version"] == 1
    assert set(document["classes"]) == {"", *LABELS}
    loaded = LinearTrainer().load(data)
    assert loaded.version == trained.version
    pages = news_pages()
    context = context_of(pages)
    for page in pages:
        assert loaded.suggest(page.page, context) == trained.suggest(page.page, context)


def _resaved(data: bytes, **changes: Any) -> bytes:
    document = json.loads(zlib.decompress(data))
    document.update(changes)
    return zlib.compress(json.dumps(document).encode())


def _damaged(trained: LinearRecommender) -> dict[str, bytes]:
    data = trained.to_bytes()
    document = json.loads(zlib.decompress(data))
    weights = base64.b64decode(document["weights"])
    nan = b"\x00\x00\xc0\x7f"  # float32 NaN, little-endian
    columns = base64.b64decode(document["columns"])
    return {
        "empty": b"",
        "not zlib": b"not a model at all",
        "truncated": data[: len(data) // 2],
        "not an object": zlib.compress(b"[1, 2]"),
        "another format": _resaved(data, format="something else"),
        "a later format version": _resaved(data, format_version=2),
        "another scikit-learn": _resaved(data, sklearn_major=0),
        "weights cut short": _resaved(data, weights=base64.b64encode(weights[:-4]).decode()),
        "a weight not a number": _resaved(
            data, weights=base64.b64encode(nan + weights[4:]).decode()
        ),
        "columns out of order": _resaved(
            data, columns=base64.b64encode(columns[4:8] + columns[:4] + columns[8:]).decode()
        ),
        "columns not base64": _resaved(data, columns="%%%"),
        "one class": _resaved(data, classes=["Claim"]),
        "intercepts missing one": _resaved(data, intercepts=document["intercepts"][:-1]),
        "temperature zero": _resaved(data, temperature=0),
        "an example of an unknown label": _resaved(data, exemplars=[["Gossip", "x"]]),
        "rules missing": _resaved(data, config={"columns": 1024}),
        "a part missing": _resaved(data, data_digest=None),
    }


@pytest.mark.parametrize(
    "damage",
    [
        "empty",
        "not zlib",
        "truncated",
        "not an object",
        "another format",
        "a later format version",
        "another scikit-learn",
        "weights cut short",
        "a weight not a number",
        "columns out of order",
        "columns not base64",
        "one class",
        "intercepts missing one",
        "temperature zero",
        "an example of an unknown label",
        "rules missing",
        "a part missing",
    ],
)
def test_damaged_data_is_refused_with_a_sentence(trained: LinearRecommender, damage: str) -> None:
    with pytest.raises(ValueError, match=r"^[A-Z].*\.$"):
        LinearTrainer().load(_damaged(trained)[damage])


def test_too_little_to_learn_says_so() -> None:
    pages = news_pages()
    unlabelled = [LabelledPage(page.page, ()) for page in pages]
    with pytest.raises(ValueError, match="Too little to learn"):
        LinearTrainer().train(unlabelled, context_of(pages))
    everything = marked_page(0, ["[B]Home | News", "[B]Share: Facebook"])
    with pytest.raises(ValueError, match="Too little to learn"):
        LinearTrainer().train([everything], context_of([everything]))
    with pytest.raises(ValueError, match="Too little to learn"):
        LinearTrainer().train([], context_of(pages))


def test_one_labelled_page_is_enough_to_start() -> None:
    pages = news_pages()
    recommender = LinearTrainer().train(pages[:1], context_of(pages))
    found = recommender.suggest(pages[1].page, context_of(pages))
    assert any(s.label == "Boilerplate" and s.score >= 0.5 for s in found)


def test_an_empty_page_gets_nothing(trained: LinearRecommender) -> None:
    assert trained.suggest(Page(99, " \n\n "), context_of(news_pages())) == []


def test_other_feature_rules_are_saved_with_the_model() -> None:
    pages = news_pages()
    config = FeatureConfig(word_ngrams=(1, 1), char_ngrams=(3, 5), dense_weight=2.0, columns=2**16)
    recommender = LinearTrainer(config).train(pages[1:], context_of(pages))
    loaded = LinearTrainer().load(recommender.to_bytes())
    assert loaded.to_bytes() == recommender.to_bytes()
    assert loaded.suggest(pages[0].page, context_of(pages)) == recommender.suggest(
        pages[0].page, context_of(pages)
    )


def test_without_scikit_learn_the_trainer_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, trained: LinearRecommender
) -> None:
    data = trained.to_bytes()
    monkeypatch.setitem(sys.modules, "sklearn", None)
    trainer = LinearTrainer()
    assert trainer.available() == MISSING
    assert MISSING == "Install annotator[suggest] (scikit-learn) to learn from your labels."
    pages = news_pages()
    with pytest.raises(ValueError, match=re.escape(MISSING)):
        trainer.train(pages, context_of(pages))
    with pytest.raises(ValueError, match=re.escape(MISSING)):
        trainer.load(data)


def test_a_sentence_between_widgets_is_told_apart() -> None:
    pages = news_pages()
    extra = news_page(
        7,
        "Harbour wall fixed",
        "[C]Engineers rebuilt 15 metres of the harbour wall in 2021, the council said.",
        "[O]I think the harbour looks wonderful now.",
    )
    context = context_of([*pages, extra])
    recommender = LinearTrainer().train(pages, context)
    found = _by_text(extra, recommender.suggest(extra.page, context))
    claim = "Engineers rebuilt 15 metres of the harbour wall in 2021, the council said."
    assert found[claim].label == "Claim"
    assert found["I think the harbour looks wonderful now."].label == "Opinion"
    assert "Harbour wall fixed" not in found or found["Harbour wall fixed"].score < 0.5
