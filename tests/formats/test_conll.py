"""CoNLL-2003 BIO columns: our export over the tricky-Unicode project, read back and read by
seqeval; CoNLL-2003 files as the shared task wrote them; bad tags named by line."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from format_roundtrip import PAGES, imported, spans_by_text, tricky_project
from hypothesis import given
from hypothesis import strategies as st
from seqeval.metrics import classification_report
from seqeval.metrics.sequence_labeling import get_entities
from seqeval.scheme import IOB2
from unicode_text import TEXTS

from annotator.core.model import DocumentDraft, SpanDraft
from annotator.errors import ExportError, InputError
from annotator.formats.base import ExportRecord, ReadOptions
from annotator.formats.conll import read_conll, write_conll
from annotator.services.project import Project

#: A span placed without white space: (non-space characters before its start, before its
#: end, label). The text is rebuilt from the tokens, so only white space may differ.
Placed = tuple[int, int, str]


def placed(project: Project, layer: str | None = None) -> dict[str, set[Placed]]:
    """Each document's text without white space, with its spans placed in it."""

    def solid(text: str) -> str:
        return "".join(text.split())

    return {
        solid(text): {
            (len(solid(text[:s])), len(solid(text[:e])), label) for s, e, label, _ in spans
        }
        for text, spans in spans_by_text(project, layer).items()
    }


def export(
    tmp_path: Path, layer: str | None = None, *, gold: bool = False
) -> tuple[Path, tuple[str, ...]]:
    project = tricky_project(tmp_path / "p.annotator")
    target = tmp_path / "out.conll"
    result = project.exporter.export(target, "conll", layer, gold=gold)
    return target, result.losses


def test_alices_layer_comes_back_with_every_span_on_the_same_characters(tmp_path: Path) -> None:
    target, losses = export(tmp_path, "alice")
    assert losses == ()
    back = imported(tmp_path / "back.annotator", target)
    original = tricky_project(tmp_path / "again.annotator")
    assert placed(back) == placed(original, "alice")
    texts = list(spans_by_text(back))
    assert len(texts) == len(PAGES)
    # The text is rebuilt: tokens joined by one space, sentences by a line break.
    assert all(re.fullmatch(r"\S+([ \n]\S+)*", text) for text in texts)
    assert (
        "Share 👨\u200d👩\u200d👧 on Facebook\nThe council approved the budget on Monday .\n"
        in texts[0]
    )


def test_bobs_overlap_is_reported_and_his_other_spans_survive(tmp_path: Path) -> None:
    target, losses = export(tmp_path, "bob")
    assert len(losses) == 1
    assert losses[0].startswith(
        "“Family news”: the Claim span at 36–65 “approved the budget on Monday”"
    )
    assert "overlaps the Claim span at 24–55 “The council approved the budget”" in losses[0]
    back = imported(tmp_path / "back.annotator", target)
    expected = placed(tricky_project(tmp_path / "again.annotator"), "bob")
    family = next(text for text in expected if text.startswith("Share"))
    dropped = {span for span in expected[family] if span[2] == "Claim" and span[0] > 20}
    assert len(dropped) == 1
    expected[family] -= dropped
    assert placed(back) == expected


def test_the_gold_layer_exports_alone(tmp_path: Path) -> None:
    target, losses = export(tmp_path, gold=True)
    assert losses == ()
    back = imported(tmp_path / "back.annotator", target)
    assert placed(back) == placed(tricky_project(tmp_path / "again.annotator"), "alice")


def test_several_layers_in_one_document_are_refused_with_the_way_to_choose(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="--annotator NAME or --gold") as caught:
        export(tmp_path)
    assert "alice, bob" in str(caught.value)
    assert not (tmp_path / "out.conll").exists()


