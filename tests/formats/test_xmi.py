"""UIMA CAS XMI: dkpro-cassis loads our export with its type system and finds every span's
text; INCEpTION-like files read back with code-point offsets; what XML 1.0 cannot hold is
written one character for one and reported."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from typing import Any

import cassis
import pytest
from bundle_output import MemoryOutput, record, round_trip, warnings_context
from format_roundtrip import PAGES, imported, spans_by_text, tricky_project
from hypothesis import given
from hypothesis import strategies as st
from unicode_text import FAMILY, FLAG, TEXTS

from annotator.core.model import SpanDraft
from annotator.errors import InputError
from annotator.formats.base import ExportRecord, ReadOptions
from annotator.formats.xmi import META_TYPE, NAMED_ENTITY, SPAN_TYPE, read_xmi, write_xmi


def written(*records: ExportRecord, offsets: Any = "codepoints") -> tuple[MemoryOutput, list[str]]:
    output = MemoryOutput()
    context, warned = warnings_context(offsets=offsets)
    assert write_xmi(output, list(records), context) == len(records)
    return output, warned


def loaded(output: MemoryOutput, name: str) -> cassis.Cas:
    """The CAS dkpro-cassis reads from one of our files, with our type system."""
    type_system = cassis.load_typesystem(output.files["TypeSystem.xml"].decode("utf-8"))
    return cassis.load_cas_from_xmi(output.files[name].decode("utf-8"), typesystem=type_system)


def without_control_characters(text: str) -> str:
    """The text as our XMI holds it: the tricky pages' one form feed becomes a space."""
    return text.replace("\f", " ")


# -- round trip over the tricky project --


@pytest.mark.parametrize("target", ["out", "out.zip"])
@pytest.mark.parametrize("layer", ["alice", "bob", None])
def test_the_tricky_project_comes_back_through_a_folder_and_a_zip(
    tmp_path: Path, layer: str | None, target: str
) -> None:
    project, result, back = round_trip(tmp_path, "xmi", layer, target)
    assert result.losses == (
        "“Flags \u2028 and lines”: 1 character(s) XML 1.0 cannot hold (control characters) "
        "were written as a space or U+FFFD in its XMI; offsets are kept.",
    )
    expected = {
        without_control_characters(text): spans
        for text, spans in spans_by_text(project, layer).items()
    }
    assert spans_by_text(back) == expected
    assert len(expected) == len(PAGES)


def test_dkpro_cassis_finds_the_text_of_every_span_of_the_zip(tmp_path: Path) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    project.exporter.export(tmp_path / "out.zip", "xmi")
    ours = spans_by_text(project)
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        type_system = cassis.load_typesystem(archive.read("TypeSystem.xml").decode("utf-8"))
        names = [n for n in archive.namelist() if n.endswith(".xmi")]
        assert len(names) == len(PAGES)
        for name in names:
            cas = cassis.load_cas_from_xmi(archive.read(name).decode("utf-8"), type_system)
            (text,) = [t for t in ours if without_control_characters(t) == cas.sofa_string]
            found = sorted(
                (span.get_covered_text(), span.label, span.annotator)
                for span in cas.select(SPAN_TYPE)
            )
            assert found == sorted((text[s:e], label, who) for s, e, label, who in ours[text])
            (meta,) = cas.select(META_TYPE)
            assert meta.documentTitle in {page.title for page in PAGES}


def test_a_gold_export_carries_the_provenance_as_features(tmp_path: Path) -> None:
    project = tricky_project(tmp_path / "p.annotator")
    project.exporter.export(tmp_path / "gold", "xmi", gold=True)
    type_system = cassis.load_typesystem((tmp_path / "gold" / "TypeSystem.xml").read_text("utf-8"))
    xmi = (tmp_path / "gold" / "0001-family-news.xmi").read_text("utf-8")
    spans = cassis.load_cas_from_xmi(xmi, type_system).select(SPAN_TYPE)
    assert spans and all(s.decided_by == "lead" and s.decided_at for s in spans)
    back = imported(tmp_path / "back.annotator", tmp_path / "gold")
    assert all(who == "reader" for spans in spans_by_text(back).values() for *_, who in spans)


# -- what the writer writes --


