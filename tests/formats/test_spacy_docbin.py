"""spaCy's DocBin: our export over the tricky-Unicode project, loaded by spaCy with every span
found by ``Doc.char_span``; DocBins as spaCy writes them read in; bad files named."""

from __future__ import annotations

import contextlib
import io
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
import spacy
from format_roundtrip import PAGES, Span, imported, spans_by_text, tricky_project
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, DocBin
from spacy.tokens import Span as SpacySpan
from spacy.vocab import Vocab
from unicode_text import TEXTS

from annotator.core.model import GOLD_LAYER, SpanDraft
from annotator.errors import ExportError, InputError
from annotator.formats.base import (
    ExportContext,
    ExportRecord,
    FormatUnavailableError,
    ReadOptions,
)
from annotator.formats.spacy_docbin import WRITER, read_docbin, words_and_spaces
from annotator.services.importing import ImportOptions
from annotator.services.project import Project


def export(
    tmp_path: Path, layer: str | None = None, *, gold: bool = False
) -> tuple[Path, tuple[str, ...]]:
    project = tricky_project(tmp_path / "p.annotator")
    target = tmp_path / "out.spacy"
    result = project.exporter.export(target, "spacy", layer, gold=gold)
    return target, result.losses


def as_groups(spans: dict[str, set[Span]]) -> dict[str, set[Span]]:
    """Our spans as they come back from a DocBin: the gold standard's under "gold"."""
    return {
        text: {(s, e, label, "gold" if who == GOLD_LAYER else who) for s, e, label, who in found}
        for text, found in spans.items()
    }


def test_every_layer_comes_back_with_the_same_texts_and_spans(tmp_path: Path) -> None:
    target, losses = export(tmp_path)
    assert losses == ()
    back = imported(tmp_path / "back.annotator", target)
    original = tricky_project(tmp_path / "again.annotator")
    assert spans_by_text(back) == as_groups(spans_by_text(original))
    assert len(spans_by_text(back)) == len(PAGES)


def test_bobs_overlap_stays_in_his_group_and_keeps_doc_ents_empty(tmp_path: Path) -> None:
    target, losses = export(tmp_path, "bob")
    assert losses == (
        "“Family news”: in bob's layer the Claim span at 36–65 “approved the budget on Monday” "
        "overlaps the Claim span at 24–55 “The council approved the budget”, so doc.ents is "
        'left empty (both are in doc.spans["bob"])',
    )
    back = imported(tmp_path / "back.annotator", target)
    assert spans_by_text(back) == spans_by_text(tricky_project(tmp_path / "again.annotator"), "bob")
    docs = list(DocBin().from_disk(target).get_docs(spacy.blank("xx").vocab))
    assert [len(doc.ents) for doc in docs] == [0, 2, 1]


def test_spacy_loads_the_export_and_char_span_finds_every_span(tmp_path: Path) -> None:
    target, _losses = export(tmp_path)
    project = tricky_project(tmp_path / "again.annotator")
    nlp = spacy.blank("xx")
    docs = list(DocBin().from_disk(target).get_docs(nlp.vocab))
    expected = as_groups(spans_by_text(project))
    assert [doc.text for doc in docs] == list(expected)
    for doc in docs:
        assert set(doc.spans) == {"alice", "bob", "gold"}
        for start, end, label, group in expected[doc.text]:
            made = doc.char_span(start, end, label=label)  # strict alignment, spaCy's default
            assert made is not None, (doc.text[start:end], label)
            assert made.text == doc.text[start:end]
            held = {(s.start_char, s.end_char, s.label_) for s in doc.spans[group]}
            assert (start, end, label) in held
        gold = {(s.start_char, s.end_char, s.label_) for s in doc.spans["gold"]}
        assert {(e.start_char, e.end_char, e.label_) for e in doc.ents} == gold