def sentences_of(path: Path) -> tuple[list[list[str]], list[list[str]]]:
    """Tokens and tags by sentence, as a CoNLL-2003 loader reads them (no -DOCSTART-)."""
    tokens: list[list[str]] = [[]]
    tags: list[list[str]] = [[]]
    for line in path.read_text("utf-8").split("\n"):
        columns = line.split()
        if not columns or columns[0] == "-DOCSTART-":
            if tokens[-1]:
                tokens.append([])
                tags.append([])
            continue
        tokens[-1].append(columns[0])
        tags[-1].append(columns[-1])
    return tokens[:-1] if not tokens[-1] else tokens, tags[:-1] if not tags[-1] else tags


def test_seqeval_reads_our_tags_as_our_spans(tmp_path: Path) -> None:
    target, _losses = export(tmp_path, "alice")
    tokens, tags = sentences_of(target)
    assert len(tokens) == len(tags) and all(
        len(a) == len(b) for a, b in zip(tokens, tags, strict=True)
    )
    found = sorted(
        (label, "".join(sentence[start : end + 1]))
        for sentence, sentence_tags in zip(tokens, tags, strict=True)
        for label, start, end in get_entities(sentence_tags)
    )
    expected = sorted(
        (label, "".join(phrase.split())) for page in PAGES for phrase, label in page.alice
    )
    assert found == expected
    # Strict IOB2 checking refuses any tag sequence that is not well formed.
    report = classification_report(tags, tags, mode="strict", scheme=IOB2, output_dict=True)
    assert {name: int(report[name]["support"]) for name in ("Boilerplate", "Claim", "Opinion")} == {
        "Boilerplate": 2,
        "Claim": 3,
        "Opinion": 3,
    }


def read(text: str, name: str = "eng.train") -> list[DocumentDraft]:
    return read_conll(text.encode("utf-8"), ReadOptions(name))


def spans_in(draft: DocumentDraft) -> list[tuple[str, str]]:
    return [(draft.text[s.start : s.end], s.label) for s in draft.spans]


def test_a_conll_2003_file_is_read_with_its_ner_column_and_iob1_tags() -> None:
    # As the shared task's eng.train has it: token, POS, chunk and NER tag, IOB1 tags (I-
    # starts a span; B- only between two spans of one type), -DOCSTART- between articles.
    drafts = read(
        "-DOCSTART- -X- -X- O\n\n"
        "EU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\ncall NN I-NP O\n"
        "to TO I-VP O\nboycott VB I-VP O\nBritish JJ I-NP I-MISC\nlamb NN I-NP O\n. . O O\n\n"
        "Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n\n"
        "-DOCSTART- -X- -X- O\n\n"
        "In IN I-PP O\nItaly NNP I-NP I-LOC\nFrance NNP I-NP B-LOC\n. . O O\n"
    )
    assert [d.text for d in drafts] == [
        "EU rejects German call to boycott British lamb .\nPeter Blackburn",
        "In Italy France .",
    ]
    assert spans_in(drafts[0]) == [
        ("EU", "ORG"),
        ("German", "MISC"),
        ("British", "MISC"),
        ("Peter Blackburn", "PER"),
    ]
    assert spans_in(drafts[1]) == [("Italy", "LOC"), ("France", "LOC")]
    assert [d.line for d in drafts] == [3, 18]
    assert [d.title for d in drafts] == ["eng 1", "eng 2"]  # no headline: the file's name


def test_tab_columns_bioes_tags_and_comments() -> None:
    (draft,) = read(
        "# sent_id = 1\n# text = New York City is big\n"
        "New\tB-LOC\nYork\tI-LOC\nCity\tE-LOC\nis\tO\nbig\tS-ADJ\n"
        "#\tO\n",
        "sample.bio",
    )
    assert draft.text == "New York City is big #"
    assert spans_in(draft) == [("New York City", "LOC"), ("big", "ADJ")]


def test_an_i_tag_after_another_label_starts_a_span() -> None:
    (draft,) = read("a\tB-X\nb\tI-Y\nc\tI-Y\n")
    assert spans_in(draft) == [("a", "X"), ("b c", "Y")]