@given(TEXTS.filter(bool), st.data())
def test_cassis_reads_every_span_of_any_text_exactly(text: str, data: st.DataObject) -> None:
    text = text.replace("\r", "\n")  # stored texts hold no CR
    bounds = st.tuples(st.integers(0, len(text)), st.integers(0, len(text)))
    pairs = data.draw(st.lists(bounds.filter(lambda b: b[0] < b[1]), max_size=5))
    output, _warned = written(record(text, [(s, e, "Claim") for s, e in pairs]))
    cas = loaded(output, "0001-a-page.xmi")
    shown = text.replace("\f", " ").replace("\v", " ")
    assert cas.sofa_string == shown
    assert sorted((s.begin, s.end) for s in cas.select(SPAN_TYPE)) == sorted(pairs)
    assert all(s.get_covered_text() == shown[s.begin : s.end] for s in cas.select(SPAN_TYPE))
    (draft,) = read_xmi(output.files["0001-a-page.xmi"], output.options("0001-a-page.xmi"))
    assert draft.text == shown
    assert sorted((s.start, s.end) for s in draft.spans) == sorted(pairs)


def test_offsets_in_the_file_count_utf16_units_whatever_the_records_count() -> None:
    text = f"{FAMILY} Oslo {FLAG} rose"
    start = text.index("Oslo")
    output, _warned = written(record(text, [(start, start + 4, "Claim")]))
    units = len(f"{FAMILY} ".encode("utf-16-le")) // 2
    assert f'begin="{units}" end="{units + 4}"' in output.files["0001-a-page.xmi"].decode()
    utf16 = record(text, [(units, units + 4, "Claim")])
    again, _warned = written(utf16, offsets="utf16")
    assert again.files == output.files


def test_control_characters_keep_every_offset_and_are_reported() -> None:
    text = "a\x00b\x0bc\x0cd\x1fe\x85f\u2028g\th\ni\rj\ufffek"
    output, warned = written(record(text, [(0, len(text), "Claim"), (9, 10, "Opinion")]))
    assert warned == [
        "“A page”: 5 character(s) XML 1.0 cannot hold (control characters) were written "
        "as a space or U+FFFD in its XMI; offsets are kept."
    ]
    shown = "a\ufffdb c d e\x85f\u2028g\th\ni\rj\ufffdk"
    # NEL and U+2028 are no line ends in XML 1.0; tab, LF and CR survive as references.
    (draft,) = read_xmi(output.files["0001-a-page.xmi"], output.options("0001-a-page.xmi"))
    assert draft.text == shown
    assert [(s.start, s.end) for s in draft.spans] == [(0, len(text)), (9, 10)]
    cas = loaded(output, "0001-a-page.xmi")
    assert cas.sofa_string == shown
    assert [s.get_covered_text() for s in cas.select(SPAN_TYPE)] == [shown, "\x85"]


def test_the_writer_and_the_reader_need_neither_cassis_nor_lxml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "cassis", None)
    monkeypatch.setitem(sys.modules, "lxml", None)
    monkeypatch.setitem(sys.modules, "lxml.etree", None)
    output, _warned = written(record(f"{FAMILY} hi", [(6, 8, "Claim")]))
    (draft,) = read_xmi(output.files["0001-a-page.xmi"], output.options("0001-a-page.xmi"))
    assert draft.spans == [SpanDraft(6, 8, "Claim", "alice")] and draft.title == "A page"


# -- files as INCEpTION and dkpro-cassis write them --


def inception_like() -> tuple[str, str, str]:
    """An XMI and type system as INCEpTION writes them (through cassis), and the text."""
    system = cassis.TypeSystem()
    entity = system.create_type(NAMED_ENTITY, supertypeName="uima.tcas.Annotation")
    system.create_feature(entity, "value", "uima.cas.String")
    sentiment = system.create_type("webanno.custom.Sentiment", supertypeName="uima.tcas.Annotation")
    system.create_feature(sentiment, "confidence", "uima.cas.Integer")
    system.create_feature(sentiment, "polarity", "uima.cas.String")
    link = system.create_type("webanno.custom.SentimentLink", supertypeName="uima.tcas.Annotation")
    system.create_feature(link, "Governor", sentiment.name)
    system.create_feature(link, "Dependent", sentiment.name)
    token = system.create_type(
        "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
        supertypeName="uima.tcas.Annotation",
    )
    cas = cassis.Cas(typesystem=system)
    text = f"{FAMILY} Oslo 𝔘𝔫𝔦 is fine\nhere {FLAG}"
    cas.sofa_string = text
    oslo, fine = text.index("Oslo"), text.index("is fine")
    cas.add(entity(begin=oslo, end=oslo + 4, value="LOC"))
    cas.add(entity(begin=0, end=len(FAMILY)))  # an entity without a value
    mood = sentiment(begin=fine, end=fine + 7, polarity="positive", confidence=3)
    cas.add(mood)
    cas.add(link(begin=fine, end=fine + 7, Governor=mood, Dependent=mood))
    cas.add(token(begin=oslo, end=oslo + 4))
    return cas.to_xmi(), system.to_xml(), text


