"""UIMA CAS XMI, as INCEpTION and dkpro-cassis read and write it, with its type system.

Out, to a folder or a ``.zip``: ``NNNN-slug.xmi`` per document and ``TypeSystem.xml``, the
layout of INCEpTION's "UIMA CAS XMI (XML 1.0)" export. Each XMI holds the text as the
sofa's ``sofaString``, a DKPro ``DocumentMetaData`` (title, our document id) and one
``webanno.custom.Span`` per span, with the string features ``label``, ``annotator`` and
``note`` and, in a gold export, the provenance: ``proposed_by``, ``agreed_by`` (names joined
by ", "), ``decided_by``, ``decided_at``, ``decision``. In INCEpTION, a span layer named
"Span" with those features shows them. Offsets count UTF-16 code units, as Java does.

XML 1.0 cannot hold most C0 control characters, lone surrogates, U+FFFE and U+FFFF, not
even as character references. Each is written as one character of the same width, so every
offset stays: a space for the ones Python counts as white space (vertical tab, form feed,
U+001C to U+001F), U+FFFD for the others; each document where that happened is reported.
Tab, newline and carriage return in the text are written as character references, since
XML parsers turn them into spaces in attribute values; NEL and U+2028 stay as they are (only
XML 1.1 would count them as line ends).

In: an ``.xmi`` (with ``TypeSystem.xml`` beside it when there is one). The sofa of the view
``_InitialView`` (else the first) is the text; the spans are the annotations in its view of
our ``webanno.custom.Span`` (its ``label``, ``annotator`` and ``note``), of DKPro's ``NamedEntity``
(its ``value``) and of any other INCEpTION custom span layer (``webanno.custom.*``: the label
is its first string feature, in the type system's order or else the file's, or the layer's
name when that is empty). Relation layers (``Governor``/``Dependent``) and chain links
(``next``) are passed over. UTF-16 offsets become code points; one inside a character, past
the text or an empty annotation refuses the file, naming the XML line. The title is the
``DocumentMetaData``'s ``documentTitle``, else the file's name.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from xml.parsers import expat

from annotator.core.model import GOLD_LAYER, DocumentDraft, SpanDraft
from annotator.core.offset_units import from_unit, in_unit
from annotator.errors import InputError
from annotator.formats.base import ExportContext, ExportRecord, Output, Reader, ReadOptions, Writer
from annotator.formats.bundle import file_stem, title_of

XMI_NS = "http://www.omg.org/XMI"
CAS_NS = "http:///uima/cas.ecore"
SPAN_TYPE = "webanno.custom.Span"
META_TYPE = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
NAMED_ENTITY = "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
CUSTOM_PREFIX = "webanno.custom."
#: The span type's string features, in order.
SPAN_FEATURES = (
    "label",
    "annotator",
    "note",
    "proposed_by",
    "agreed_by",
    "decided_by",
    "decided_at",
    "decision",
)
META_FEATURES = (
    ("documentTitle", "uima.cas.String"),
    ("documentId", "uima.cas.String"),
    ("documentUri", "uima.cas.String"),
    ("collectionId", "uima.cas.String"),
    ("documentBaseUri", "uima.cas.String"),
    ("isLastSegment", "uima.cas.Boolean"),
)
_TS_NS = "http://uima.apache.org/resourceSpecifier"
_NOT_XML_10 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_STRUCTURAL = frozenset({"id", "sofa", "begin", "end"})


def _namespace(type_name: str) -> tuple[str, str]:
    """The XMI namespace of a type and its local name ("a.b.C" → "http:///a/b.ecore", "C")."""
    package, _, local = type_name.rpartition(".")
    return f"http:///{package.replace('.', '/')}.ecore", local


def xml_safe(value: str) -> tuple[str, int]:
    """``value`` with what XML 1.0 cannot hold replaced, one character for one, and how many."""
    count = 0

    def replace(found: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return " " if found.group().isspace() else "\ufffd"

    return _NOT_XML_10.sub(replace, value), count


def write_xmi(output: Output, records: Iterable[ExportRecord], context: ExportContext) -> int:
    """Write one XMI per record and the type system; returns how many documents."""
    count = 0
    for record in records:
        count += 1
        xmi, replaced = _xmi(record, context)
        if replaced:
            context.warn(
                f"“{title_of(record)}”: {replaced} character(s) XML 1.0 cannot hold (control "
                "characters) were written as a space or U+FFFD in its XMI; offsets are kept."
            )
        with output.text(f"{file_stem(count, title_of(record))}.xmi") as handle:
            handle.write(xmi)
    with output.text("TypeSystem.xml") as handle:
        handle.write(type_system_xml())
    return count


def _xmi(record: ExportRecord, context: ExportContext) -> tuple[str, int]:
    text: str = record["text"]
    spans: list[dict[str, Any]] = record.get("spans", [])
    replaced = 0

    def safe(value: str) -> str:
        nonlocal replaced
        clean, count = xml_safe(value)
        replaced += count
        return clean

    ends = [0, len(text)] + [s["start"] for s in spans] + [s["end"] for s in spans]
    # The records' offsets are code points, or already UTF-16 units (export --offsets utf16).
    units = in_unit(text, ends, "utf16") if context.offsets == "codepoints" else None
    length = in_unit(text, [len(text)], "utf16")[len(text)]
    meta_ns, meta_local = _namespace(META_TYPE)
    span_ns, span_local = _namespace(SPAN_TYPE)
    root = ET.Element(
        "xmi:XMI",
        {
            "xmlns:xmi": XMI_NS,
            "xmlns:cas": CAS_NS,
            "xmlns:type": meta_ns,
            "xmlns:custom": span_ns,
            "xmi:version": "2.0",
        },
    )
    ET.SubElement(root, "cas:NULL", {"xmi:id": "0"})
    sofa = {"xmi:id": "1", "sofaNum": "1", "sofaID": "_InitialView", "mimeType": "text"}
    ET.SubElement(root, "cas:Sofa", {**sofa, "sofaString": safe(text)})
    metadata = {"documentTitle": safe(title_of(record)), "documentId": str(record.get("id", ""))}
    members = ["2"]
    ET.SubElement(
        root,
        f"type:{meta_local}",
        {"xmi:id": "2", "sofa": "1", "begin": "0", "end": str(length), **metadata},
    )
    for number, span in enumerate(spans, start=3):
        begin, end = span["start"], span["end"]
        if units is not None:
            begin, end = units[begin], units[end]
        features = {name: safe(value) for name, value in _features(span).items()}
        attributes = {"xmi:id": str(number), "sofa": "1", "begin": str(begin), "end": str(end)}
        ET.SubElement(root, f"custom:{span_local}", {**attributes, **features})
        members.append(str(number))
    ET.SubElement(root, "cas:View", {"sofa": "1", "members": " ".join(members)})
    ET.indent(root)  # one feature structure a line: white space between elements means nothing
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n', replaced


def _features(span: dict[str, Any]) -> dict[str, str]:
    values: dict[str, Any] = {
        "label": span["label"],
        "annotator": span.get("annotator"),
        "note": span.get("note"),
    }
    provenance = span.get("provenance") or {}
    for name in ("proposed_by", "decided_by", "decided_at", "decision"):
        values[name] = provenance.get(name)
    if provenance.get("agreed_by"):
        values["agreed_by"] = ", ".join(map(str, provenance["agreed_by"]))
    return {name: str(value) for name, value in values.items() if value not in (None, "")}


def type_system_xml() -> str:
    """The type system of our XMI: the span type and DKPro's ``DocumentMetaData``."""
    root = ET.Element("typeSystemDescription", {"xmlns": _TS_NS})
    types = ET.SubElement(root, "types")
    span_features = [(name, "uima.cas.String") for name in SPAN_FEATURES]
    for name, supertype, features in (
        (SPAN_TYPE, "uima.tcas.Annotation", span_features),
        (META_TYPE, "uima.tcas.DocumentAnnotation", list(META_FEATURES)),
    ):
        described = ET.SubElement(types, "typeDescription")
        ET.SubElement(described, "name").text = name
        ET.SubElement(described, "description").text = ""
        ET.SubElement(described, "supertypeName").text = supertype
        listed = ET.SubElement(described, "features")
        for feature, range_type in features:
            entry = ET.SubElement(listed, "featureDescription")
            ET.SubElement(entry, "name").text = feature
            ET.SubElement(entry, "description").text = ""
            ET.SubElement(entry, "rangeTypeName").text = range_type
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