def refusal(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(InputError) as caught:
        read_conll(data, ReadOptions("data/eng.train"))
    message = str(caught.value)
    assert "\n" not in message and not message.endswith(".")
    return message


def test_bad_input_is_named_by_file_and_line() -> None:
    assert refusal("EU\tB-ORG\nrejects\tX-VERB\n") == (
        "data/eng.train, line 2: 'X-VERB' is not a BIO tag (O, or B-, I-, E-, S-, L- or U- and a "
        "label)"
    )
    assert refusal("EU\tB-ORG\n\nrejects\n").startswith(
        "data/eng.train, line 3: the token 'rejects' has no tag"
    )
    assert refusal("EU\tB-\n").startswith("data/eng.train, line 1: 'B-' is not a BIO tag")
    assert refusal("\n\n-DOCSTART- -X- -X- O\n\n") == (
        "data/eng.train: holds no tokens: a CoNLL file has a token and its tag per line"
    )
    assert "binary" in refusal(b"\x00\x01\x02\x03PK")


def test_the_writer_reports_what_bio_cannot_hold() -> None:
    record = {
        "id": "d1",
        "text": "Big   news\ttoday",
        "meta": {"title": "News"},
        "spans": [
            {"start": 0, "end": 10, "label": "Head line", "annotator": "a"},
            {"start": 3, "end": 6, "label": "Gap", "annotator": "a"},
        ],
    }
    empty = {"id": "d2", "text": " \u2028 ", "meta": {"title": "Blank"}, "spans": []}
    out, warnings = io.StringIO(), list[str]()
    assert write_conll(out, [record, empty], warnings.append) == 2
    assert out.getvalue() == (
        "-DOCSTART-\tO\n\nBig\tB-Head_line\nnews\tI-Head_line\ntoday\tO\n\n-DOCSTART-\tO\n\n"
    )
    assert warnings == [
        "“News”: the Gap span at 3–6 “” holds only white space, no token",
        "the label “Head line” holds white space, so its tags say Head_line",
        "“Blank” has no tokens, so only its -DOCSTART- line is written",
    ]
    assert read_conll(out.getvalue().encode(), ReadOptions("x.conll"))[0].spans == [
        SpanDraft(0, 8, "Head_line")
    ]


@st.composite
def labelled(draw: st.DrawFn) -> ExportRecord:
    """A text of the tricky pieces with non-overlapping spans (some of only white space)."""
    text = draw(TEXTS.filter(lambda text: bool(text.strip())))
    edges = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    labels = st.sampled_from(["Claim", "Opinion"])
    spans = [
        {"start": s, "end": e, "label": draw(labels), "annotator": "a"}
        for s, e in zip(edges[::2], edges[1::2], strict=False)
    ]
    return {"id": "d", "text": text, "meta": {"title": "T"}, "spans": spans}


def solid_places(text: str, spans: list[tuple[int, int, str]]) -> list[Placed]:
    def solid(part: str) -> int:
        return len("".join(part.split()))

    return [(solid(text[:s]), solid(text[:e]), label) for s, e, label in spans]


@given(labelled())
def test_every_span_with_a_character_comes_back_on_them(record: ExportRecord) -> None:
    out, warnings = io.StringIO(), list[str]()
    write_conll(out, [record], warnings.append)
    text = record["text"]
    held = [
        (s["start"], s["end"], s["label"])
        for s in record["spans"]
        if text[s["start"] : s["end"]].strip()
    ]
    assert len(warnings) == len(record["spans"]) - len(held)  # only spans of white space
    (draft,) = read_conll(out.getvalue().encode("utf-8"), ReadOptions("x.conll"))
    assert "".join(draft.text.split()) == "".join(text.split())
    back = [(s.start, s.end, s.label) for s in draft.spans]
    assert solid_places(draft.text, back) == solid_places(text, held)