def test_user_data_keeps_the_document_and_the_gold_provenance(tmp_path: Path) -> None:
    target, _losses = export(tmp_path, gold=True)
    docs = list(DocBin().from_disk(target).get_docs(spacy.blank("xx").vocab))
    kept = docs[0].user_data["annotator"]
    assert kept["title"] == "Family news" and kept["source"] == "pages/0.html"
    assert len(kept["document_id"]) == 64
    assert {span["group"] for span in kept["spans"]} == {"gold"}
    assert len(kept["spans"]) == len(PAGES[0].alice)
    assert all(span["provenance"]["decided_by"] == "lead" for span in kept["spans"])
    assert set(docs[0].spans) == {"gold"}


def text_of(words: list[str], spaces: list[bool]) -> str:
    return "".join(word + (" " if space else "") for word, space in zip(words, spaces, strict=True))


def test_white_space_keeps_its_place_and_span_edges_in_it_get_tokens() -> None:
    text = "Big  news\ttoday \u2028end"
    words, spaces = words_and_spaces(text, [], [])
    assert text_of(words, spaces) == text
    assert words == ["Big", " ", "news", "\t", "today", "\u2028", "end"]
    assert spaces == [True, False, False, False, True, False, False]
    # A span that starts in white space, and one that ends after a trailing space.
    words, spaces = words_and_spaces(text, [4], [16])
    assert text_of(words, spaces) == text
    doc = Doc(spacy.blank("xx").vocab, words=words, spaces=spaces)
    made = doc.char_span(4, 16)
    assert made is not None and made.text == " news\ttoday "


def write_docbin(path: Path, docs: list[Doc]) -> Path:
    DocBin(docs=docs).to_disk(path)
    return path