def test_an_inception_xmi_is_read_with_its_span_layers_in_code_points() -> None:
    xmi, type_system, text = inception_like()
    files = {"TypeSystem.xml": type_system.encode("utf-8")}
    (draft,) = read_xmi(xmi.encode("utf-8"), ReadOptions("doc.xmi", sibling=files.get))
    oslo, fine = text.index("Oslo"), text.index("is fine")
    assert draft.text == text and draft.title == "doc"
    assert sorted(draft.spans, key=repr) == sorted(
        [
            SpanDraft(oslo, oslo + 4, "LOC"),
            SpanDraft(0, len(FAMILY), "NamedEntity"),
            SpanDraft(fine, fine + 7, "positive"),
        ],
        key=repr,
    )


HAND_WRITTEN = """<?xml version="1.0" encoding="UTF-8"?>
<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore"
    xmlns:type4="http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore"
    xmlns:custom="http:///webanno/custom.ecore" xmi:version="2.0">
  <cas:NULL xmi:id="0"/>
  <type4:DocumentMetaData xmi:id="1" sofa="12" begin="0" end="22" documentTitle="Report"/>
  <custom:Claim xmi:id="2" sofa="12" begin="3" end="7" kind="strong"/>
  <custom:Claim xmi:id="3" sofa="12" begin="8" end="12"/>
  <custom:Claim xmi:id="4" sofa="12" begin="13" end="17" kind="unindexed"/>
  <cas:Sofa xmi:id="12" sofaNum="1" sofaID="_InitialView" mimeType="text"
      sofaString="😀 Oslo rose &#10;2% &#9;x"/>
  <cas:View sofa="12" members="1 2 3"/>
</xmi:XMI>
"""


def test_a_hand_written_inception_file_without_type_system_is_read() -> None:
    (draft,) = read_xmi(HAND_WRITTEN.encode("utf-8"), ReadOptions("doc.xmi"))
    assert draft.text == "😀 Oslo rose \n2% \tx" and draft.title == "Report"
    assert draft.spans == [SpanDraft(2, 6, "strong"), SpanDraft(7, 11, "Claim")]


# -- bad input --


def refusal(xmi: str, **siblings: bytes) -> str:
    with pytest.raises(InputError) as caught:
        read_xmi(xmi.encode("utf-8"), ReadOptions("doc.xmi", sibling=siblings.get))
    assert "\n" not in str(caught.value) and not str(caught.value).endswith(".")
    return str(caught.value)


def test_bad_files_are_refused_naming_the_file_and_the_line() -> None:
    broken = HAND_WRITTEN.replace('end="12"/>', 'end="12">')
    assert refusal(broken).startswith("doc.xmi, line 13: not well-formed XML (mismatched tag")
    inside = HAND_WRITTEN.replace('begin="3" end="7"', 'begin="1" end="7"')
    message = refusal(inside)
    assert message.startswith("doc.xmi, line 7: the webanno.custom.Claim (xmi:id 2) has begin 1")
    assert "UTF-16" in message
    assert "line 8: the webanno.custom.Claim (xmi:id 3) is empty" in refusal(
        HAND_WRITTEN.replace('begin="8" end="12"', 'begin="8" end="8"')
    )
    assert "'x', not an offset" in refusal(HAND_WRITTEN.replace('end="7"', 'end="x"'))
    assert refusal("<root/>") == "doc.xmi: not an XMI file (its root element is root, not xmi:XMI)"
    no_sofa = HAND_WRITTEN.replace("cas:Sofa", "cas:Other")
    assert refusal(no_sofa) == "doc.xmi: has no cas:Sofa, so no text"
    doctype = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<x/>'
    assert refusal(doctype) == "doc.xmi, line 2: has a DOCTYPE, which no XMI file has"
    message = refusal(HAND_WRITTEN, **{"TypeSystem.xml": b"<typeSystemDescription>"})
    assert message.startswith("TypeSystem.xml, line 1: not well-formed XML")