@dataclass(slots=True)
class _Element:
    """A feature structure of the XMI: its type, attributes and line."""

    type_name: str
    attributes: dict[str, str]
    line: int


@dataclass(slots=True)
class _Parsed:
    elements: list[_Element] = field(default_factory=list)
    root: str = ""


def _type_name(tag: str) -> str:
    """ "http:///a/b.ecore C" → "a.b.C"; a name in no namespace stays as it is."""
    uri, _, local = tag.rpartition(" ")
    if not uri:
        return local
    package = uri.removeprefix("http:///").removesuffix(".ecore").replace("/", ".")
    return f"{package}.{local}"


def _parse(data: bytes, source: str) -> _Parsed:
    parsed = _Parsed()
    depth = 0
    parser = expat.ParserCreate(namespace_separator=" ")

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal depth
        depth += 1
        if depth == 1:
            parsed.root = tag
        elif depth == 2:
            plain = {name.rpartition(" ")[2]: value for name, value in attributes.items()}
            parsed.elements.append(_Element(_type_name(tag), plain, parser.CurrentLineNumber))

    def end(_tag: str) -> None:
        nonlocal depth
        depth -= 1

    def doctype(*_args: Any) -> None:
        raise InputError(source, "has a DOCTYPE, which no XMI file has", parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        reason = expat.ErrorString(error.code)
        raise InputError(
            source, f"not well-formed XML ({reason}, column {error.offset + 1})", error.lineno
        ) from None
    if parsed.root != f"{XMI_NS} XMI":
        found = parsed.root.rpartition(" ")[2] or "nothing"
        raise InputError(source, f"not an XMI file (its root element is {found}, not xmi:XMI)")
    return parsed


#: A type's features as (name, range), inherited ones first, by type name.
_TypeSystem = dict[str, list[tuple[str, str]]]


def _read_type_system(data: bytes | None, source: str) -> _TypeSystem:
    if data is None:
        return {}
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        line, column = error.position
        raise InputError(source, f"not well-formed XML (column {column + 1})", line) from None
    ns = {"t": _TS_NS}
    direct: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for described in root.iterfind(".//t:typeDescription", ns):
        name = (described.findtext("t:name", "", ns)).strip()
        supertype = (described.findtext("t:supertypeName", "", ns)).strip()
        features = [
            (
                (entry.findtext("t:name", "", ns)).strip(),
                (entry.findtext("t:rangeTypeName", "", ns)).strip(),
            )
            for entry in described.iterfind("t:features/t:featureDescription", ns)
        ]
        direct[name] = (supertype, features)
    system: _TypeSystem = {}
    for name in direct:
        chain: list[tuple[str, str]] = []
        seen: set[str] = set()
        current = name
        while current in direct and current not in seen:
            seen.add(current)
            supertype, features = direct[current]
            chain = features + chain
            current = supertype
        system[name] = chain
    return system


def read_xmi(data: bytes, options: ReadOptions) -> list[DocumentDraft]:
    """Read one XMI (with the type system beside it, if any) into a draft."""
    source = options.source_name
    type_system_name = re.sub(r"[^/\\!]*$", "TypeSystem.xml", source, count=1)
    type_system = _read_type_system(options.sibling("TypeSystem.xml"), type_system_name)
    parsed = _parse(data, source)
    sofa = _sofa(parsed, source)
    text = sofa.attributes["sofaString"]
    sofa_id = sofa.attributes.get("id", "")
    members = _members(parsed, sofa_id)
    found: list[tuple[_Element, str, str | None]] = []
    for element in parsed.elements:
        in_view = members is None or element.attributes.get("id") in members
        if element.attributes.get("sofa") == sofa_id and in_view:
            labelled = _label(element, type_system)
            if labelled is not None:
                found.append((element, *labelled))
    bounds = [_bound(element, name, source) for element, *_ in found for name in ("begin", "end")]
    places = from_unit(text, bounds, "utf16")
    spans: list[SpanDraft] = []
    for element, label, annotator in found:
        begin, end = _bound(element, "begin", source), _bound(element, "end", source)
        start, stop = places[begin], places[end]
        where = f"the {element.type_name} (xmi:id {element.attributes.get('id', '?')})"
        if start is None or stop is None:
            raise InputError(
                source,
                f"{where} has begin {begin} and end {end}, which are not places between "
                "characters of the text counted in UTF-16 units",
                element.line,
            )
        if start >= stop:
            raise InputError(source, f"{where} is empty (begin {begin}, end {end})", element.line)
        spans.append(SpanDraft(start, stop, label, annotator, _note(element)))
    return [DocumentDraft(text, _title(parsed, source), source, spans=spans)]


def _note(element: _Element) -> str | None:
    """The ``note`` feature of our span type; None for other types and empty notes."""
    return (element.attributes.get("note") or None) if element.type_name == SPAN_TYPE else None


def _sofa(parsed: _Parsed, source: str) -> _Element:
    sofas = [e for e in parsed.elements if e.type_name == "uima.cas.Sofa"]
    if not sofas:
        raise InputError(source, "has no cas:Sofa, so no text")
    initial = [e for e in sofas if e.attributes.get("sofaID") == "_InitialView"]
    sofa = (initial or sofas)[0]
    if "sofaString" not in sofa.attributes:
        raise InputError(
            source, "its cas:Sofa keeps the text elsewhere, not in a sofaString", sofa.line
        )
    return sofa


def _members(parsed: _Parsed, sofa_id: str) -> set[str] | None:
    """The ids in the sofa's view; None when the file has no view for it."""
    views = [
        e
        for e in parsed.elements
        if e.type_name == "uima.cas.View" and e.attributes.get("sofa") == sofa_id
    ]
    if not views:
        return None
    return {member for view in views for member in view.attributes.get("members", "").split()}


def _label(element: _Element, type_system: _TypeSystem) -> tuple[str, str | None] | None:
    """The label (and, for our type, the annotator) of a span layer's annotation; None for
    every other feature structure."""
    attributes, name = element.attributes, element.type_name
    layer = name.rpartition(".")[2]
    if name == NAMED_ENTITY:
        return attributes.get("value") or layer, None
    if not name.startswith(CUSTOM_PREFIX) or "begin" not in attributes:
        return None
    declared = type_system.get(name)
    features = [f for f, _r in declared] if declared is not None else list(attributes)
    if {"Governor", "Dependent"} <= set(features) or "next" in features:
        return None  # a relation layer or a chain link: not spans
    if declared is not None:
        strings = [f for f, kind in declared if kind == "uima.cas.String"]
    else:
        strings = [f for f in attributes if f not in _STRUCTURAL]
    label = attributes.get(strings[0]) if strings else None
    annotator = attributes.get("annotator") if name == SPAN_TYPE else None
    if annotator is not None and annotator.casefold() == GOLD_LAYER.casefold():
        annotator = None  # the gold standard's spans go to the importing annotator
    return label or layer, annotator or None


def _bound(element: _Element, name: str, source: str) -> int:
    value = element.attributes.get(name, "")
    if not value.isascii() or not value.isdigit():
        raise InputError(
            source,
            f"the {element.type_name}'s {name} is {value!r}, not an offset",
            element.line,
        )
    return int(value)


def _title(parsed: _Parsed, source: str) -> str:
    for element in parsed.elements:
        if element.type_name == META_TYPE and element.attributes.get("documentTitle"):
            return element.attributes["documentTitle"][:500]
    return PurePath(source.rsplit("!", 1)[-1]).stem


READER = Reader(
    "xmi",
    "UIMA CAS XMI (INCEpTION, DKPro)",
    (".xmi",),
    read_xmi,
    companion_names=("TypeSystem.xml", "typesystem.xml"),
    offset_unit="utf16",
)
WRITER = Writer(
    "xmi",
    "UIMA CAS XMI with its TypeSystem.xml (a folder or .zip), for INCEpTION and dkpro-cassis",
    "",
    write_xmi,
    bundle=True,
    offset_units=("utf16",),
)