def test_a_docbin_built_by_spacy_is_read_with_its_groups_and_ents(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    doc = nlp("Apple is buying U.K. startup Acme for $1 billion 👨‍👩‍👧")
    doc.ents = [
        SpacySpan(doc, 0, 1, "ORG"),
        SpacySpan(doc, 3, 4, "GPE"),
        SpacySpan(doc, 5, 6, "ORG"),
    ]
    doc.spans["sc"] = [SpacySpan(doc, 0, 1, "ORG"), SpacySpan(doc, 0, 3, "CLAIM")]
    plain = nlp("No entities here.")
    path = write_docbin(tmp_path / "train.spacy", [doc, plain])
    drafts = read_docbin(path.read_bytes(), ReadOptions("train.spacy"))
    assert [d.text for d in drafts] == [doc.text, plain.text]
    assert drafts[0].spans == [
        SpanDraft(0, 5, "ORG", "sc"),
        SpanDraft(0, 15, "CLAIM", "sc"),
        SpanDraft(16, 20, "GPE", None),
        SpanDraft(29, 33, "ORG", None),
    ]
    assert drafts[1].spans == [] and drafts[1].title == "train 2"


def refusal(data: bytes) -> str:
    with pytest.raises(InputError) as caught:
        read_docbin(data, ReadOptions("corpus/train.spacy"))
    message = str(caught.value)
    assert "\n" not in message and not message.endswith(".")
    return message


def test_bad_files_are_refused_with_one_line(tmp_path: Path) -> None:
    assert refusal(b"not a docbin") == (
        "corpus/train.spacy: is not a spaCy DocBin (.spacy) file: it is not compressed as one is"
    )
    for content in (b"\x93\x01\x02", b"\xc1", b"\x81\xa5attrs\x01"):
        assert refusal(zlib.compress(content)).startswith(
            "corpus/train.spacy: is not a spaCy DocBin (.spacy) file: its content is not the "
            "msgpack a DocBin holds ("
        )
    empty = write_docbin(tmp_path / "empty.spacy", []).read_bytes()
    assert refusal(empty) == "corpus/train.spacy: is a spaCy DocBin that holds no documents"
    doc = spacy.blank("xx")("a b")
    doc.spans["sc"] = [SpacySpan(doc, 0, 1, "")]
    unlabelled = write_docbin(tmp_path / "u.spacy", [doc]).read_bytes()
    assert refusal(unlabelled) == (
        "corpus/train.spacy, document 1: the span at 0–1 ('a') has no label"
    )


def test_a_person_called_gold_beside_the_gold_standard_is_refused(tmp_path: Path) -> None:
    records: list[dict[str, Any]] = [
        {
            "id": "d",
            "text": "a b",
            "meta": {"title": "T"},
            "spans": [],
            "annotators": {"gold": None, GOLD_LAYER: None},
        }
    ]

    class Sink:
        def binary(self, name: str = "") -> Any:
            raise AssertionError("nothing is written")

        def text(self, name: str = "") -> Any:
            raise AssertionError("nothing is written")

    with pytest.raises(ExportError, match="--annotator gold"):
        WRITER.write(Sink(), records, ExportContext())


def test_without_spacy_the_extra_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(FormatUnavailableError, match=r"pip install 'annotator\[spacy\]'"):
        read_docbin(b"", ReadOptions("x.spacy"))
    with pytest.raises(ExportError, match=r"needs spacy.*pip install 'annotator\[spacy\]'"):
        project.exporter.export(tmp_path / "out.spacy", "spacy", "alice")
    assert not (tmp_path / "out.spacy").exists()


@st.composite
def overlapping(draw: st.DrawFn) -> ExportRecord:
    """A text of the tricky pieces with spans anywhere, overlapping or of white space."""
    text = draw(TEXTS.filter(bool))
    bounds = st.tuples(st.integers(0, len(text)), st.integers(0, len(text)))
    pairs = draw(st.lists(bounds.filter(lambda b: b[0] < b[1]), max_size=6))
    layers = st.sampled_from(["alice", "bob", GOLD_LAYER])
    spans = [{"start": s, "end": e, "label": "Claim", "annotator": draw(layers)} for s, e in pairs]
    return {"id": "d", "text": text, "meta": {"title": "T"}, "spans": spans, "annotators": {}}


# Each example builds spaCy's blank pipeline (a tenth of a second): fewer, and no deadline.
@settings(deadline=None, max_examples=40)
@given(overlapping())
def test_char_span_finds_any_span_in_any_text(record: ExportRecord) -> None:
    sink = io.BytesIO()
    warnings: list[str] = []

    class Memory:
        def binary(self, name: str = "") -> Any:
            return contextlib.nullcontext(sink)

        def text(self, name: str = "") -> Any:
            raise AssertionError("a DocBin is binary")

    assert WRITER.write(Memory(), [record], ExportContext(warn=warnings.append)) == 1
    (doc,) = DocBin().from_bytes(sink.getvalue()).get_docs(Vocab())
    assert doc.text == record["text"]
    for span in record["spans"]:
        made = doc.char_span(span["start"], span["end"], label=span["label"])
        assert made is not None and made.text == record["text"][span["start"] : span["end"]]
    groups = {name: len(group) for name, group in doc.spans.items()}
    assert sum(groups.values()) == len(record["spans"])
    assert all(not warning.endswith("is off token edges") for warning in warnings)


def test_every_layer_without_gold_says_once_why_doc_ents_is_empty(tmp_path: Path) -> None:
    project = tricky_project(tmp_path / "p.annotator", gold=False)
    target = tmp_path / "all.spacy"
    result = project.exporter.export(target, "spacy")
    empty = [loss for loss in result.losses if loss.startswith("doc.ents is left empty")]
    assert empty == [
        "doc.ents is left empty: several layers were exported and no gold standard (each "
        "layer is in doc.spans under its annotator's name); export one layer (--annotator "
        "NAME) or the gold standard (--gold) to fill doc.ents"
    ]
    assert not any(loss.startswith("…") for loss in result.losses)
    docs = list(DocBin().from_disk(target).get_docs(Vocab()))
    assert all(not doc.ents and doc.spans["alice"] for doc in docs)


def test_a_document_of_a_docbin_is_named_by_its_place_not_a_line(tmp_path: Path) -> None:
    doc = spacy.blank("xx")("a b")
    doc.spans["ann"] = [SpacySpan(doc, 0, 1, "Unknown")]
    path = write_docbin(tmp_path / "u.spacy", [spacy.blank("xx")("c d"), doc])
    project = Project.open(tmp_path / "p.annotator", "reader")
    report = project.importer.import_paths([path], ImportOptions(default_annotator="reader"))
    (message,) = report.errors
    assert message.startswith(f"{path}, document 2: unknown label 'Unknown'")
