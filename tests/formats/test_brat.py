"""brat standoff: our collections parse as brat's spec says with exact offsets, brat's own
files read back, and the tricky-Unicode project comes back through a folder and a zip."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from bundle_output import MemoryOutput, record, round_trip, warnings_context
from format_roundtrip import PAGES, imported, spans_by_text, tricky_project
from hypothesis import given
from hypothesis import strategies as st
from unicode_text import FAMILY, TEXTS

from annotator.core.model import SpanDraft
from annotator.errors import InputError
from annotator.formats.base import ExportRecord, ReadOptions
from annotator.formats.brat import LINE_BREAKS, brat_type, read_brat, write_brat

# -- a strict reader of brat's standoff spec (brat.nlplab.org/standoff.html), for the tests --

_T_LINE = re.compile(r"^(T[0-9]+)\t([A-Za-z0-9_-]+) ([0-9]+ [0-9]+(?:;[0-9]+ [0-9]+)*)\t(.*)$")
_NOTE_LINE = re.compile(r"^(#[0-9]+)\tAnnotatorNotes (T[0-9]+)\t(.*)$")

#: A text-bound annotation as the spec defines it: id, type, fragments, text.
Textbound = tuple[str, str, list[tuple[int, int]], str]


def parse_ann(ann: str, text: str) -> tuple[list[Textbound], dict[str, str]]:
    """Every text-bound annotation and note, checked against the text as brat checks them."""
    # brat reads an .ann with str.splitlines: every line must end at "\n" and nowhere else.
    lines = ann.splitlines()
    assert ann == "".join(f"{line}\n" for line in lines)
    textbounds: list[Textbound] = []
    notes: dict[str, str] = {}
    for line in lines:
        found = _T_LINE.match(line)
        if found:
            ident, kind, offsets, quoted = found.groups()
            fragments = [(int(a), int(b)) for a, b in (p.split(" ") for p in offsets.split(";"))]
            assert all(0 <= s < e <= len(text) for s, e in fragments)
            assert quoted == " ".join(text[s:e] for s, e in fragments)
            textbounds.append((ident, kind, fragments, quoted))
            continue
        note = _NOTE_LINE.match(line)
        assert note is not None, f"not a brat line: {line!r}"
        assert note.group(2) in {t[0] for t in textbounds}
        notes[note.group(2)] = note.group(3)
    return textbounds, notes


def parse_entities(conf: str) -> list[str]:
    """The [entities] of an annotation.conf, every section brat expects present."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in conf.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("["):
            current = line.strip("[]")
            sections[current] = []
        else:
            assert current is not None
            sections[current].append(line)
    assert set(sections) == {"entities", "relations", "events", "attributes"}
    return sections["entities"]


def written(*records: ExportRecord, labels: tuple[str, ...] = ()) -> tuple[MemoryOutput, list[str]]:
    output = MemoryOutput()
    context, warned = warnings_context(tuple((name, "#1f77b4") for name in labels))
    assert write_brat(output, list(records), context) == len(records)
    return output, warned


# -- round trip over the tricky project --


@pytest.mark.parametrize("target", ["out", "out.zip"])
@pytest.mark.parametrize("layer", ["alice", "bob", None])
def test_the_tricky_project_comes_back_through_a_folder_and_a_zip(
    tmp_path: Path, layer: str | None, target: str
) -> None:
    project, result, back = round_trip(tmp_path, "brat", layer, target)
    # The titles, once for the whole export, and alice's note with a line break.
    titles = (
        "brat keeps no document titles; each document's file names hold a slug of its title "
        "instead (0001-family-news.txt)."
    )
    note = (
        "“Family news”: the Claim span 24–65 ('The council approved the budget on Mond…') "
        "has a note with line breaks, written with spaces in brat."
    )
    assert result.losses == ((titles,) if layer == "bob" else (titles, note))
    assert spans_by_text(back) == spans_by_text(project, layer)
    assert len(spans_by_text(back)) == len(PAGES)


def test_each_layer_is_a_brat_collection_named_after_it(tmp_path: Path) -> None:
    project = tricky_project(tmp_path / "p.annotator", gold=False)
    project.exporter.export(tmp_path / "out.zip", "brat")
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        names = set(archive.namelist())
        assert {"alice/annotation.conf", "bob/visual.conf", "alice/0001-family-news.txt"} <= names
        for name in sorted(n for n in names if n.endswith(".ann")):
            text = archive.read(name.removesuffix(".ann") + ".txt").decode("utf-8")
            textbounds, _notes = parse_ann(archive.read(name).decode("utf-8"), text)
            folder = name.partition("/")[0]
            entities = parse_entities(archive.read(f"{folder}/annotation.conf").decode("utf-8"))
            assert {kind for _i, kind, _f, _t in textbounds} <= set(entities)
        assert not archive.read("alice/0001-family-news.txt").startswith(b"\xef\xbb\xbf")


def test_the_gold_standard_comes_back_as_the_importing_annotators(tmp_path: Path) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    project.exporter.export(tmp_path / "gold", "brat", gold=True)
    assert (tmp_path / "gold" / "Gold standard" / "annotation.conf").is_file()
    back = imported(tmp_path / "back.annotator", tmp_path / "gold")
    alice = {
        t: {(s, e, label, "reader") for s, e, label, _ in spans}
        for t, spans in spans_by_text(project, "alice").items()
    }
    assert spans_by_text(back) == alice


# -- what the writer writes, parsed as brat parses it --


@st.composite
def texts_with_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    text = draw(TEXTS.filter(bool))
    bounds = st.tuples(st.integers(0, len(text)), st.integers(0, len(text)))
    pairs = draw(st.lists(bounds.filter(lambda b: b[0] < b[1]), max_size=6))
    return text, [(s, e, draw(st.sampled_from(["Claim", "Opinion"]))) for s, e in pairs]


@given(texts_with_spans())
def test_every_span_parses_with_offsets_that_index_the_text_exactly(
    case: tuple[str, list[tuple[int, int, str]]],
) -> None:
    text, spans = case
    output, warned = written(record(text, spans, note="check\nthis"))
    written_text = output.files["alice/0001-a-page.txt"].decode("utf-8")
    assert written_text == text
    textbounds, notes = parse_ann(output.files["alice/0001-a-page.ann"].decode("utf-8"), text)
    expected = []
    for start, end, label in sorted(spans):
        kept = [i for i in range(start, end) if text[i] not in LINE_BREAKS]
        if kept:  # brat holds a span as fragments between line breaks; one of only breaks not
            expected.append((kept[0], kept[-1] + 1, label))
    expected.sort()
    assert sorted((f[0][0], f[-1][1], kind) for _i, kind, f, _t in textbounds) == expected
    assert all(note == "check this" for note in notes.values())
    assert len(warned) >= len(spans) - len(expected)
    (draft,) = read_brat(
        output.files["alice/0001-a-page.ann"], output.options("alice/0001-a-page.ann")
    )
    assert draft.text == text
    assert sorted((s.start, s.end, s.label) for s in draft.spans) == expected
    assert {s.annotator for s in draft.spans} <= {"alice"}


def test_a_span_across_lines_is_written_as_fragments_and_read_back_whole() -> None:
    text = f"Prices {FAMILY} rose\nsharply\u2028today.\n"
    end = text.index("today") + 5
    output, warned = written(record(text, [(0, end, "Claim")]))
    ann = output.files["alice/0001-a-page.ann"].decode("utf-8")
    assert ann == f"T1\tClaim 0 17;18 25;26 31\tPrices {FAMILY} rose sharply today\n"
    assert warned == [TITLES_LOST]  # nothing about the span
    (draft,) = read_brat(ann.encode("utf-8"), output.options("alice/0001-a-page.ann"))
    assert draft.spans == [SpanDraft(0, end, "Claim", "alice")]


TITLES_LOST = (
    "brat keeps no document titles; each document's file names hold a slug of its title "
    "instead (0001-a-page.txt)."
)


def test_the_lost_titles_are_reported_once_per_export_with_documents() -> None:
    second = record("Two.", [(0, 4, "Claim")], who="bob") | {"meta": {"title": "B page"}}
    output, warned = written(record("One.", [(0, 4, "Claim")]), second)
    assert {"alice/0001-a-page.txt", "bob/0002-b-page.txt"} <= output.files.keys()
    assert warned == [TITLES_LOST]
    assert written()[1] == []  # no document, no title lost


def test_what_brat_cannot_hold_is_reported() -> None:
    text = "One.\n\nTwo."
    spans = [(3, 6, "Claim"), (4, 6, "Claim")]
    output, warned = written(record(text, spans), labels=("Named entity",))
    assert "T1\tClaim 3 4\t." in output.files["alice/0001-a-page.ann"].decode("utf-8")
    assert any("'.\\n\\n'" in w and "written as 3–4" in w for w in warned)
    assert any("only line breaks" in w and "“A page”" in w for w in warned)
    assert any("'Named entity'" in w and "'Named_entity'" in w for w in warned)


def test_labels_become_brat_types_and_come_back_by_their_visual_name() -> None:
    assert brat_type("Named entity") == "Named_entity"
    assert brat_type("Café/Bar") == "Cafe_Bar"
    output, _warned = written(
        record("Big Café here", [(0, 3, "Named entity"), (4, 8, "Café")]),
        labels=("Named entity", "Café"),
    )
    visual = output.files["alice/visual.conf"].decode("utf-8")
    assert "Named_entity | Named entity" in visual and "Named_entity\tbgColor:#1f77b4" in visual
    conf = output.files["alice/annotation.conf"].decode("utf-8")
    assert parse_entities(conf) == ["Named_entity", "Cafe"]
    (draft,) = read_brat(
        output.files["alice/0001-a-page.ann"], output.options("alice/0001-a-page.ann")
    )
    assert [s.label for s in draft.spans] == ["Named entity", "Café"]


# -- files as brat writes them --

BRAT_TEXT = "Sony and Ericsson formed a joint venture in Sweden.\n"
BRAT_ANN = (
    "T1\tOrganization 0 4\tSony\n"
    "T2\tMERGE-ORG 27 40\tjoint venture\n"
    "T3\tOrganization 9 17\tEricsson\n"
    "E1\tMERGE-ORG:T2 Org1:T1 Org2:T3\n"
    "T4\tCountry 44 50\tSweden\n"
    "R1\tOrigin Arg1:T3 Arg2:T4\n"
    "A1\tNegation E1\n"
    "N1\tReference T1 Wikipedia:534366\tSony\n"
    "#1\tAnnotatorNotes T1\tthis annotation is suspect\n"
    "*\tEquiv T1 T3\n"
)


def read_sample(ann: str, text: str, **more: bytes) -> list[Any]:
    files = {"doc.txt": text.encode("utf-8"), **more}
    return read_brat(ann.encode("utf-8"), ReadOptions("doc.ann", sibling=files.get))


def refusal(ann: str, text: str = BRAT_TEXT, **more: bytes) -> str:
    with pytest.raises(InputError) as caught:
        read_sample(ann, text, **more)
    assert "\n" not in str(caught.value) and not str(caught.value).endswith(".")
    return str(caught.value)


def test_brats_own_sample_is_read_with_its_text_bound_annotations() -> None:
    (draft,) = read_sample(BRAT_ANN, BRAT_TEXT)
    assert draft.text == BRAT_TEXT and draft.title == "doc"
    assert draft.spans == [
        SpanDraft(0, 4, "Organization", note="this annotation is suspect"),
        SpanDraft(27, 40, "MERGE-ORG"),
        SpanDraft(9, 17, "Organization"),
        SpanDraft(44, 50, "Country"),
    ]
    (empty,) = read_sample("", BRAT_TEXT)  # a document nobody has annotated yet
    assert empty.text == BRAT_TEXT and empty.spans == []


def test_a_selection_across_lines_as_brat_stores_it_is_one_span() -> None:
    text = "Japan 🇯🇵 was struck by\na quake in Tōhoku.\n"
    ann = "T1\tEvent 13 22;23 30\tstruck by a quake\nT2\tLocation 34 40\tTōhoku\n"
    (draft,) = read_sample(ann, text)
    assert draft.spans == [SpanDraft(13, 30, "Event"), SpanDraft(34, 40, "Location")]


def test_a_crlf_text_and_a_byte_order_mark_are_counted_as_brat_counts_them() -> None:
    (draft,) = read_sample("T1\tOrg 4 8\tSony\n", "Hi\r\nSony\r\n")
    assert draft.text == "Hi\r\nSony\r\n" and draft.spans == [SpanDraft(4, 8, "Org")]
    files = {"doc.txt": b"\xef\xbb\xbfSony"}
    (draft,) = read_brat(b"T1\tOrg 1 5\tSony\n", ReadOptions("doc.ann", sibling=files.get))
    assert draft.text == "Sony" and draft.spans == [SpanDraft(0, 4, "Org")]


def test_our_annotation_conf_names_the_layer_and_the_gold_standard_goes_to_the_importer() -> None:
    conf = b"# layer: bob\n[entities]\nOrg\n"
    (draft,) = read_sample("T1\tOrg 0 4\tSony\n", BRAT_TEXT, **{"annotation.conf": conf})
    assert draft.spans == [SpanDraft(0, 4, "Org", "bob")]
    gold = b"# layer: Gold standard\n[entities]\nOrg\n"
    (draft,) = read_sample("T1\tOrg 0 4\tSony\n", BRAT_TEXT, **{"annotation.conf": gold})
    assert draft.spans == [SpanDraft(0, 4, "Org", None)]


# -- bad input --


def test_annotator_notes_are_span_notes_and_notes_on_other_kinds_are_passed_over() -> None:
    ann = (
        "T1\tOrganization 0 4\tSony\n"
        "#1\tAnnotatorNotes T1\tfirst\n"
        "T2\tOrganization 9 17\tEricsson\n"
        "R1\tPartner Arg1:T1 Arg2:T2\n"
        "#2\tAnnotatorNotes R1\ton a relation\n"
        "#3\tAnnotatorNotes T1\tsecond 🤔\n"
    )
    (draft,) = read_sample(ann, BRAT_TEXT)
    assert draft.spans == [
        SpanDraft(0, 4, "Organization", note="first\nsecond 🤔"),
        SpanDraft(9, 17, "Organization"),
    ]


def test_a_note_on_an_id_the_file_lacks_is_refused_naming_its_line() -> None:
    message = refusal("T1\tOrg 0 4\tSony\n#1\tAnnotatorNotes T9\tlost\n")
    assert message == "doc.ann, line 2: a note is on T9, which the file does not have"


def test_bad_files_are_refused_naming_the_line() -> None:
    emoji_text = f"{FAMILY} Sony and Sony"
    utf16 = len(FAMILY.encode("utf-16-le")) // 2 + 1
    message = refusal(f"T1\tOrg {utf16} {utf16 + 4}\tSony\n", emoji_text)
    assert message.startswith("doc.ann, line 1: T1 says 'Sony'") and "UTF-16" in message
    message = refusal("T1\tOrg 0 4\tSony\nT2\tOrg 0 4;9 17\tSony Ericsson\n")
    assert message.startswith("doc.ann, line 2: T2 is discontinuous") and "' and '" in message
    assert "line 1: T1: 40 99 is not a range" in refusal("T1\tOrg 40 99\tx\n")
    assert "line 2: not a brat annotation line" in refusal("T1\tOrg 0 4\tSony\nT2 Org 0 4 Sony\n")
    assert "line 1: T1 is not a text-bound annotation" in refusal("T1\tOrg 0 x\tSony\n")
    assert "line 2: the id T1 is used twice" in refusal("T1\tOrg 0 4\tSony\nT1\tOrg 0 4\tSony\n")
    assert "line 1: X1 is no kind of brat annotation" in refusal("X1\tOrg 0 4\n")
    with pytest.raises(InputError, match=r"^doc\.ann: has no doc\.txt beside it"):
        read_brat(b"T1\tOrg 0 4\tSony\n", ReadOptions("doc.ann"))


def test_an_ann_file_and_its_conf_files_are_taken_together_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "doc.txt").write_text(BRAT_TEXT, "utf-8")
    (tmp_path / "docs" / "doc.ann").write_text(BRAT_ANN, "utf-8")
    (tmp_path / "docs" / "annotation.conf").write_text("[entities]\nOrganization\n", "utf-8")
    back = imported(tmp_path / "back.annotator", tmp_path / "docs", format_name=None)
    spans = spans_by_text(back)[BRAT_TEXT]
    assert (44, 50, "Country", "reader") in spans and len(spans) == 4
